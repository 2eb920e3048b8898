/** The actor's Prometheus metrics, in a registry of their own. */
import { Counter, Histogram, Registry } from "prom-client";

export interface ActorMetrics {
    registry: Registry;
    detections: Counter;
    invalid: Counter;
    delay: Histogram;
}

export function actorMetrics(): ActorMetrics {
    const registry = new Registry();
    return {
        registry,
        detections: new Counter({ name: "fraud_actor_detections_total", help: "Detections shown.", registers: [registry] }),
        invalid: new Counter({ name: "fraud_actor_invalid_records_total", help: "Records on the fraud topic that were not a detection (logged and skipped).", registers: [registry] }),
        delay: new Histogram({
            name: "fraud_actor_detection_delay_seconds",
            help: "When the actor received a detection minus the event time of its last transaction (large with the generator's simulated clock).",
            // From a job that keeps up (the window's end plus the 5 s watermark bound) to one minutes behind.
            buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800],
            registers: [registry],
        }),
    };
}
