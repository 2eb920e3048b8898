/**
 * What each registered resource waits for: the URNs Pulumi's SDK puts in its registration's
 * dependencies (`dependsOn`, expanded through components to their custom and packaged children), as the
 * engine would order them. Recorded beside the mocks' own recording.
 */
import * as pulumi from "@pulumi/pulumi";
import { registeredBy } from "./pulumi";

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getDependenciesList(): string[];
}

const dependencies = new Map<string, string[]>();
let recording: Promise<void> | undefined;

async function record(): Promise<void> {
    await registeredBy(() => undefined); // installs the mocks
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: RegisterRequest, callback: unknown): unknown };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        dependencies.set(`${req.getType()}::${req.getName()}`, req.getDependenciesList());
        return register(req, callback);
    };
}

/** Starts recording; resources registered after this resolves are in `dependenciesOf`. */
export function recordDependencies(): Promise<void> {
    recording ??= record();
    return recording;
}

/** The URNs the resource of `type` named `name` was registered to wait for. */
export function dependenciesOf(type: string, name: string): string[] {
    const found = dependencies.get(`${type}::${name}`);
    if (found === undefined) throw new Error(`no registration of ${type} ${name} was recorded`);
    return found;
}

/** Whether one of `urns` is the resource of `type` named `name`. */
export function includesResource(urns: readonly string[], type: string, name: string): boolean {
    return urns.some((urn) => urn.endsWith(`${type}::${name}`));
}
