/**
 * The stack's fraud detection demo: FraudDetectionDemo in the streaming namespace, with the Kafka
 * section's topics and users by key and the session cluster for its job. Its problems are reported
 * under `demo.*` (and at the keys of the other sections it needs).
 */
import type * as pulumi from "@pulumi/pulumi";
import { Problem, relocate } from "../components/core/problems";
import { FraudDetectionDemo } from "../components/demo/fraud-demo";
import { defaultFraudJarUri, FraudDetectionDemoArgs } from "../components/demo/fraud-demo-args";
import { fraudAppPodLabels } from "../components/demo/fraud-demo-manifests";
import { fraudDetectionDemoProblems } from "../components/demo/fraud-demo-problems";
import { resolveArtifactPolicy, sessionJarUriProblems } from "../components/flink/artifacts";
import { DEMO_NAME } from "./demo-scrape";
import { namespaceNames } from "./namespaces";
import type { PlatformConfig } from "./schema";


export type DemoInputs = Pick<PlatformConfig, "namespaces" | "demo"> & Partial<Pick<PlatformConfig, "kafka" | "flink" | "observability">>;

const DEFAULT_TOPICS = { transactions: "transactions", fraud: "fraud", deadLetter: "transactions-dead-letter" } as const;
const DEFAULT_USERS = { generator: "fraud-generator", job: "fraud-job", actor: "fraud-actor" } as const;

function demoTopicKeys(inputs: DemoInputs): Record<keyof typeof DEFAULT_TOPICS, string> {
    return { ...DEFAULT_TOPICS, ...(inputs.demo.topics ?? {}) };
}

function demoUsers(inputs: DemoInputs): Record<keyof typeof DEFAULT_USERS, string> {
    return { ...DEFAULT_USERS, ...(inputs.demo.users ?? {}) };
}

/** Whether the cluster's plain listener takes SCRAM users (the default) or no authentication. */
function usesKafkaUsers(inputs: DemoInputs): boolean {
    const plain = inputs.kafka?.listeners?.plain;
    return !(typeof plain === "object" && plain.authentication === "none");
}

/** The pods the demo's apps run as, by the user each runs as: what `kafka.users.<user>.podLabels` must admit. */
export function demoAppPodLabels(): { generator: Record<string, string>; actor: Record<string, string> } {
    return { generator: fraudAppPodLabels({ name: DEMO_NAME }, "generator"), actor: fraudAppPodLabels({ name: DEMO_NAME }, "actor") };
}

/** FraudDetectionDemo's arguments from the `demo` section and the sections it uses. */
export function demoArgs(inputs: DemoInputs, bootstrapServers: pulumi.Input<string>): FraudDetectionDemoArgs {
    const names = namespaceNames(inputs.namespaces);
    const { demo } = inputs;
    const topicKeys = demoTopicKeys(inputs);
    const topicName = (key: string) => inputs.kafka?.topics[key]?.topicName ?? key;
    const users = demoUsers(inputs);
    const withUsers = usesKafkaUsers(inputs);
    return {
        namespace: names.streaming,
        kafka: { bootstrapServers, ...(withUsers ? { generatorUser: users.generator, actorUser: users.actor } : {}) },
        topics: { transactions: topicName(topicKeys.transactions), fraud: topicName(topicKeys.fraud), deadLetter: topicName(topicKeys.deadLetter) },
        job: { ...(demo.job ?? {}), ...(inputs.flink?.session.enabled ? { sessionCluster: inputs.flink.session.name } : {}) },
        generator: demo.generator,
        actor: demo.actor,
        images: demo.images,
        imagePullPolicy: demo.imagePullPolicy,
        operatorNamespace: names.operators,
        ...(inputs.observability?.enabled ? { monitoringNamespace: names.monitoring } : {}),
    };
}

/** Where the component's arguments come from in the stack. */
const MOVED: Readonly<Record<string, string>> = {
    namespace: "namespaces.streaming.name",
    operatorNamespace: "namespaces.operators.name",
    monitoringNamespace: "namespaces.monitoring.name",
    "kafka.generatorUser": "demo.users.generator",
    "kafka.actorUser": "demo.users.actor",
    "job.sessionCluster": "flink.session.name",
};

/** A user's access to a topic covers `needed` ("read" or "write"). */
function grants(access: string | undefined, needed: "read" | "write"): boolean {
    return access === needed || access === "readWrite";
}

/**
 * The section's rules across sections: Kafka and (for a session job) the session cluster on, the
 * topics and users it names declared in `kafka` with the access each app needs, the job reaching Kafka
 * as the session cluster's user, and a jar the Flink operator will fetch.
 */
export function demoProblems(inputs: DemoInputs): Problem[] {
    const { demo, kafka, flink } = inputs;
    if (!demo.enabled) return [];
    const problems: Problem[] = [];
    const problem = (path: string, message: string) => problems.push({ path, message });
    if (kafka?.enabled !== true) {
        problem("demo.enabled", "needs Kafka: set kafka.enabled (its topics and users carry the demo's records)");
        return problems;
    }
    const mode = demo.job?.mode ?? "session";
    if (mode === "session" && !(flink?.enabled && flink.session.enabled)) {
        problem("demo.job.mode", '"session" runs the fraud job on the session cluster, and flink.session is off: enable flink and flink.session, or use mode "none"');
    }
    const topicKeys = demoTopicKeys(inputs);
    const declaredTopics = Object.keys(kafka.topics);
    for (const [key, topic] of Object.entries(topicKeys)) {
        if (!declaredTopics.includes(topic)) problem(`demo.topics.${key}`, `must name a topic of kafka.topics (${declaredTopics.join(", ") || "none declared"}), got "${topic}"`);
    }
    if (usesKafkaUsers(inputs)) {
        const users = demoUsers(inputs);
        const needs: [keyof typeof DEFAULT_USERS, keyof typeof DEFAULT_TOPICS, "read" | "write"][] = [
            ["generator", "transactions", "write"],
            ["job", "transactions", "read"],
            ["job", "fraud", "write"],
            ["job", "deadLetter", "write"],
            ["actor", "fraud", "read"],
        ];
        for (const [app, user] of Object.entries(users) as [keyof typeof DEFAULT_USERS, string][]) {
            const declared = kafka.users[user];
            if (declared === undefined) {
                problem(`demo.users.${app}`, `must name a user of kafka.users (${Object.keys(kafka.users).join(", ") || "none declared"}), got "${user}"`);
                continue;
            }
            for (const [who, topicKey, access] of needs) {
                const topic = topicKeys[topicKey];
                if (who === app && !grants(declared.topics[topic], access)) problem(`kafka.users.${user}.topics.${topic}`, `must allow "${access}" (or "readWrite"): the demo's ${app} ${access === "read" ? "reads" : "writes"} it, got ${JSON.stringify(declared.topics[topic])}`);
            }
        }
        const job = kafka.users[users.job];
        if (job !== undefined && !(job.transactionalIds ?? []).some((id) => id === "*" || (id.endsWith("*") && "fraud-job-".startsWith(id.slice(0, -1))))) {
            problem(`kafka.users.${users.job}.transactionalIds`, `must allow the job's exactly-once sinks' ids ("fraud-job-*"), got ${JSON.stringify(job.transactionalIds ?? [])}`);
        }
        const actor = kafka.users[users.actor];
        if (actor !== undefined && !(actor.groups ?? []).includes(users.actor)) {
            problem(`kafka.users.${users.actor}.groups`, `must include "${users.actor}": the actor's consumer group is its user's name, got ${JSON.stringify(actor.groups ?? [])}`);
        }
        if (mode === "session" && flink?.session.enabled && flink.session.kafkaUser !== users.job) {
            problem("flink.session.kafkaUser", `must be "${users.job}" (demo.users.job): the fraud job reaches Kafka as the session cluster's user, got ${JSON.stringify(flink.session.kafkaUser)}`);
        }
    }
    const args = demoArgs(inputs, "bootstrap");
    problems.push(...relocate("demo", fraudDetectionDemoProblems(DEMO_NAME, args), MOVED).filter((p) => p.path !== "flink.session.name"));
    if (mode === "session" && flink !== undefined) {
        const policy = resolveArtifactPolicy(flink.operator.allowedArtifactSchemes, flink.operator.disallowRestrictedArtifactHosts);
        const jarURI = demo.job?.jarURI ?? defaultFraudJarUri(DEMO_NAME, args.namespace);
        problems.push(...relocate("demo.job.jarURI", sessionJarUriProblems(jarURI, policy)));
    }
    return problems;
}

export function createDemo(inputs: DemoInputs, bootstrapServers: pulumi.Input<string>, opts: pulumi.ComponentResourceOptions): FraudDetectionDemo | undefined {
    if (!inputs.demo.enabled) return undefined;
    return new FraudDetectionDemo(DEMO_NAME, demoArgs(inputs, bootstrapServers), opts);
}
