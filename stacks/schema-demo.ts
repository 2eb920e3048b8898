import { z } from "zod";
import { FRAUD_JOB_MODES } from "../components/demo/fraud-demo-args";
import { dnsLabel, resources, section } from "./schema-helpers";

/**
 * `streaming-platform:demo`: the fraud detection demo on the platform — the generator, the fraud job
 * (a session job on the session cluster) and the actor. Its topics and users are the Kafka section's,
 * by key: the listeners admit exactly their pods.
 */
export const demoSchema = section({
    /** @default false */
    enabled: z.boolean().default(false),
    /** Keys of `kafka.topics`. @default transactions, fraud, transactions-dead-letter */
    topics: section({ transactions: dnsLabel.optional(), fraud: dnsLabel.optional(), deadLetter: dnsLabel.optional() }).optional(),
    /** Keys of `kafka.users`; the job's is the session cluster's `kafkaUser`. @default fraud-generator, fraud-job, fraud-actor */
    users: section({ generator: dnsLabel.optional(), job: dnsLabel.optional(), actor: dnsLabel.optional() }).optional(),
    job: section({
        /** "session" or "none". @default "session" */
        mode: z.enum(FRAUD_JOB_MODES).optional(),
        /** @default the demo's artifact server (http, in the cluster: the operator must allow both) */
        jarURI: z.string().optional(),
        parallelism: z.int().min(1).optional(),
        windowSize: z.string().optional(),
        windowSlide: z.string().optional(),
        threshold: z.int().optional(),
        outOfOrderness: z.string().optional(),
    }).optional(),
    generator: section({ rate: z.number().optional(), accounts: z.int().optional(), burstProbability: z.number().optional(), resources: resources.optional() }).optional(),
    actor: section({ resources: resources.optional() }).optional(),
    images: section({ generator: z.string().optional(), actor: z.string().optional(), artifacts: z.string().optional() }).optional(),
    imagePullPolicy: z.string().optional(),
});
export type DemoConfig = z.infer<typeof demoSchema>;
