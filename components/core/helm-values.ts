/** Helm chart values as data, and Helm's own rule for putting one set over another. */

/**
 * A map of values, as a chart's values.yaml holds them. Any JSON value (`any`, not `unknown`): Pulumi's
 * component analyzer gives `any` the schema type Any, so programs in other languages can pass values.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HelmValues = Record<string, any>;

function isMap(value: unknown): value is HelmValues {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    // Only plain maps merge: an Output or another object is a value, as a list is.
    const proto: unknown = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
}

/**
 * `override` over `base` as Helm merges values files: maps key by key, at every depth; a list or any
 * other value replaces the one below it, and `null` stays (Helm then drops the chart's key). Written
 * here rather than taken from `deepmerge` or `lodash.merge`, which concatenate or index-merge lists.
 */
export function mergeValues(base: HelmValues, override: HelmValues): HelmValues {
    const merged: HelmValues = { ...base };
    for (const [key, value] of Object.entries(override) as [string, unknown][]) {
        const below: unknown = merged[key];
        merged[key] = isMap(below) && isMap(value) ? mergeValues(below, value) : value;
    }
    return merged;
}
