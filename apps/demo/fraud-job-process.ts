/**
 * The fraud job's local runner (LocalFraudPipeline: the job's topology on a Flink MiniCluster) as a
 * child JVM. Its protocol (apps/fraud-job/README.md): it prints `RUNNING <jobId>` once the job runs;
 * `drain` on its stdin makes it process everything written so far, fire every window, commit and print
 * `FINISHED`; the end of its stdin cancels the job. Its log goes to stderr, kept here for the error
 * when it fails.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fraudJobClasspath, LOCAL_RUNNER_CLASS } from "./fraud-job-build";

/** How long the job may take to start, and to drain, before the demo gives up on it. */
const START_TIMEOUT_MS = 180_000;
const DRAIN_TIMEOUT_MS = 300_000;
/** How long a cancelled job may take to end before it is killed. */
const STOP_TIMEOUT_MS = 30_000;

export interface FraudJobSettings {
    bootstrapServers: string;
    threshold: string;
    windowSize: string;
    windowSlide: string;
    outOfOrderness: string;
}

export interface FraudJobProcess {
    /** Resolves once the job runs. */
    running: Promise<void>;
    /** Rejects when the JVM ends other than after `drain` or `stop` (never resolves). */
    failed: Promise<never>;
    /** Sends `drain` and resolves once the job has finished and the JVM exited 0. */
    drain(): Promise<void>;
    /** Cancels the job (ends its stdin), and kills the JVM if it has not ended within 30 s. Idempotent. */
    stop(): Promise<void>;
}

/** Starts the runner with its temporary files and checkpoints under `dir` (which the caller removes). */
export function startFraudJob(settings: FraudJobSettings, dir: string): FraudJobProcess {
    const tmpDir = path.join(dir, "tmp");
    fs.mkdirSync(tmpDir, { recursive: true });
    const jvm = [
        // no perf data file in /tmp/hsperfdata_<user>/, which a killed JVM would leave behind
        "-XX:-UsePerfData",
        // Flink unpacks its RPC system and keeps the MiniCluster's blobs in the temporary directory
        `-Djava.io.tmpdir=${tmpDir}`,
        "-cp",
        fraudJobClasspath(),
        LOCAL_RUNNER_CLASS,
    ];
    const args = [
        "--bootstrap-servers", settings.bootstrapServers,
        // a fresh broker: the whole topic, whatever the group committed
        "--starting-offsets", "earliest",
        "--parallelism", "1",
        "--checkpoint-dir", path.join(dir, "checkpoints"),
        "--threshold", settings.threshold,
        "--window-size", settings.windowSize,
        "--window-slide", settings.windowSlide,
        "--out-of-orderness", settings.outOfOrderness,
    ];
    // Its own process group: Ctrl-C in a terminal reaches the demo only, which then cancels the job
    // through its stdin instead of the JVM dying halfway.
    const child = spawn("java", [...jvm, ...args], { stdio: ["pipe", "pipe", "pipe"], detached: true });
    /** Whether it printed RUNNING; whether it is ending because it was told to (drain, stop). */
    let isRunning = false;
    let expectedEnd = false;

    const log: string[] = [];
    const keep = (line: string) => {
        log.push(line);
        if (log.length > 200) log.splice(0, log.length - 200);
    };
    const tail = () => log.slice(-60).join("\n");
    const lineWaiters = new Map<string, () => void>();
    let stdoutRest = "";
    child.stdout.on("data", (chunk: Buffer) => {
        const lines = (stdoutRest + chunk.toString()).split("\n");
        stdoutRest = lines.pop() ?? "";
        for (const line of lines) {
            keep(line);
            const word = line.trim().split(" ")[0];
            // Set before the exit that follows it is seen.
            if (word === "FINISHED") expectedEnd = true;
            if (word === "RUNNING") isRunning = true;
            lineWaiters.get(word)?.();
            lineWaiters.delete(word);
        }
    });
    let stderrRest = "";
    child.stderr.on("data", (chunk: Buffer) => {
        const lines = (stderrRest + chunk.toString()).split("\n");
        stderrRest = lines.pop() ?? "";
        lines.forEach(keep);
    });
    // The JVM may end while a command is being written: its exit is reported below.
    child.stdin.on("error", () => undefined);

    /** How the JVM ended: `exit 2`, `killed by SIGKILL`. */
    const exited = new Promise<string>((resolve) => child.once("close", (code, signal) => resolve(signal ? `killed by ${signal}` : `exit ${code}`)));
    let ended = false;
    // Whatever way this process ends, the JVM does not outlive it.
    const killOnExit = () => {
        if (!ended) child.kill("SIGKILL");
    };
    process.once("exit", killOnExit);
    void exited.then(() => {
        ended = true;
        process.removeListener("exit", killOnExit);
    });
    const spawnFailed = new Promise<never>((_, reject) =>
        child.once("error", (e: NodeJS.ErrnoException) =>
            reject(new Error(e.code === "ENOENT" ? "demo: java not found: the fraud job runs on Java 17 or newer; install it (apt-get install openjdk-17-jdk-headless)" : `demo: could not start the fraud job's JVM: ${e.message}`)),
        ),
    );
    const failed = Promise.race([
        spawnFailed,
        exited.then((how): never => {
            if (expectedEnd) return new Promise<never>(() => undefined) as never;
            const what = isRunning ? "the fraud job ended unexpectedly" : "the fraud job did not start";
            throw new Error(`demo: ${what} (${how}); its last output:\n${tail()}`);
        }),
    ]);
    failed.catch(() => undefined);

    const line = (word: string, timeoutMs: number, what: string) =>
        Promise.race([
            failed,
            new Promise<void>((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error(`demo: the fraud job did not ${what} within ${timeoutMs / 1000} s; its last output:\n${tail()}`)), timeoutMs);
                // The JVM's pipes keep this process alive while it runs; once it failed, this must not.
                timer.unref();
                lineWaiters.set(word, () => {
                    clearTimeout(timer);
                    resolve();
                });
            }),
        ]);

    const stop = async (): Promise<void> => {
        expectedEnd = true;
        if (ended) return;
        child.stdin.end();
        const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
    };

    return {
        running: line("RUNNING", START_TIMEOUT_MS, "start"),
        failed,
        drain: async () => {
            const finished = line("FINISHED", DRAIN_TIMEOUT_MS, "drain");
            child.stdin.write("drain\n");
            await finished;
            const how = await exited;
            if (how !== "exit 0") throw new Error(`demo: the fraud job drained, but then ended with ${how}; its last output:\n${tail()}`);
        },
        stop,
    };
}
