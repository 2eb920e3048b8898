/**
 * The components' own rules, run on the parsed sections with the arguments the stack will give them,
 * so that they too fail before any resource exists, each named by its stack key path. A section that
 * failed its schema is skipped here (its schema problems are reported), and so are the rules that need it.
 */
import type { Problem } from "../components/core/problems";
import { demoProblems } from "./demo";
import { flinkKafkaClients, flinkPlacement, flinkPodPeers, flinkProblems } from "./flink";
import { kafkaProblems, kafkaUsersForFlink } from "./kafka";
import { namespaceNames, namespacesProblems } from "./namespaces";
import { networkPlan } from "./network";
import { observabilityProblems } from "./observability";
import type { PlatformConfig } from "./schema";
import { storageProblems } from "./storage";
import { plannedZooKeeperQuorum, zookeeperPlacement, zookeeperProblems } from "./zookeeper";

export function componentProblems(sections: Partial<PlatformConfig>): Problem[] {
    const { target, namespaces, zookeeper, flink, kafka, storage, observability, demo } = sections;
    if (namespaces === undefined) return [];
    const problems = namespacesProblems(namespaces, networkPlan({ ...sections, namespaces }));
    const names = namespaceNames(namespaces);
    const placement = flinkPlacement(names);
    const streaming = names.streaming;
    const ensemble = zookeeperPlacement(flink, placement);
    if (zookeeper !== undefined) problems.push(...zookeeperProblems(zookeeper, ensemble));
    // Flink's clusters name Kafka users; Kafka admits their pods. A section that failed its schema is not looked into.
    if (flink !== undefined && target !== undefined) {
        if (flink.enabled && zookeeper !== undefined && kafka !== undefined) {
            const kafkaUsers = kafka.enabled ? kafkaUsersForFlink(kafka, streaming) : "disabled";
            problems.push(...flinkProblems(flink, placement, plannedZooKeeperQuorum(zookeeper, ensemble), kafkaUsers));
        }
        if (storage !== undefined) problems.push(...storageProblems({ target, flink, storage }, streaming, flinkPodPeers(placement)));
    }
    if (kafka !== undefined && target !== undefined) {
        const context = { namespaces: [names.streaming, names.monitoring, names.operators, ...names.tenants], flinkClients: flink === undefined ? {} : flinkKafkaClients(flink, streaming) };
        problems.push(...kafkaProblems(kafka, streaming, target, names.operators, context));
    }
    if (observability !== undefined) problems.push(...observabilityProblems({ ...sections, namespaces, observability }));
    if (demo !== undefined) problems.push(...demoProblems({ ...sections, namespaces, demo }));
    return problems;
}
