import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cpuMillicores, isCpuQuantity, isMemoryQuantity, memoryMiB } from "../../components/core/quantity";

describe("quantities", () => {
    it("reads CPU as millicores", () => {
        assert.equal(cpuMillicores("500m"), 500);
        assert.equal(cpuMillicores("2"), 2000);
        assert.equal(cpuMillicores("1.5"), 1500);
        assert.equal(cpuMillicores(0.25), 250);
    });

    it("reads memory in binary and decimal units as MiB", () => {
        assert.equal(memoryMiB("512Mi"), 512);
        assert.equal(memoryMiB("2Gi"), 2048);
        assert.equal(memoryMiB("1024Ki"), 1);
        assert.equal(memoryMiB("1e6").toFixed(4), (1e6 / 2 ** 20).toFixed(4));
        assert.equal(memoryMiB("1G").toFixed(2), "953.67");
    });

    it("tells quantities from other text", () => {
        assert.equal(isCpuQuantity("lots"), false);
        assert.equal(isCpuQuantity("1Ki"), true);
        assert.equal(isMemoryQuantity("512MB"), false);
        assert.equal(isMemoryQuantity("500m"), false, "milli-bytes are a unit mistake, not memory");
        assert.equal(isMemoryQuantity("-1Gi"), false);
        assert.throws(() => cpuMillicores("two"), { message: 'not a CPU quantity: "two"' });
    });
});
