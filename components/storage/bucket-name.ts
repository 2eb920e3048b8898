/** Cloud bucket names: a prefix of the user's and a random suffix, within the 63 characters S3 and GCS allow. */

/** Bytes of the random suffix (two hex digits each). */
export const BUCKET_SUFFIX_BYTES = 4;
/** The longest prefix that leaves room for "-" and the suffix in a 63-character bucket name. */
export const MAX_BUCKET_PREFIX = 63 - 1 - 2 * BUCKET_SUFFIX_BYTES;
