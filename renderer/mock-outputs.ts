import type * as pulumi from "@pulumi/pulumi";

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
        default:
            return {};
    }
}
