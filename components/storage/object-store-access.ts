/**
 * Who may use the in-cluster store (Versity S3 Gateway v1.8.0): root, whose keys only the gateway
 * holds, and one user of role "user" for Flink, who owns the bucket and nothing else. Both set up
 * without an admin call: the user from a users.json seed, the bucket's owner by its init container.
 */

/** Where the gateway's internal IAM (`--iam-dir`) reads users.json: a read-only Secret volume. */
export const IAM_DIR = "/iam";
export const IAM_FILE = "users.json";

interface Named {
    name: string;
}

/** The root account's keys: in the gateway's environment, and nowhere else. */
export function rootCredentialsSecretName(s: Named): string {
    return `${s.name}-root-credentials`;
}

/** The Flink user's keys (`accessKey`, `secretKey`): what the Flink pods get. */
export function credentialsSecretName(s: Named): string {
    return `${s.name}-credentials`;
}

/** The users.json seed of the gateway's internal IAM. */
export function iamSecretName(s: Named): string {
    return `${s.name}-iam`;
}

/**
 * The internal IAM's users.json with the Flink user (auth/iam_internal.go, iAMConfig and Account).
 * Role "user": no admin API, no CreateBucket (auth.VerifyCreateBucketAccess allows that to
 * "userplus"), and a bucket only through its ACL, which names this user as owner of the Flink bucket
 * alone. The gateway only reads the file while nobody calls the admin API, which it cannot write.
 */
export function objectStoreUsersJson(accessKey: string, secretKey: string): string {
    return JSON.stringify({ accessAccounts: { [accessKey]: { access: accessKey, secret: secretKey, role: "user", userID: 0, groupID: 0, projectID: 0 } } });
}

/** The environment variable the init container reads the Flink user's access key from. */
export const OWNER_ENV = "BUCKET_OWNER";

/**
 * The init container's shell command: the bucket as a directory of the POSIX back end, and its owner
 * in the sidecar metadata as the admin API's change-bucket-owner writes it (auth.UpdateBucketACLOwner:
 * the ACL JSON in `<sidecar>/<bucket>/meta/acl`, backend/meta/sidecar.go), rewritten at each start so
 * a new Flink key takes the bucket over. Written aside and renamed, so the gateway never reads half.
 */
export function bucketSetupCommand(bucket: string, root = "/store"): string {
    const meta = `${root}/meta/${bucket}/meta`;
    const acl = `{"Owner":"%s","Grantees":[{"Permission":"FULL_CONTROL","Access":"%s","Type":"CanonicalUser"}]}`;
    return [
        `mkdir -p ${root}/buckets/${bucket} ${meta}`,
        `printf '${acl}' "$${OWNER_ENV}" "$${OWNER_ENV}" > ${meta}/acl.new`,
        `mv ${meta}/acl.new ${meta}/acl`,
    ].join(" && ");
}
