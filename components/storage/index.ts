/** Checkpoint storage that needs no cloud: an S3-compatible store in the cluster; the bucket-name rules the cloud buckets share. */
export * from "./bucket-name";
export * from "./in-cluster-object-store";
