/**
 * Which jars the Flink operator fetches for session jobs (operator 1.15 and later): a FlinkSessionJob's
 * `jarURI` must use a scheme on the operator's allowlist, and an http(s) URI whose host resolves to a
 * loopback, link-local, site-local, wildcard or multicast address is refused while the operator
 * disallows restricted hosts. The operator checks a job once it reaches it, leaving it failed; these
 * rules check the same, from the settings the operator is given, before anything is created (pure).
 * FlinkDeployment jars are not checked by the operator: an application's jar is in its image.
 */
import { BlockList, isIP } from "node:net";
import { Problem, Problems } from "../core/problems";

/** The operator's allowlist of jar URI schemes (a list; flink-conf.yaml separates its items with ";"). */
export const ALLOWED_ARTIFACT_SCHEMES_KEY = "kubernetes.operator.user.artifacts.allowed-schemes";
/** Whether the operator refuses jar hosts that resolve to restricted addresses. */
export const DISALLOW_RESTRICTED_ARTIFACT_HOSTS_KEY = "kubernetes.operator.user.artifacts.disallow-restricted-hosts";

/** The operator's own defaults: https only, restricted hosts refused. */
export const DEFAULT_ALLOWED_ARTIFACT_SCHEMES: readonly string[] = ["https"];
export const DEFAULT_DISALLOW_RESTRICTED_ARTIFACT_HOSTS = true;

/** What the operator allows, as its settings say. */
export interface ArtifactPolicy {
    allowedSchemes: readonly string[];
    disallowRestrictedHosts: boolean;
}

export function resolveArtifactPolicy(allowedSchemes: readonly string[] | undefined, disallowRestrictedHosts: boolean | undefined): ArtifactPolicy {
    return {
        allowedSchemes: allowedSchemes ?? DEFAULT_ALLOWED_ARTIFACT_SCHEMES,
        disallowRestrictedHosts: disallowRestrictedHosts ?? DEFAULT_DISALLOW_RESTRICTED_ARTIFACT_HOSTS,
    };
}

/** A URI scheme (RFC 3986) as URL parsing leaves it: lower case. */
const SCHEME = /^[a-z][a-z0-9+.-]*$/;

/** The allowlist itself, by path relative to the component's args (`allowedArtifactSchemes[1]`). */
export function allowedArtifactSchemesProblems(schemes: readonly string[] | undefined): Problem[] {
    if (schemes === undefined) return [];
    const problems = new Problems().check(
        schemes.length > 0,
        "allowedArtifactSchemes",
        `must list at least one scheme (the operator's ${ALLOWED_ARTIFACT_SCHEMES_KEY}), such as ["https"], got []`,
    );
    schemes.forEach((scheme, i) =>
        problems.check(SCHEME.test(scheme), `allowedArtifactSchemes[${i}]`, `must be a URI scheme in lower case without "://", such as "https" or "s3", got ${JSON.stringify(scheme)}`),
    );
    return problems.list;
}

/**
 * The addresses Java's InetAddress calls loopback, link-local, site-local, any-local and multicast: what
 * the operator refuses. IPv4-mapped IPv6 addresses are checked against the IPv4 ranges.
 */
const RESTRICTED_ADDRESSES = (() => {
    const list = new BlockList();
    for (const [network, prefix] of [["127.0.0.0", 8], ["169.254.0.0", 16], ["10.0.0.0", 8], ["172.16.0.0", 12], ["192.168.0.0", 16], ["0.0.0.0", 32], ["224.0.0.0", 4]] as const) {
        list.addSubnet(network, prefix, "ipv4");
    }
    for (const [network, prefix] of [["::1", 128], ["fe80::", 10], ["fec0::", 10], ["::", 128], ["ff00::", 8]] as const) list.addSubnet(network, prefix, "ipv6");
    return list;
})();

/**
 * Host names that resolve to such addresses wherever the operator runs: localhost, and the cluster's own
 * names (a Service's cluster IP is a private address; a name without a dot resolves through the pod's
 * search domains to one). A public name may resolve to a private address too; only the operator can tell.
 */
function isInClusterOrLocalName(host: string): boolean {
    return (
        !host.includes(".") ||
        host === "localhost" ||
        host.endsWith(".localhost") ||
        host.endsWith(".svc") ||
        host.includes(".svc.") ||
        host.endsWith(".cluster.local") ||
        host.endsWith(".internal")
    );
}

/** Whether the operator, disallowing restricted hosts, would refuse `hostname` (as URL parsing gives it). */
export function isRestrictedArtifactHost(hostname: string): boolean {
    const host = hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
    const family = isIP(host);
    if (family === 4) return RESTRICTED_ADDRESSES.check(host, "ipv4");
    if (family === 6) return RESTRICTED_ADDRESSES.check(host, "ipv6");
    return isInClusterOrLocalName(host);
}

/** One session job's jarURI against the policy, by path relative to the jarURI (""). */
export function sessionJarUriProblems(jarURI: string, policy: ArtifactPolicy): Problem[] {
    let url: URL;
    try {
        url = new URL(jarURI);
    } catch {
        return [{ path: "", message: `must be a URI with a scheme, such as "https://artifacts.example.com/job.jar", got ${JSON.stringify(jarURI)}` }];
    }
    const scheme = url.protocol.replace(/:$/, "");
    const web = scheme === "http" || scheme === "https";
    return new Problems()
        .check(
            policy.allowedSchemes.includes(scheme),
            "",
            `must use a scheme the Flink operator fetches session jobs' jars with (${policy.allowedSchemes.join(", ")}), got ${JSON.stringify(jarURI)}: ` +
                `add "${scheme}" to the operator's allowedArtifactSchemes (${ALLOWED_ARTIFACT_SCHEMES_KEY})`,
        )
        .check(
            !(web && policy.disallowRestrictedHosts && isRestrictedArtifactHost(url.hostname)),
            "",
            `must not name a loopback, link-local or private host, which the Flink operator refuses (${DISALLOW_RESTRICTED_ARTIFACT_HOSTS_KEY}), got ${JSON.stringify(jarURI)}: ` +
                "set the operator's disallowRestrictedArtifactHosts to false to fetch jars from inside the cluster",
        ).list;
}
