/** Outputs that a component hands to others. */
import * as pulumi from "@pulumi/pulumi";

/**
 * `value`, known at once, handed out only once `resources` exist, so that whatever consumes it waits for
 * them (a connect string for the ensemble's pods, bootstrap servers for the Kafka cluster).
 */
export function once<T>(resources: pulumi.Resource | readonly pulumi.Resource[], value: T): pulumi.Output<T> {
    const list: readonly pulumi.Resource[] = resources instanceof pulumi.Resource ? [resources] : resources;
    return pulumi.all(list.map((r) => r.urn)).apply(() => value);
}
