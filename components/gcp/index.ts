/** Checkpoint storage on Google Cloud (`streaming-platform/gcp`): only programs that use it need `@pulumi/gcp`. */
export * from "./gcs-checkpoint-bucket";
