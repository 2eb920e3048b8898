/** Every problem of a KafkaUser's arguments, by argument path (pure). */
import { dnsLabelMessage, instanceNameMessage, isDnsLabel, isLabelValue } from "../core/labels";
import { Problem, Problems } from "../core/problems";
import { isTopicName } from "./topic-manifest";
import { KafkaUserArgs, PREFIX_WILDCARD, TOPIC_ACCESS, USER_AUTHENTICATIONS } from "./user-args";
import { resolveKafkaUserArgs } from "./user-manifests";

const oneOf = (allowed: readonly string[], value: unknown) => `must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`;

/** A literal name, or a prefix ("name*"); never every name ("*" alone), which would undo least privilege. */
function namePattern(name: string): { ok: boolean; stem: string } {
    const stem = typeof name === "string" && name.endsWith(PREFIX_WILDCARD) ? name.slice(0, -PREFIX_WILDCARD.length) : name;
    return { ok: typeof stem === "string" && stem.length > 0 && !stem.includes(PREFIX_WILDCARD), stem };
}

const patternMessage = (what: string, name: unknown) =>
    `must be a ${what} name, or a prefix ending in "${PREFIX_WILDCARD}" ("fraud-${PREFIX_WILDCARD}"); "${PREFIX_WILDCARD}" alone or inside a name is not allowed, got ${JSON.stringify(name)}`;

export function kafkaUserProblems(name: string, args: KafkaUserArgs): Problem[] {
    const u = resolveKafkaUserArgs(name, args);
    const problems = new Problems()
        .check(isDnsLabel(u.userName), args.userName === undefined ? "name" : "userName", `${dnsLabelMessage(u.userName)} (it names the KafkaUser and its Secret)`)
        .check(args.userName === undefined || isLabelValue(name), "name", instanceNameMessage(name))
        .check(isDnsLabel(u.clusterName), "clusterName", dnsLabelMessage(u.clusterName))
        .check(isDnsLabel(u.namespace), "namespace", dnsLabelMessage(u.namespace))
        .check((USER_AUTHENTICATIONS as readonly string[]).includes(u.authentication), "authentication", oneOf(USER_AUTHENTICATIONS, u.authentication));
    for (const [topic, access] of Object.entries(u.topics)) {
        const { ok, stem } = namePattern(topic);
        problems
            .check(ok && isTopicName(stem), `topics.${topic}`, `the key ${patternMessage("topic", topic)}`)
            .check((TOPIC_ACCESS as readonly string[]).includes(access), `topics.${topic}`, oneOf(TOPIC_ACCESS, access));
    }
    u.groups.forEach((group, i) => problems.check(namePattern(group).ok, `groups[${i}]`, patternMessage("consumer group", group)));
    u.transactionalIds.forEach((id, i) => problems.check(namePattern(id).ok, `transactionalIds[${i}]`, patternMessage("transactional id", id)));
    return problems.check(Number.isInteger(u.timeoutSeconds) && u.timeoutSeconds > 0, "timeoutSeconds", `must be a whole number above 0, got ${JSON.stringify(u.timeoutSeconds)}`)
        .list;
}
