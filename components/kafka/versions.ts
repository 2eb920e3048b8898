/**
 * The Strimzi and Kafka versions the platform pins, each here and only here: the operator's release,
 * the custom resource API it serves, and the Kafka versions it runs.
 */

/**
 * The Strimzi release the platform runs. 1.0 is the first release that serves only the
 * `kafka.strimzi.io/v1` API the components write (v1beta2 is gone), and the one whose CRD schemas the
 * render tests validate against; 1.0.1 is its patch release (it turns off the Entity Operator's
 * cross-namespace watching by default). It runs Kafka 4.1.0 to 4.2.0: see KAFKA_VERSION.
 */
export const STRIMZI_VERSION = "1.0.1";

/**
 * The Strimzi custom resource API. `kafka.strimzi.io/v1` is the only API that Strimzi 1.0 and later
 * serve (v1beta2 was removed in 1.0.0), so it needs the operator at STRIMZI_VERSION (1.0.x) and matches
 * the v1 schemas of the Strimzi 1.0.0 CRDs that the render tests validate against
 * (`@kubernetes-models/strimzi-kafka-operator`).
 */
export const STRIMZI_API_VERSION = "kafka.strimzi.io/v1";

/**
 * The Kafka versions that the pinned Strimzi release (1.0.x) runs, each with its KRaft metadata
 * version (Strimzi's kafka-versions.yaml). Strimzi 1.1 drops 4.1.x, so 4.2.0 is also the version that
 * survives the next operator upgrade.
 */
export const SUPPORTED_KAFKA_VERSIONS: Readonly<Record<string, string>> = {
    "4.1.0": "4.1-IV1",
    "4.1.1": "4.1-IV1",
    "4.1.2": "4.1-IV1",
    "4.2.0": "4.2-IV1",
};

/**
 * The Kafka version the platform runs. test/real/kafka/pom.xml takes Kafka's configuration code from
 * Maven Central at the same version, and its test checks that they agree.
 */
export const KAFKA_VERSION = "4.2.0";
