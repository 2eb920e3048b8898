/**
 * The fraud demo in the rendered dev stack: its apps, its job on the session cluster, its topics and
 * users, and the rules that tie the `demo` section to the sections it uses, by stack key. The schema,
 * Pod Security and selector checks every workload passes are in the other render tests.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FRAUD_JOB_ENTRY_CLASS } from "../../components/demo";
import { readStackFile } from "../../renderer/stack-file";
import { parsePlatformConfig, rawStackConfig } from "../../stacks/config";
import { stackConfigProblems } from "../support/config";
import { K8sObject, PROJECT_DIR, renderStackFiles } from "../support/render";

describe("the dev stack's fraud demo", () => {
    const { objects, summary } = renderStackFiles("dev");
    const find = (kind: string, name: string): K8sObject => {
        const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
        assert.ok(found, `${kind} ${name} is rendered`);
        return found;
    };
    const container = (name: string) => find("Deployment", name).spec.template.spec.containers[0];
    const arg = (args: string[], key: string) => args[args.indexOf(key) + 1];

    it("runs the generator and the actor in the streaming namespace, as the Kafka users whose pods the listeners admit", () => {
        for (const [name, user, topic] of [["fraud-generator", "fraud-generator", "transactions"], ["fraud-actor", "fraud-actor", "fraud"]]) {
            const deployment = find("Deployment", name);
            assert.equal(deployment.metadata.namespace, "streaming");
            const c = container(name);
            assert.equal(arg(c.args, "--topic"), topic);
            const env = Object.fromEntries(c.env.map((e: any) => [e.name, e]));
            assert.equal(env.KAFKA_BOOTSTRAP_SERVERS.value, "events-kafka-bootstrap.streaming.svc:9092");
            assert.equal(env.KAFKA_USERNAME.value, user);
            assert.deepEqual(env.KAFKA_PASSWORD, { name: "KAFKA_PASSWORD", valueFrom: { secretKeyRef: { name: user, key: "password" } } }, "the password only by reference");
            find("KafkaUser", user);
            // The user's pods are the app's: what the Kafka listener admits.
            const podLabels = deployment.spec.template.metadata.labels;
            assert.equal(podLabels["app.kubernetes.io/name"], name);
            assert.equal(c.ports[0].name, "metrics");
        }
        assert.equal(arg(container("fraud-actor").args, "--group-id"), "fraud-actor");
    });

    it("submits the fraud job to the session cluster, from the jar its artifact server holds, with the demo's topics", () => {
        const job = find("FlinkSessionJob", "fraud-job");
        assert.equal(job.spec.deploymentName, "flink-session");
        assert.equal(job.spec.job.entryClass, FRAUD_JOB_ENTRY_CLASS);
        const service = find("Service", "fraud-artifacts");
        assert.equal(job.spec.job.jarURI, `http://${service.metadata.name}.streaming.svc:${service.spec.ports[0].port}/fraud-job.jar`);
        const args: string[] = job.spec.job.args;
        assert.deepEqual([arg(args, "--transactions-topic"), arg(args, "--fraud-topic"), arg(args, "--dead-letter-topic")], ["transactions", "fraud", "transactions-dead-letter"]);
        for (const topic of ["transactions", "fraud", "transactions-dead-letter"]) assert.ok(objects.some((o) => o.kind === "KafkaTopic" && o.spec.topicName === topic), `topic ${topic}`);
        // The session cluster runs as fraud-job: the job's Kafka address and credentials are its pods' environment.
        const session = find("FlinkDeployment", "flink-session");
        const env = session.spec.podTemplate.spec.containers[0].env.map((e: any) => e.name);
        for (const name of ["KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG"]) assert.ok(env.includes(name), name);
    });

    it("counts the demo in summary.json", () => {
        assert.equal(summary.resources["kubernetes:flink.apache.org/v1beta1:FlinkSessionJob"], 1);
        assert.ok(summary.requests.memoryMiB <= 6144, `the dev stack requests ${summary.requests.memoryMiB} MiB, more than the 6 GiB it must fit`);
        assert.ok(summary.requests.cpuMillicores <= 3000, `the dev stack requests ${summary.requests.cpuMillicores}m CPU, more than 3 CPUs`);
    });
});

describe("the demo section's problems, by stack key", () => {
    const dev = rawStackConfig(readStackFile(PROJECT_DIR, "dev").config) as Record<string, any>;
    const edit = (change: (config: Record<string, any>) => void) => {
        const config = structuredClone(dev);
        change(config);
        return stackConfigProblems(config);
    };

    it("accepts the dev stack's section", () => {
        assert.equal(parsePlatformConfig(dev).demo.enabled, true);
    });

    it("needs Kafka, and the session cluster for a session job", () => {
        assert.deepEqual(edit((c) => (c.kafka.enabled = false)).filter((p) => p.startsWith("demo")), ["demo.enabled: needs Kafka: set kafka.enabled (its topics and users carry the demo's records)"]);
        assert.deepEqual(
            edit((c) => (c.flink.session.enabled = false)).filter((p) => p.startsWith("demo")),
            ['demo.job.mode: "session" runs the fraud job on the session cluster, and flink.session is off: enable flink and flink.session, or use mode "none"'],
        );
    });

    it("names a topic or user the Kafka section does not declare, and an ACL an app lacks, at their keys", () => {
        assert.deepEqual(
            edit((c) => {
                delete c.kafka.topics["transactions-dead-letter"];
                c.kafka.users["fraud-generator"].topics = { transactions: "read" };
                c.demo.users = { actor: "auditor" };
            }).filter((p) => p.startsWith("demo") || p.startsWith("kafka.users.fraud-generator")),
            [
                'demo.topics.deadLetter: must name a topic of kafka.topics (transactions, fraud), got "transactions-dead-letter"',
                'kafka.users.fraud-generator.topics.transactions: must allow "write" (or "readWrite"): the demo\'s generator writes it, got "read"',
                'demo.users.actor: must name a user of kafka.users (fraud-generator, fraud-job, fraud-actor), got "auditor"',
            ],
        );
    });

    it("runs the job as the session cluster's Kafka user", () => {
        assert.deepEqual(
            edit((c) => (c.flink.session.kafkaUser = "fraud-actor")).filter((p) => p.startsWith("flink.session.kafkaUser")),
            ['flink.session.kafkaUser: must be "fraud-job" (demo.users.job): the fraud job reaches Kafka as the session cluster\'s user, got "fraud-actor"'],
        );
    });

    it("refuses the in-cluster jar where the Flink operator keeps its defaults, naming the operator's key", () => {
        const problems = edit((c) => (c.flink.operator = { resources: c.flink.operator.resources }));
        assert.equal(problems.length, 2, problems.join("\n"));
        assert.match(problems[0], /^demo\.job\.jarURI: must use a scheme the Flink operator fetches session jobs' jars with \(https\), got "http:\/\/fraud-artifacts\.streaming\.svc:8080\/fraud-job\.jar"/);
        assert.match(problems[1], /^demo\.job\.jarURI: must not name a loopback, link-local or private host/);
    });

    it("names bad detection parameters and generator settings by their keys", () => {
        assert.deepEqual(
            edit((c) => {
                c.demo.job = { windowSize: "ten minutes", threshold: -1 };
                c.demo.generator = { ...c.demo.generator, rate: 0 };
            }),
            [
                'demo.job.threshold: must be a whole number of at least 0, got -1',
                'demo.job.windowSize: must be a Flink duration such as "10 min", "5 s" or "500 ms", got "ten minutes"',
                "demo.generator.rate: must be a number of transactions per second above 0, got 0",
            ],
        );
    });
});
