import * as pulumi from "@pulumi/pulumi";
import { createNamespaces, PlatformNamespaces } from "./namespaces";
import { PlatformConfig } from "./schema";

export interface Platform {
    namespaces: PlatformNamespaces;
}

/** The whole platform for one stack, from its validated configuration. */
export function buildPlatform(config: PlatformConfig, opts: pulumi.ComponentResourceOptions = {}): Platform {
    const namespaces = createNamespaces(config.namespaces, opts);
    return { namespaces };
}
