/**
 * Kubernetes NetworkPolicy semantics from a maintained engine rather than our own matching: the small
 * Go program in test/render/netpol/ runs Cyclonus' policy matcher (github.com/mattfenwick/cyclonus,
 * pkg/matcher; the engine SIG Network's policy-assistant grew from — policy-assistant itself is not
 * served by the Go module proxy, its go.mod path does not match its folder). Built once per source
 * and kept under test/render/target/, as test/ci/actionlint.ts keeps actionlint.
 */
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { K8sObject } from "./render";
import { scratchDir } from "./scratch";
import { requireTools } from "./tools";

const PROGRAM_DIR = path.resolve(__dirname, "..", "render", "netpol");
const TARGET = path.resolve(__dirname, "..", "render", "target");

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

/** The engine's binary, rebuilt when its source or go.mod/go.sum change. */
export function netpolEngine(): string {
    const digest = createHash("sha256");
    for (const file of ["go.mod", "go.sum", "main.go"]) digest.update(fs.readFileSync(path.join(PROGRAM_DIR, file)));
    const dir = path.join(TARGET, `netpol-${digest.digest("hex").slice(0, 12)}`);
    const binary = path.join(dir, "netpol");
    if (fs.existsSync(binary)) return binary;
    requireTools("go");
    fs.mkdirSync(TARGET, { recursive: true });
    // Built into a folder of its own and renamed into place, so that a second test run building at the
    // same time never runs a half-written binary; the loser of the rename keeps the winner's.
    const building = fs.mkdtempSync(path.join(TARGET, ".building-"));
    try {
        const result = spawnSync("go", ["build", "-o", path.join(building, "netpol"), "."], {
            cwd: PROGRAM_DIR,
            // Go's build directories in a scratch directory, so that a build cut off by the timeout leaves none in /tmp.
            env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly", GOTMPDIR: scratchDir("netpol-build-") },
            encoding: "utf8",
            timeout: 10 * 60_000,
        });
        if (result.status !== 0) throw new Error(`go build of ${PROGRAM_DIR} failed (${result.error?.message ?? result.status}):\n${result.stderr}`);
        fs.chmodSync(building, 0o755);
        try {
            fs.renameSync(building, dir);
        } catch (error) {
            if (!fs.existsSync(binary)) throw error;
        }
    } finally {
        fs.rmSync(building, { recursive: true, force: true });
    }
    return binary;
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
    if (result.status !== 0) throw new Error(`the NetworkPolicy engine exited ${result.status}: ${result.stderr}`);
    return JSON.parse(result.stdout) as Verdict[];
}
