/**
 * The contract between a checkpoint store and the Flink components: where Flink writes its state, the
 * settings its file system needs, and how its pods get access. Every backend (S3, GCS, the in-cluster
 * store) produces one; FlinkApplication and FlinkSessionCluster consume it.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * A cloud bucket's name is generated and a role's ARN or a service account's e-mail is known only once
 * it exists, so the URIs, settings and annotations are Inputs (`Value`). `ResolvedFlinkStorage` is the
 * same contract with every value known: what the pure builders (the Flink configuration, the
 * manifests) take.
 */
export interface FlinkStorage<Value = pulumi.Input<string>> {
    /** Where completed checkpoints go, e.g. "s3://bucket/checkpoints". */
    checkpointsUri: Value;
    /** Default savepoint directory. */
    savepointsUri: Value;
    /** Where the HA services keep the JobManager's metadata (job graphs, checkpoint pointers). */
    haStorageUri: Value;
    /** Flink settings the file system needs (endpoint, path-style access, credentials provider). @default {} */
    flinkConfiguration?: Record<string, Value>;
    /** Flink's built-in plugins to enable, as jar names under /opt/flink/opt (ENABLE_BUILT_IN_PLUGINS). @default [] */
    plugins?: string[];
    /** Annotations on the Flink ServiceAccount that grant pod identity (IRSA, Workload Identity). @default {} */
    serviceAccountAnnotations?: Record<string, Value>;
    /** Environment variables taken from a Secret (static keys of the in-cluster store): env name → key. */
    secretEnv?: { secretName: string; keys: Record<string, string> };
}

/** A FlinkStorage whose values are all known. */
export type ResolvedFlinkStorage = FlinkStorage<string>;

/** Waits for every value of a FlinkStorage; the result depends on whatever resources those values come from. */
export function resolveFlinkStorage(storage: FlinkStorage): pulumi.Output<ResolvedFlinkStorage> {
    return pulumi.output(storage);
}
