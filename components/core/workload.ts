/** Security and resource settings every workload of the platform shares. */

/** A container that runs as non-root, cannot escalate, and drops every capability (Pod Security "restricted"). */
export function restrictedContainerSecurity(readOnlyRootFilesystem: boolean): Record<string, unknown> {
    return {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** Pod-level settings for a restricted pod whose volumes the given user and group must own. */
export function restrictedPodSecurity(uid: number, gid: number): Record<string, unknown> {
    return {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: gid,
        fsGroup: gid,
        fsGroupChangePolicy: "OnRootMismatch",
        seccompProfile: { type: "RuntimeDefault" },
    };
}

export interface ResourcesArgs {
    /** CPU request. */
    requestsCpu?: string;
    /** Memory request. */
    requestsMemory?: string;
    /** CPU limit. */
    limitsCpu?: string;
    /** Memory limit. */
    limitsMemory?: string;
}

export interface ResolvedResources {
    requestsCpu: string;
    requestsMemory: string;
    limitsCpu: string;
    limitsMemory: string;
}

export function resolveResources(args: ResourcesArgs | undefined, defaults: ResolvedResources): ResolvedResources {
    return {
        requestsCpu: args?.requestsCpu ?? defaults.requestsCpu,
        requestsMemory: args?.requestsMemory ?? defaults.requestsMemory,
        limitsCpu: args?.limitsCpu ?? defaults.limitsCpu,
        limitsMemory: args?.limitsMemory ?? defaults.limitsMemory,
    };
}

export function containerResources(r: ResolvedResources): Record<string, unknown> {
    return { requests: { cpu: r.requestsCpu, memory: r.requestsMemory }, limits: { cpu: r.limitsCpu, memory: r.limitsMemory } };
}

/** Pods of one workload spread over nodes when there are several, and still schedule on a one-node cluster. */
export function preferredAntiAffinity(labels: Record<string, string>): Record<string, unknown> {
    return {
        podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: labels } } }],
        },
    };
}
