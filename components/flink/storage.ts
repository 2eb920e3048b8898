/**
 * The contract between a checkpoint store and the Flink components: where Flink writes its state, the
 * settings its file system needs, and how its pods get access. Every backend (S3, GCS, the in-cluster
 * store) outputs one, as a plain serializable value that resolves once the store is ready; the Flink
 * components take it as an Input, so a program in any Pulumi language can hand it over.
 */

/** Where a Flink cluster's state lives and how its pods reach it. Every value is a plain string. */
export interface FlinkStorage {
    /** Where completed checkpoints go, e.g. "s3://bucket/checkpoints". */
    checkpointsUri: string;
    /** Default savepoint directory. */
    savepointsUri: string;
    /** Where the HA services keep the JobManager's metadata (job graphs, checkpoint pointers). */
    haStorageUri: string;
    /** Flink settings the file system needs (endpoint, path-style access). @default {} */
    flinkConfiguration?: Record<string, string>;
    /** Flink's built-in plugins to enable, as jar names under /opt/flink/opt (ENABLE_BUILT_IN_PLUGINS). @default [] */
    plugins?: string[];
    /** Annotations on the Flink ServiceAccount that grant pod identity (IRSA, Workload Identity). @default {} */
    serviceAccountAnnotations?: Record<string, string>;
    /** Environment variables taken from a Secret (the in-cluster store's keys). @default none */
    secretEnv?: FlinkStorageSecretEnv;
}

/** Environment variables of the Flink pods taken from one Secret. */
export interface FlinkStorageSecretEnv {
    /** The Secret, in the Flink cluster's namespace. */
    secretName: string;
    /** Environment variable → key of the Secret. */
    keys: Record<string, string>;
}

/**
 * The one layout of a store: checkpoints, savepoints and HA metadata side by side under `baseUri`
 * ("s3://bucket", "gs://bucket"), so a cluster's state is found in the same place on every backend.
 */
export function checkpointLayout(baseUri: string): Pick<FlinkStorage, "checkpointsUri" | "savepointsUri" | "haStorageUri"> {
    return { checkpointsUri: `${baseUri}/checkpoints`, savepointsUri: `${baseUri}/savepoints`, haStorageUri: `${baseUri}/ha` };
}
