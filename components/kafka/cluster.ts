import * as pulumi from "@pulumi/pulumi";
import { createObject } from "../core/objects";
import { throwIfProblems } from "../core/problems";
import { KafkaClusterArgs, resolveKafkaClusterArgs } from "./cluster-args";
import { kafkaClusterProblems } from "./cluster-problems";
import { ClusterTopicArgs, clusterTopicArgs, topicComponentName } from "./cluster-topics";
import { bootstrapAddress, brokerCount, clusterBrokerConfig, kafkaManifest, kafkaSupportManifests, ResolvedKafkaCluster } from "./manifests";
import { ClusterUserArgs, clusterUserArgs, userComponentName } from "./cluster-users";
import { KafkaTopic } from "./topic";
import { KafkaUser } from "./user";
import { once } from "../core/outputs";

/**
 * What `addTopic` needs of a cluster. Kept beside the instance rather than in fields: Pulumi's
 * component analyzer reads every field as an output, and these are not outputs.
 */
const internals = new WeakMap<KafkaCluster, { resolved: ResolvedKafkaCluster; kafka: pulumi.CustomResource }>();

/**
 * A Kafka cluster in KRaft mode, run by the Strimzi operator: a `Kafka` resource (listeners, broker
 * configuration with durability derived from the broker count, rack awareness, metrics, the Topic and
 * User Operators) and its `KafkaNodePool`s (one combined pool, or controllers and brokers, named
 * `<clusterName>-<pool>`), whose persistent volume claims are kept when the cluster is deleted. Needs
 * the Strimzi operator (`StrimziOperator`) watching its namespace: create it with `dependsOn` on the operator.
 */
export class KafkaCluster extends pulumi.ComponentResource {
    /** Name of the Kafka resource. */
    public readonly clusterName: pulumi.Output<string>;
    /** Where clients bootstrap from: the plain listener's address, or the TLS listener's when there is no plain one. */
    public readonly bootstrapServers: pulumi.Output<string>;
    /** The TLS listener's address; undefined without a TLS listener. */
    public readonly tlsBootstrapServers: pulumi.Output<string | undefined>;
    /** Number of brokers, which bounds every topic's replication factor. */
    public readonly brokerCount: pulumi.Output<number>;
    /** The replication factor that topics get when they set none (`default.replication.factor`). */
    public readonly defaultReplicationFactor: pulumi.Output<number>;

    constructor(name: string, args: KafkaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems("KafkaCluster", name, kafkaClusterProblems(name, args));
        super("streaming-platform:index:KafkaCluster", name, {}, opts);
        const resolved = resolveKafkaClusterArgs(name, args);
        for (const manifest of kafkaSupportManifests(resolved)) createObject(name, manifest, { parent: this });
        const kafka = createObject(name, kafkaManifest(resolved), { parent: this });
        internals.set(this, { resolved, kafka });

        // Known at once, but handed out only once Strimzi reports the cluster Ready, so that a client waits for it.
        const ready = <T>(value: T): pulumi.Output<T> => once(kafka, value);
        this.clusterName = ready(resolved.name);
        this.bootstrapServers = ready(bootstrapAddress(resolved, !resolved.plainListener));
        this.tlsBootstrapServers = ready(resolved.tlsListener ? bootstrapAddress(resolved, true) : undefined);
        this.brokerCount = ready(brokerCount(resolved));
        this.defaultReplicationFactor = ready(Number(clusterBrokerConfig(resolved)["default.replication.factor"]));
        this.registerOutputs({
            clusterName: this.clusterName,
            bootstrapServers: this.bootstrapServers,
            tlsBootstrapServers: this.tlsBootstrapServers,
            brokerCount: this.brokerCount,
            defaultReplicationFactor: this.defaultReplicationFactor,
        });
    }

    /**
     * A topic of this cluster, named `topicName` in Kafka, checked against the cluster's broker count;
     * without `replicas` it gets the cluster's `default.replication.factor`, written out so that the
     * render shows it. The component is named `<cluster component>-<topicName>` and is a child of this cluster.
     */
    addTopic(topicName: string, args: ClusterTopicArgs = {}): KafkaTopic {
        const { resolved, kafka } = internals.get(this)!;
        return new KafkaTopic(topicComponentName(resolved, topicName), clusterTopicArgs(resolved, topicName, args), { parent: this, dependsOn: [kafka] });
    }

    /**
     * A client of this cluster, named `userName` in Kafka (its KafkaUser and Secret too), in the
     * cluster's namespace. The listeners admit its pods only if they are among the cluster's `clients`.
     * The component is named `<cluster component>-user-<userName>` and is a child of this cluster.
     */
    addUser(userName: string, args: ClusterUserArgs = {}): KafkaUser {
        const { resolved, kafka } = internals.get(this)!;
        return new KafkaUser(userComponentName(resolved, userName), clusterUserArgs(resolved, userName, args), { parent: this, dependsOn: [kafka] });
    }
}
