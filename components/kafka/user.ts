import * as pulumi from "@pulumi/pulumi";
import { createObject } from "../core/objects";
import { once } from "../core/outputs";
import { throwIfProblems } from "../core/problems";
import type { KafkaUserArgs } from "./user-args";
import { kafkaUserManifest, kafkaUserSecretName, resolveKafkaUserArgs } from "./user-manifests";
import { kafkaUserProblems } from "./user-problems";

/**
 * A client of a Kafka cluster, declared as a Strimzi `KafkaUser` that the cluster's User Operator turns
 * into credentials (a SCRAM-SHA-512 password or a TLS client certificate, in a Secret named like the
 * user, in the cluster's namespace) and into Kafka ACLs: read or write on the named topics, its consumer
 * groups, its transactional ids. Its clients' pods must also be among the cluster's `clients`, which
 * the listeners' NetworkPolicy admits.
 */
export class KafkaUser extends pulumi.ComponentResource {
    /** The user's name in Kafka (its SCRAM user name; the certificate's CN with TLS); resolves once the user is Ready. */
    public readonly userName: pulumi.Output<string>;
    /** The Secret that holds its credentials (`password` and `sasl.jaas.config` with SCRAM); resolves once the user is Ready, and so the Secret exists. */
    public readonly secretName: pulumi.Output<string>;

    constructor(name: string, args: KafkaUserArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems("KafkaUser", name, kafkaUserProblems(name, args));
        super("streaming-platform:index:KafkaUser", name, {}, opts);
        const resolved = resolveKafkaUserArgs(name, args);

        const user = createObject(name, kafkaUserManifest(resolved), { parent: this });

        this.userName = once(user, resolved.userName);
        this.secretName = once(user, kafkaUserSecretName(resolved));
        this.registerOutputs({ userName: this.userName, secretName: this.secretName });
    }
}
