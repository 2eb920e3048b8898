/**
 * The security context every workload of the platform gets: the Restricted Pod Security Standard
 * (non-root, no privilege escalation, every capability dropped, the runtime's seccomp profile) and a
 * read-only root file system, each field overridable where an image needs it.
 */
import type * as k8s from "@pulumi/kubernetes";

/** Fields a component may relax for its image; everything else stays restricted. */
export interface ContainerSecurityOverrides {
    /** False where the image writes under its own directories (Flink's entrypoint, the Flink operator). @default true */
    readOnlyRootFilesystem?: boolean;
}

export function restrictedContainerSecurity(overrides: ContainerSecurityOverrides = {}): k8s.types.input.core.v1.SecurityContext {
    return {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: overrides.readOnlyRootFilesystem ?? true,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** Pod-level settings for a restricted pod whose volumes the given user and group must own. */
export function restrictedPodSecurity(uid: number, gid: number = uid): k8s.types.input.core.v1.PodSecurityContext {
    return {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: gid,
        fsGroup: gid,
        fsGroupChangePolicy: "OnRootMismatch",
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** Pods of one workload spread over nodes when there are several, and still schedule on a one-node cluster. */
export function preferredAntiAffinity(selector: Record<string, string>): k8s.types.input.core.v1.Affinity {
    return {
        podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: selector } } }],
        },
    };
}
