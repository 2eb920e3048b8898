import { z } from "zod";
import { CHECKPOINTING_MODES, HA_TYPES, RESTART_STRATEGIES, UPGRADE_MODES } from "../components/flink/config";
import { cpu, dnsLabel, memory, resources, section } from "./schema-helpers";

const job = {
    jarURI: z.string().min(1),
    entryClass: z.string().optional(),
    args: z.array(z.string()).optional(),
    parallelism: z.int().min(1).optional(),
    upgradeMode: z.enum(UPGRADE_MODES).optional(),
};

const cluster = {
    image: z.string().optional(),
    jobManager: section({ replicas: z.int().min(1).max(2).optional(), cpu: cpu.optional(), memory: memory.optional() }).optional(),
    // `replicas` only for the session: FlinkApplication refuses it by its own rule (its job's parallelism sizes it).
    taskManager: section({ replicas: z.int().min(1).optional(), slots: z.int().min(1).optional(), cpu: cpu.optional(), memory: memory.optional() }).optional(),
    checkpointing: section({
        interval: z.string().optional(),
        mode: z.enum(CHECKPOINTING_MODES).optional(),
        retained: z.int().min(1).optional(),
        minPause: z.string().optional(),
        timeout: z.string().optional(),
    }).optional(),
    restartStrategy: section({
        type: z.enum(RESTART_STRATEGIES).optional(),
        attempts: z.int().min(1).optional(),
        delay: z.string().optional(),
        maxDelay: z.string().optional(),
    }).optional(),
    flinkConfiguration: z.record(z.string(), z.string()).optional(),
    timeoutSeconds: z.int().min(1).optional(),
    /** The user of `kafka.users` the cluster reaches Kafka as: its pods get the credentials from the user's Secret. */
    kafkaUser: dnsLabel.optional(),
};

/** `streaming-platform:flink`: the operator, a session cluster with its jobs, and application clusters. */
export const flinkSchema = section({
    /** @default true */
    enabled: z.boolean().default(true),
    /** HA services of every cluster. @default "kubernetes" */
    ha: z.enum(HA_TYPES).default("kubernetes"),
    operator: section({
        resources: resources.optional(),
        /** URI schemes the operator fetches session jobs' jars with; the component checks each. @default ["https"] */
        allowedArtifactSchemes: z.array(z.string()).optional(),
        /** @default true */
        disallowRestrictedArtifactHosts: z.boolean().optional(),
    }).default({}),
    session: section({
        /** @default true */
        enabled: z.boolean().default(true),
        name: dnsLabel.default("flink-session"),
        ...cluster,
        jobs: z.array(section({ name: dnsLabel, ...job })).default([]),
    }).default({ enabled: true, name: "flink-session", jobs: [] }),
    applications: z.record(dnsLabel, section({ ...cluster, job: section(job) })).default({}),
});
export type FlinkConfig = z.infer<typeof flinkSchema>;
