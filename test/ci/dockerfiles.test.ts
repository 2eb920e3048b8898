/**
 * The fraud demo's Dockerfiles (no Docker engine here to build them): every base image pinned to an
 * exact version, the pins the same as the project's own (package-lock.json for the apps' libraries,
 * FLINK_IMAGE for the job), and every image running as a non-root user by number.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { FLINK_IMAGE } from "../../components/flink/config";
import { PROJECT_DIR } from "../support/package";

const DOCKERFILES = ["apps/generator/Dockerfile", "apps/actor/Dockerfile", "apps/fraud-job/Dockerfile", "apps/fraud-job/artifacts.Dockerfile"];
const LOCK = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package-lock.json"), "utf8"));

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function instructions(file: string): string[] {
    return fs
        .readFileSync(path.join(PROJECT_DIR, file), "utf8")
        .replace(/\\\n/g, " ")
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "" && !line.startsWith("#"));
}

describe("the fraud demo's Dockerfiles", () => {
    for (const file of DOCKERFILES) {
        const lines = instructions(file);
        it(`${file}: pins every base image to a version and runs its last stage as a non-root uid`, () => {
            const bases = lines.filter((l) => l.startsWith("FROM ")).map((l) => l.split(/\s+/)[1]);
            assert.ok(bases.length >= 2, "a build stage and a run stage");
            for (const base of bases) assert.match(base, /^[a-z0-9./-]+:[0-9]+\.[0-9]+\.[0-9]+([-.][\w.-]+)?$/, `${base}: an exact version (major.minor.patch), not a moving tag`);
            const lastStage = lines.slice(lines.findLastIndex((l) => l.startsWith("FROM ")));
            const user = lastStage.filter((l) => l.startsWith("USER ")).at(-1);
            assert.match(user ?? "", /^USER [1-9][0-9]*:[0-9]+$/, "a numeric non-root user, so runAsNonRoot can check it");
        });

        it(`${file}: installs each npm package at the version package-lock.json pins`, () => {
            const installs = lines.filter((l) => /npm (install|i) /.test(l)).flatMap((l) => l.split(/\s+/).filter((w) => /^@?[a-z0-9./-]+@[0-9]/.test(w)));
            for (const spec of installs) {
                const at = spec.lastIndexOf("@");
                const [name, version] = [spec.slice(0, at), spec.slice(at + 1)];
                assert.equal(version, LOCK.packages[`node_modules/${name}`]?.version, `${file}: ${name}`);
            }
        });
    }

    it("builds the job's image on the Flink image the platform deploys", () => {
        assert.ok(instructions("apps/fraud-job/Dockerfile").includes(`FROM ${FLINK_IMAGE}`));
    });

    it("builds the apps on Node 24, the project's Node", () => {
        for (const file of ["apps/generator/Dockerfile", "apps/actor/Dockerfile"]) {
            for (const l of instructions(file).filter((l) => l.startsWith("FROM "))) assert.match(l, /^FROM node:24\.\d+\.\d+-/, file);
        }
    });
});
