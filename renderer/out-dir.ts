/**
 * Where the render may write: a missing or empty folder, or one that an earlier render marked as its
 * own. Anything else is refused, so a mistyped `--out` never deletes a user's files.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The file that marks a folder as a render's output: only such a folder is emptied by the next render. */
export const RENDER_MARKER = ".streaming-platform-render";

export class OutDirError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "OutDirError";
    }
}

/** Throws an OutDirError, before anything is rendered, when the render may not write into `outDir`. */
export function checkOutDir(outDir: string): void {
    if (!fs.existsSync(outDir)) return;
    if (!fs.statSync(outDir).isDirectory()) throw new OutDirError(`--out ${outDir} is a file, not a folder: give a missing or empty folder`);
    const entries = fs.readdirSync(outDir);
    if (entries.length > 0 && !entries.includes(RENDER_MARKER)) {
        throw new OutDirError(
            `--out ${outDir} holds files that no render wrote (${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", …" : ""}): give a missing or empty folder, or one an earlier render wrote`,
        );
    }
}

/** Empties a folder that checkOutDir allowed (an earlier render's: no stale file remains) and marks it as the render's. */
export function prepareOutDir(outDir: string): void {
    checkOutDir(outDir);
    fs.mkdirSync(outDir, { recursive: true });
    for (const entry of fs.readdirSync(outDir)) fs.rmSync(path.join(outDir, entry), { recursive: true, force: true });
    fs.writeFileSync(path.join(outDir, RENDER_MARKER), "Written by `npm run render`; the next render into this folder replaces everything in it.\n");
}
