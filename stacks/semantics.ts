/**
 * Rules that span keys or need a component's own validation, run on the parsed configuration so that
 * they too fail before any resource exists, each named by its key path.
 */
import { resolveFlinkApplicationArgs, validateFlinkApplication } from "../components/flink/application";
import { resolveFlinkSessionClusterArgs, validateFlinkSessionCluster } from "../components/flink/session-cluster";
import { flinkApplicationArgs, flinkSessionArgs } from "./flink";
import type { PlatformConfig } from "./schema";
import { storageProblems } from "./storage";

export function semanticProblems(config: PlatformConfig): string[] {
    const problems: string[] = [];
    const { flink, zookeeper } = config;
    if (flink.enabled && flink.ha === "zookeeper" && !zookeeper.enabled) {
        problems.push('flink.ha: "zookeeper" needs a ZooKeeper ensemble: set zookeeper.enabled to true, or use "kubernetes"');
    }
    if (flink.enabled) {
        // A placeholder quorum: whether an ensemble exists is the rule above; here sizes and jobs are checked.
        const quorum = "zookeeper:2181";
        if (flink.session.enabled) {
            const checks = validateFlinkSessionCluster(resolveFlinkSessionClusterArgs(flink.session.name, flinkSessionArgs(config, "namespace", quorum)));
            problems.push(...checks.problems.map((p) => `flink.session: ${p}`));
        }
        for (const name of Object.keys(flink.applications)) {
            const checks = validateFlinkApplication(resolveFlinkApplicationArgs(name, flinkApplicationArgs(config, name, "namespace", quorum)));
            problems.push(...checks.problems.map((p) => `flink.applications.${name}: ${p}`));
        }
    }
    problems.push(...storageProblems(config));
    return problems;
}
