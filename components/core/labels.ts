/** Labels every object of the platform carries, so `kubectl get -l` finds them and tools know who owns them. */
export const PLATFORM_LABELS: Readonly<Record<string, string>> = {
    "app.kubernetes.io/part-of": "streaming-platform",
    "app.kubernetes.io/managed-by": "pulumi",
};

/**
 * The labels that tell one component instance's pods apart: what its Services, PodDisruptionBudgets
 * and anti-affinity select. Derived from the same two values as `componentLabels`, never written twice.
 */
export function selectorLabels(name: string, component: string): Record<string, string> {
    return { "app.kubernetes.io/name": component, "app.kubernetes.io/instance": name };
}

/** The labels of one component instance: the platform's and its selector labels. */
export function componentLabels(name: string, component: string): Record<string, string> {
    return { ...PLATFORM_LABELS, ...selectorLabels(name, component) };
}

/** A DNS-1123 label (RFC 1123): what Kubernetes allows as a namespace or Service name. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isDnsLabel(value: string): boolean {
    return typeof value === "string" && value.length <= 63 && DNS_LABEL.test(value);
}

/** The message of a value that must be a DNS label. */
export function dnsLabelMessage(value: unknown, maxLength = 63): string {
    return `must be a DNS label (lower-case letters, digits and "-", at most ${maxLength}), got ${JSON.stringify(value)}`;
}

/** A label value: at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit (or empty). */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function isLabelValue(value: string): boolean {
    return typeof value === "string" && value.length <= 63 && LABEL_VALUE.test(value);
}

/** The message of a component name, which is its objects' `app.kubernetes.io/instance` label. */
export function instanceNameMessage(value: unknown): string {
    return `must be at most 63 letters, digits, "-", "_" and "." (it is the app.kubernetes.io/instance label), got ${JSON.stringify(value)}`;
}
