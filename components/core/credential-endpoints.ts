/**
 * The node-local addresses that pods fetch their cloud credentials from. The platform's namespaces deny
 * egress by default, so a pod with a cloud identity needs a rule to its endpoint (beside port 443, where
 * S3, GCS and STS listen).
 */

/** One such endpoint: an address block and its TCP port. */
export interface CredentialEndpoint {
    cidr: string;
    port: number;
}

/** The EKS Pod Identity Agent, on every node (IPv4 and IPv6). IRSA needs none: it calls STS on 443. */
export const EKS_POD_IDENTITY_AGENT: readonly CredentialEndpoint[] = [
    { cidr: "169.254.170.23/32", port: 80 },
    { cidr: "fd00:ec2::23/128", port: 80 },
];

/** The GKE metadata server, which hands out Workload Identity tokens (port 988 on older and Dataplane V2 clusters). */
export const GKE_METADATA_SERVER: readonly CredentialEndpoint[] = [
    { cidr: "169.254.169.254/32", port: 80 },
    { cidr: "169.254.169.252/32", port: 988 },
];
