/**
 * The components' own rules, run on the parsed sections with the arguments the stack will give them,
 * so that they too fail before any resource exists, each named by its stack key path. A section that
 * failed its schema is skipped here (its schema problems are reported), and so are the rules that need it.
 */
import type { Problem } from "../components/core/problems";
import { flinkPlacement, flinkPodPeers, flinkProblems } from "./flink";
import { kafkaProblems } from "./kafka";
import { namespaceNames, namespacesProblems } from "./namespaces";
import type { PlatformConfig } from "./schema";
import { storageProblems } from "./storage";
import { plannedZooKeeperQuorum, zookeeperPlacement, zookeeperProblems } from "./zookeeper";

export function componentProblems(sections: Partial<PlatformConfig>): Problem[] {
    const { target, namespaces, zookeeper, flink, kafka, storage } = sections;
    if (namespaces === undefined) return [];
    const problems = namespacesProblems(namespaces);
    const placement = flinkPlacement(namespaceNames(namespaces));
    const streaming = placement.namespace;
    const ensemble = zookeeperPlacement(flink, placement);
    if (zookeeper !== undefined) problems.push(...zookeeperProblems(zookeeper, ensemble));
    if (flink !== undefined && target !== undefined) {
        if (flink.enabled && zookeeper !== undefined) problems.push(...flinkProblems(flink, placement, plannedZooKeeperQuorum(zookeeper, ensemble)));
        if (storage !== undefined) problems.push(...storageProblems({ target, flink, storage }, streaming, flinkPodPeers(placement)));
    }
    if (kafka !== undefined && target !== undefined) problems.push(...kafkaProblems(kafka, streaming, target, namespaceNames(namespaces).operators));
    return problems;
}
