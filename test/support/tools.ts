/**
 * The programs the real-program tests run besides Node: Java, Maven, Go and promtool. Each is checked before its
 * first use, so that a missing or too old one fails the test with one line that says what to install,
 * instead of a spawn error that carries the whole classpath or a ZooKeeper log without a server in it.
 */
import { spawnSync } from "node:child_process";

export type Tool = "java" | "mvn" | "go" | "promtool";

interface Requirement {
    /** The command and its arguments that print the version (and fail when it is not there). */
    version: string[];
    /** The oldest version that works, as numbers compared in order (Java's major; Go's 1 and minor). */
    minimum?: number[];
    /** The version in the version command's output, in the same numbers. */
    parse?: (output: string) => number[] | undefined;
    install: string;
    why: string;
}

const REQUIREMENTS: Record<Tool, Requirement> = {
    java: {
        // no perf data file in /tmp/hsperfdata_<user>/
        version: ["java", "-XX:-UsePerfData", "-version"],
        // the ZooKeeper, Flink and Kafka releases the platform pins run on 17, and the tests start single-file sources
        minimum: [17],
        // `openjdk version "17.0.15"`; `java version "1.8.0_292"`: before 9 the major version was the second number
        parse: (output) => {
            const m = /version "(\d+)(?:\.(\d+))?/.exec(output);
            if (!m) return undefined;
            return [Number(m[1] === "1" ? (m[2] ?? 0) : m[1])];
        },
        install: "install Java 17 or newer (apt-get install openjdk-17-jdk-headless)",
        why: "the real-program tests need it",
    },
    mvn: {
        version: ["mvn", "--version"],
        install: "install Maven (apt-get install maven)",
        why: "the real-program tests fetch ZooKeeper, Flink and Kafka from Maven Central with it",
    },
    go: {
        version: ["go", "version"],
        // the go.mod of k8s.io/pod-security-admission v0.37.2 (test/psa) says go 1.26.0; Versity S3
        // Gateway v1.8.0's says 1.25.0
        minimum: [1, 26],
        parse: (output) => {
            const m = /go(\d+)\.(\d+)/.exec(output);
            return m ? [Number(m[1]), Number(m[2])] : undefined;
        },
        install: "install Go 1.26 or newer (https://go.dev/dl/)",
        why: "the tests build Versity S3 Gateway, actionlint and the Pod Security evaluator (test/psa) with it",
    },
    promtool: {
        version: ["promtool", "--version"],
        // Debian 12's prometheus package (2.42): the Go module proxy lacks a module that Prometheus
        // v0.316.0's service discovery needs, so `go install …/cmd/promtool` fails there
        install: "install Prometheus's promtool (apt-get install prometheus; .ci/run installs it)",
        why: "the alert tests check and unit-test the rendered PrometheusRule with it",
    },
};

function older(have: number[], want: number[]): boolean {
    for (let i = 0; i < want.length; i++) {
        if ((have[i] ?? 0) !== want[i]) return (have[i] ?? 0) < want[i];
    }
    return false;
}

/**
 * What is wrong with `tool` as `env.PATH` finds it, in one line, or undefined when it is there and new
 * enough. Runs its version command (for java a JVM start: a fraction of a second).
 */
export function toolProblem(tool: Tool, env: NodeJS.ProcessEnv = process.env): string | undefined {
    const r = REQUIREMENTS[tool];
    const result = spawnSync(r.version[0], r.version.slice(1), { env: tool === "mvn" ? mavenEnv(env) : env, encoding: "utf8", timeout: 60_000 });
    const error: NodeJS.ErrnoException | undefined = result.error;
    if (error?.code === "ENOENT") return `${tool} not found: ${r.install} — ${r.why}`;
    if (error || result.status !== 0) {
        const said = `${result.stderr ?? ""}${result.stdout ?? ""}`.trim().split("\n")[0];
        const how = error?.message ?? `${r.version.join(" ")} exited ${result.status}`;
        return `${tool} does not run (${how}${said ? `: ${said}` : ""}): ${r.install} — ${r.why}`;
    }
    if (!r.minimum || !r.parse) return undefined;
    const have = r.parse(`${result.stderr}${result.stdout}`);
    if (!have) return `${tool}: no version in the output of ${r.version.join(" ")}: ${r.install} — ${r.why}`;
    if (older(have, r.minimum)) return `${tool} is version ${have.join(".")}, older than ${r.minimum.join(".")}: ${r.install}, first on PATH — ${r.why}`;
    return undefined;
}

/** The environment for `mvn`: its JVM without a perf data file (nor the /tmp/hsperfdata_<user>/ directory it lives in). */
export function mavenEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    return { ...env, MAVEN_OPTS: `${env.MAVEN_OPTS ?? ""} -XX:-UsePerfData`.trim() };
}

/** An error whose whole report is its message: the test output shows that line and no stack. */
function oneLineError(message: string): Error {
    const error = new Error(message);
    error.stack = message;
    return error;
}

const checked = new Map<string, string | undefined>();

/** Throws the one-line problem of each tool (checked once per process and PATH), before a test uses it. */
export function requireTools(...tools: Tool[]): void {
    for (const tool of tools) {
        const key = `${tool}\0${process.env.PATH ?? ""}`;
        if (!checked.has(key)) checked.set(key, toolProblem(tool));
        const problem = checked.get(key);
        if (problem) throw oneLineError(problem);
    }
}
