/**
 * Validates a Kubernetes object against the published schema of its kind: built-in kinds from
 * `kubernetes-models`, custom resources from the `@kubernetes-models/*` package generated from the
 * operator's own CRDs. No schema is written by hand; a kind without a known schema is an error.
 */

/** API groups of custom resources, and the registry package that holds their schemas. */
const CRD_PACKAGES: Record<string, string> = {
    "flink.apache.org": "@kubernetes-models/flink",
    "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
    "core.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
    "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

interface Validatable {
    validate(): void;
}

function modulePath(apiVersion: string, kind: string): string {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    if (group === "") return `kubernetes-models/${version}/${kind}`;
    const pkg = CRD_PACKAGES[group] ?? "kubernetes-models";
    return `${pkg}/${group}/${version}/${kind}`;
}

/** The schema's complaint about `obj`, or undefined when it is valid. Throws when no schema is known. */
export async function schemaErrors(obj: { apiVersion: string; kind: string }): Promise<string | undefined> {
    const path = modulePath(obj.apiVersion, obj.kind);
    let mod: Record<string, new (data: unknown) => Validatable>;
    try {
        mod = await import(path);
    } catch {
        throw new Error(`no schema for ${obj.apiVersion} ${obj.kind} (looked for ${path})`);
    }
    const Model = mod[obj.kind];
    if (Model === undefined) throw new Error(`no schema for ${obj.apiVersion} ${obj.kind} in ${path}`);
    try {
        new Model(obj).validate();
        return undefined;
    } catch (error) {
        return error instanceof Error ? error.message : String(error);
    }
}
