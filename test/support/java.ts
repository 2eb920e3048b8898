/**
 * Runs real Java programs (ZooKeeper, Flink, Kafka from Maven Central) in tests. Each program is a
 * folder under test/real/<name>/ with a pom.xml that declares its dependencies and one or more
 * single-file Java sources; the classpath is resolved by Maven once and cached beside the pom.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { scratchDir } from "./scratch";
import { mavenEnv, requireTools } from "./tools";

export const REAL_DIR = path.resolve(__dirname, "..", "real");

/** The resolved classpath of test/real/<program>, resolving it with Maven when the pom changed. */
export function javaClasspath(program: string): string {
    const dir = path.join(REAL_DIR, program);
    const pom = path.join(dir, "pom.xml");
    const cache = path.join(dir, "target", "classpath.txt");
    if (!fs.existsSync(cache) || fs.statSync(cache).mtimeMs < fs.statSync(pom).mtimeMs) {
        requireTools("mvn");
        // Written aside and renamed into place: another test run may read the cache meanwhile.
        const partial = `${cache}.${process.pid}`;
        const result = spawnSync("mvn", ["-q", "-B", "dependency:build-classpath", `-Dmdep.outputFile=${partial}`], { cwd: dir, env: mavenEnv(), encoding: "utf8" });
        if (result.status !== 0) {
            fs.rmSync(partial, { force: true });
            throw new Error(`mvn could not resolve ${program}'s classpath:\n${result.stdout}\n${result.stderr}`);
        }
        fs.renameSync(partial, cache);
    }
    return fs.readFileSync(cache, "utf8").trim();
}

/**
 * Options for every JVM a test starts (Maven's: mavenEnv), so that it leaves nothing on this host: its temporary files
 * (Flink unpacks its RPC system's jar and keeps its MiniCluster's blobs and uploads there, RocksDB its
 * native library) go to `tmpDir`, which the test removes, instead of /tmp; and no perf data file in
 * /tmp/hsperfdata_<user>/, which a killed JVM would leave.
 */
export function jvmOptions(tmpDir: string): string[] {
    return ["-XX:-UsePerfData", `-Djava.io.tmpdir=${tmpDir}`];
}

export interface JavaResult {
    status: number | null;
    stdout: string;
    stderr: string;
}

/**
 * Runs a single-file Java program (`java -cp … Source.java args…`) of test/real/<program> and waits
 * for it to end, at most `timeoutMs`. Its temporary directory is removed when it ends.
 */
export function runJava(program: string, source: string, args: string[], timeoutMs = 300_000): Promise<JavaResult> {
    requireTools("java");
    const classpath = javaClasspath(program);
    const tmpDir = scratchDir(`${program}-java-tmp-`);
    return new Promise<JavaResult>((resolve, reject) => {
        const child = spawn("java", [...jvmOptions(tmpDir), "-cp", classpath, path.join(REAL_DIR, program, source), ...args], { cwd: path.join(REAL_DIR, program) });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`${source} did not end within ${timeoutMs} ms\n${stdout}\n${stderr}`));
        }, timeoutMs);
        child.on("error", reject);
        child.on("close", (status) => {
            clearTimeout(timer);
            resolve({ status, stdout, stderr });
        });
    }).finally(() => fs.rmSync(tmpDir, { recursive: true, force: true }));
}
