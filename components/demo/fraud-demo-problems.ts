/** The problems of the fraud demo's arguments, each at its argument's path, every one at once (pure). */
import { dnsLabelMessage, isDnsLabel } from "../core/labels";
import { Problem, Problems } from "../core/problems";
import { resourcesProblems } from "../core/resources";
import { UPGRADE_MODES } from "../flink/config";
import { FRAUD_JOB_MODES, FraudDetectionDemoArgs, resolveFraudDemoArgs } from "./fraud-demo-args";

/** A duration as Flink's TimeUtils.parseDuration reads it: a number and a unit ("10 min", "5 s", "500 ms"). */
const FLINK_DURATION = /^[0-9]+ *(ms|milli|millis|millisecond|milliseconds|s|sec|secs|second|seconds|min|m|minute|minutes|h|hour|hours|d|day|days)$/;
/** A Kafka topic name: up to 249 letters, digits, ".", "_" and "-". */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const PULL_POLICIES = ["Always", "IfNotPresent", "Never"];

export function fraudDetectionDemoProblems(name: string, args: FraudDetectionDemoArgs): Problem[] {
    const d = resolveFraudDemoArgs(name, args);
    const problems = new Problems();
    // The artifact server's Service is `<name>-artifacts`: a DNS label too.
    problems.check(isDnsLabel(name) && name.length <= 50, "name", dnsLabelMessage(name, 50));
    problems.check(isDnsLabel(d.namespace ?? ""), "namespace", dnsLabelMessage(d.namespace));
    problems.check(d.kafka?.bootstrapServers !== undefined, "kafka.bootstrapServers", "is required: the bootstrap address of the Kafka cluster's plain listener");
    for (const key of ["generatorUser", "actorUser"] as const) {
        const user = d.kafka?.[key];
        problems.check(user === undefined || isDnsLabel(user), `kafka.${key}`, dnsLabelMessage(user));
    }
    for (const [key, topic] of Object.entries(d.topics)) {
        problems.check(TOPIC_NAME.test(topic), `topics.${key}`, `must be a Kafka topic name (letters, digits, ".", "_" and "-"), got ${JSON.stringify(topic)}`);
    }
    const topics = Object.values(d.topics);
    problems.check(new Set(topics).size === topics.length, "topics", `must be three different topics, got ${JSON.stringify(d.topics)}`);

    const j = d.job;
    const modes = FRAUD_JOB_MODES as readonly string[];
    problems.check(modes.includes(j.mode), "job.mode", `must be one of ${FRAUD_JOB_MODES.map((m) => `"${m}"`).join(", ")}, got ${JSON.stringify(j.mode)}`);
    if (j.mode === "session") {
        problems.check(j.sessionCluster !== undefined && isDnsLabel(j.sessionCluster), "job.sessionCluster", `must name the session cluster's FlinkDeployment (a DNS label) with job.mode "session", got ${JSON.stringify(j.sessionCluster)}`);
    }
    problems.check(Number.isInteger(j.parallelism) && j.parallelism >= 1, "job.parallelism", `must be a whole number of at least 1, got ${JSON.stringify(j.parallelism)}`);
    problems.check((UPGRADE_MODES as readonly string[]).includes(j.upgradeMode), "job.upgradeMode", `must be one of ${UPGRADE_MODES.map((m) => `"${m}"`).join(", ")}, got ${JSON.stringify(j.upgradeMode)}`);
    problems.check(Number.isInteger(j.threshold) && j.threshold >= 0, "job.threshold", `must be a whole number of at least 0, got ${JSON.stringify(j.threshold)}`);
    for (const key of ["windowSize", "windowSlide", "outOfOrderness"] as const) {
        problems.check(typeof j[key] === "string" && FLINK_DURATION.test(j[key]), `job.${key}`, `must be a Flink duration such as "10 min", "5 s" or "500 ms", got ${JSON.stringify(j[key])}`);
    }
    problems.check(typeof j.jarURI === "string" && /^[a-z][a-z0-9+.-]*:\/\/.+/.test(j.jarURI), "job.jarURI", `must be a URI such as "https://…/fraud-job.jar", got ${JSON.stringify(j.jarURI)}`);

    const g = d.generator;
    problems.check(typeof g.rate === "number" && g.rate > 0 && Number.isFinite(g.rate), "generator.rate", `must be a number of transactions per second above 0, got ${JSON.stringify(g.rate)}`);
    problems.check(Number.isInteger(g.accounts) && g.accounts >= 2, "generator.accounts", `must be a whole number of at least 2 (a transaction is between two accounts), got ${JSON.stringify(g.accounts)}`);
    problems.check(g.burstProbability === undefined || (g.burstProbability >= 0 && g.burstProbability <= 1), "generator.burstProbability", `must be from 0 to 1, got ${JSON.stringify(g.burstProbability)}`);
    problems.add("generator.resources", resourcesProblems(g.resources));
    problems.add("actor.resources", resourcesProblems(d.actor.resources));
    for (const [key, image] of Object.entries(d.images)) problems.check(typeof image === "string" && image.length > 0 && !/\s/.test(image), `images.${key}`, `must be an image reference, got ${JSON.stringify(image)}`);
    problems.check(PULL_POLICIES.includes(d.imagePullPolicy), "imagePullPolicy", `must be one of ${PULL_POLICIES.map((p) => `"${p}"`).join(", ")}, got ${JSON.stringify(d.imagePullPolicy)}`);
    problems.check(d.monitoringNamespace === undefined || isDnsLabel(d.monitoringNamespace), "monitoringNamespace", dnsLabelMessage(d.monitoringNamespace));
    problems.check(isDnsLabel(d.operatorNamespace), "operatorNamespace", dnsLabelMessage(d.operatorNamespace));
    return problems.list;
}
