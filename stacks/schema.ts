/**
 * The stack configuration: one key per section under the project's namespace
 * (`streaming-platform:target`, `streaming-platform:namespaces`, …), validated as a whole so that an
 * invalid stack fails before any resource is registered, with every bad key named by its path.
 */
import { z } from "zod";
import { POD_SECURITY_LEVELS } from "../components/namespace/args";
import { demoSchema } from "./schema-demo";
import { flinkSchema } from "./schema-flink";
import { clusterSchema } from "./schema-cluster";
import { cpu, dnsLabel, memory, port, section } from "./schema-helpers";
import { KAFKA_DEFAULTS, kafkaSchema } from "./schema-kafka";
import { observabilitySchema } from "./schema-observability";
import { storageSchema } from "./schema-storage";
import { zookeeperSchema } from "./schema-zookeeper";

export const TARGETS = ["minikube", "eks", "gke"] as const;
export type Target = (typeof TARGETS)[number];

const subjects = section({
    users: z.array(z.string().min(1)).optional(),
    groups: z.array(z.string().min(1)).optional(),
    serviceAccounts: z.array(z.string().min(1)).optional(),
});

const peer = section({
    namespace: dnsLabel.optional(),
    podLabels: z.record(z.string(), z.string()).optional(),
    cidr: z.string().optional(),
    except: z.array(z.string()).optional(),
    ports: z.array(port).optional(),
    localPodLabels: z.record(z.string(), z.string()).optional(),
    policyName: z.string().optional(),
});

/** One namespace, as `TenantNamespaceArgs` takes it; `name` defaults to the key. */
export const namespaceSchema = section({
    name: dnsLabel.optional(),
    labels: z.record(z.string(), z.string()).optional(),
    podSecurity: z.enum(POD_SECURITY_LEVELS).optional(),
    quota: section({
        requestsCpu: cpu.optional(),
        requestsMemory: memory.optional(),
        limitsCpu: cpu.optional(),
        limitsMemory: memory.optional(),
        pods: z.int().min(0).optional(),
        persistentVolumeClaims: z.int().min(0).optional(),
        requestsStorage: memory.optional(),
    }).optional(),
    limits: section({
        defaultRequestCpu: cpu.optional(),
        defaultRequestMemory: memory.optional(),
        defaultLimitCpu: cpu.optional(),
        defaultLimitMemory: memory.optional(),
        maxCpu: cpu.optional(),
        maxMemory: memory.optional(),
    }).optional(),
    allowSameNamespaceIngress: z.boolean().optional(),
    allowIngressFrom: z.array(peer).optional(),
    allowEgressTo: z.array(peer).optional(),
    serviceAccounts: z.array(dnsLabel).optional(),
    admins: subjects.optional(),
    editors: subjects.optional(),
    viewers: subjects.optional(),
    retainOnDestroy: z.boolean().optional(),
});
export type NamespaceConfig = z.infer<typeof namespaceSchema>;

/**
 * The platform's own namespaces (streaming workloads, monitoring, operators) and any number of extra
 * tenant namespaces, keyed by name.
 */
export const namespacesSchema = section({
    streaming: namespaceSchema.default({}),
    monitoring: namespaceSchema.default({}),
    operators: namespaceSchema.default({}),
    tenants: z.record(dnsLabel, namespaceSchema).default({}),
});
export type NamespacesConfig = z.infer<typeof namespacesSchema>;

export const platformSchema = section({
    target: z.enum(TARGETS),
    namespaces: namespacesSchema.default({ streaming: {}, monitoring: {}, operators: {}, tenants: {} }),
    zookeeper: zookeeperSchema.default({ enabled: false, replicas: 3 }),
    flink: flinkSchema.default({ enabled: true, ha: "kubernetes", operator: {}, session: { enabled: true, name: "flink-session", jobs: [] }, applications: {} }),
    storage: storageSchema.default({ allowDataLoss: false }),
    cluster: clusterSchema.optional(),
    kafka: kafkaSchema.default(KAFKA_DEFAULTS),
    observability: observabilitySchema.default({ enabled: false, logs: { enabled: true } }),
    demo: demoSchema.default({ enabled: false }),
});
export type PlatformConfig = z.infer<typeof platformSchema>;
export type { ClusterConfig } from "./schema-cluster";
export type { DemoConfig } from "./schema-demo";
export type { FlinkConfig } from "./schema-flink";
export type { KafkaStackConfig } from "./schema-kafka";
export type { ObservabilityConfig } from "./schema-observability";
export type { StorageConfig } from "./schema-storage";
export type { ZooKeeperConfig } from "./schema-zookeeper";
