/**
 * Where the platform goes: the Kubernetes provider of the stack's `cluster` section. EKS and GKE stacks
 * deploy onto an existing cluster, whose kubeconfig is a secret of the stack or an output of the stack
 * that made the cluster; minikube may use the local kubeconfig.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Problem, Problems } from "../components/core/problems";
import { StackConfigError } from "./config";
import type { PlatformConfig } from "./schema";

export const DEFAULT_KUBECONFIG_OUTPUT = "kubeconfig";

/**
 * The `cluster` section's rules, by key. Checked when the provider is made, not with the rest of the
 * configuration: a configuration without a cluster is still a valid description of the platform (the
 * tests and the components read it), it only cannot be deployed to a cloud.
 */
export function clusterProblems(config: PlatformConfig): Problem[] {
    const cluster = config.cluster ?? {};
    return new Problems()
        .check(
            config.target === "minikube" || cluster.kubeconfig !== undefined || cluster.stackReference !== undefined,
            "cluster",
            `needs cluster.kubeconfig (a secret: pulumi config set --secret --path cluster.kubeconfig "$(cat kubeconfig)") or cluster.stackReference (the stack that made the cluster): target "${config.target}" deploys onto an existing cluster`,
        )
        .check(cluster.kubeconfig === undefined || cluster.stackReference === undefined, "cluster.stackReference", "must not be set together with cluster.kubeconfig: set one of them")
        .check(cluster.kubeconfigOutput === undefined || cluster.stackReference !== undefined, "cluster.kubeconfigOutput", "is only used with cluster.stackReference, which is not set").list;
}

/** A kubeconfig output may be the YAML text or the parsed object (as pulumi-eks exports it). */
function kubeconfigText(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * The provider the platform's Kubernetes objects go through, or undefined for the local kubeconfig's
 * current context (minikube). Throws StackConfigError, before any resource exists, when the section is
 * wrong.
 */
export function createClusterProvider(config: PlatformConfig): k8s.Provider | undefined {
    const problems = clusterProblems(config);
    if (problems.length > 0) throw new StackConfigError(problems);
    const cluster = config.cluster ?? {};
    let kubeconfig: pulumi.Output<string> | undefined;
    if (cluster.kubeconfig !== undefined) {
        kubeconfig = pulumi.secret(cluster.kubeconfig);
    } else if (cluster.stackReference !== undefined) {
        const reference = new pulumi.StackReference("cluster", { name: cluster.stackReference });
        kubeconfig = pulumi.secret(reference.requireOutput(cluster.kubeconfigOutput ?? DEFAULT_KUBECONFIG_OUTPUT).apply(kubeconfigText));
    }
    if (kubeconfig === undefined && cluster.context === undefined) return undefined;
    return new k8s.Provider("cluster", { kubeconfig, context: cluster.context });
}
