import type * as pulumi from "@pulumi/pulumi";

/**
 * A Kubernetes object as plain data, as the pure builders of the components produce it. An annotation's
 * value may be an Input: pod identity annotates a ServiceAccount with a role that exists only later.
 */
export interface Manifest {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, pulumi.Input<string>> };
    [field: string]: unknown;
}
