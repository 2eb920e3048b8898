/**
 * Kubernetes resource quantities (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/),
 * reduced to the two units the platform sums: CPU millicores and memory MiB.
 */

const SUFFIX_FACTORS: Record<string, number> = {
    "": 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
};

const QUANTITY = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([+-]?[0-9]+))?(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;

/** The value of a quantity in base units (cores, bytes), or undefined when it is not a quantity. */
export function parseQuantity(quantity: string | number): number | undefined {
    if (typeof quantity === "number") return Number.isFinite(quantity) && quantity >= 0 ? quantity : undefined;
    const match = QUANTITY.exec(quantity.trim());
    if (!match) return undefined;
    const [, mantissa, exponent, suffix] = match;
    if (exponent !== undefined && suffix !== undefined) return undefined;
    return Number(mantissa) * 10 ** Number(exponent ?? 0) * SUFFIX_FACTORS[suffix ?? ""];
}

/** True for a quantity such as "500m", "2" or "1.5". */
export function isCpuQuantity(quantity: string | number): boolean {
    return parseQuantity(quantity) !== undefined;
}

/** True for a memory quantity such as "512Mi" or "2Gi" (a plain number of bytes is allowed too). */
export function isMemoryQuantity(quantity: string | number): boolean {
    const value = parseQuantity(quantity);
    return value !== undefined && !(typeof quantity === "string" && quantity.endsWith("m"));
}

/** CPU in millicores: "500m" is 500, "2" is 2000. Throws on a value that is not a quantity. */
export function cpuMillicores(quantity: string | number): number {
    const value = parseQuantity(quantity);
    if (value === undefined) throw new Error(`not a CPU quantity: "${quantity}"`);
    return Math.round(value * 1000);
}

/** Memory in MiB: "512Mi" is 512, "1Gi" is 1024, "1G" is about 953.7. Throws on a value that is not a quantity. */
export function memoryMiB(quantity: string | number): number {
    const value = parseQuantity(quantity);
    if (value === undefined) throw new Error(`not a memory quantity: "${quantity}"`);
    return value / 2 ** 20;
}
