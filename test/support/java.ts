/**
 * Runs real Java programs (ZooKeeper, Flink, Kafka from Maven Central) in tests. Each program is a
 * folder under test/real/<name>/ with a pom.xml that declares its dependencies and one or more
 * single-file Java sources; the classpath is resolved by Maven once and cached beside the pom.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const REAL_DIR = path.resolve(__dirname, "..", "real");

/** The resolved classpath of test/real/<program>, resolving it with Maven when the pom changed. */
export function javaClasspath(program: string): string {
    const dir = path.join(REAL_DIR, program);
    const pom = path.join(dir, "pom.xml");
    const cache = path.join(dir, "target", "classpath.txt");
    if (!fs.existsSync(cache) || fs.statSync(cache).mtimeMs < fs.statSync(pom).mtimeMs) {
        const result = spawnSync("mvn", ["-q", "-B", "dependency:build-classpath", `-Dmdep.outputFile=${cache}`], { cwd: dir, encoding: "utf8" });
        if (result.status !== 0) throw new Error(`mvn could not resolve ${program}'s classpath:\n${result.stdout}\n${result.stderr}`);
    }
    return fs.readFileSync(cache, "utf8").trim();
}

export interface JavaResult {
    status: number | null;
    stdout: string;
    stderr: string;
}

/**
 * Runs a single-file Java program (`java -cp … Source.java args…`) of test/real/<program> and waits
 * for it to end, at most `timeoutMs`.
 */
export function runJava(program: string, source: string, args: string[], timeoutMs = 300_000): Promise<JavaResult> {
    const classpath = javaClasspath(program);
    return new Promise((resolve, reject) => {
        const child = spawn("java", ["-cp", classpath, path.join(REAL_DIR, program, source), ...args], { cwd: path.join(REAL_DIR, program) });
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
    });
}
