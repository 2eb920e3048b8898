/**
 * The stack's scrape monitors: one PodMonitor per platform component the stack runs, in its monitoring
 * namespace, for the same components and namespaces the network plan lets Prometheus reach
 * (stacks/network.ts). The monitoring stack's component creates them once the Prometheus Operator's
 * CRDs exist.
 */
import type { PodMonitor } from "../components/core/objects";
import { FRAUD_APP_METRICS_PORT_NAME } from "../components/demo/fraud-demo-args";
import { platformPodMonitors, PlatformPodMonitorsArgs } from "../components/observability/pod-monitors";
import { demoScrapeTargets } from "./demo-scrape";
import { namespaceNames } from "./namespaces";
import { NetworkInputs, running } from "./network";
import { ENSEMBLE_NAME } from "./zookeeper";

/** The arguments of `platformPodMonitors` for the parts of the platform the stack runs. */
export function stackPodMonitorsArgs(inputs: NetworkInputs): PlatformPodMonitorsArgs {
    const { flink, zookeeper, kafka } = running(inputs);
    const names = namespaceNames(inputs.namespaces);
    return {
        namespace: names.monitoring,
        ...(flink !== undefined ? { flink: { namespaces: [names.streaming, ...names.tenants], operatorNamespace: names.operators } } : {}),
        ...(kafka !== undefined ? { kafka: { cluster: kafka.name, namespace: names.streaming, operatorNamespace: names.operators, metrics: kafka.metrics } } : {}),
        ...(zookeeper !== undefined ? { zookeeper: { name: ENSEMBLE_NAME, namespace: names.streaming } } : {}),
        apps: demoScrapeTargets(inputs).map(({ name, namespace, podLabels }) => ({ name, namespace, podLabels, port: FRAUD_APP_METRICS_PORT_NAME })),
    };
}

/** The stack's PodMonitors. */
export function stackPodMonitors(inputs: NetworkInputs): PodMonitor[] {
    return platformPodMonitors(stackPodMonitorsArgs(inputs));
}
