/**
 * Pod Security Admission's own evaluator (k8s.io/pod-security-admission, test/psa/main.go) over the
 * pods a rendered stack describes, each at the level its namespace enforces.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { flinkDeploymentPods } from "./flink-pods";
import { goInstalled } from "./go";
import type { K8sObject } from "./render";

const PROGRAM_DIR = path.resolve(__dirname, "..", "psa");
const SOURCES = ["go.mod", "go.sum", "main.go"];

export const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";
export const ENFORCE_VERSION_LABEL = "pod-security.kubernetes.io/enforce-version";

/** A pod to evaluate: what test/psa reads. */
export interface PsaPod {
    /** `namespace/Kind/name`, and the role for a FlinkDeployment's pods. */
    name: string;
    level: string;
    version?: string;
    metadata: Record<string, unknown>;
    spec: Record<string, unknown>;
}

export interface PsaResult {
    name: string;
    level: string;
    version: string;
    allowed: boolean;
    /** The failed checks: `reason (detail)`, as the API server words its refusal. */
    forbidden: string[];
}

/** The evaluator's binary, rebuilt when its sources change (their hash names the folder). */
export function podSecurityEvaluator(): string {
    const hash = createHash("sha256");
    for (const file of SOURCES) hash.update(fs.readFileSync(path.join(PROGRAM_DIR, file)));
    return goInstalled({ target: ".", cwd: PROGRAM_DIR, dir: path.join(PROGRAM_DIR, "target", `psa-${hash.digest("hex").slice(0, 16)}`), binary: "psa" });
}

/** Evaluates every pod in one process; fails with the program's message if it refuses its input. */
export function evaluatePods(pods: PsaPod[]): PsaResult[] {
    const result = spawnSync(podSecurityEvaluator(), [], { input: JSON.stringify(pods), encoding: "utf8", timeout: 60_000 });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`test/psa exited ${result.status}: ${result.stderr.trim()}`);
    return result.stdout
        .trim()
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as PsaResult);
}

/** The pod templates of the workload kinds, by where each keeps its template. */
const TEMPLATE: Record<string, (o: K8sObject) => any> = {
    Pod: (o) => o,
    Deployment: (o) => o.spec.template,
    StatefulSet: (o) => o.spec.template,
    DaemonSet: (o) => o.spec.template,
    ReplicaSet: (o) => o.spec.template,
    Job: (o) => o.spec.template,
    CronJob: (o) => o.spec.jobTemplate.spec.template,
};

/**
 * Every pod the objects describe, at its namespace's enforced level: the workloads' templates, and a
 * FlinkDeployment's JobManager and TaskManager pods as the operator and Flink build them. A pod in a
 * namespace the objects do not label is an error: its level would be the cluster's, unknown here.
 */
export function renderedPods(objects: K8sObject[]): PsaPod[] {
    const levels = new Map<string, { level: string; version?: string }>();
    for (const o of objects) {
        const level = o.kind === "Namespace" ? o.metadata.labels?.[ENFORCE_LABEL] : undefined;
        if (level) levels.set(o.metadata.name, { level, version: o.metadata.labels?.[ENFORCE_VERSION_LABEL] });
    }
    const pods: PsaPod[] = [];
    const add = (o: K8sObject, name: string, metadata: any, spec: any) => {
        const namespace = o.metadata.namespace ?? "default";
        const enforced = levels.get(namespace);
        if (!enforced) throw new Error(`${name}: its namespace ${namespace} is not rendered with a ${ENFORCE_LABEL} label`);
        pods.push({ name, ...enforced, metadata: metadata ?? {}, spec });
    };
    for (const o of objects) {
        const name = `${o.metadata.namespace ?? "default"}/${o.kind}/${o.metadata.name}`;
        if (TEMPLATE[o.kind]) {
            const template = TEMPLATE[o.kind](o);
            add(o, name, template.metadata, template.spec);
        } else if (o.kind === "FlinkDeployment") {
            for (const pod of flinkDeploymentPods(o)) add(o, `${name}/${pod.role}`, pod.metadata, pod.spec);
        }
    }
    return pods;
}
