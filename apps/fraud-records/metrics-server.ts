/** The Prometheus endpoint of a demo program: GET /metrics of one prom-client registry, nothing else. */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export interface MetricsServer {
    /** The port it listens on: the one asked for, or the one the kernel picked for port 0. */
    port: number;
    close(): Promise<void>;
}

/**
 * Serves `registry` on `port` (0: a free port). The host defaults to every address, as a pod's
 * Prometheus scrape needs; tests pass 127.0.0.1.
 */
export async function startMetricsServer(registry: Registry, port: number, host = "0.0.0.0"): Promise<MetricsServer> {
    const server = http.createServer((req, res) => {
        if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
            res.writeHead(404, { "content-type": "text/plain" }).end("only GET /metrics is served here\n");
            return;
        }
        registry.metrics().then(
            (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
            (e: Error) => res.writeHead(500, { "content-type": "text/plain" }).end(`${e.message}\n`),
        );
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen({ port, host }, () => resolve());
    });
    return {
        port: (server.address() as AddressInfo).port,
        close: () =>
            new Promise<void>((resolve, reject) => {
                server.closeAllConnections();
                server.close((e) => (e ? reject(e) : resolve()));
            }),
    };
}
