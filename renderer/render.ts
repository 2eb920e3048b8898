/**
 * The offline render: runs the real program under Pulumi's mocks with one stack's configuration and
 * turns what it registers into files a person, a GitOps tool or a test can read.
 */
import * as path from "node:path";
import { CapturedResource, installRecordingMocks, MASK, settle } from "./capture";
import { parsePlatformConfig, rawStackConfig, StackConfigError } from "../stacks/config";
import { namespaceKeys } from "../stacks/namespaces";
import { quotaProblems } from "./quota";
import { readStackFile } from "./stack-file";
import { RenderedObject, RenderedRelease, stackRequests } from "./requests";
import * as pulumi from "@pulumi/pulumi";

export const HELM_RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
export const CONFIG_GROUP_TYPE = "kubernetes:yaml/v2:ConfigGroup";

export interface HelmRelease extends RenderedRelease {
    name: string;
    repo?: string;
    version?: string;
    namespace?: string;
}

export interface CloudResource {
    type: string;
    name: string;
    protect: boolean;
    retainOnDelete: boolean;
    inputs: Record<string, unknown>;
}

export interface Summary {
    stack: string;
    resources: Record<string, number>;
    requests: { cpuMillicores: number; memoryMiB: number };
    /** Helm charts whose pods the requests do not include. */
    unestimatedCharts: string[];
    /** Every resource that outlives `pulumi destroy` or refuses it. */
    guarded: { type: string; name: string; protect: boolean; retainOnDelete: boolean }[];
    /**
     * The CRD manifests each operator's ConfigGroup applies before its chart. The provider reads them at
     * `pulumi up`, so the render lists where they come from rather than the CRDs themselves.
     */
    crds: { name: string; files: string[] }[];
}

export interface Rendering {
    objects: (RenderedObject & { metadata: { name: string; namespace?: string } })[];
    releases: HelmRelease[];
    cloud: CloudResource[];
    summary: Summary;
}

function isKubernetesObject(r: CapturedResource): boolean {
    return r.custom && r.type.startsWith("kubernetes:") && r.type !== HELM_RELEASE_TYPE && !r.type.startsWith("pulumi:");
}

const SECRET_KINDS = new Set(["v1/Secret"]);

/** Secret data is masked even when the program did not mark it secret. */
function maskObject(obj: RenderedObject): RenderedObject {
    if (!SECRET_KINDS.has(`${obj.apiVersion}/${obj.kind}`)) return obj;
    const masked: RenderedObject = { ...obj };
    for (const field of ["data", "stringData"]) {
        const data = obj[field];
        // Keys stay visible, so a reviewer sees what the Secret holds; a field masked whole stays so.
        if (typeof data === "object" && data !== null) masked[field] = Object.fromEntries(Object.keys(data).map((k) => [k, MASK]));
    }
    return masked;
}

/** Sorts what the program registered into objects, Helm releases and cloud resources, and sums it up. */
export function classify(stack: string, captured: CapturedResource[]): Rendering {
    const objects: Rendering["objects"] = [];
    const releases: HelmRelease[] = [];
    const cloud: CloudResource[] = [];
    const resources: Record<string, number> = {};
    for (const r of captured) {
        if (!r.custom || r.type.startsWith("pulumi:providers:")) continue;
        resources[r.type] = (resources[r.type] ?? 0) + 1;
        if (r.type === HELM_RELEASE_TYPE) {
            const i = r.inputs as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
            releases.push({
                name: i.name ?? r.name,
                chart: i.chart,
                repo: i.repositoryOpts?.repo,
                version: i.version,
                namespace: i.namespace,
                values: i.values ?? {},
            });
        } else if (isKubernetesObject(r)) {
            objects.push(maskObject(r.inputs as RenderedObject) as Rendering["objects"][number]);
        } else {
            cloud.push({ type: r.type, name: r.name, protect: r.protect, retainOnDelete: r.retainOnDelete, inputs: r.inputs });
        }
    }
    const { total, unestimated } = stackRequests(objects, releases);
    const guarded = captured
        .filter((r) => r.custom && (r.protect || r.retainOnDelete))
        .map(({ type, name, protect, retainOnDelete }) => ({ type, name, protect, retainOnDelete }));
    const sortedResources = Object.fromEntries(Object.entries(resources).sort(([a], [b]) => a.localeCompare(b)));
    const crds = captured
        .filter((r) => r.type === CONFIG_GROUP_TYPE)
        .map((r) => ({ name: r.name, files: ((r.inputs as { files?: string[] }).files ?? []).map(String) }));
    return { objects, releases, cloud, summary: { stack, resources: sortedResources, requests: total, unestimatedCharts: unestimated, guarded, crds } };
}

/**
 * Renders one stack of the project in `projectDir`: sets its configuration, imports the program under
 * the mocks, waits for every registration. Throws what the program throws (an invalid config, a bad
 * argument). One render per process: Pulumi's runtime state is global. `stackFile` renders a stack
 * file other than `Pulumi.<stack>.yaml`, such as a candidate configuration under review.
 */
export async function renderStack(projectDir: string, stack: string, stackFile?: string): Promise<Rendering> {
    const { config, secretKeys } = readStackFile(projectDir, stack, stackFile);
    const captured = await installRecordingMocks("streaming-platform", stack);
    pulumi.runtime.setAllConfig(config, secretKeys);
    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
        await import(path.resolve(projectDir, "index.ts"));
        await settle();
    } finally {
        process.off("unhandledRejection", onRejection);
    }
    if (failures.length > 0) throw failures[0];
    const rendering = classify(stack, captured);
    const keys = namespaceKeys(parsePlatformConfig(rawStackConfig(config)).namespaces);
    const problems = quotaProblems(rendering.objects, rendering.releases, (namespace) => `${keys[namespace] ?? `namespace ${namespace}`}.quota`);
    if (problems.length > 0) throw new StackConfigError(problems);
    return rendering;
}
