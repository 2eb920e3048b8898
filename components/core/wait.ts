/**
 * The annotations that make the Kubernetes provider wait, during `pulumi up`, until a custom resource
 * reports what it is for (Strimzi's `Ready`, a FlinkDeployment `STABLE`): without them, an operator's
 * resource counts as created the moment the API server accepts it.
 */
export function waitForAnnotations(conditions: readonly string[], timeoutSeconds: number): Record<string, string> {
    return {
        "pulumi.com/waitFor": conditions.length === 1 ? conditions[0] : JSON.stringify(conditions),
        "pulumi.com/timeoutSeconds": String(timeoutSeconds),
    };
}
