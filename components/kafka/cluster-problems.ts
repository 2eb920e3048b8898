/** Every problem of a KafkaCluster's arguments, by argument path (pure). */
import { dnsLabelMessage, isDnsLabel } from "../core/labels";
import { networkPeerProblems } from "../core/network";
import { Problem, Problems } from "../core/problems";
import { resourcesProblems } from "../core/resources";
import { brokerConfigProblems } from "./broker-config";
import { KafkaClusterArgs, resolveKafkaClusterArgs } from "./cluster-args";
import { PLAIN_LISTENER_AUTHENTICATIONS } from "./listeners";
import { brokerCount } from "./manifests";
import { MAX_CLUSTER_NAME_LENGTH, NODE_LAYOUTS, NODE_POOL_KEYS, nodePoolProblems, validReplicas } from "./node-pools";
import { SUPPORTED_KAFKA_VERSIONS } from "./versions";

export function kafkaClusterProblems(name: string, args: KafkaClusterArgs): Problem[] {
    const c = resolveKafkaClusterArgs(name, args);
    const problems = new Problems()
        .check(isDnsLabel(c.namespace), "namespace", dnsLabelMessage(c.namespace))
        .check(
            isDnsLabel(c.name) && c.name.length <= MAX_CLUSTER_NAME_LENGTH,
            "clusterName",
            `${dnsLabelMessage(c.name, MAX_CLUSTER_NAME_LENGTH)} (its pods' names hold it twice: <name>-<name>-controllers-<node id>)`,
        )
        .check(
            Object.keys(SUPPORTED_KAFKA_VERSIONS).includes(c.version),
            "kafkaVersion",
            `must be one of ${Object.keys(SUPPORTED_KAFKA_VERSIONS).join(", ")} (the versions the pinned Strimzi runs), got ${JSON.stringify(c.version)}`,
        );
    const layoutKnown = (NODE_LAYOUTS as readonly string[]).includes(c.layout);
    problems.check(layoutKnown, "layout", `must be one of ${NODE_LAYOUTS.join(", ")}, got ${JSON.stringify(c.layout)}`);
    if (layoutKnown) {
        for (const key of NODE_POOL_KEYS) {
            const layout = key === "combined" ? "combined" : "separate";
            problems.check(args[key] === undefined || layout === c.layout, key, `is only used when layout is "${layout}", and layout is "${c.layout}"`);
        }
    }
    for (const pool of c.pools) problems.add(pool.key, nodePoolProblems(pool));
    problems
        .check(c.plainListener || c.tlsListener, "plainListener", "must be true when there is no TLS listener: clients need a listener, got false")
        .check(
            (PLAIN_LISTENER_AUTHENTICATIONS as readonly string[]).includes(c.plainAuthentication),
            "plainListenerAuthentication",
            `must be one of ${PLAIN_LISTENER_AUTHENTICATIONS.join(", ")}, got ${JSON.stringify(c.plainAuthentication)}`,
        )
        .check(args.operatorNamespace === undefined || isDnsLabel(c.operatorNamespace), "operatorNamespace", dnsLabelMessage(c.operatorNamespace));
    c.clients.forEach((peer, i) =>
        problems
            .add(`clients[${i}]`, networkPeerProblems(peer))
            .check(peer.ports === undefined, `clients[${i}].ports`, "must not be set: a client reaches the listeners' ports, and only those"),
    );
    // Durability depends on the broker count, known only when every pool's size is.
    if (c.pools.length > 0 && c.pools.every((p) => validReplicas(p.replicas))) problems.add("", brokerConfigProblems(brokerCount(c), c.config));
    return problems
        .check(c.rackTopologyKey === undefined || c.rackTopologyKey.length > 0, "rackTopologyKey", 'must not be empty, got ""')
        .add("topicOperatorResources", resourcesProblems(c.topicOperatorResources))
        .add("userOperatorResources", resourcesProblems(c.userOperatorResources))
        .check(Number.isInteger(c.timeoutSeconds) && c.timeoutSeconds > 0, "timeoutSeconds", `must be a whole number above 0, got ${JSON.stringify(c.timeoutSeconds)}`).list;
}
