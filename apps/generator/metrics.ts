/** The generator's Prometheus metrics, in a registry of their own (a runner may start several generators). */
import { Counter, Registry } from "prom-client";

export interface GeneratorMetrics {
    registry: Registry;
    sent: Counter;
    bursts: Counter;
    sendErrors: Counter;
}

export function generatorMetrics(): GeneratorMetrics {
    const registry = new Registry();
    return {
        registry,
        sent: new Counter({ name: "fraud_generator_transactions_sent_total", help: "Records the broker acknowledged (all replicas).", registers: [registry] }),
        bursts: new Counter({ name: "fraud_generator_bursts_total", help: "Fraud bursts started (several transactions on one pair adding up to more than 10,000).", registers: [registry] }),
        sendErrors: new Counter({ name: "fraud_generator_send_errors_total", help: "Batches the producer failed to send (each is retried).", registers: [registry] }),
    };
}
