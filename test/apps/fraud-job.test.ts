/**
 * apps/fraud-job's own unit tests (JUnit 5 with Flink's operator test harnesses: windows, threshold,
 * deduplication, lateness, malformed input, arguments) pass under Maven. The build directory is a fresh
 * temporary one (the pom's fraudJob.buildDir), so that two test runs at once never share apps/fraud-job/target.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { scratchDir } from "../support/scratch";
import { mavenEnv, requireTools } from "../support/tools";

const APP_DIR = path.resolve(__dirname, "..", "..", "apps", "fraud-job");

/** The test classes of apps/fraud-job/src/test/java, each of which must report. */
const EXPECTED_CLASSES = [
    "streamingplatform.fraud.DetectFraudTest",
    "streamingplatform.fraud.FraudJobConfigTest",
    "streamingplatform.fraud.JsonTest",
    "streamingplatform.fraud.ValidateTransactionsTest",
];

interface Suite {
    name: string;
    tests: number;
    failures: number;
    errors: number;
    skipped: number;
}

/** The <testsuite> element of each Surefire XML report in `dir`. */
function surefireSuites(dir: string): Suite[] {
    return fs
        .readdirSync(dir)
        .filter((f) => f.startsWith("TEST-") && f.endsWith(".xml"))
        .map((f) => {
            const xml = fs.readFileSync(path.join(dir, f), "utf8");
            const element = /<testsuite\s[^>]*>/.exec(xml)?.[0] ?? "";
            const attribute = (name: string): string => new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1] ?? "";
            return {
                name: attribute("name"),
                tests: Number(attribute("tests")),
                failures: Number(attribute("failures")),
                errors: Number(attribute("errors")),
                skipped: Number(attribute("skipped")),
            };
        });
}

describe("apps/fraud-job", () => {
    it("passes its Maven unit tests", { timeout: 600_000 }, () => {
        requireTools("java", "mvn");
        const buildDir = scratchDir("fraud-job-build-");
        const result = spawnSync("mvn", ["-B", "-q", `-DfraudJob.buildDir=${buildDir}`, "test"], {
            cwd: APP_DIR,
            env: mavenEnv(),
            encoding: "utf8",
            maxBuffer: 64 * 1024 * 1024,
        });
        assert.equal(result.status, 0, `mvn test failed:\n${result.stdout}\n${result.stderr}`);

        const suites = surefireSuites(path.join(buildDir, "surefire-reports"));
        assert.deepEqual(suites.map((s) => s.name).sort(), EXPECTED_CLASSES);
        for (const suite of suites) {
            assert.ok(suite.tests > 0, `${suite.name} ran no tests`);
            assert.deepEqual({ failures: suite.failures, errors: suite.errors, skipped: suite.skipped }, { failures: 0, errors: 0, skipped: 0 }, suite.name);
        }
    });
});
