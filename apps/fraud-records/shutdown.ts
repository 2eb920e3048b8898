/**
 * Clean shutdown of a demo program: Kubernetes stops a pod with SIGTERM and a person with Ctrl-C
 * (SIGINT); either aborts the signal returned, and the program flushes, commits, closes and exits 0.
 */
export function shutdownSignal(log: (line: string) => void = (line) => console.error(line)): AbortSignal {
    const controller = new AbortController();
    for (const name of ["SIGTERM", "SIGINT"] as const) {
        process.once(name, () => {
            log(`${name}: stopping`);
            controller.abort(new Error(name));
        });
    }
    return controller.signal;
}

/** Resolves after `ms`, or as soon as `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
        if (signal?.aborted) return resolve();
        const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener("abort", done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        signal?.addEventListener("abort", done, { once: true });
    });
}
