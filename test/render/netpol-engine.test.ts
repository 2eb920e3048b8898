/**
 * The reachability test's engine answers the NetworkPolicy cases whose semantics are easy to get
 * wrong, so that a green table means the policies, not a harness that allows everything.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Endpoint, evaluate } from "../support/netpol-engine";
import type { K8sObject } from "../support/render";

function pod(namespace: string, podLabels: Record<string, string>, ip: string): Endpoint {
    return { ip, namespace, namespaceLabels: { "kubernetes.io/metadata.name": namespace, team: namespace === "b" ? "blue" : "red" }, podLabels };
}

function policy(name: string, spec: Record<string, unknown>): K8sObject {
    return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: "a" }, spec };
}

const web = pod("a", { app: "web" }, "10.0.0.1");
const blueClient = pod("b", { app: "client" }, "10.0.1.1");
const blueOther = pod("b", { app: "other" }, "10.0.1.2");
const redClient = pod("c", { app: "client" }, "10.0.2.1");

function allowed(policies: K8sObject[], source: Endpoint, destination: Endpoint, port: number): boolean {
    return evaluate(policies, [{ source, destination, port }])[0].allowed;
}

describe("the NetworkPolicy engine", () => {
    it("admits everything to a pod no policy selects, and nothing to one a deny-all selects", () => {
        assert.equal(allowed([], blueClient, web, 80), true);
        assert.equal(allowed([policy("deny", { podSelector: {}, policyTypes: ["Ingress"] })], blueClient, web, 80), false);
    });

    it("adds policies up: a port any selecting policy opens is open", () => {
        const policies = [
            policy("deny", { podSelector: {}, policyTypes: ["Ingress"] }),
            policy("http", { podSelector: { matchLabels: { app: "web" } }, ingress: [{ ports: [{ port: 80, protocol: "TCP" }] }] }),
            policy("alt", { podSelector: { matchLabels: { app: "web" } }, ingress: [{ ports: [{ port: 81, protocol: "TCP" }] }] }),
        ];
        assert.deepEqual([80, 81, 82].map((port) => allowed(policies, redClient, web, port)), [true, true, false]);
    });

    it("reads namespaceSelector and podSelector in one peer as both, in two peers as either", () => {
        const both = [policy("p", { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "blue" } }, podSelector: { matchLabels: { app: "client" } } }] }] })];
        const either = [policy("p", { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "blue" } } }, { podSelector: { matchLabels: { app: "client" } } }] }] })];
        assert.deepEqual([blueClient, blueOther, redClient].map((source) => allowed(both, source, web, 80)), [true, false, false]);
        // A podSelector alone selects pods of the policy's own namespace, so the client of namespace c stays out.
        assert.deepEqual([blueClient, blueOther, redClient].map((source) => allowed(either, source, web, 80)), [true, true, false]);
    });

    it("defaults policyTypes as the API server does: egress rules alone still isolate ingress", () => {
        const egressOnly = [policy("p", { podSelector: {}, egress: [{ ports: [{ port: 53, protocol: "UDP" }] }] })];
        assert.equal(allowed(egressOnly, blueClient, web, 80), false);
    });

    it("matches ipBlock with its exceptions, and an egress rule's ports", () => {
        const policies = [policy("p", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }], ports: [{ port: 443, protocol: "TCP" }] }] })];
        assert.equal(allowed(policies, web, { ip: "203.0.113.10" }, 443), true);
        assert.equal(allowed(policies, web, { ip: "203.0.113.10" }, 80), false);
        assert.equal(allowed(policies, web, blueClient, 443), false);
    });
});
