/**
 * Ports for the programs the tests start. Never a fixed one: two test runs on one machine (or a test
 * and anything else) would meet on it. The kernel picks each port, so it is free when picked.
 */
import * as fs from "node:fs";
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

/** A TCP socket a process listens on: the address it is bound to ("0.0.0.0", "::", "127.0.0.2") and its port. */
export interface ListeningSocket {
    address: string;
    port: number;
}

/** A /proc/net/tcp{,6} address in the kernel's hex (each 32-bit word in host order, little-endian here). */
function procAddress(hex: string): string {
    const words = hex.match(/.{8}/g) ?? [];
    const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
    if (bytes.length === 4) return bytes.join(".");
    // An IPv4 address that a dual-stack socket is bound to (::ffff:a.b.c.d) is shown as itself.
    if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12).join(".");
    if (bytes.every((b) => b === 0)) return "::";
    return Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16)).join(":");
}

/**
 * Every TCP socket process `pid` listens on, on any address, read from Linux's /proc (its open
 * sockets' inodes, and the LISTEN entries of its network namespace): what a test asserts when a
 * program must not open a port, whichever address or port it would pick.
 */
export function listeningSockets(pid: number): ListeningSocket[] {
    const inodes = new Set<string>();
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
        try {
            const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
            if (m) inodes.add(m[1]);
        } catch {
            // closed while we looked
        }
    }
    const sockets: ListeningSocket[] = [];
    for (const table of ["tcp", "tcp6"]) {
        const file = `/proc/${pid}/net/${table}`;
        if (!fs.existsSync(file)) continue;
        for (const line of fs.readFileSync(file, "utf8").trim().split("\n").slice(1)) {
            const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
            // 0A: TCP_LISTEN
            if (state !== "0A" || !inodes.has(inode)) continue;
            const [address, port] = local.split(":");
            sockets.push({ address: procAddress(address), port: parseInt(port, 16) });
        }
    }
    return sockets;
}
