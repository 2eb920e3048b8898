import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createObject } from "../core/objects";
import { throwIfProblems } from "../core/problems";
import { resolveTenantNamespaceArgs, TenantNamespaceArgs } from "./args";
import { namespacedManifests, namespaceManifest } from "./manifests";
import { tenantNamespaceProblems } from "./problems";
import { once } from "../core/outputs";

/**
 * A namespace for one tenant of the platform: Pod Security Standards labels, a ResourceQuota and
 * LimitRange, NetworkPolicies (default deny in both directions; egress to DNS and to the namespace's own
 * pods, whose workloads admit their own clients; the peers its args name, for the pods they name),
 * ServiceAccounts, and RoleBindings of the built-in `admin`, `edit` and `view` ClusterRoles.
 */
export class TenantNamespace extends pulumi.ComponentResource {
    /** The namespace's name, known once the Namespace exists: depend on it to create objects inside. */
    public readonly namespaceName: pulumi.Output<string>;
    /** Names of the ServiceAccounts created in the namespace, once they exist. */
    public readonly serviceAccountNames: pulumi.Output<string[]>;

    constructor(name: string, args: TenantNamespaceArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems("TenantNamespace", name, tenantNamespaceProblems(name, args));
        super("streaming-platform:index:TenantNamespace", name, {}, opts);
        const resolved = resolveTenantNamespaceArgs(name, args);

        const namespace = new k8s.core.v1.Namespace(`${name}-namespace`, namespaceManifest(resolved), {
            parent: this,
            retainOnDelete: args.retainOnDestroy ?? true,
        });
        const children = namespacedManifests(resolved).map((manifest) => createObject(name, manifest, { parent: this, dependsOn: [namespace] }));

        this.namespaceName = namespace.metadata.name;
        this.serviceAccountNames = once(children, resolved.serviceAccounts);
        this.registerOutputs({ namespaceName: this.namespaceName, serviceAccountNames: this.serviceAccountNames });
    }
}
