/**
 * The demo runs Kafka and Flink on the JVM: a missing or too old Java is reported in one line before
 * anything starts, rather than as a failed broker format or a class-version error in a Flink log.
 */
import { spawnSync } from "node:child_process";

/** The oldest Java that Kafka 4 and Flink 2 run on. */
const MINIMUM_JAVA = 17;

/** Throws when `java` on PATH is missing or older than 17. */
export function requireJava(): void {
    const result = spawnSync("java", ["-XX:-UsePerfData", "-version"], { encoding: "utf8", timeout: 60_000 });
    const install = `install Java ${MINIMUM_JAVA} or newer (apt-get install openjdk-17-jdk-headless) and put it first on PATH`;
    const error: NodeJS.ErrnoException | undefined = result.error;
    if (error?.code === "ENOENT") throw new Error(`demo: java not found: ${install}`);
    if (error || result.status !== 0) throw new Error(`demo: java -version failed (${error?.message ?? `exit ${result.status}`}): ${install}`);
    // `openjdk version "17.0.15"`; before Java 9 the major version was the second number: "1.8.0_292"
    const m = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
    const major = m ? Number(m[1] === "1" ? m[2] : m[1]) : undefined;
    if (major === undefined || major < MINIMUM_JAVA) throw new Error(`demo: java is ${major === undefined ? "of an unknown version" : `version ${major}`}: ${install}`);
}
