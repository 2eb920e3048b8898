/**
 * The contract between a checkpoint store and the Flink components: where Flink writes its state, the
 * settings its file system needs, and how its pods get access. Every backend (S3, GCS, the in-cluster
 * store) produces one; FlinkApplication and FlinkSessionCluster consume it.
 */

export interface FlinkStorage {
    /** Where completed checkpoints go, e.g. "s3://bucket/checkpoints". */
    checkpointsUri: string;
    /** Default savepoint directory. */
    savepointsUri: string;
    /** Where the HA services keep the JobManager's metadata (job graphs, checkpoint pointers). */
    haStorageUri: string;
    /** Flink settings the file system needs (endpoint, path-style access, credentials provider). @default {} */
    flinkConfiguration?: Record<string, string>;
    /** Flink's built-in plugins to enable, as jar names under /opt/flink/opt (ENABLE_BUILT_IN_PLUGINS). @default [] */
    plugins?: string[];
    /** Annotations on the Flink ServiceAccount that grant pod identity (IRSA, Workload Identity). @default {} */
    serviceAccountAnnotations?: Record<string, string>;
    /** Environment variables taken from a Secret (static keys of the in-cluster store): env name → key. */
    secretEnv?: { secretName: string; keys: Record<string, string> };
}
