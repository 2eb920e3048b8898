/**
 * `npm run demo -- [options]`: the fraud pipeline on one machine, without Kubernetes (options.ts).
 * Exit 0 when a bounded run finished or Ctrl-C ended an endless one; 2 for bad options; 1 for an
 * error (its message on stderr); 130 when Ctrl-C cut a bounded run short.
 */
import { shutdownSignal } from "../fraud-records/shutdown";
import { isBounded, parseDemoArgs, USAGE } from "./options";
import { runDemo } from "./run";

async function main(): Promise<void> {
    let options;
    try {
        options = parseDemoArgs(process.argv.slice(2));
    } catch (e) {
        console.error(`${(e as Error).message}\n\n${USAGE}`);
        process.exitCode = 2;
        return;
    }
    if (options === undefined) {
        console.log(USAGE);
        return;
    }
    const signal = shutdownSignal((line) => console.error(`demo: ${line}`));
    const summary = await runDemo(options, signal, { log: (line) => console.error(line), print: (line) => console.log(line) });
    const seconds = (summary.elapsedMs / 1000).toFixed(1);
    console.log(`demo: ${summary.interrupted ? "stopped" : "done"}: ${summary.sent} transactions sent, ${summary.detections} detections, ${seconds} s`);
    if (summary.interrupted && isBounded(options)) process.exitCode = 130;
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
});
