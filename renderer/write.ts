import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { prepareOutDir } from "./out-dir";
import type { Rendering } from "./render";

function fileName(...parts: string[]): string {
    return parts.join("-").replace(/[^A-Za-z0-9._-]/g, "_");
}

/**
 * Writes a rendering: `k8s/<namespace or _cluster>/<kind>-<name>.yaml`, `helm/<release>.yaml`,
 * `cloud.json` and `summary.json`, into a missing or empty folder, or an earlier render's (whose files
 * are replaced, so none of them remains).
 */
export function writeRendering(rendering: Rendering, outDir: string): void {
    prepareOutDir(outDir);
    for (const obj of rendering.objects) {
        const dir = path.join(outDir, "k8s", obj.metadata.namespace ?? "_cluster");
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `${fileName(obj.kind.toLowerCase(), obj.metadata.name)}.yaml`), stringify(obj, { lineWidth: 0 }));
    }
    const helmDir = path.join(outDir, "helm");
    fs.mkdirSync(helmDir, { recursive: true });
    for (const release of rendering.releases) {
        fs.writeFileSync(path.join(helmDir, `${fileName(release.name)}.yaml`), stringify(release, { lineWidth: 0 }));
    }
    fs.writeFileSync(path.join(outDir, "cloud.json"), `${JSON.stringify(rendering.cloud, null, 2)}\n`);
    fs.writeFileSync(path.join(outDir, "summary.json"), `${JSON.stringify(rendering.summary, null, 2)}\n`);
}
