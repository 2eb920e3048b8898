/**
 * Runs a Pulumi program under Pulumi's mocks and records every resource it registers: type, name,
 * inputs, and the options that guard data (`protect`, `retainOnDelete`). No engine, cluster or cloud.
 */
import * as pulumi from "@pulumi/pulumi";
import { mockOutputs } from "./mock-outputs";

export interface CapturedResource {
    type: string;
    name: string;
    /** Custom resources are managed by a provider; components (`custom: false`) only group them. */
    custom: boolean;
    inputs: Record<string, unknown>;
    protect: boolean;
    retainOnDelete: boolean;
}

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const MASK = "[secret]";

/** Replaces every secret value (as the mocks receive it) by a mask, so secrets never reach the output. */
export function maskSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(maskSecrets);
    if (typeof value === "object" && value !== null) {
        if (SECRET_SIG_KEY in value) {
            // A secret map (a Secret's data) keeps its keys, so the output still has the object's shape.
            const inner = (value as { value?: unknown }).value;
            if (typeof inner === "object" && inner !== null && !Array.isArray(inner)) return Object.fromEntries(Object.keys(inner).map((k) => [k, MASK]));
            return MASK;
        }
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v)]));
    }
    return value;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getProtect(): boolean | undefined;
    getRetainondelete(): boolean | undefined;
}

interface MonitorWithRegister {
    registerResource(req: RegisterRequest, callback: unknown): Promise<void>;
}

/**
 * Installs the mocks, recording into the returned list. Call before the program is imported.
 * `options` of each resource are read off the registration request, since mocks are not given them.
 */
export async function installRecordingMocks(project: string, stack: string): Promise<CapturedResource[]> {
    const captured: CapturedResource[] = [];
    const options = new Map<string, { protect: boolean; retainOnDelete: boolean }>();
    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                const guard = options.get(`${args.type}::${args.name}`) ?? { protect: false, retainOnDelete: false };
                captured.push({ type: args.type, name: args.name, custom: args.custom ?? true, inputs: maskSecrets(args.inputs) as Record<string, unknown>, ...guard });
                return { id: `${args.name}-id`, state: { ...args.inputs, ...mockOutputs(args) } };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                return args.inputs;
            },
        },
        project,
        stack,
        true,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorWithRegister;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        options.set(`${req.getType()}::${req.getName()}`, { protect: req.getProtect() ?? false, retainOnDelete: req.getRetainondelete() ?? false });
        return register(req, callback);
    };
    return captured;
}

/** Waits until every registration the program started has reached the mocks. */
export async function settle(): Promise<void> {
    const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
    if (runtime.waitForRPCs) {
        await runtime.waitForRPCs();
        return;
    }
    await pulumi.runtime.disconnect();
}
