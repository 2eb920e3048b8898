/**
 * Rules that hold across the objects of a rendered stack. Each returns the violations it finds, as
 * sentences naming the objects, so a failing test says what is wrong.
 */
import type { K8sObject } from "./render";

const BUILT_IN_CLUSTER_ROLES = new Set(["admin", "edit", "view", "cluster-admin"]);

export function ref(obj: K8sObject): string {
    return `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ""}${obj.metadata.name}`;
}

/** Every namespace has its quota, container limits and default-deny policy. */
export function namespacesAreFenced(objects: K8sObject[]): string[] {
    const problems: string[] = [];
    for (const ns of objects.filter((o) => o.kind === "Namespace")) {
        const inside = objects.filter((o) => o.metadata.namespace === ns.metadata.name);
        if (!inside.some((o) => o.kind === "ResourceQuota")) problems.push(`namespace ${ns.metadata.name} has no ResourceQuota`);
        if (!inside.some((o) => o.kind === "LimitRange")) problems.push(`namespace ${ns.metadata.name} has no LimitRange`);
        const denies = inside.some(
            (o) => o.kind === "NetworkPolicy" && Object.keys(o.spec.podSelector ?? {}).length === 0 && !o.spec.ingress && !o.spec.egress && o.spec.policyTypes?.length === 2,
        );
        if (!denies) problems.push(`namespace ${ns.metadata.name} has no default-deny NetworkPolicy`);
        if (!ns.metadata.labels?.["pod-security.kubernetes.io/enforce"]) problems.push(`namespace ${ns.metadata.name} enforces no Pod Security Standard`);
    }
    return problems;
}

/** Every namespaced object lives in a namespace the stack creates. */
export function namespacesExist(objects: K8sObject[]): string[] {
    const namespaces = new Set(objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name));
    return objects.filter((o) => o.metadata.namespace !== undefined && !namespaces.has(o.metadata.namespace)).map((o) => `${ref(o)} is in a namespace the stack does not create`);
}

/** Every RoleBinding names a built-in ClusterRole, a ClusterRole the stack creates, or a Role of its namespace. */
export function roleBindingsNameRoles(objects: K8sObject[]): string[] {
    return objects
        .filter((o) => o.kind === "RoleBinding" || o.kind === "ClusterRoleBinding")
        .filter((binding) => {
            const { kind, name } = binding.roleRef;
            if (kind === "ClusterRole") return !BUILT_IN_CLUSTER_ROLES.has(name) && !objects.some((o) => o.kind === "ClusterRole" && o.metadata.name === name);
            return !objects.some((o) => o.kind === "Role" && o.metadata.name === name && o.metadata.namespace === binding.metadata.namespace);
        })
        .map((binding) => `${ref(binding)} names ${binding.roleRef.kind} ${binding.roleRef.name}, which does not exist`);
}

/** Every ServiceAccount a binding or a pod names exists, or is made by something the stack installs. */
export function serviceAccountsExist(objects: K8sObject[], madeElsewhere: Set<string> = new Set()): string[] {
    const accounts = new Set(objects.filter((o) => o.kind === "ServiceAccount").map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
    const problems: string[] = [];
    for (const binding of objects.filter((o) => o.kind === "RoleBinding")) {
        for (const subject of binding.subjects ?? []) {
            if (subject.kind !== "ServiceAccount") continue;
            const key = `${subject.namespace}/${subject.name}`;
            if (!accounts.has(key) && !madeElsewhere.has(key)) problems.push(`${ref(binding)} binds ServiceAccount ${key}, which does not exist`);
        }
    }
    return problems;
}

/** The labels of the pods a workload object makes, per kind; custom resources add their operator's rule. */
export const POD_LABELS: Record<string, (obj: K8sObject) => Record<string, string>[]> = {
    Deployment: (o) => [o.spec.template.metadata?.labels ?? {}],
    StatefulSet: (o) => [o.spec.template.metadata?.labels ?? {}],
    DaemonSet: (o) => [o.spec.template.metadata?.labels ?? {}],
    Job: (o) => [o.spec.template.metadata?.labels ?? {}],
    Pod: (o) => [o.metadata.labels ?? {}],
    // Flink's native Kubernetes mode labels its pods app=<cluster>, component=jobmanager|taskmanager,
    // type=flink-native-kubernetes, on top of the pod template's labels.
    FlinkDeployment: (o) =>
        (["jobmanager", "taskmanager"] as const).map((component) => ({
            ...(o.spec.podTemplate?.metadata?.labels ?? {}),
            ...(o.spec[component === "jobmanager" ? "jobManager" : "taskManager"]?.podTemplate?.metadata?.labels ?? {}),
            app: o.metadata.name,
            component,
            type: "flink-native-kubernetes",
        })),
};

export interface PodGroup {
    namespace: string;
    owner: string;
    labels: Record<string, string>;
}

export function podGroups(objects: K8sObject[]): PodGroup[] {
    return objects.flatMap((o) => (POD_LABELS[o.kind]?.(o) ?? []).map((labels) => ({ namespace: o.metadata.namespace ?? "default", owner: ref(o), labels })));
}

function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
    return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** The pod groups a selector (`matchLabels` or a Service's plain map) picks in a namespace. */
export function selected(groups: PodGroup[], namespace: string, selector: Record<string, string>): PodGroup[] {
    return groups.filter((g) => g.namespace === namespace && matches(selector, g.labels));
}

/** Every Service and PodDisruptionBudget selects pods that the stack makes. */
export function selectorsSelectPods(objects: K8sObject[]): string[] {
    const groups = podGroups(objects);
    const problems: string[] = [];
    for (const o of objects) {
        let selector: Record<string, string> | undefined;
        if (o.kind === "Service" && o.spec?.selector) selector = o.spec.selector;
        if (o.kind === "PodDisruptionBudget") selector = o.spec.selector?.matchLabels ?? {};
        if (selector === undefined) continue;
        if (Object.keys(selector).length === 0) problems.push(`${ref(o)} has an empty selector: it would select every pod of its namespace`);
        else if (selected(groups, o.metadata.namespace ?? "default", selector).length === 0) problems.push(`${ref(o)} selects no pod the stack makes (${JSON.stringify(selector)})`);
    }
    return problems;
}

function selectsEveryPod(selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined): boolean {
    return Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
}

type PolicyRule = { from?: any[]; to?: any[]; ports?: unknown[] };

function rulesOf(policy: K8sObject): PolicyRule[] {
    return [...(policy.spec.ingress ?? []), ...(policy.spec.egress ?? [])];
}

/** No NetworkPolicy lets every pod of its namespace reach, or be reached from, any address. */
export function noPolicyOpensAnyAddressToEveryPod(objects: K8sObject[]): string[] {
    return objects
        .filter((o) => o.kind === "NetworkPolicy" && selectsEveryPod(o.spec.podSelector))
        .filter((policy) => rulesOf(policy).some((rule) => [...(rule.from ?? []), ...(rule.to ?? [])].some((peer) => peer.ipBlock?.cidr === "0.0.0.0/0")))
        .map((policy) => `${ref(policy)} opens 0.0.0.0/0 to every pod of its namespace`);
}

/** Every rule that lets the monitoring namespace in, or lets it out to another namespace, names its ports. */
export function scrapeRulesNamePorts(objects: K8sObject[], monitoring: string): string[] {
    const problems: string[] = [];
    for (const policy of objects.filter((o) => o.kind === "NetworkPolicy")) {
        for (const rule of rulesOf(policy)) {
            const peers = [...(rule.from ?? []), ...(rule.to ?? [])];
            const fromMonitoring = peers.some((peer) => peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === monitoring);
            const outOfMonitoring = policy.metadata.namespace === monitoring && (rule.to ?? []).some((peer) => peer.namespaceSelector !== undefined);
            if ((fromMonitoring || outOfMonitoring) && (rule.ports ?? []).length === 0) problems.push(`${ref(policy)} has a rule for the monitoring namespace on every port`);
        }
    }
    return problems;
}
