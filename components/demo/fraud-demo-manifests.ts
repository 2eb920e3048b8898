/**
 * The fraud demo's objects (pure): the generator's and the actor's Deployments, the artifact server
 * that hands the job's jar to the Flink operator, the FlinkSessionJob, and the policies that admit
 * exactly who reaches them.
 */
import type * as k8s from "@pulumi/kubernetes";
import { componentLabels, selectorLabels } from "../core/labels";
import { networkPolicy, NetworkPeerArgs, prometheusPeer } from "../core/network";
import type { Deployment, FlinkSessionJob, NetworkPolicy, Service } from "../core/objects";
import { containerResources, ResolvedResources } from "../core/resources";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../core/security";
import { waitForAnnotations } from "../core/wait";
import { flinkJobSpec } from "../flink/deployment";
import { FLINK_OPERATOR_POD_LABELS } from "../flink/operator";
import { SCRAM_SECRET_KEYS } from "../kafka/user-manifests";
import {
    artifactsServiceName,
    defaultFraudJarUri,
    FRAUD_APP_METRICS_PORT,
    FRAUD_APP_METRICS_PORT_NAME,
    FRAUD_ARTIFACTS_PORT,
    ResolvedFraudDemo,
} from "./fraud-demo-args";

/** The job's main class in apps/fraud-job's jar. */
export const FRAUD_JOB_ENTRY_CLASS = "streamingplatform.fraud.FraudJob";
/** The `app.kubernetes.io/name` of each app's pods: what Kafka users' `podLabels` and the PodMonitors select. */
export const FRAUD_APP_NAMES = { generator: "fraud-generator", actor: "fraud-actor", artifacts: "fraud-job-artifacts" } as const;
/** The uid of the node images' `node` user, and of busybox's `nobody`. */
const NODE_UID = 1000;
const NOBODY_UID = 65534;

export function fraudAppPodLabels(d: Pick<ResolvedFraudDemo, "name">, app: keyof typeof FRAUD_APP_NAMES): Record<string, string> {
    return selectorLabels(d.name, FRAUD_APP_NAMES[app]);
}

/** True when the demo serves the job's jar itself (a session job with the default jarURI). */
export function servesJar(d: ResolvedFraudDemo): boolean {
    return d.job.mode === "session" && d.job.jarURI === defaultFraudJarUri(d.name, d.namespace);
}

/** The Kafka settings of an app: the bootstrap address and, with a user, its name and its Secret's password. */
function kafkaEnv(d: ResolvedFraudDemo, user: string | undefined): k8s.types.input.core.v1.EnvVar[] {
    return [
        { name: "KAFKA_BOOTSTRAP_SERVERS", value: d.kafka.bootstrapServers },
        ...(user !== undefined
            ? [
                  { name: "KAFKA_USERNAME", value: user },
                  { name: "KAFKA_PASSWORD", valueFrom: { secretKeyRef: { name: user, key: SCRAM_SECRET_KEYS.password } } },
              ]
            : []),
    ];
}

/** One pod of `component`, Restricted, without an API token: the shape of each of the demo's Deployments. */
function restrictedDeployment(d: ResolvedFraudDemo, name: string, component: string, selector: Record<string, string>, uid: number, container: k8s.types.input.core.v1.Container): Deployment {
    const labels = componentLabels(d.name, component);
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace: d.namespace, labels },
        spec: {
            replicas: 1,
            selector: { matchLabels: selector },
            template: {
                metadata: { labels: { ...labels, ...selector } },
                spec: {
                    securityContext: restrictedPodSecurity(uid),
                    automountServiceAccountToken: false,
                    // The apps flush and commit on SIGTERM.
                    terminationGracePeriodSeconds: 30,
                    containers: [{ ...container, imagePullPolicy: d.imagePullPolicy, securityContext: restrictedContainerSecurity() }],
                },
            },
        },
    };
}

interface AppParts {
    app: "generator" | "actor";
    image: string;
    args: string[];
    user?: string;
    resources: ResolvedResources;
}

/** One app's Deployment: its metrics on the port named "metrics", ready once it serves them. */
function appDeployment(d: ResolvedFraudDemo, parts: AppParts): Deployment {
    return restrictedDeployment(d, `${d.name}-${parts.app}`, FRAUD_APP_NAMES[parts.app], fraudAppPodLabels(d, parts.app), NODE_UID, {
        name: parts.app,
        image: parts.image,
        args: [...parts.args, "--metrics-port", String(FRAUD_APP_METRICS_PORT)],
        env: [...kafkaEnv(d, parts.user), { name: "KAFKA_CLIENT_ID", value: `${d.name}-${parts.app}` }],
        ports: [{ name: FRAUD_APP_METRICS_PORT_NAME, containerPort: FRAUD_APP_METRICS_PORT, protocol: "TCP" }],
        readinessProbe: { httpGet: { path: "/metrics", port: FRAUD_APP_METRICS_PORT_NAME }, periodSeconds: 10 },
        resources: containerResources(parts.resources),
    });
}

export function generatorDeployment(d: ResolvedFraudDemo): Deployment {
    const g = d.generator;
    return appDeployment(d, {
        app: "generator",
        image: d.images.generator,
        args: ["--topic", d.topics.transactions, "--rate", String(g.rate), "--accounts", String(g.accounts), ...(g.burstProbability !== undefined ? ["--burst-probability", String(g.burstProbability)] : [])],
        user: d.kafka.generatorUser,
        resources: g.resources,
    });
}

export function actorDeployment(d: ResolvedFraudDemo): Deployment {
    return appDeployment(d, {
        app: "actor",
        image: d.images.actor,
        // The group is the user's name: its ACL allows that group (the dev stack's fraud-actor).
        args: ["--topic", d.topics.fraud, "--group-id", d.kafka.actorUser ?? FRAUD_APP_NAMES.actor],
        user: d.kafka.actorUser,
        resources: d.actor.resources,
    });
}

/** The job's arguments: its topics and detection parameters; Kafka's address and credentials come from the session cluster's environment. */
export function fraudJobArgs(d: ResolvedFraudDemo): string[] {
    const j = d.job;
    return [
        "--transactions-topic", d.topics.transactions,
        "--fraud-topic", d.topics.fraud,
        "--dead-letter-topic", d.topics.deadLetter,
        "--window-size", j.windowSize,
        "--window-slide", j.windowSlide,
        "--threshold", String(j.threshold),
        "--out-of-orderness", j.outOfOrderness,
    ];
}

export function fraudSessionJob(d: ResolvedFraudDemo, timeoutSeconds = 600): FlinkSessionJob {
    const name = `${d.name}-job`;
    return {
        apiVersion: "flink.apache.org/v1beta1",
        kind: "FlinkSessionJob",
        metadata: { name, namespace: d.namespace, labels: componentLabels(name, "flink-session-job"), annotations: waitForAnnotations(["jsonpath={.status.jobStatus.state}=RUNNING"], timeoutSeconds) },
        spec: {
            deploymentName: d.job.sessionCluster!,
            job: flinkJobSpec({ jarURI: d.job.jarURI, entryClass: FRAUD_JOB_ENTRY_CLASS, args: fraudJobArgs(d), parallelism: d.job.parallelism, upgradeMode: d.job.upgradeMode }),
        },
    };
}

/** The artifact server: a static HTTP server holding only the job's jar, which the Flink operator fetches. */
export function artifactsManifests(d: ResolvedFraudDemo): [Deployment, Service, NetworkPolicy] {
    const name = artifactsServiceName(d.name);
    const selector = fraudAppPodLabels(d, "artifacts");
    const labels = componentLabels(d.name, FRAUD_APP_NAMES.artifacts);
    const operator: NetworkPeerArgs = { namespace: d.operatorNamespace, podLabels: { ...FLINK_OPERATOR_POD_LABELS }, ports: [FRAUD_ARTIFACTS_PORT] };
    return [
        restrictedDeployment(d, name, FRAUD_APP_NAMES.artifacts, selector, NOBODY_UID, {
            name: "http",
            image: d.images.artifacts,
            ports: [{ name: "http", containerPort: FRAUD_ARTIFACTS_PORT, protocol: "TCP" }],
            readinessProbe: { tcpSocket: { port: "http" }, periodSeconds: 10 },
            // A static server of one file: busybox httpd uses a few MiB.
            resources: containerResources({ requestsCpu: "5m", requestsMemory: "8Mi", limitsCpu: "100m", limitsMemory: "32Mi" }),
        }),
        {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name, namespace: d.namespace, labels },
            spec: { selector, ports: [{ name: "http", port: FRAUD_ARTIFACTS_PORT, targetPort: "http", protocol: "TCP" }] },
        },
        // Only the Flink operator fetches the jar (the session cluster gets it from the operator).
        networkPolicy({ name, namespace: d.namespace, labels, podLabels: selector, ingress: [operator] }),
    ];
}

/** Prometheus scrapes the apps' metrics port; nothing else reaches their pods. */
export function appsNetworkPolicies(d: ResolvedFraudDemo): NetworkPolicy[] {
    return (["generator", "actor"] as const).map((app) =>
        networkPolicy({
            name: `${d.name}-${app}`,
            namespace: d.namespace,
            labels: componentLabels(d.name, FRAUD_APP_NAMES[app]),
            podLabels: fraudAppPodLabels(d, app),
            ingress: d.monitoringNamespace !== undefined ? [prometheusPeer(d.monitoringNamespace, [FRAUD_APP_METRICS_PORT])] : [],
        }),
    );
}

/** Every object of the demo. */
export function fraudDemoManifests(d: ResolvedFraudDemo): (Deployment | Service | NetworkPolicy | FlinkSessionJob)[] {
    return [
        generatorDeployment(d),
        actorDeployment(d),
        ...appsNetworkPolicies(d),
        ...(servesJar(d) ? artifactsManifests(d) : []),
        ...(d.job.mode === "session" ? [fraudSessionJob(d)] : []),
    ];
}
