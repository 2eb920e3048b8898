/** The fraud detection demo: its apps and job on the platform. */
export * from "./fraud-demo-args";
export * from "./fraud-demo-manifests";
export * from "./fraud-demo-problems";
export * from "./fraud-demo";
