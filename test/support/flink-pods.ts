/**
 * The JobManager and TaskManager pods of a FlinkDeployment (native mode), as the Flink Kubernetes
 * Operator merges its pod templates and Flink then decorates them. What Pod Security reads (the pod's
 * and every container's securityContext, host namespaces, volumes, ports, probes) is built as they
 * build it; what it does not read (resources, env, command) is left out.
 *
 * Sources:
 * - apache/flink-kubernetes-operator, flink-kubernetes-operator/src/main/java/org/apache/flink/
 *   kubernetes/operator/config/FlinkConfigBuilder.java (applyPodTemplate: spec.podTemplate merged with
 *   jobManager/taskManager.podTemplate; the JobManager's startup probe), utils/FlinkUtils.java
 *   (mergePodTemplates, mergeInto, mergeArray, addStartupProbe) and config/KubernetesOperatorConfigOptions.java
 *   (pod-template.merge-arrays-by-name, default false; jm-deployment.startup.probe.enabled, default true).
 * - apache/flink 2.2, flink-kubernetes/src/main/java/org/apache/flink/kubernetes/utils/KubernetesUtils.java
 *   (loadPodFromTemplateFile: the container named flink-main-container is taken out of the template,
 *   the others stay) and kubeclient/decorators/InitJobManagerDecorator.java, InitTaskManagerDecorator.java,
 *   MountSecretsDecorator.java, FlinkConfMountDecorator.java, PodTemplateMountDecorator.java and
 *   kubeclient/factory/KubernetesJobManagerFactory.java, KubernetesTaskManagerFactory.java.
 */
import type { K8sObject } from "./render";

type Json = any;

export const MAIN_CONTAINER = "flink-main-container";

export interface FlinkPod {
    role: "jobmanager" | "taskmanager";
    metadata: Json;
    spec: Json;
}

function clone<T>(value: T): T {
    return value === undefined ? value : structuredClone(value);
}

function isObject(value: Json): boolean {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * FlinkUtils.mergeInto on Jackson trees: an object merges key by key, arrays element by element (or
 * by name); anything else in `to` is replaced, but an object in `to` is kept when `from` has no object
 * there (a scalar or null has no fields to merge).
 */
function mergeInto(to: Json, from: Json, byName: boolean): void {
    if (!isObject(from)) return;
    for (const [key, fromChild] of Object.entries(from)) {
        const toChild = to[key];
        if (Array.isArray(toChild) && Array.isArray(fromChild)) mergeArray(toChild, fromChild, byName);
        else if (isObject(toChild)) mergeInto(toChild, fromChild, byName);
        else to[key] = clone(fromChild);
    }
}

/**
 * FlinkUtils.mergeArray: by name when asked and every element of both has one; by position otherwise,
 * where an element past the end is appended and one at an existing position is merged into it — so a
 * scalar there (a capability, an argument) keeps the common template's value.
 */
function mergeArray(to: Json[], from: Json[], byName: boolean): void {
    const named = (a: Json[]) => a.every((e) => isObject(e) && "name" in e);
    if (byName && named(to) && named(from)) {
        const merged = new Map<string, Json>(to.map((e) => [String(e.name), e]));
        for (const e of from) {
            const existing = merged.get(String(e.name));
            if (existing) mergeInto(existing, e, byName);
            else merged.set(String(e.name), clone(e));
        }
        to.splice(0, to.length, ...merged.values());
        return;
    }
    from.forEach((e, i) => {
        if (to.length <= i) to.push(clone(e));
        else if (isObject(to[i])) mergeInto(to[i], e, byName);
    });
}

/** FlinkUtils.mergePodTemplates: the role's template merged over the common one; either may be absent. */
export function mergePodTemplates(common: Json, role: Json, byName: boolean): Json {
    if (role === undefined || role === null) return clone(common);
    if (common === undefined || common === null) return clone(role);
    const merged = clone(common);
    mergeInto(merged, role, byName);
    return merged;
}

/** FlinkUtils.addStartupProbe: the JobManager's main container gets an HTTP probe on the REST port, unless it has one. */
function addStartupProbe(template: Json): Json {
    const pod = template ?? {};
    pod.spec ??= {};
    pod.spec.containers ??= [];
    let main = pod.spec.containers.find((c: Json) => c.name === MAIN_CONTAINER);
    if (!main) {
        main = { name: MAIN_CONTAINER };
        pod.spec.containers.push(main);
    }
    // DashboardConfigurationHeaders' URL; Integer.MAX_VALUE failures: the operator watches the probe, not the kubelet.
    main.startupProbe ??= { failureThreshold: 2147483647, periodSeconds: 1, httpGet: { path: "/config", port: "rest" } };
    return pod;
}

/** The templates the operator hands to Flink (kubernetes.pod-template-file.jobmanager / .taskmanager). */
export function operatorPodTemplates(deployment: K8sObject): { jobmanager: Json; taskmanager: Json } {
    const spec = deployment.spec;
    const conf: Record<string, string> = spec.flinkConfiguration ?? {};
    const byName = conf["kubernetes.operator.pod-template.merge-arrays-by-name"] === "true";
    let jobmanager = mergePodTemplates(spec.podTemplate, spec.jobManager?.podTemplate, byName);
    if (conf["kubernetes.operator.jm-deployment.startup.probe.enabled"] !== "false") jobmanager = addStartupProbe(jobmanager);
    const taskmanager = mergePodTemplates(spec.podTemplate, spec.taskManager?.podTemplate, byName);
    return { jobmanager, taskmanager };
}

/** `kubernetes.secrets`: "name:/path,name2:/path2" (Flink's map syntax). */
function secretsToMount(conf: Record<string, string>): string[] {
    const value = conf["kubernetes.secrets"];
    return value ? value.split(",").map((entry) => entry.split(":")[0].trim()) : [];
}

/** The pod Flink creates from a template: its Init*Decorator, the mount decorators, the factory. */
export function flinkDecoratedPod(deployment: K8sObject, role: "jobmanager" | "taskmanager", template: Json): FlinkPod {
    const spec = deployment.spec;
    const conf: Record<string, string> = spec.flinkConfiguration ?? {};
    const clusterId = deployment.metadata.name;
    const pod = clone(template) ?? {};
    pod.metadata ??= {};
    pod.spec ??= {};
    const containers: Json[] = pod.spec.containers ?? [];
    // Every field of the template's main container survives but those Flink sets: name, image, pull
    // policy and resources (overwritten), command and args (Cmd*Decorator); ports, env and mounts are added to.
    const main = clone(containers.find((c) => c.name === MAIN_CONTAINER)) ?? {};
    const others = containers.filter((c) => c.name !== MAIN_CONTAINER);

    const hostNetwork = conf["kubernetes.hostnetwork.enabled"] === "true";
    const serviceAccount = conf[`kubernetes.${role}.service-account`] ?? conf["kubernetes.service-account"] ?? spec.serviceAccount ?? pod.spec.serviceAccountName ?? "default";
    pod.metadata.labels = { ...pod.metadata.labels, type: "flink-native-kubernetes", app: clusterId, component: role };
    pod.spec.serviceAccount = serviceAccount;
    pod.spec.serviceAccountName = serviceAccount;
    pod.spec.hostNetwork = hostNetwork;
    pod.spec.dnsPolicy = hostNetwork ? "ClusterFirstWithHostNet" : (pod.spec.dnsPolicy ?? "ClusterFirst");
    if (role === "taskmanager") pod.spec.restartPolicy = "Never";

    const volumes: Json[] = [...(pod.spec.volumes ?? [])];
    const mounts: Json[] = [...(main.volumeMounts ?? [])];
    if (role === "jobmanager") {
        volumes.push({ name: "user-artifacts-volume", emptyDir: {} });
        mounts.push({ name: "user-artifacts-volume", mountPath: conf["user.artifacts.base-dir"] ?? "/opt/flink/artifacts" });
    }
    for (const secret of secretsToMount(conf)) volumes.push({ name: `${secret}-volume`, secret: { secretName: secret } });
    volumes.push({ name: "flink-config-volume", configMap: { name: `flink-config-${clusterId}` } });
    mounts.push({ name: "flink-config-volume", mountPath: "/opt/flink/conf" });
    if (role === "jobmanager") {
        // The TaskManagers' template, for the JobManager to create them from.
        volumes.push({ name: "pod-template-volume", configMap: { name: `pod-template-${clusterId}` } });
        mounts.push({ name: "pod-template-volume", mountPath: "/opt/flink/pod-template" });
    }
    pod.spec.volumes = volumes;

    const ports =
        hostNetwork ? [] : role === "jobmanager"
            ? [
                  { name: "rest", containerPort: Number(conf["rest.port"] ?? 8081) },
                  { name: "jobmanager-rpc", containerPort: Number(conf["jobmanager.rpc.port"] ?? 6123) },
                  { name: "blobserver", containerPort: Number(conf["blob.server.port"] ?? 6124) },
              ]
            : [{ name: "taskmanager-rpc", containerPort: Number(conf["taskmanager.rpc.port"] ?? 6122) }];
    const decorated = {
        ...main,
        name: MAIN_CONTAINER,
        image: conf["kubernetes.container.image.ref"] ?? spec.image ?? main.image,
        ports: [...(main.ports ?? []), ...ports],
        volumeMounts: mounts,
    };
    pod.spec.containers = [...others, decorated];
    return { role, metadata: pod.metadata, spec: pod.spec };
}

/** The JobManager's and a TaskManager's pod of a FlinkDeployment. */
export function flinkDeploymentPods(deployment: K8sObject): FlinkPod[] {
    const templates = operatorPodTemplates(deployment);
    return [flinkDecoratedPod(deployment, "jobmanager", templates.jobmanager), flinkDecoratedPod(deployment, "taskmanager", templates.taskmanager)];
}
