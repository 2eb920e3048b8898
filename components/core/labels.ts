import { Problem, Problems } from "./problems";

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

/** The name part of a label key, and a label value (which may also be empty): Kubernetes' "qualified name" rule. */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** A label key's optional prefix: a DNS subdomain. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A label key: `name` or `prefix/name`, the name at most 63 characters, the prefix a DNS subdomain of at most 253. */
export function isLabelKey(key: string): boolean {
    const slash = key.lastIndexOf("/");
    const prefix = slash < 0 ? undefined : key.slice(0, slash);
    const name = key.slice(slash + 1);
    return name.length <= 63 && LABEL_NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix)));
}

/** A label value: empty, or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit. */
export function isLabelValue(value: unknown): boolean {
    return typeof value === "string" && (value === "" || (value.length <= 63 && LABEL_NAME.test(value)));
}

/** The problems of a label map, each at its key (`["app.kubernetes.io/name"]`), so a dotted key stays one path step. */
export function labelsProblems(labels: Readonly<Record<string, string>> | undefined): Problem[] {
    const problems = new Problems();
    for (const [key, value] of Object.entries(labels ?? {})) {
        const at = `[${JSON.stringify(key)}]`;
        problems.check(isLabelKey(key), at, `the key must be a label key ("name" or "prefix/name": letters, digits, "-", "_" and ".", the name at most 63), got ${JSON.stringify(key)}`);
        problems.check(isLabelValue(value), at, `must be a label value (at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit), got ${JSON.stringify(value)}`);
    }
    return problems.list;
}

/** The message of a component name, which is its objects' `app.kubernetes.io/instance` label. */
export function instanceNameMessage(value: unknown): string {
    return `must be at most 63 letters, digits, "-", "_" and "." (it is the app.kubernetes.io/instance label), got ${JSON.stringify(value)}`;
}
