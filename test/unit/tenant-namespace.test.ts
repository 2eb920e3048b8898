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

    it("lets its pods out to DNS and to the namespace's own pods, and admits none of them by default", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new TenantNamespace("apps")));
        const dns = objects.get("NetworkPolicy/allow-dns-egress")?.spec.egress[0];
        assert.deepEqual(dns.ports.map((p: { protocol: string; port: number }) => `${p.protocol}/${p.port}`), ["UDP/53", "TCP/53"]);
        assert.deepEqual(objects.get("NetworkPolicy/allow-same-namespace-egress")?.spec, { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: {} }] }] });
        const policies = [...objects.values()].filter((o) => o.kind === "NetworkPolicy");
        assert.deepEqual(
            policies.filter((p) => p.spec.ingress !== undefined).map((p) => p.metadata.name),
            [],
            "no policy admits anything: each workload admits its own clients",
        );
        assert.deepEqual(policies.map((p) => p.metadata.name).sort(), ["allow-dns-egress", "allow-same-namespace-egress", "default-deny"]);
    });

    it("admits every pod of the namespace again only when asked to", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new TenantNamespace("open", { allowSameNamespaceIngress: true })));
        assert.deepEqual(objects.get("NetworkPolicy/allow-same-namespace-ingress")?.spec, { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }] });
    });

    it("puts a rule for some pods into a policy that selects those pods, with the ports it names", async () => {
        const prometheus = { "app.kubernetes.io/name": "prometheus" };
        const operator = { "app.kubernetes.io/name": "flink-kubernetes-operator" };
        const objects = objectsByKindAndName(
            await registeredBy(
                () =>
                    new TenantNamespace("ops", {
                        allowIngressFrom: [{ namespace: "monitoring", podLabels: prometheus, ports: [9999], localPodLabels: operator, policyName: "allow-metrics-scrape" }],
                        allowEgressTo: [
                            { cidr: "10.0.0.1/32", ports: [443], localPodLabels: operator, policyName: "allow-kube-api-egress" },
                            { cidr: "10.0.0.2/32", ports: [443], localPodLabels: operator, policyName: "allow-kube-api-egress" },
                        ],
                    }),
            ),
        );
        assert.deepEqual(objects.get("NetworkPolicy/allow-metrics-scrape")?.spec, {
            podSelector: { matchLabels: operator },
            policyTypes: ["Ingress"],
            ingress: [
                {
                    from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } }, podSelector: { matchLabels: prometheus } }],
                    ports: [{ protocol: "TCP", port: 9999 }],
                },
            ],
        });
        const api = objects.get("NetworkPolicy/allow-kube-api-egress")?.spec;
        assert.deepEqual(api.podSelector, { matchLabels: operator });
        assert.deepEqual(
            api.egress.map((rule: any) => rule.to[0].ipBlock.cidr),
            ["10.0.0.1/32", "10.0.0.2/32"],
            "rules with the same name and pods share one policy",
        );
    });

    it("names a policy of unnamed rules after their direction and, for some pods, a hash of their labels that does not depend on order", async () => {
        const objects = objectsByKindAndName(
            await registeredBy(
                () =>
                    new TenantNamespace("extra-local", {
                        allowEgressTo: [
                            { cidr: "10.0.0.0/8", ports: [443], localPodLabels: { a: "1", b: "2" } },
                            { cidr: "10.1.0.0/16", ports: [443], localPodLabels: { b: "2", a: "1" } },
                            { cidr: "10.2.0.0/16", ports: [443], localPodLabels: { a: "1" } },
                        ],
                    }),
            ),
        );
        const names = [...objects.keys()].filter((key) => key.startsWith("NetworkPolicy/allow-extra-egress-"));
        assert.equal(names.length, 2, names.join(", "));
        for (const name of names) assert.match(name, /^NetworkPolicy\/allow-extra-egress-[0-9a-f]{8}$/);
        const shared = names.map((name) => objects.get(name)).find((p) => p?.spec.egress.length === 2);
        assert.deepEqual(shared?.spec.podSelector, { matchLabels: { a: "1", b: "2" } });
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

    it("leaves the blocks a rule names under except out of its CIDR, and refuses them without a CIDR", async () => {
        const objects = objectsByKindAndName(
            await registeredBy(() => new TenantNamespace("out", { allowEgressTo: [{ cidr: "0.0.0.0/0", except: ["10.0.0.0/8"], ports: [443], policyName: "allow-internet-egress" }] })),
        );
        assert.deepEqual(objects.get("NetworkPolicy/allow-internet-egress")?.spec.egress[0].to, [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }]);
        assert.deepEqual(tenantNamespaceProblems("out", { allowEgressTo: [{ namespace: "streaming", except: ["10.0.0.0/8", "ten"] }] }), [
            { path: "allowEgressTo[0].except", message: "must be given only with cidr: it names blocks within it" },
            { path: "allowEgressTo[0].except[1]", message: 'must be an IPv4 CIDR such as "10.0.0.0/8", got "ten"' },
        ]);
    });

    it("refuses bad local pod labels and policy names, and two rules of one policy for different pods, by key", () => {
        assert.deepEqual(
            tenantNamespaceProblems("peers", {
                allowEgressTo: [
                    { cidr: "10.0.0.0/8", localPodLabels: { "app.kubernetes.io/name": "ok", "bad key!": "x", tier: "-bad" }, policyName: "allow-api" },
                    { cidr: "10.0.0.0/8", localPodLabels: { app: "other" }, policyName: "allow-api" },
                    { cidr: "10.0.0.0/8", policyName: "default-deny" },
                    { cidr: "10.0.0.0/8", policyName: "Allow_API" },
                ],
                allowIngressFrom: [{ namespace: "monitoring", podLabels: { "": "x" } }],
            }),
            [
                { path: 'allowIngressFrom[0].podLabels[""]', message: 'the key must be a label key ("name" or "prefix/name": letters, digits, "-", "_" and ".", the name at most 63), got ""' },
                { path: 'allowEgressTo[0].localPodLabels["bad key!"]', message: 'the key must be a label key ("name" or "prefix/name": letters, digits, "-", "_" and ".", the name at most 63), got "bad key!"' },
                {
                    path: 'allowEgressTo[0].localPodLabels["tier"]',
                    message: 'must be a label value (at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit), got "-bad"',
                },
                {
                    path: "allowEgressTo[0].localPodLabels",
                    message: 'must be those of every rule of the NetworkPolicy "allow-api", which is for one set of pods; another rule of it has {"app":"other"}',
                },
                {
                    path: "allowEgressTo[2].policyName",
                    message: 'must not be one of the namespace\'s own policies (default-deny, allow-dns-egress, allow-same-namespace-egress, allow-same-namespace-ingress), got "default-deny"',
                },
                { path: "allowEgressTo[3].policyName", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63), got "Allow_API"' },
            ],
        );
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
