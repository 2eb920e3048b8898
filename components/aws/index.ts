/** Checkpoint storage on AWS (`streaming-platform/aws`): only programs that use it need `@pulumi/aws`. */
export * from "./s3-checkpoint-bucket";
export * from "./s3-policies";
