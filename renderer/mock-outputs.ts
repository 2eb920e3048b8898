import type * as pulumi from "@pulumi/pulumi";

/** The AWS account of the render's made-up ARNs (AWS's own documentation example). */
export const MOCK_AWS_ACCOUNT = "123456789012";
/** What a referenced stack's `kubeconfig` output holds in the render. */
export const MOCK_KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n";

/**
 * Outputs that a provider computes and that the program reads back (an ARN, a generated password),
 * given plausible values so that the program can go on under mocks. Everything else echoes the inputs.
 */
export function mockOutputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
    switch (args.type) {
        case "random:index/randomPassword:RandomPassword":
        case "random:index/randomString:RandomString":
            return { result: `mock-${args.name}` };
        case "random:index/randomId:RandomId":
            return { hex: "0a1b2c3d", b64Url: "ChssPQ", dec: "169552957" };
        // The render cannot read another stack: a referenced cluster stack exports a stand-in kubeconfig.
        case "pulumi:pulumi:StackReference":
            return { outputs: { kubeconfig: MOCK_KUBECONFIG }, secretOutputNames: ["kubeconfig"] };
        // The render's cloud account and project: obviously not real ones.
        case "aws:s3/bucket:Bucket":
            return { arn: `arn:aws:s3:::${String(args.inputs.bucket)}` };
        case "aws:iam/role:Role":
            return { arn: `arn:aws:iam::${MOCK_AWS_ACCOUNT}:role/${String(args.inputs.name ?? args.name)}`, name: args.inputs.name ?? args.name };
        case "gcp:storage/bucket:Bucket":
            return { url: `gs://${String(args.inputs.name)}`, selfLink: `https://www.googleapis.com/storage/v1/b/${String(args.inputs.name)}` };
        case "gcp:serviceaccount/account:Account": {
            const email = `${String(args.inputs.accountId)}@${String(args.inputs.project)}.iam.gserviceaccount.com`;
            return { email, member: `serviceAccount:${email}`, name: `projects/${String(args.inputs.project)}/serviceAccounts/${email}` };
        }
        default:
            return {};
    }
}
