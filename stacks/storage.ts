import * as pulumi from "@pulumi/pulumi";
import type { FlinkStorage } from "../components/flink-storage";
import { InClusterObjectStore } from "../components/in-cluster-object-store";
import type { PlatformConfig } from "./schema";

/** The backend a target uses when the stack names none. */
export const DEFAULT_BACKEND = { minikube: "in-cluster", eks: "s3", gke: "gcs" } as const;

export interface PlatformStorage {
    flink: FlinkStorage;
    /** What the stack exports about its storage. */
    outputs: Record<string, pulumi.Input<string>>;
}

export function createStorage(config: PlatformConfig, namespace: string, opts: pulumi.ComponentResourceOptions): PlatformStorage {
    const backend = config.storage.backend ?? DEFAULT_BACKEND[config.target];
    switch (backend) {
        case "in-cluster": {
            const store = new InClusterObjectStore("checkpoints", { namespace, ...config.storage.inCluster, allowDataLoss: config.storage.allowDataLoss }, opts);
            return { flink: store.flinkStorage, outputs: { backend, endpoint: store.endpoint, bucket: store.bucket } };
        }
        default:
            throw new Error(`storage.backend "${backend}" is not available yet`);
    }
}
