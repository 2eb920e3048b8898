/**
 * The fraud detection demo's arguments, their defaults and the resolved form the pure builders take:
 * a generator writes card transactions to Kafka, the fraud job (apps/fraud-job) flags fraud, an actor
 * shows each detection.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ResolvedResources, resolveResources, ResourcesArgs } from "../core/resources";

/** How the fraud job runs: a FlinkSessionJob on a session cluster, or not at all (run it yourself, e.g. as a FlinkApplication). */
export const FRAUD_JOB_MODES = ["session", "none"] as const;

/** The images of the demo's apps, as `npm run images` builds them into minikube (see the README). */
export const DEFAULT_FRAUD_DEMO_IMAGES = {
    generator: "streaming-platform/fraud-generator:dev",
    actor: "streaming-platform/fraud-actor:dev",
    artifacts: "streaming-platform/fraud-job-artifacts:dev",
} as const;

/** Where the generator and the actor export Prometheus metrics (their `--metrics-port`), on the container port named "metrics". */
export const FRAUD_APP_METRICS_PORT = 9464;
export const FRAUD_APP_METRICS_PORT_NAME = "metrics";
/** The artifact server's port: it serves the job's jar to the Flink operator. */
export const FRAUD_ARTIFACTS_PORT = 8080;
/** The jar's path on the artifact server. */
export const FRAUD_JOB_JAR_PATH = "/fraud-job.jar";

/** The topics the demo uses, by their names in Kafka. */
export interface FraudDemoTopicsArgs {
    /** @default "transactions" */
    transactions?: string;
    /** @default "fraud" */
    fraud?: string;
    /** Malformed and late transactions, with the reason. @default "transactions-dead-letter" */
    deadLetter?: string;
}

/** How the demo's apps reach Kafka. */
export interface FraudDemoKafkaArgs {
    /** The bootstrap address of the cluster's plain listener, e.g. a KafkaCluster's `bootstrapServers`. Required. */
    bootstrapServers: pulumi.Input<string>;
    /**
     * The KafkaUsers (SCRAM-SHA-512) the generator and the actor run as; their Secrets, of the demo's
     * namespace, hold the passwords. Without them the apps connect without authentication (a plain
     * listener with `authentication: none`). @default none
     */
    generatorUser?: string;
    actorUser?: string;
}

/** The fraud job's detection parameters, passed as its arguments. */
export interface FraudDetectionParametersArgs {
    /** A window's length, in Flink's duration syntax. @default "10 min" */
    windowSize?: string;
    /** How often a window starts. @default "2 min" */
    windowSlide?: string;
    /** A window whose total is above this is fraud. @default 10000 */
    threshold?: number;
    /** How late a transaction may arrive and still count. @default "5 s" */
    outOfOrderness?: string;
}

/** The fraud job. */
export interface FraudJobArgs extends FraudDetectionParametersArgs {
    /** "session" (a FlinkSessionJob on `sessionCluster`) or "none". @default "session" */
    mode?: string;
    /** The session cluster's FlinkDeployment, in the demo's namespace, with mode "session". */
    sessionCluster?: string;
    /**
     * The job's jar. @default the demo's artifact server: `http://<name>-artifacts.<namespace>.svc:8080/fraud-job.jar`
     * (the Flink operator must allow http and in-cluster hosts: see the README)
     */
    jarURI?: string;
    /** @default 1 */
    parallelism?: number;
    /** @default "last-state" */
    upgradeMode?: string;
}

export interface FraudGeneratorArgs {
    /** Transactions per second. @default 1 (as the original) */
    rate?: number;
    /** Accounts the transactions are among (with fewer, ordinary traffic of a pair adds up to fraud). @default 20 */
    accounts?: number;
    /** The chance that a transaction starts a burst (fraud). @default the generator's */
    burstProbability?: number;
    /** @default 20m / 64Mi requests, 250m / 128Mi limits */
    resources?: ResourcesArgs;
}

export interface FraudActorArgs {
    /** @default 20m / 64Mi requests, 250m / 128Mi limits */
    resources?: ResourcesArgs;
}

/** The apps' images. */
export interface FraudDemoImagesArgs {
    /** @default DEFAULT_FRAUD_DEMO_IMAGES.generator */
    generator?: string;
    /** @default DEFAULT_FRAUD_DEMO_IMAGES.actor */
    actor?: string;
    /** The artifact server's, which holds the job's jar. @default DEFAULT_FRAUD_DEMO_IMAGES.artifacts */
    artifacts?: string;
}

export interface FraudDetectionDemoArgs {
    /** Namespace of the apps and the job: the Kafka cluster's and the session cluster's (pods take Secrets of their own namespace). Required. */
    namespace: string;
    kafka: FraudDemoKafkaArgs;
    /** @default transactions, fraud, transactions-dead-letter */
    topics?: FraudDemoTopicsArgs;
    /** @default a FlinkSessionJob on no cluster: set `sessionCluster`, or mode "none" */
    job?: FraudJobArgs;
    generator?: FraudGeneratorArgs;
    actor?: FraudActorArgs;
    /** @default DEFAULT_FRAUD_DEMO_IMAGES */
    images?: FraudDemoImagesArgs;
    /** "IfNotPresent" for images built into the cluster's own store (minikube), "Always" for a registry's moving tags. @default "IfNotPresent" */
    imagePullPolicy?: string;
    /** Namespace of the Prometheus that scrapes the apps' metrics port: their policy admits it. @default none: no scrape admitted */
    monitoringNamespace?: string;
    /** Namespace of the Flink operator, which fetches the job's jar from the artifact server. @default "operators" */
    operatorNamespace?: string;
}

export interface ResolvedFraudJob {
    mode: string;
    sessionCluster?: string;
    jarURI: string;
    parallelism: number;
    upgradeMode: string;
    windowSize: string;
    windowSlide: string;
    threshold: number;
    outOfOrderness: string;
}

export interface ResolvedFraudDemo {
    name: string;
    namespace: string;
    kafka: FraudDemoKafkaArgs;
    topics: Required<FraudDemoTopicsArgs>;
    job: ResolvedFraudJob;
    generator: { rate: number; accounts: number; burstProbability?: number; resources: ResolvedResources };
    actor: { resources: ResolvedResources };
    images: { generator: string; actor: string; artifacts: string };
    imagePullPolicy: string;
    monitoringNamespace?: string;
    operatorNamespace: string;
}

export const DEFAULT_FRAUD_APP_RESOURCES: ResolvedResources = { requestsCpu: "20m", requestsMemory: "64Mi", limitsCpu: "250m", limitsMemory: "128Mi" };

/** The artifact server's Service: `<name>-artifacts`. */
export function artifactsServiceName(name: string): string {
    return `${name}-artifacts`;
}

export function defaultFraudJarUri(name: string, namespace: string): string {
    return `http://${artifactsServiceName(name)}.${namespace}.svc:${FRAUD_ARTIFACTS_PORT}${FRAUD_JOB_JAR_PATH}`;
}

export function resolveFraudDemoArgs(name: string, args: FraudDetectionDemoArgs): ResolvedFraudDemo {
    const job = args.job ?? {};
    const t = args.topics ?? {};
    return {
        name,
        namespace: args.namespace,
        kafka: args.kafka,
        topics: { transactions: t.transactions ?? "transactions", fraud: t.fraud ?? "fraud", deadLetter: t.deadLetter ?? "transactions-dead-letter" },
        job: {
            mode: job.mode ?? "session",
            sessionCluster: job.sessionCluster,
            jarURI: job.jarURI ?? defaultFraudJarUri(name, args.namespace),
            parallelism: job.parallelism ?? 1,
            upgradeMode: job.upgradeMode ?? "last-state",
            windowSize: job.windowSize ?? "10 min",
            windowSlide: job.windowSlide ?? "2 min",
            threshold: job.threshold ?? 10000,
            outOfOrderness: job.outOfOrderness ?? "5 s",
        },
        generator: {
            rate: args.generator?.rate ?? 1,
            accounts: args.generator?.accounts ?? 20,
            burstProbability: args.generator?.burstProbability,
            resources: resolveResources(args.generator?.resources, DEFAULT_FRAUD_APP_RESOURCES),
        },
        actor: { resources: resolveResources(args.actor?.resources, DEFAULT_FRAUD_APP_RESOURCES) },
        images: { ...DEFAULT_FRAUD_DEMO_IMAGES, ...(args.images ?? {}) },
        imagePullPolicy: args.imagePullPolicy ?? "IfNotPresent",
        monitoringNamespace: args.monitoringNamespace,
        operatorNamespace: args.operatorNamespace ?? "operators",
    };
}
