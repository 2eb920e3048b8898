/**
 * One S3 (or S3 gateway admin) request signed with AWS Signature Version 4, for the tests that ask a
 * real gateway what a key may do. No SDK: the project has none, and a request is a few headers.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 */
import { createHash, createHmac } from "node:crypto";

export interface S3Keys {
    accessKey: string;
    secretKey: string;
}

export interface S3Response {
    status: number;
    body: string;
    /** The error's `<Code>` when the body is an S3 error document. */
    code?: string;
}

const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/** `method` on `path` (already URI-encoded, no query) of `endpoint`, signed for `region` and service s3. */
export async function s3Request(endpoint: string, keys: S3Keys, method: string, path: string, body = "", region = "us-east-1"): Promise<S3Response> {
    const url = new URL(path, endpoint);
    const amzDate = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    const day = amzDate.slice(0, 8);
    const payloadHash = sha256(body);
    const headers: Record<string, string> = { host: url.host, "x-amz-content-sha256": payloadHash, "x-amz-date": amzDate };
    const signed = Object.keys(headers).sort();
    const canonical = [method, url.pathname, "", ...signed.map((h) => `${h}:${headers[h]}`), "", signed.join(";"), payloadHash].join("\n");
    const scope = `${day}/${region}/s3/aws4_request`;
    const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
    const key = hmac(hmac(hmac(hmac(`AWS4${keys.secretKey}`, day), region), "s3"), "aws4_request");
    const signature = createHmac("sha256", key).update(toSign).digest("hex");
    const response = await fetch(url, {
        method,
        headers: {
            "x-amz-content-sha256": payloadHash,
            "x-amz-date": amzDate,
            authorization: `AWS4-HMAC-SHA256 Credential=${keys.accessKey}/${scope}, SignedHeaders=${signed.join(";")}, Signature=${signature}`,
        },
        body: method === "GET" || method === "HEAD" ? undefined : body,
    });
    const text = await response.text();
    return { status: response.status, body: text, code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1] };
}
