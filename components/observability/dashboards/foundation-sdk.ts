/**
 * The foundation SDK publishes its modules only through package.json `exports` (`…/dashboard`), which
 * the project's `moduleResolution: node10` does not read; these ambient modules point the compiler at
 * the same files under dist/. Node resolves the subpaths through `exports` at run time. Drop this file
 * once tsconfig moves to `module`/`moduleResolution: node16`. A .ts file, not a .d.ts, so the library
 * build emits these declarations beside the rest for its consumers.
 */
declare module "@grafana/grafana-foundation-sdk/cog" {
    export * from "@grafana/grafana-foundation-sdk/dist/cog";
}
declare module "@grafana/grafana-foundation-sdk/common" {
    export * from "@grafana/grafana-foundation-sdk/dist/common";
}
declare module "@grafana/grafana-foundation-sdk/dashboard" {
    export * from "@grafana/grafana-foundation-sdk/dist/dashboard";
}
declare module "@grafana/grafana-foundation-sdk/prometheus" {
    export * from "@grafana/grafana-foundation-sdk/dist/prometheus";
}
declare module "@grafana/grafana-foundation-sdk/loki" {
    export * from "@grafana/grafana-foundation-sdk/dist/loki";
}
declare module "@grafana/grafana-foundation-sdk/timeseries" {
    export * from "@grafana/grafana-foundation-sdk/dist/timeseries";
}
declare module "@grafana/grafana-foundation-sdk/stat" {
    export * from "@grafana/grafana-foundation-sdk/dist/stat";
}
declare module "@grafana/grafana-foundation-sdk/logs" {
    export * from "@grafana/grafana-foundation-sdk/dist/logs";
}
declare module "@grafana/grafana-foundation-sdk/table" {
    export * from "@grafana/grafana-foundation-sdk/dist/table";
}
