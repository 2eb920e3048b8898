import { z } from "zod";
import { memory, resources, section } from "./schema-helpers";

/** `streaming-platform:zookeeper`: an ensemble for Flink's ZooKeeper HA. */
export const zookeeperSchema = section({
    /** @default false */
    enabled: z.boolean().default(false),
    /** 1, 3, 5 or 7: ZooKeeperEnsemble checks it. @default 3 */
    replicas: z.int().default(3),
    resources: resources.optional(),
    storageSize: memory.optional(),
    storageClassName: z.string().optional(),
});
export type ZooKeeperConfig = z.infer<typeof zookeeperSchema>;
