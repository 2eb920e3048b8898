/**
 * What the real-program tests need besides Node (Java 17, Maven, Go): a missing or too old one fails
 * them with one line that says what to install. Fast: fake PATHs, no JVM but one `java -version`.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { runJava } from "../support/java";
import { scratchDir } from "../support/scratch";
import { requireTools, toolProblem } from "../support/tools";
import { ZooKeeperEnsemble } from "../support/zookeeper-ensemble";

const JAVA_MISSING = "java not found: install Java 17 or newer (apt-get install openjdk-17-jdk-headless) — the real-program tests need it";

/** A directory for PATH with a fake `name` that prints `output` to stderr, as `java -version` does. */
function fakeTool(name: string, output: string): string {
    const dir = scratchDir(`fake-${name}-`);
    fs.writeFileSync(path.join(dir, name), `#!/bin/sh\necho '${output}' >&2\n`, { mode: 0o755 });
    return dir;
}

/** Runs `body` with PATH set to `dirs` only. */
function withPath<T>(dirs: string[], body: () => T): T {
    const saved = process.env.PATH;
    process.env.PATH = dirs.join(path.delimiter);
    try {
        return body();
    } finally {
        process.env.PATH = saved;
    }
}

describe("the tools the real-program tests need", () => {
    const empty = scratchDir("empty-path-");

    it("names what to install when java, mvn or go is not on PATH", () => {
        assert.equal(toolProblem("java", { PATH: empty }), JAVA_MISSING);
        assert.equal(
            toolProblem("mvn", { PATH: empty }),
            "mvn not found: install Maven (apt-get install maven) — the real-program tests fetch ZooKeeper, Flink and Kafka from Maven Central with it",
        );
        assert.equal(toolProblem("go", { PATH: empty }), "go not found: install Go 1.26 or newer (https://go.dev/dl/) — the tests build Versity S3 Gateway, actionlint and the Pod Security evaluator (test/psa) with it");
    });

    it("refuses a Java older than 17 and a Go older than 1.26, saying which version it found", () => {
        const install = "install Java 17 or newer (apt-get install openjdk-17-jdk-headless), first on PATH — the real-program tests need it";
        assert.equal(toolProblem("java", { PATH: fakeTool("java", 'openjdk version "11.0.21" 2023-10-17') }), `java is version 11, older than 17: ${install}`);
        assert.equal(toolProblem("java", { PATH: fakeTool("java", 'java version "1.8.0_392"') }), `java is version 8, older than 17: ${install}`);
        assert.equal(toolProblem("java", { PATH: fakeTool("java", 'openjdk version "21.0.5" 2024-10-15') }), undefined);
        assert.match(toolProblem("go", { PATH: fakeTool("go", "go version go1.19.8 linux/amd64") }) ?? "", /^go is version 1\.19, older than 1\.26: install Go 1\.26 or newer/);
        assert.match(toolProblem("go", { PATH: fakeTool("go", "go version go1.25.7 linux/amd64") }) ?? "", /^go is version 1\.25, older than 1\.26/);
        assert.equal(toolProblem("go", { PATH: fakeTool("go", "go version go1.26.0 linux/amd64") }), undefined);
    });

    it("fails the tests that run Java with that one line, not a spawn error with the classpath", async () => {
        const error = withPath([empty], () => {
            try {
                requireTools("java");
            } catch (e) {
                return e as Error;
            }
        });
        assert.ok(error, "requireTools threw");
        assert.equal(error.message, JAVA_MISSING);
        assert.equal(error.stack, JAVA_MISSING, "no stack below the line in the test report");
        // the entry points the tests use check first, before Maven or a JVM starts
        assert.throws(() => withPath([empty], () => runJava("kafka", "KafkaConfigCheck.java", [])), { message: JAVA_MISSING });
        await assert.rejects(withPath([empty], () => ZooKeeperEnsemble.start()), { message: JAVA_MISSING });
    });

    it("finds Java 17 or newer, Maven and Go on this machine's PATH", () => {
        assert.deepEqual(
            (["java", "mvn", "go"] as const).map((tool) => toolProblem(tool)),
            [undefined, undefined, undefined],
        );
    });
});
