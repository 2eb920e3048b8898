/** The demo's apps that Prometheus scrapes: the same list for their PodMonitors and for the monitoring namespace's egress. */
import { FRAUD_APP_METRICS_PORT } from "../components/demo/fraud-demo-args";
import { FRAUD_APP_NAMES, fraudAppPodLabels } from "../components/demo/fraud-demo-manifests";
import { namespaceNames } from "./namespaces";
import type { PlatformConfig } from "./schema";

export interface DemoScrapeTarget {
    name: string;
    namespace: string;
    podLabels: Record<string, string>;
    port: number;
}

/** The demo component's name: its Deployments are `fraud-generator`, `fraud-actor`; its session job `fraud-job`. */
export const DEMO_NAME = "fraud";

export function demoScrapeTargets(inputs: Pick<PlatformConfig, "namespaces"> & Partial<Pick<PlatformConfig, "demo" | "kafka">>): DemoScrapeTarget[] {
    if (!inputs.demo?.enabled || !inputs.kafka?.enabled) return [];
    const streaming = namespaceNames(inputs.namespaces).streaming;
    return (["generator", "actor"] as const).map((app) => ({ name: FRAUD_APP_NAMES[app], namespace: streaming, podLabels: fraudAppPodLabels({ name: DEMO_NAME }, app), port: FRAUD_APP_METRICS_PORT }));
}
