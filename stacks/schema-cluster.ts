import { z } from "zod";
import { section } from "./schema-helpers";

/**
 * `streaming-platform:cluster`: the Kubernetes cluster to deploy onto. On minikube the section may be
 * left out (the current context of the local kubeconfig); on eks and gke it names an existing cluster:
 * a kubeconfig kept as a secret, or the output of the stack that made the cluster.
 */
export const clusterSchema = section({
    /** The kubeconfig itself; keep it secret: `pulumi config set --secret --path cluster.kubeconfig "$(cat kubeconfig)"`. */
    kubeconfig: z.string().min(1).optional(),
    /** The stack that made the cluster, "<organization>/<project>/<stack>"; its output `kubeconfigOutput` is the kubeconfig. */
    stackReference: z
        .string()
        .regex(/^[^/\s]+\/[^/\s]+\/[^/\s]+$/, { error: (issue) => `must be "<organization>/<project>/<stack>", got ${JSON.stringify(issue.input)}` })
        .optional(),
    /** The referenced stack's output that holds the kubeconfig. @default "kubeconfig" */
    kubeconfigOutput: z.string().min(1).optional(),
    /** A context of the kubeconfig other than its current one. @default the current context */
    context: z.string().min(1).optional(),
    /**
     * The Kubernetes API server's addresses as IPv4 CIDRs (`kubectl get endpoints kubernetes -n default`):
     * the pods that call the API may reach only these, on 443, 6443 and 8443.
     * @default ["0.0.0.0/0"]: any address on those ports, which works on every cluster
     */
    apiServerCidrs: z
        .array(z.cidrv4({ error: (issue) => `must be an IPv4 CIDR such as "172.20.0.0/16" or "10.0.0.1/32", got ${JSON.stringify(issue.input)}` }))
        .min(1, { error: "must name at least one CIDR; leave the key out for the default (any address)" })
        .optional(),
});
export type ClusterConfig = z.infer<typeof clusterSchema>;
