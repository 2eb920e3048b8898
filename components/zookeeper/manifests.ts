/** The objects of a ZooKeeper ensemble as plain manifests (pure: no Pulumi). */
import type * as k8s from "@pulumi/kubernetes";
import { componentLabels, selectorLabels } from "../core/labels";
import { NetworkPeerArgs, networkPolicy, onPorts, prometheusPeer } from "../core/network";
import type { ConfigMap, NetworkPolicy, PodDisruptionBudget, Service, StatefulSet } from "../core/objects";
import { memoryMiB } from "../core/quantity";
import { containerResources, ResolvedResources } from "../core/resources";
import { preferredAntiAffinity, restrictedContainerSecurity, restrictedPodSecurity } from "../core/security";
import { FOUR_LETTER_WORDS, quorumSize, ZOOKEEPER_METRICS_PORT_NAME, ZOOKEEPER_PORTS, zooCfg } from "./config";

export interface ResolvedZooKeeperEnsemble {
    name: string;
    namespace: string;
    replicas: number;
    image: k8s.types.input.core.v1.Container["image"];
    resources: ResolvedResources;
    storageSize: string;
    storageClassName?: k8s.types.input.core.v1.PersistentVolumeClaimSpec["storageClassName"];
    clusterDomain: string;
    /** Who may connect to the client port. */
    clients: NetworkPeerArgs[];
    /** Where the Prometheus that scrapes the metrics port runs. */
    monitoringNamespace: string;
}

/** The official image runs ZooKeeper as this user and group. */
const ZOOKEEPER_UID = 1000;

const LOGBACK_XML = `<configuration>
  <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{ISO8601} [myid:%X{myid}] %-5level [%t:%C{1}@%L] - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="CONSOLE"/></root>
</configuration>
`;

export function zookeeperSelector(z: Pick<ResolvedZooKeeperEnsemble, "name">): Record<string, string> {
    return selectorLabels(z.name, "zookeeper");
}

export function headlessServiceName(z: ResolvedZooKeeperEnsemble): string {
    return `${z.name}-headless`;
}

export function clientServiceName(z: ResolvedZooKeeperEnsemble): string {
    return `${z.name}-client`;
}

/** Half the memory limit for the heap: the rest is metaspace, threads, direct buffers and page cache. */
export function zookeeperHeapMiB(z: ResolvedZooKeeperEnsemble): number {
    return Math.max(128, Math.floor(memoryMiB(z.resources.limitsMemory) / 2));
}

/** A bash probe that asks the server a four-letter word on its client port and expects `reply`. */
function fourLetterProbe(word: (typeof FOUR_LETTER_WORDS)[number], reply: string): string[] {
    return ["bash", "-c", `exec 3<>/dev/tcp/127.0.0.1/${ZOOKEEPER_PORTS.client} && echo ${word} >&3 && grep -q '${reply}' <&3`];
}

/**
 * A budget that keeps a quorum through node drains. A single server has no quorum to keep, and a
 * budget of one would block every drain, so it gets none.
 */
export function zookeeperDisruptionBudgets(z: ResolvedZooKeeperEnsemble): PodDisruptionBudget[] {
    if (z.replicas < 2) return [];
    return [
        {
            apiVersion: "policy/v1",
            kind: "PodDisruptionBudget",
            metadata: { name: z.name, namespace: z.namespace, labels: componentLabels(z.name, "zookeeper") },
            spec: { minAvailable: quorumSize(z.replicas), selector: { matchLabels: zookeeperSelector(z) } },
        },
    ];
}

/**
 * Who may connect to the servers, and on which port: the servers themselves on the client, quorum and
 * election ports; the clients on the client port only; Prometheus on the metrics port only.
 */
export function zookeeperNetworkPolicy(z: ResolvedZooKeeperEnsemble): NetworkPolicy {
    const selector = zookeeperSelector(z);
    return networkPolicy({
        name: z.name,
        namespace: z.namespace,
        labels: componentLabels(z.name, "zookeeper"),
        podLabels: selector,
        ingress: [
            { podLabels: selector, ports: [ZOOKEEPER_PORTS.client, ZOOKEEPER_PORTS.peer, ZOOKEEPER_PORTS.election] },
            ...onPorts(z.clients, [ZOOKEEPER_PORTS.client]),
            prometheusPeer(z.monitoringNamespace, [ZOOKEEPER_PORTS.metrics]),
        ],
    });
}

export function zookeeperManifests(z: ResolvedZooKeeperEnsemble): (ConfigMap | Service | PodDisruptionBudget | StatefulSet | NetworkPolicy)[] {
    const labels = componentLabels(z.name, "zookeeper");
    const selector = zookeeperSelector(z);
    const meta = (name: string) => ({ name, namespace: z.namespace, labels });
    const config = zooCfg({ name: z.name, namespace: z.namespace, replicas: z.replicas, headlessService: headlessServiceName(z), clusterDomain: z.clusterDomain });
    const ports = [
        { name: "client", containerPort: ZOOKEEPER_PORTS.client },
        { name: "peer", containerPort: ZOOKEEPER_PORTS.peer },
        { name: "election", containerPort: ZOOKEEPER_PORTS.election },
        { name: ZOOKEEPER_METRICS_PORT_NAME, containerPort: ZOOKEEPER_PORTS.metrics },
    ];
    return [
        { apiVersion: "v1", kind: "ConfigMap", metadata: meta(`${z.name}-config`), data: { "zoo.cfg": config, "logback.xml": LOGBACK_XML } },
        {
            apiVersion: "v1",
            kind: "Service",
            metadata: meta(headlessServiceName(z)),
            spec: {
                clusterIP: "None",
                // Peers must find each other before they are ready: readiness needs a quorum.
                publishNotReadyAddresses: true,
                selector,
                ports: ports.filter((p) => ["client", "peer", "election"].includes(p.name)).map((p) => ({ name: p.name, port: p.containerPort, targetPort: p.name })),
            },
        },
        {
            apiVersion: "v1",
            kind: "Service",
            metadata: meta(clientServiceName(z)),
            spec: { selector, ports: [{ name: "client", port: ZOOKEEPER_PORTS.client, targetPort: "client" }] },
        },
        ...zookeeperDisruptionBudgets(z),
        zookeeperNetworkPolicy(z),
        {
            apiVersion: "apps/v1",
            kind: "StatefulSet",
            metadata: meta(z.name),
            spec: {
                serviceName: headlessServiceName(z),
                replicas: z.replicas,
                // All servers start together: with ordered start-up, server 0 would wait for a readiness
                // that needs a quorum, which needs the servers after it.
                podManagementPolicy: "Parallel",
                updateStrategy: { type: "RollingUpdate" },
                persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
                selector: { matchLabels: selector },
                template: {
                    metadata: { labels: { ...labels, ...selector } },
                    spec: {
                        securityContext: restrictedPodSecurity(ZOOKEEPER_UID),
                        affinity: preferredAntiAffinity(selector),
                        automountServiceAccountToken: false,
                        containers: [
                            {
                                name: "zookeeper",
                                image: z.image,
                                command: ["bash", "-c", 'echo $(( ${HOSTNAME##*-} + 1 )) > /data/myid && exec zkServer.sh start-foreground /conf/zoo.cfg'],
                                env: [
                                    { name: "ZOOCFGDIR", value: "/conf" },
                                    { name: "ZOO_LOG_DIR", value: "/logs" },
                                    { name: "ZK_SERVER_HEAP", value: String(zookeeperHeapMiB(z)) },
                                ],
                                ports,
                                resources: containerResources(z.resources),
                                securityContext: restrictedContainerSecurity(),
                                readinessProbe: { exec: { command: fourLetterProbe("srvr", "Mode: ") }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 5 },
                                livenessProbe: { exec: { command: fourLetterProbe("ruok", "imok") }, initialDelaySeconds: 30, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 4 },
                                volumeMounts: [
                                    { name: "data", mountPath: "/data" },
                                    { name: "config", mountPath: "/conf", readOnly: true },
                                    { name: "logs", mountPath: "/logs" },
                                    { name: "tmp", mountPath: "/tmp" },
                                ],
                            },
                        ],
                        volumes: [
                            { name: "config", configMap: { name: `${z.name}-config` } },
                            { name: "logs", emptyDir: {} },
                            { name: "tmp", emptyDir: {} },
                        ],
                    },
                },
                volumeClaimTemplates: [
                    {
                        metadata: { name: "data", labels },
                        spec: {
                            accessModes: ["ReadWriteOnce"],
                            resources: { requests: { storage: z.storageSize } },
                            ...(z.storageClassName !== undefined ? { storageClassName: z.storageClassName } : {}),
                        },
                    },
                ],
            },
        },
    ];
}
