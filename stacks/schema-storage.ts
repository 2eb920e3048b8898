import { z } from "zod";
import { memory, section } from "./schema-helpers";

export const STORAGE_BACKENDS = ["in-cluster", "s3", "gcs"] as const;

/** `streaming-platform:storage`: where Flink keeps checkpoints, savepoints and HA metadata. */
export const storageSchema = section({
    /** @default "in-cluster" on minikube, "s3" on eks, "gcs" on gke */
    backend: z.enum(STORAGE_BACKENDS).optional(),
    /**
     * Let `pulumi destroy` or a replacement delete the buckets or the store's volume, and every
     * checkpoint and savepoint in them. @default false
     */
    allowDataLoss: z.boolean().default(false),
    inCluster: section({
        bucket: z.string().optional(),
        storageSize: memory.optional(),
        storageClassName: z.string().optional(),
    }).optional(),
});
export type StorageConfig = z.infer<typeof storageSchema>;
