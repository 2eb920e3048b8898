import { createClusterProvider } from "./stacks/cluster-provider";
import { loadPlatformConfig } from "./stacks/config";
import { buildPlatform } from "./stacks/platform";

// Validate the whole stack configuration first: a bad key fails here, before any resource exists.
const config = loadPlatformConfig();
// The cluster to deploy onto (EKS and GKE: an existing one); every Kubernetes object goes through it.
const provider = createClusterProvider(config);
const platform = buildPlatform(config, { provider });

export const target = config.target;
export const namespaces = platform.namespaces.names;
export const zookeeperConnectString = platform.zookeeper?.connectString;
export const storage = platform.storage?.outputs;
export const flinkSessionCluster = platform.flink?.session?.clusterName;
export const flinkApplications = platform.flink && Object.keys(platform.flink.applications);
export const kafkaBootstrapServers = platform.kafka?.bootstrapServers;
// Grafana: `kubectl -n <monitoring> port-forward svc/<grafanaService> 3000:80`, then log in as admin
// with `pulumi stack output grafanaAdminPassword --show-secrets`.
export const grafanaService = platform.observability && platform.observability.stack.releaseName.apply((release) => `${release}-grafana`);
export const grafanaAdminPassword = platform.observability?.stack.grafanaAdminPassword;
