import * as pulumi from "@pulumi/pulumi";
import { createObject } from "../core/objects";
import { once } from "../core/outputs";
import { throwIfProblems } from "../core/problems";
import { FraudDetectionDemoArgs, resolveFraudDemoArgs } from "./fraud-demo-args";
import { actorDeployment, appsNetworkPolicies, artifactsManifests, fraudSessionJob, generatorDeployment, servesJar } from "./fraud-demo-manifests";
import { fraudDetectionDemoProblems } from "./fraud-demo-problems";

/**
 * The fraud detection demo: the generator and the actor, the fraud job as a FlinkSessionJob on a
 * session cluster (its jar served by an artifact server of the demo's, unless `job.jarURI` names
 * another), hardened like every workload of the platform. The topics and Kafka users it needs belong to
 * the Kafka cluster (fraudDemoKafkaNeeds), whose listeners admit exactly its users' pods.
 */
export class FraudDetectionDemo extends pulumi.ComponentResource {
    /** The FlinkSessionJob's name, if the demo runs the job. */
    public readonly jobName: pulumi.Output<string | undefined>;
    /** The actor's Deployment: `kubectl logs deploy/<it>` shows the detections. */
    public readonly actorDeploymentName: pulumi.Output<string>;

    constructor(name: string, args: FraudDetectionDemoArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems("FraudDetectionDemo", name, fraudDetectionDemoProblems(name, args));
        super("streaming-platform:index:FraudDetectionDemo", name, {}, opts);
        const d = resolveFraudDemoArgs(name, args);
        const child = { parent: this };
        createObject(name, generatorDeployment(d), child);
        const actorManifest = actorDeployment(d);
        const actor = createObject(name, actorManifest, child);
        for (const policy of appsNetworkPolicies(d)) createObject(name, policy, child);
        const served = servesJar(d) ? artifactsManifests(d).map((o) => createObject(name, o, child)) : [];
        // The operator fetches the jar once the server is up.
        const jobManifest = d.job.mode === "session" ? fraudSessionJob(d) : undefined;
        const job = jobManifest !== undefined ? createObject(name, jobManifest, { parent: this, dependsOn: served }) : undefined;
        this.jobName = job !== undefined ? once(job, jobManifest?.metadata.name) : pulumi.output(undefined);
        this.actorDeploymentName = once(actor, actorManifest.metadata.name);
        this.registerOutputs({ jobName: this.jobName, actorDeploymentName: this.actorDeploymentName });
    }
}
