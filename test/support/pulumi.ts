/**
 * Unit tests run components under Pulumi's mocks and look at what they register — the same recording
 * the offline render uses. Install the mocks before the component modules register anything.
 */
import * as pulumi from "@pulumi/pulumi";
import { CapturedResource, installRecordingMocks, settle } from "../../renderer/capture";

let captured: CapturedResource[] | undefined;

async function recording(): Promise<CapturedResource[]> {
    captured ??= await installRecordingMocks("streaming-platform", "test");
    return captured;
}

/** Runs `build` and returns the resources it registered (and only those). */
export async function registeredBy(build: () => unknown): Promise<CapturedResource[]> {
    const all = await recording();
    const before = all.length;
    build();
    await settle();
    return all.slice(before);
}

/** The value of an Output, for assertions. */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

/** The Kubernetes objects among registered resources, by `Kind/name`. */
export function objectsByKindAndName(resources: CapturedResource[]): Map<string, Record<string, any>> {
    const objects = new Map<string, Record<string, any>>();
    for (const r of resources) {
        const inputs = r.inputs as Record<string, any>;
        if (r.custom && r.type.startsWith("kubernetes:") && inputs.kind) objects.set(`${inputs.kind}/${inputs.metadata?.name}`, inputs);
    }
    return objects;
}
