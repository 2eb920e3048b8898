/**
 * The fraud job's local runner needs apps/fraud-job compiled and its runtime classpath resolved (the
 * commands of apps/fraud-job/README.md). Built when either is missing or older than a source, so a
 * newcomer's first `npm run demo` builds it and an edit to the job is never run stale.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const FRAUD_JOB_DIR = path.resolve(__dirname, "..", "fraud-job");
export const LOCAL_RUNNER_CLASS = "streamingplatform.fraud.LocalFraudPipeline";

const CLASSES = path.join(FRAUD_JOB_DIR, "target", "classes");
const CLASSPATH_FILE = path.join(FRAUD_JOB_DIR, "target", "classpath.txt");
const RUNNER_CLASS_FILE = path.join(CLASSES, ...LOCAL_RUNNER_CLASS.split(".")) + ".class";

/** The newest modification time of `file`, or of any file below it. */
function newest(file: string): number {
    const stat = fs.statSync(file);
    if (!stat.isDirectory()) return stat.mtimeMs;
    return Math.max(stat.mtimeMs, ...fs.readdirSync(file).map((name) => newest(path.join(file, name))));
}

/** Why the build is needed, or undefined when the compiled runner and its classpath are up to date. */
export function buildReason(): string | undefined {
    if (!fs.existsSync(RUNNER_CLASS_FILE)) return "it is not compiled yet";
    if (!fs.existsSync(CLASSPATH_FILE)) return "its runtime classpath is not resolved yet";
    const built = Math.min(fs.statSync(RUNNER_CLASS_FILE).mtimeMs, fs.statSync(CLASSPATH_FILE).mtimeMs);
    const sources = Math.max(newest(path.join(FRAUD_JOB_DIR, "pom.xml")), newest(path.join(FRAUD_JOB_DIR, "src", "main")));
    return sources > built ? "its sources changed since it was built" : undefined;
}

/** Compiles apps/fraud-job and resolves its classpath with Maven when needed; throws saying what failed. */
export function ensureFraudJobBuilt(log: (line: string) => void): void {
    const reason = buildReason();
    if (reason === undefined) return;
    log(`demo: building apps/fraud-job with Maven, as ${reason} (the first build downloads Flink from Maven Central: a few minutes)`);
    const args = ["-B", "-q", "compile", "dependency:build-classpath", `-Dmdep.outputFile=${CLASSPATH_FILE}`, "-Dmdep.includeScope=test"];
    // No perf data file of Maven's JVM in /tmp/hsperfdata_<user>/.
    const env = { ...process.env, MAVEN_OPTS: `${process.env.MAVEN_OPTS ?? ""} -XX:-UsePerfData`.trim() };
    const result = spawnSync("mvn", args, { cwd: FRAUD_JOB_DIR, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const error: NodeJS.ErrnoException | undefined = result.error;
    if (error?.code === "ENOENT") {
        throw new Error("demo: mvn not found: the demo builds apps/fraud-job with Maven; install Maven (apt-get install maven) and Java 17 or newer");
    }
    if (result.error || result.status !== 0) {
        const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-60).join("\n");
        throw new Error(`demo: building apps/fraud-job failed (cd apps/fraud-job && mvn ${args.join(" ")}: ${result.error?.message ?? `exit ${result.status}`}):\n${output}`);
    }
    if (!fs.existsSync(RUNNER_CLASS_FILE)) throw new Error(`demo: apps/fraud-job built, but has no ${LOCAL_RUNNER_CLASS} (its local runner): was it renamed?`);
    // Maven leaves up-to-date outputs untouched: mark the build as done now.
    const now = new Date();
    for (const file of [RUNNER_CLASS_FILE, CLASSPATH_FILE]) fs.utimesSync(file, now, now);
}

/** The local runner's Java classpath: the compiled job, then its dependencies. */
export function fraudJobClasspath(): string {
    return [CLASSES, fs.readFileSync(CLASSPATH_FILE, "utf8").trim()].join(path.delimiter);
}
