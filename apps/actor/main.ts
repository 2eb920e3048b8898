/**
 * The actor's command line: `node apps/actor/main.js --bootstrap-servers host:9092 …` (see
 * options.ts). SIGTERM or Ctrl-C: it finishes the record in hand, commits, leaves the group, exits 0.
 */
import { shutdownSignal } from "../fraud-records/shutdown";
import { startActor } from "./actor";
import { parseActorArgs } from "./options";

async function main(): Promise<void> {
    let options;
    try {
        options = parseActorArgs(process.argv.slice(2));
    } catch (e) {
        console.error((e as Error).message);
        process.exitCode = 2;
        return;
    }
    const signal = shutdownSignal();
    const actor = startActor(options);
    await actor.ready;
    const port = actor.metricsPort();
    if (port !== undefined) console.error(`actor: metrics on port ${port}`);
    console.error(`actor: reading ${options.topic} as group ${options.groupId}`);
    await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
    await actor.close();
}

main().catch((e: unknown) => {
    console.error(`actor: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
});
