/** Reading NetworkPolicies in tests: who a policy's ingress rules admit, and on which ports. */
import assert from "node:assert/strict";

/** One ingress rule as it reads: its peers, and its TCP ports ("every port" when it names none). */
export interface Admission {
    from: Record<string, any>[];
    ports: number[] | "every port";
}

/** Each ingress rule of a policy, in order, with its ports checked to be TCP. */
export function admissions(policy: Record<string, any>): Admission[] {
    return (policy.spec.ingress ?? []).map((rule: Record<string, any>) => {
        if (rule.ports === undefined) return { from: rule.from, ports: "every port" };
        for (const p of rule.ports) assert.equal(p.protocol, "TCP", `rule port ${JSON.stringify(p)} is TCP`);
        return { from: rule.from, ports: rule.ports.map((p: { port: number }) => p.port) };
    });
}

/**
 * The peers that a rule without ports admits, other than the policy's own pods (the same labels, in
 * its own namespace: a peer with only a podSelector). A component opens every port only to itself.
 */
export function outsidersOnEveryPort(policy: Record<string, any>): Record<string, any>[] {
    const own = { podSelector: { matchLabels: policy.spec.podSelector.matchLabels } };
    return admissions(policy)
        .filter((a) => a.ports === "every port")
        .flatMap((a) => a.from ?? [{}])
        .filter((peer) => JSON.stringify(peer) !== JSON.stringify(own));
}
