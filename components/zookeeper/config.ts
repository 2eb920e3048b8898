/**
 * ZooKeeper's configuration as pure data: the ensemble's server list, `zoo.cfg`, and the quorum size.
 * Exported so that tests can start a real ensemble from exactly what the component renders.
 */

/**
 * Every port a server listens on. No AdminServer port: nothing of the platform uses its HTTP commands
 * (the probes use four-letter words, Prometheus the metrics port), so it stays off.
 */
export const ZOOKEEPER_PORTS = { client: 2181, peer: 2888, election: 3888, metrics: 7000 } as const;
/** The name of the metrics port on the server container, which PodMonitors select it by. */
export const ZOOKEEPER_METRICS_PORT_NAME = "metrics";

/** The four-letter words the probes and operators use; everything else stays off. */
export const FOUR_LETTER_WORDS = ["ruok", "srvr", "mntr"] as const;

export const ALLOWED_ENSEMBLE_SIZES = [1, 3, 5, 7] as const;

export interface ZooKeeperTopology {
    /** StatefulSet name; pods are `${name}-0` … */
    name: string;
    namespace: string;
    replicas: number;
    /** Headless Service that gives each pod a stable DNS name. */
    headlessService: string;
    /** @default "cluster.local" */
    clusterDomain?: string;
}

export interface ZooCfgArgs extends ZooKeeperTopology {
    /** @default "/data" */
    dataDir?: string;
    /** Transaction log directory, on its own volume in production. @default dataDir */
    dataLogDir?: string;
    /** @default 2000 */
    tickTime?: number;
    /** @default 10 */
    initLimit?: number;
    /** @default 5 */
    syncLimit?: number;
    /** Snapshots kept by autopurge. @default 3 */
    snapRetainCount?: number;
    /** Hours between autopurges. @default 1 */
    purgeIntervalHours?: number;
}

/** Servers that must be up for the ensemble to serve: a strict majority. */
export function quorumSize(replicas: number): number {
    return Math.floor(replicas / 2) + 1;
}

/** The stable DNS name of each server, in myid order (myid = ordinal + 1). */
export function zookeeperServerHosts(t: ZooKeeperTopology): string[] {
    const domain = t.clusterDomain ?? "cluster.local";
    return Array.from({ length: t.replicas }, (_, i) => `${t.name}-${i}.${t.headlessService}.${t.namespace}.svc.${domain}`);
}

/** The connect string clients (Flink HA) use: every server, so a client survives any one of them. */
export function zookeeperConnectString(t: ZooKeeperTopology): string {
    return zookeeperServerHosts(t)
        .map((host) => `${host}:${ZOOKEEPER_PORTS.client}`)
        .join(",");
}

/**
 * `zoo.cfg` for every server of the ensemble (the file is the same on all; each server knows itself
 * by its `myid`).
 */
export function zooCfg(args: ZooCfgArgs): string {
    const dataDir = args.dataDir ?? "/data";
    const lines = [
        `tickTime=${args.tickTime ?? 2000}`,
        `initLimit=${args.initLimit ?? 10}`,
        `syncLimit=${args.syncLimit ?? 5}`,
        `dataDir=${dataDir}`,
        `dataLogDir=${args.dataLogDir ?? dataDir}`,
        `clientPort=${ZOOKEEPER_PORTS.client}`,
        // Peers resolve each other through the headless Service; while a pod restarts its name may not
        // resolve yet, so bind the quorum ports on all addresses instead of the pod's own name.
        "quorumListenOnAllIPs=true",
        "standaloneEnabled=false",
        "reconfigEnabled=false",
        `autopurge.snapRetainCount=${args.snapRetainCount ?? 3}`,
        `autopurge.purgeInterval=${args.purgeIntervalHours ?? 1}`,
        `4lw.commands.whitelist=${FOUR_LETTER_WORDS.join(",")}`,
        // On by default, on 8080 of every address, unauthenticated: off, see ZOOKEEPER_PORTS.
        "admin.enableServer=false",
        "metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider",
        `metricsProvider.httpPort=${ZOOKEEPER_PORTS.metrics}`,
        "metricsProvider.exportJvmInfo=true",
        ...zookeeperServerHosts(args).map((host, i) => `server.${i + 1}=${host}:${ZOOKEEPER_PORTS.peer}:${ZOOKEEPER_PORTS.election};${ZOOKEEPER_PORTS.client}`),
    ];
    return `${lines.join("\n")}\n`;
}
