/**
 * What the demo started, stopped in the reverse order, whatever way the run ends: the actor before
 * the job before the broker, and the scratch directory last. A step that fails or hangs is reported
 * and the next one still runs, so one stuck client never leaves a JVM behind.
 */
const STEP_TIMEOUT_MS = 45_000;

export class Cleanup {
    private readonly steps: { what: string; run: () => Promise<void> | void }[] = [];

    constructor(private readonly log: (line: string) => void) {}

    /** Registers `run` to undo something just started; `what` names it in a report. */
    defer(what: string, run: () => Promise<void> | void): void {
        this.steps.push({ what, run });
    }

    /** Runs every registered step, the last registered first; never throws. */
    async runAll(): Promise<void> {
        for (const step of this.steps.splice(0).reverse()) {
            let timer: NodeJS.Timeout | undefined;
            try {
                await Promise.race([
                    Promise.resolve().then(step.run),
                    new Promise((_, reject) => {
                        timer = setTimeout(() => reject(new Error(`did not end within ${STEP_TIMEOUT_MS / 1000} s`)), STEP_TIMEOUT_MS);
                    }),
                ]);
            } catch (e) {
                this.log(`demo: stopping ${step.what} failed: ${(e as Error).message}`);
            } finally {
                clearTimeout(timer);
            }
        }
    }
}
