/** The arguments of an in-cluster object store, their defaults and their problems (pure). */
import type * as pulumi from "@pulumi/pulumi";
import { dnsLabelMessage, isDnsLabel } from "../core/labels";
import { clientPeersProblems, flinkPodsPeer, NetworkPeerArgs } from "../core/network";
import { Problem, Problems } from "../core/problems";
import { isMemoryQuantity } from "../core/quantity";
import { ResolvedResources, resolveResources, ResourcesArgs, resourcesProblems } from "../core/resources";

/**
 * Versity S3 Gateway: an S3 API over a POSIX directory, Apache-2.0, one static Go binary in an
 * official image. (MinIO stopped publishing free images in 2025; see the README.) The same version
 * runs in the tests, from the Go module proxy.
 */
export const VERSITYGW_VERSION = "v1.8.0";
export const VERSITYGW_PORT = 7070;

/**
 * An S3-compatible store in the cluster. Plain values, except where typed `pulumi.Input`: they are
 * checked, and the store's names derived from them, before anything is created.
 */
export interface InClusterObjectStoreArgs {
    /** Namespace to run in; it must exist. */
    namespace: string;
    /** The bucket Flink writes to: a directory of the store's volume, created at deploy time. @default "flink" */
    bucket?: string;
    /** Size of the volume. @default "10Gi" */
    storageSize?: string;
    /** StorageClass of the volume. @default the cluster's default */
    storageClassName?: pulumi.Input<string>;
    /** @default `versity/versitygw:${VERSITYGW_VERSION}` */
    image?: pulumi.Input<string>;
    /** @default requests 100m / 128Mi, limits 1 / 512Mi */
    resources?: ResourcesArgs;
    /**
     * Let `pulumi destroy` (or a replacement) delete the volume, and with it every checkpoint and
     * savepoint. Off by default: the volume is protected.
     * @default false
     */
    allowDataLoss?: boolean;
    /**
     * Who may connect to the S3 port (7070), and to no other: the pods that keep checkpoints there. A
     * peer names no `ports`. `[]` admits no client. @default the Flink pods of the store's namespace
     * (`type: flink-native-kubernetes`)
     */
    clients?: NetworkPeerArgs[];
}

export interface ResolvedObjectStore {
    name: string;
    namespace: string;
    bucket: string;
    storageSize: string;
    storageClassName?: pulumi.Input<string>;
    image: pulumi.Input<string>;
    resources: ResolvedResources;
    allowDataLoss: boolean;
    clients: NetworkPeerArgs[];
}

export function resolveInClusterObjectStoreArgs(name: string, args: InClusterObjectStoreArgs): ResolvedObjectStore {
    return {
        name,
        namespace: args.namespace,
        bucket: args.bucket ?? "flink",
        storageSize: args.storageSize ?? "10Gi",
        storageClassName: args.storageClassName,
        image: args.image ?? `versity/versitygw:${VERSITYGW_VERSION}`,
        resources: resolveResources(args.resources, { requestsCpu: "100m", requestsMemory: "128Mi", limitsCpu: "1", limitsMemory: "512Mi" }),
        allowDataLoss: args.allowDataLoss ?? false,
        clients: args.clients ?? [flinkPodsPeer()],
    };
}

/** S3 bucket naming rules, as far as a directory name must follow them. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Every problem of the arguments, by argument path. */
export function inClusterObjectStoreProblems(name: string, args: InClusterObjectStoreArgs): Problem[] {
    const s = resolveInClusterObjectStoreArgs(name, args);
    return new Problems()
        .check(isDnsLabel(s.name), "name", dnsLabelMessage(s.name))
        .check(isDnsLabel(s.namespace), "namespace", dnsLabelMessage(s.namespace))
        .check(BUCKET.test(s.bucket), "bucket", `must be an S3 bucket name (3 to 63 lower-case letters, digits, "." and "-"), got ${JSON.stringify(s.bucket)}`)
        .check(isMemoryQuantity(s.storageSize), "storageSize", `must be a quantity such as "10Gi", got ${JSON.stringify(s.storageSize)}`)
        .add("resources", resourcesProblems(s.resources))
        .add("clients", clientPeersProblems(s.clients, `the S3 port ${VERSITYGW_PORT}`)).list;
}
