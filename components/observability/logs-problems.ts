/** The problems of the logs stack's arguments, each at its argument's path, every one at once. */
import { dnsLabelMessage, isDnsLabel } from "../core/labels";
import { known, Problem, Problems } from "../core/problems";
import { isMemoryQuantity } from "../core/quantity";
import { resourcesProblems } from "../core/resources";
import { LOGS_STORAGE_BACKENDS, LogsArgs, resolveLogsArgs } from "./logs-args";

/** Loki's durations (Prometheus' syntax): one or more number-unit pairs, such as "168h", "30d" or "1w2d". */
const LOKI_DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;
/** An S3 or GCS bucket name: 3 to 63 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** An endpoint's address block: IPv4 ("169.254.170.23/32") or IPv6 ("fd00:ec2::23/128"), as NetworkPolicy's ipBlock takes it. */
const CIDR = /^((\d{1,3}\.){3}\d{1,3}\/\d{1,2}|[0-9a-f:]*:[0-9a-f:]*\/\d{1,3})$/i;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/.+$/;
const GCP_SERVICE_ACCOUNT = /^[a-z][-a-z0-9]{4,28}[a-z0-9]@[-a-z0-9]+\.iam\.gserviceaccount\.com$/;

export function logsProblems(args: LogsArgs = {}): Problem[] {
    const o = resolveLogsArgs(args);
    const s = o.storage;
    const problems = new Problems();
    problems.check(isDnsLabel(o.namespace), "namespace", dnsLabelMessage(o.namespace));
    problems.check(isDnsLabel(o.grafanaNamespace), "grafanaNamespace", dnsLabelMessage(o.grafanaNamespace));
    problems.check(isDnsLabel(o.lokiReleaseName) && o.lokiReleaseName.length <= 53, "lokiReleaseName", dnsLabelMessage(o.lokiReleaseName, 53));
    problems.check(isDnsLabel(o.alloyReleaseName) && o.alloyReleaseName.length <= 53, "alloyReleaseName", dnsLabelMessage(o.alloyReleaseName, 53));
    problems.check(o.collectNamespaces.length > 0, "collectNamespaces", "must name at least one namespace, got []");
    o.collectNamespaces.forEach((ns, i) => problems.check(isDnsLabel(ns), `collectNamespaces[${i}]`, dnsLabelMessage(ns)));
    problems.check(
        typeof o.retention === "string" && LOKI_DURATION.test(o.retention) && !/^(0+(ms|s|m|h|d|w|y))+$/.test(o.retention),
        "retention",
        `must be a positive Loki duration such as "168h", "30d" or "1w", got ${JSON.stringify(o.retention)}`,
    );

    const backends = LOGS_STORAGE_BACKENDS as readonly string[];
    const backendOk = backends.includes(s.backend);
    problems.check(backendOk, "storage.backend", `must be one of ${LOGS_STORAGE_BACKENDS.map((b) => `"${b}"`).join(", ")}, got ${JSON.stringify(s.backend)}`);
    problems.check(isMemoryQuantity(s.size), "storage.size", `must be a quantity such as "10Gi", got ${JSON.stringify(s.size)}`);
    const cloud = s.backend === "s3" || s.backend === "gcs";
    if (cloud) {
        problems.check(s.bucket !== undefined, "storage.bucket", `needs the bucket's name with backend "${s.backend}"`);
        // A bucket the stack makes is an Output: its name is the bucket component's to check.
        problems.check(!known(s.bucket) || BUCKET_NAME.test(s.bucket), "storage.bucket", `must be a bucket name (3 to 63 lower-case letters, digits, "-" and "."), got ${JSON.stringify(s.bucket)}`);
    } else if (backendOk) {
        problems.check(s.bucket === undefined, "storage.bucket", `must not be set with backend "${s.backend}": it keeps logs on Loki's volume`);
    }
    if (s.backend === "s3") problems.check(s.region !== undefined && s.region !== "", "storage.region", 'needs the bucket\'s AWS region (such as "eu-west-1") with backend "s3"');
    else problems.check(s.region === undefined, "storage.region", 'must be set only with backend "s3"');
    problems.check(s.roleArn === undefined || s.backend === "s3", "storage.roleArn", 'must be set only with backend "s3"');
    problems.check(!known(s.roleArn) || ROLE_ARN.test(s.roleArn), "storage.roleArn", `must be an IAM role ARN such as "arn:aws:iam::123456789012:role/loki", got ${JSON.stringify(s.roleArn)}`);
    problems.check(s.gcpServiceAccount === undefined || s.backend === "gcs", "storage.gcpServiceAccount", 'must be set only with backend "gcs"');
    problems.check(
        !known(s.gcpServiceAccount) || GCP_SERVICE_ACCOUNT.test(s.gcpServiceAccount),
        "storage.gcpServiceAccount",
        `must be a Google service account email such as "loki@my-project.iam.gserviceaccount.com", got ${JSON.stringify(s.gcpServiceAccount)}`,
    );
    problems.check(s.credentialEndpoints.length === 0 || cloud, "storage.credentialEndpoints", 'must be set only with backend "s3" or "gcs"');
    s.credentialEndpoints.forEach((e, i) => {
        problems.check(typeof e.cidr === "string" && CIDR.test(e.cidr), `storage.credentialEndpoints[${i}].cidr`, `must be an IPv4 or IPv6 CIDR such as "169.254.170.23/32", got ${JSON.stringify(e.cidr)}`);
        problems.check(Number.isInteger(e.port) && e.port >= 1 && e.port <= 65535, `storage.credentialEndpoints[${i}].port`, `must be a port from 1 to 65535, got ${JSON.stringify(e.port)}`);
    });
    problems.add("lokiResources", resourcesProblems(o.lokiResources));
    problems.add("alloyResources", resourcesProblems(o.alloyResources));
    return problems.list;
}
