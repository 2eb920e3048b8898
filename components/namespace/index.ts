/** Tenant namespaces: Pod Security, quota, limits, NetworkPolicies, ServiceAccounts and RoleBindings. */
export * from "./args";
export * from "./manifests";
export * from "./network-policies";
export * from "./problems";
export * from "./tenant-namespace";
