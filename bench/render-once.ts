/**
 * One render, measured from inside its own process: wall time of the render itself and the
 * process's peak resident memory. Prints one JSON line. Used by render.bench.ts.
 */
import * as path from "node:path";
import { renderStack } from "../renderer/render";
import { writeRendering } from "../renderer/write";

async function main(): Promise<void> {
    const [stack, stackFile, outDir] = process.argv.slice(2);
    const start = performance.now();
    const rendering = await renderStack(path.resolve(__dirname, ".."), stack, stackFile || undefined);
    writeRendering(rendering, outDir);
    const renderMs = performance.now() - start;
    const resources = Object.values(rendering.summary.resources).reduce((a, b) => a + b, 0);
    console.log(JSON.stringify({ renderMs, peakRssMiB: process.resourceUsage().maxRSS / 1024, resources }));
}

void main();
