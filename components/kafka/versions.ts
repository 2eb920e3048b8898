/**
 * The Strimzi and Kafka versions the platform pins, each here and only here: the operator's release,
 * its CRDs, the custom resource API it serves, and the Kafka versions it runs.
 */

/**
 * The Strimzi release the platform runs. 1.2.0 serves only the `kafka.strimzi.io/v1` API the
 * components write (as every release since 1.0 does) and runs Kafka 4.2.0 to 4.3.1: see KAFKA_VERSION.
 * 1.1 renamed the entity operator's health ports and 1.2 dropped its resource-state metrics: dashboards,
 * alerts or policies written against 1.0's need a look.
 */
export const STRIMZI_VERSION = "1.2.0";

/**
 * The release's CRDs: the CRD bundle Strimzi publishes with each release (the same CRDs as its chart's
 * crds/ folder), which the program applies itself, since Helm installs a chart's CRDs only once.
 */
export const STRIMZI_CRDS: readonly string[] = [`https://github.com/strimzi/strimzi-kafka-operator/releases/download/${STRIMZI_VERSION}/strimzi-crds-${STRIMZI_VERSION}.yaml`];

/**
 * The Strimzi custom resource API. `kafka.strimzi.io/v1` is the only API that Strimzi 1.0 and later
 * serve (v1beta2 was removed in 1.0.0). The render tests validate against the v1 schemas of
 * `@kubernetes-models/strimzi-kafka-operator`, generated from Strimzi 1.0's CRDs: the newest the
 * registry has.
 */
export const STRIMZI_API_VERSION = "kafka.strimzi.io/v1";

/**
 * The Kafka versions that the pinned Strimzi release (1.2.x) runs, each with its KRaft metadata
 * version: the one Strimzi's kafka-versions.yaml gives it, which is also Kafka's own latest production
 * metadata version of that release (4.2.x: 4.2-IV1, 4.3.x: 4.3-IV0).
 */
export const SUPPORTED_KAFKA_VERSIONS: Readonly<Record<string, string>> = {
    "4.2.0": "4.2-IV1",
    "4.2.1": "4.2-IV1",
    "4.3.0": "4.3-IV0",
    "4.3.1": "4.3-IV0",
};

/**
 * The Kafka version the platform runs. test/real/kafka/pom.xml takes Kafka's configuration code from
 * Maven Central at the same version, and its test checks that they agree. Raising it on a running
 * cluster rolls the brokers; Strimzi keeps the cluster's metadata version until every node runs the new
 * Kafka, then raises it to the one above.
 */
export const KAFKA_VERSION = "4.3.1";
