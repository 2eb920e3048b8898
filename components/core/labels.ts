/** Labels every object of the platform carries, so `kubectl get -l` finds them and tools know who owns them. */
export const PLATFORM_LABELS: Readonly<Record<string, string>> = {
    "app.kubernetes.io/part-of": "streaming-platform",
    "app.kubernetes.io/managed-by": "pulumi",
};

/** The labels of one component instance: the platform's, its name and its role. */
export function componentLabels(name: string, component: string): Record<string, string> {
    return {
        ...PLATFORM_LABELS,
        "app.kubernetes.io/name": component,
        "app.kubernetes.io/instance": name,
    };
}

/** A DNS-1123 label (RFC 1123): what Kubernetes allows as a namespace or Service name. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isDnsLabel(value: string): boolean {
    return value.length <= 63 && DNS_LABEL.test(value);
}
