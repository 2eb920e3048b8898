import * as pulumi from "@pulumi/pulumi";
import type { FraudDetectionDemo } from "../components/demo/fraud-demo";
import type { ZooKeeperEnsemble } from "../components/zookeeper/ensemble";
import { createDemo } from "./demo";
import { createFlink, flinkKafkaClients, flinkPlacement, flinkPodPeers, PlatformFlink } from "./flink";
import { createKafka, kafkaUsersForFlink, PlatformKafka } from "./kafka";
import { createNamespaces, PlatformNamespaces } from "./namespaces";
import { networkPlan } from "./network";
import { createObservability, PlatformObservability } from "./observability";
import { PlatformConfig } from "./schema";
import { createStorage, PlatformStorage } from "./storage";
import { createZooKeeper, zookeeperPlacement } from "./zookeeper";

export interface Platform {
    namespaces: PlatformNamespaces;
    storage?: PlatformStorage;
    zookeeper?: ZooKeeperEnsemble;
    flink?: PlatformFlink;
    kafka?: PlatformKafka;
    observability?: PlatformObservability;
    demo?: FraudDetectionDemo;
}

/** The whole platform for one stack, from its validated configuration. */
export function buildPlatform(config: PlatformConfig, opts: pulumi.ComponentResourceOptions = {}): Platform {
    const namespaces = createNamespaces(config.namespaces, opts, networkPlan(config));
    const streaming = namespaces.names.streaming;
    const inStreaming = { ...opts, dependsOn: [namespaces.streaming] };

    const placement = flinkPlacement(namespaces.names);
    const zookeeper = createZooKeeper(config.zookeeper, zookeeperPlacement(config.flink, placement), inStreaming);
    // Kafka first: its listeners admit the pods of the Flink clusters that run as its users, and those clusters take the users' Secrets.
    const kafka = createKafka(config.kafka, namespaces, config.target, opts, flinkKafkaClients(config.flink, streaming));
    let storage: PlatformStorage | undefined;
    let flink: PlatformFlink | undefined;
    if (config.flink.enabled) {
        storage = createStorage(config, streaming, flinkPodPeers(placement), inStreaming);
        flink = createFlink(
            config,
            placement,
            storage.flink,
            zookeeper?.connectString,
            { ...opts, dependsOn: [namespaces.streaming, namespaces.operators] },
            kafka === undefined ? {} : kafkaUsersForFlink(config.kafka, streaming, kafka),
        );
    }
    // After the workloads, so the first scrape finds them; it depends only on the monitoring namespace.
    const observability = createObservability(config, namespaces.monitoring, opts);
    // After Kafka's users (their Secrets) and the session cluster (its job's target) exist.
    const demo =
        kafka === undefined
            ? undefined
            : createDemo(config, kafka.bootstrapServers, { ...opts, dependsOn: [namespaces.streaming, ...Object.values(kafka.users), ...(flink?.session !== undefined ? [flink.session] : [])] });
    return { namespaces, storage, zookeeper, flink, kafka, observability, demo };
}
