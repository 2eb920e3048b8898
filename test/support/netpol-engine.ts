/**
 * Kubernetes NetworkPolicy semantics from a maintained engine rather than our own matching: the small
 * Go program in test/netpol/ runs Cyclonus' policy matcher (github.com/mattfenwick/cyclonus,
 * pkg/matcher; the engine SIG Network's policy-assistant grew from — policy-assistant itself is not
 * served by the Go module proxy, its go.mod path does not match its folder).
 */
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { goInstalled } from "./go";
import type { K8sObject } from "./render";

const PROGRAM_DIR = path.resolve(__dirname, "..", "netpol");
const SOURCES = ["go.mod", "go.sum", "main.go"];

/** A pod as the policies see it (namespace, its labels, pod labels, IP), or an address outside the cluster (IP only). */
export interface Endpoint {
    ip: string;
    namespace?: string;
    namespaceLabels?: Record<string, string>;
    podLabels?: Record<string, string>;
}

export interface Connection {
    source: Endpoint;
    destination: Endpoint;
    port: number;
    protocol?: "TCP" | "UDP" | "SCTP";
}

export interface DirectionVerdict {
    allowed: boolean;
    /** The policies (namespace/name) that select the pod on this side and admit the connection. */
    allowedBy: string[];
    /** The policies that select the pod on this side and do not admit it. */
    notAllowedBy: string[];
}

export interface Verdict {
    allowed: boolean;
    /** At the destination: its policies' ingress rules. */
    ingress: DirectionVerdict;
    /** At the source: its policies' egress rules. */
    egress: DirectionVerdict;
}

/** The engine's binary, rebuilt when its sources change (their hash names the folder). */
export function netpolEngine(): string {
    const hash = createHash("sha256");
    for (const file of SOURCES) hash.update(fs.readFileSync(path.join(PROGRAM_DIR, file)));
    return goInstalled({ target: ".", cwd: PROGRAM_DIR, dir: path.join(PROGRAM_DIR, "target", `netpol-${hash.digest("hex").slice(0, 16)}`), binary: "netpol" });
}

// Only the fields the engine reads: it refuses unknown ones, so that a misspelt one cannot pass unread.
function endpointInput({ ip, namespace, namespaceLabels, podLabels }: Endpoint): Endpoint {
    return { ip, namespace, namespaceLabels, podLabels };
}

/** Whether `policies` allow each connection, in order, with the policies that decided it. */
export function evaluate(policies: K8sObject[], connections: Connection[]): Verdict[] {
    const input = { policies, connections: connections.map((c) => ({ ...c, source: endpointInput(c.source), destination: endpointInput(c.destination) })) };
    const result = spawnSync(netpolEngine(), [], { input: JSON.stringify(input), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`test/netpol exited ${result.status}: ${result.stderr.trim()}`);
    return JSON.parse(result.stdout) as Verdict[];
}
