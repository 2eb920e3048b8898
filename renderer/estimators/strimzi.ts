/**
 * Requests of what Strimzi turns into pods: each KafkaNodePool's nodes, the Kafka resource's entity
 * operator (Topic and User Operator containers, and Kafka Exporter and Cruise Control where enabled),
 * and the Strimzi chart's Cluster Operator.
 */
import { STRIMZI_CHART } from "../../components/kafka/strimzi-chart";
import { STRIMZI_API_VERSION } from "../../components/kafka/versions";
import { add, containerRequests, HelmEstimator, Obj, ObjectEstimator, times, ZERO } from "../pod-requests";

/** The chart's own default when its values set no resources. */
const CHART_DEFAULT_RESOURCES = { requests: { cpu: "200m", memory: "384Mi" } };

/** A KafkaNodePool: one Kafka pod per replica, each with the pool's resources. */
export const kafkaNodePool: ObjectEstimator = (o: Obj) => times(o.spec?.replicas ?? 0, containerRequests(o.spec?.resources));

/** A Kafka resource's own pods besides its nodes: the entity operator, Kafka Exporter, Cruise Control. */
export const kafka: ObjectEstimator = (o: Obj) => {
    const spec = o.spec ?? {};
    let total = ZERO;
    const eo = spec.entityOperator;
    if (eo?.topicOperator) total = add(total, containerRequests(eo.topicOperator.resources));
    if (eo?.userOperator) total = add(total, containerRequests(eo.userOperator.resources));
    if (spec.kafkaExporter) total = add(total, containerRequests(spec.kafkaExporter.resources));
    if (spec.cruiseControl) total = add(total, containerRequests(spec.cruiseControl.resources));
    return total;
};

/** The chart: `replicas` Cluster Operator pods with `resources`. */
export const strimziChart: HelmEstimator = (values: Obj) => times(values.replicas ?? 1, containerRequests(values.resources ?? CHART_DEFAULT_RESOURCES));

export const customResources: Record<string, ObjectEstimator> = {
    [`${STRIMZI_API_VERSION}/KafkaNodePool`]: kafkaNodePool,
    [`${STRIMZI_API_VERSION}/Kafka`]: kafka,
};

export const charts: Record<string, HelmEstimator> = { [STRIMZI_CHART]: strimziChart };
