/**
 * Ports for the programs the tests start. Never a fixed one: two test runs on one machine (or a test
 * and anything else) would meet on it. The kernel picks each port, so it is free when picked.
 */
import * as net from "node:net";

/**
 * `count` distinct TCP ports that are free on every IPv4 address of this host: each is bound on the
 * wildcard address 0.0.0.0, which the kernel refuses for a port that anything listens on at any
 * address, so a port given here is free on 127.0.0.1 as on 127.0.0.2 (the ZooKeeper ensemble binds
 * the same ports on several loopback addresses). All are held until the last is bound, so they
 * differ, then released for the program to bind: another process could take one in between, but
 * the kernel hands out bind(0) ports from a random point of the ephemeral range and prefers other
 * ports for outgoing connections, so that is unlikely, and the program then fails to bind, loudly.
 */
export async function freePorts(count: number): Promise<number[]> {
    const servers: net.Server[] = [];
    try {
        for (let i = 0; i < count; i++) {
            const server = net.createServer();
            servers.push(server);
            await new Promise<void>((resolve, reject) => {
                server.once("error", reject);
                server.listen({ port: 0, host: "0.0.0.0", exclusive: true }, () => resolve());
            });
        }
        return servers.map((s) => (s.address() as net.AddressInfo).port);
    } finally {
        await Promise.all(servers.map((s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve()))));
    }
}

/** One TCP port free on every IPv4 address of this host (see freePorts). */
export async function freePort(): Promise<number> {
    const [port] = await freePorts(1);
    return port;
}

/** Resolves if host:port can be bound now; rejects with a message naming it otherwise. */
export function assertFree(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", (e: NodeJS.ErrnoException) => reject(new Error(`${host}:${port} is not free (${e.code}): another program took it since it was picked`)));
        server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
    });
}
