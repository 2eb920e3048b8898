import * as pulumi from "@pulumi/pulumi";
import { NetworkPeerArgs, TenantNamespace } from "../components/namespace/tenant-namespace";
import { NamespaceConfig, NamespacesConfig } from "./schema";

/** The platform's own namespaces by role, and the extra tenants. */
export interface PlatformNamespaces {
    streaming: TenantNamespace;
    monitoring: TenantNamespace;
    operators: TenantNamespace;
    tenants: Record<string, TenantNamespace>;
    /** Resolved names (known at once, so other components can use them without waiting). */
    names: { streaming: string; monitoring: string; operators: string; tenants: string[] };
}

/**
 * Operators and Flink's Kubernetes HA talk to the API server, whose address differs per cluster
 * (443 on EKS and GKE, 8443 on minikube, 6443 on kubeadm): open those ports, nothing else.
 */
export const KUBE_API_EGRESS: NetworkPeerArgs = { cidr: "0.0.0.0/0", ports: [443, 6443, 8443] };

interface PlatformPeers {
    ingress: NetworkPeerArgs[];
    egress: NetworkPeerArgs[];
}

function tenantNamespace(key: string, config: NamespaceConfig, monitoring: string, peers: PlatformPeers, opts: pulumi.ComponentResourceOptions): TenantNamespace {
    const { name, allowEgressTo, allowIngressFrom, ...rest } = config;
    return new TenantNamespace(
        key,
        {
            ...rest,
            namespace: name ?? key,
            monitoringNamespace: monitoring,
            allowIngressFrom: [...peers.ingress, ...(allowIngressFrom ?? [])],
            allowEgressTo: [...peers.egress, ...(allowEgressTo ?? [])],
        },
        opts,
    );
}

export function createNamespaces(config: NamespacesConfig, opts: pulumi.ComponentResourceOptions = {}): PlatformNamespaces {
    const names = {
        streaming: config.streaming.name ?? "streaming",
        monitoring: config.monitoring.name ?? "monitoring",
        operators: config.operators.name ?? "operators",
        tenants: Object.keys(config.tenants).map((key) => config.tenants[key].name ?? key),
    };
    // The operators reach into the namespaces they manage (Flink's REST API, Kafka's admin ports).
    const managed: PlatformPeers = { ingress: [{ namespace: names.operators }], egress: [KUBE_API_EGRESS] };
    const tenants: Record<string, TenantNamespace> = {};
    for (const [key, tenant] of Object.entries(config.tenants)) {
        tenants[key] = tenantNamespace(key, tenant, names.monitoring, managed, opts);
    }
    const operatorEgress = [names.streaming, ...names.tenants].map((namespace) => ({ namespace }));
    return {
        streaming: tenantNamespace(names.streaming, config.streaming, names.monitoring, managed, opts),
        monitoring: tenantNamespace(names.monitoring, config.monitoring, names.monitoring, { ingress: [], egress: [KUBE_API_EGRESS] }, opts),
        operators: tenantNamespace(names.operators, config.operators, names.monitoring, { ingress: [], egress: [KUBE_API_EGRESS, ...operatorEgress] }, opts),
        tenants,
        names,
    };
}
