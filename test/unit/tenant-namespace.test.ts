import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TenantNamespace } from "../../components/namespace/tenant-namespace";
import { tenantNamespaceProblems } from "../../components/namespace/problems";
import { objectsByKindAndName, promiseOf, registeredBy } from "../support/pulumi";

describe("TenantNamespace", () => {
    it("enforces the restricted Pod Security Standard by default and warns at restricted whatever is enforced", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new TenantNamespace("team-a")));
        const labels = objects.get("Namespace/team-a")?.metadata.labels;
        assert.equal(labels["pod-security.kubernetes.io/enforce"], "restricted");

        const baseline = objectsByKindAndName(await registeredBy(() => new TenantNamespace("team-b", { podSecurity: "baseline" })));
        const baselineLabels = baseline.get("Namespace/team-b")?.metadata.labels;
        assert.equal(baselineLabels["pod-security.kubernetes.io/enforce"], "baseline");
        assert.equal(baselineLabels["pod-security.kubernetes.io/warn"], "restricted");
    });

    it("always has a quota, container limits and a default-deny policy, with the documented defaults", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new TenantNamespace("defaults", { quota: { pods: 7 } })));
        const quota = objects.get("ResourceQuota/quota");
        assert.equal(quota?.metadata.namespace, "defaults");
        assert.deepEqual(quota?.spec.hard, {
            "requests.cpu": "4",
            "requests.memory": "8Gi",
            "limits.cpu": "8",
            "limits.memory": "16Gi",
            pods: "7",
            persistentvolumeclaims: "20",
            "requests.storage": "200Gi",
        });
        assert.deepEqual(objects.get("LimitRange/limits")?.spec.limits[0].defaultRequest, { cpu: "100m", memory: "128Mi" });
        const deny = objects.get("NetworkPolicy/default-deny");
        assert.deepEqual(deny?.spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    });

    it("allows the namespace's own pods, DNS and scraping from the monitoring namespace", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new TenantNamespace("apps", { monitoringNamespace: "observability" })));
        assert.deepEqual(objects.get("NetworkPolicy/allow-same-namespace")?.spec.ingress, [{ from: [{ podSelector: {} }] }]);
        const dns = objects.get("NetworkPolicy/allow-dns-egress")?.spec.egress[0];
        assert.deepEqual(dns.ports.map((p: { protocol: string; port: number }) => `${p.protocol}/${p.port}`), ["UDP/53", "TCP/53"]);
        const scrape = objects.get("NetworkPolicy/allow-monitoring-scrape")?.spec.ingress[0].from[0];
        assert.deepEqual(scrape.namespaceSelector.matchLabels, { "kubernetes.io/metadata.name": "observability" });
    });

    it("adds the extra ingress and egress peers it is given, and no extra policy without them", async () => {
        const objects = objectsByKindAndName(
            await registeredBy(
                () =>
                    new TenantNamespace("extra", {
                        allowIngressFrom: [{ namespace: "ingress-nginx", ports: [8081] }],
                        allowEgressTo: [{ cidr: "10.0.0.0/8", ports: [443] }],
                    }),
            ),
        );
        assert.deepEqual(objects.get("NetworkPolicy/allow-extra-ingress")?.spec.ingress, [
            { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }], ports: [{ protocol: "TCP", port: 8081 }] },
        ]);
        assert.deepEqual(objects.get("NetworkPolicy/allow-extra-egress")?.spec.egress, [{ to: [{ ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ protocol: "TCP", port: 443 }] }]);

        const plain = objectsByKindAndName(await registeredBy(() => new TenantNamespace("plain")));
        assert.equal(plain.has("NetworkPolicy/allow-extra-ingress"), false);
        assert.equal(plain.has("NetworkPolicy/allow-extra-egress"), false);
    });

    it("binds the built-in admin, edit and view ClusterRoles to the users, groups and ServiceAccounts it names", async () => {
        const objects = objectsByKindAndName(
            await registeredBy(
                () =>
                    new TenantNamespace("rbac", {
                        serviceAccounts: ["deployer"],
                        admins: { users: ["alice@example.com"] },
                        editors: { groups: ["data-eng"], serviceAccounts: ["deployer", "ci/runner"] },
                    }),
            ),
        );
        assert.equal(objects.get("ServiceAccount/deployer")?.metadata.namespace, "rbac");
        const admin = objects.get("RoleBinding/tenant-admin");
        assert.deepEqual(admin?.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" });
        assert.deepEqual(admin?.subjects, [{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "alice@example.com" }]);
        assert.deepEqual(objects.get("RoleBinding/tenant-edit")?.subjects, [
            { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "data-eng" },
            { kind: "ServiceAccount", name: "deployer", namespace: "rbac" },
            { kind: "ServiceAccount", name: "runner", namespace: "ci" },
        ]);
        assert.equal(objects.has("RoleBinding/tenant-view"), false, "a role nobody is given gets no binding");
    });

    it("keeps the namespace (and so its volumes) on destroy unless told otherwise", async () => {
        const kept = await registeredBy(() => new TenantNamespace("kept"));
        assert.equal(kept.find((r) => r.name === "kept-namespace")?.retainOnDelete, true);
        const dropped = await registeredBy(() => new TenantNamespace("dropped", { retainOnDestroy: false }));
        assert.equal(dropped.find((r) => r.name === "dropped-namespace")?.retainOnDelete, false);
    });

    it("outputs the namespace's name", async () => {
        let tenant: TenantNamespace | undefined;
        await registeredBy(() => (tenant = new TenantNamespace("named", { namespace: "team-named" })));
        assert.equal(await promiseOf(tenant!.namespaceName), "team-named");
    });

    it("rejects bad arguments with one message that names each, before creating anything", async () => {
        const registered = await registeredBy(() =>
            assert.throws(
                () =>
                    new TenantNamespace("bad", {
                        namespace: "Team_A",
                        podSecurity: "strict",
                        quota: { requestsCpu: "lots" },
                        allowEgressTo: [{ cidr: "10.0.0.0/8", namespace: "x" }],
                    }),
                {
                    name: "ArgumentError",
                    message: [
                        'TenantNamespace "bad" has invalid arguments:',
                        '  - namespace: must be a DNS label (lower-case letters, digits and "-", at most 63), got "Team_A"',
                        '  - podSecurity: must be one of privileged, baseline, restricted, got "strict"',
                        '  - quota.requestsCpu: must be a CPU quantity such as "500m" or "4", got "lots"',
                        "  - allowEgressTo[0].cidr: must not be set together with namespace or podLabels: they are mutually exclusive",
                    ].join("\n"),
                },
            ),
        );
        assert.deepEqual(registered, []);
    });

    it("rejects a peer that selects nothing and a port out of range", () => {
        assert.deepEqual(tenantNamespaceProblems("peers", { allowIngressFrom: [{ ports: [0] }] }), [
            { path: "allowIngressFrom[0]", message: "must give a namespace, podLabels or a cidr" },
            { path: "allowIngressFrom[0].ports[0]", message: "must be a port from 1 to 65535, got 0" },
        ]);
    });

    it("lists the problems of its arguments by path, and none for good ones", () => {
        assert.deepEqual(tenantNamespaceProblems("team", { quota: { pods: -1 }, serviceAccounts: ["ok", "Not_OK"], viewers: { serviceAccounts: ["a/b/c"] } }), [
            { path: "quota.pods", message: "must be a whole number, 0 or more, got -1" },
            { path: "serviceAccounts[1]", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63), got "Not_OK"' },
            { path: "viewers.serviceAccounts[0]", message: 'must be "name" or "namespace/name", got "a/b/c"' },
        ]);
        assert.deepEqual(tenantNamespaceProblems("team", { allowEgressTo: [{ namespace: "kafka", ports: [9092] }] }), []);
    });
});
