/**
 * The generator's command line: `node apps/generator/main.js --bootstrap-servers host:9092 …`
 * (see options.ts). SIGTERM or Ctrl-C stop it after the batch in flight is acknowledged; it exits 0.
 */
import { shutdownSignal } from "../fraud-records/shutdown";
import { parseGeneratorArgs } from "./options";
import { runGenerator } from "./run";

async function main(): Promise<void> {
    let options;
    try {
        options = parseGeneratorArgs(process.argv.slice(2));
    } catch (e) {
        console.error((e as Error).message);
        process.exitCode = 2;
        return;
    }
    const { sent } = await runGenerator(options, shutdownSignal());
    console.error(`generator: sent ${sent} records to ${options.topic}`);
}

main().catch((e: unknown) => {
    console.error(`generator: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
});
