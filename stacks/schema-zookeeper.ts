import { z } from "zod";
import { ALLOWED_ENSEMBLE_SIZES } from "../components/zookeeper/config";
import { memory, resources, section } from "./schema-helpers";

/** `streaming-platform:zookeeper`: an ensemble for Flink's ZooKeeper HA. */
export const zookeeperSchema = section({
    /** @default false */
    enabled: z.boolean().default(false),
    replicas: z
        .int()
        .refine((n) => (ALLOWED_ENSEMBLE_SIZES as readonly number[]).includes(n), {
            error: (issue) => `must be odd: one of ${ALLOWED_ENSEMBLE_SIZES.join(", ")}, got ${String(issue.input)}`,
        })
        .default(3),
    resources: resources.optional(),
    storageSize: memory.optional(),
    storageClassName: z.string().optional(),
});
export type ZooKeeperConfig = z.infer<typeof zookeeperSchema>;
