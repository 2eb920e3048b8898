import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classify } from "../../renderer/render";
import { podRequests } from "../../renderer/pod-requests";
import { stackRequests } from "../../renderer/requests";
import { registeredBy } from "../support/pulumi";

describe("the render's recording", () => {
    it("masks values the program marks secret", async () => {
        const [map] = await registeredBy(
            () => new k8s.core.v1.ConfigMap("settings", { metadata: { name: "settings" }, data: { token: pulumi.secret("hunter2"), mode: "plain" } }),
        );
        assert.equal(JSON.stringify(map.inputs).includes("hunter2"), false);
        assert.equal((map.inputs as any).metadata.name, "settings");
    });

    it("masks the data of Kubernetes Secrets, keeping their keys, even when nothing marked it secret", () => {
        const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "creds" }, stringData: { password: "hunter2" } };
        const captured = [{ type: "kubernetes:core/v1:Secret", name: "creds", custom: true, inputs: secret, protect: false, retainOnDelete: false }];
        assert.deepEqual(classify("test", captured).objects[0].stringData, { password: "[secret]" });
    });

    it("records the options that guard data", async () => {
        const captured = await registeredBy(() => new k8s.core.v1.Namespace("kept", { metadata: { name: "kept" } }, { protect: true, retainOnDelete: true }));
        assert.deepEqual(classify("test", captured).summary.guarded, [{ type: "kubernetes:core/v1:Namespace", name: "kept", protect: true, retainOnDelete: true }]);
    });
});

describe("the stack's requests", () => {
    const pod = {
        containers: [{ resources: { requests: { cpu: "250m", memory: "256Mi" } } }, { resources: { requests: { cpu: "50m" } } }],
        initContainers: [{ resources: { requests: { cpu: "1", memory: "64Mi" } } }],
    };

    it("counts a pod as the scheduler does: its containers, or its largest init container if more", () => {
        assert.deepEqual(podRequests(pod), { cpuMillicores: 1000, memoryMiB: 256 });
    });

    it("multiplies by replicas and adds up the stack", () => {
        const deployment = { apiVersion: "apps/v1", kind: "Deployment", spec: { replicas: 3, template: { spec: { containers: pod.containers } } } };
        const service = { apiVersion: "v1", kind: "Service", spec: {} };
        const { total, unestimated } = stackRequests([deployment, service], [{ chart: "unknown-chart", values: {} }]);
        assert.deepEqual(total, { cpuMillicores: 900, memoryMiB: 768 });
        assert.deepEqual(unestimated, ["unknown-chart"]);
    });
});
