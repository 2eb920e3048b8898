import assert from "node:assert/strict";
import { describeProblems } from "../../components/core/problems";
import { parsePlatformConfig, StackConfigError } from "../../stacks/config";

/** The problems the stack configuration reports for `raw`; fails the test when it is accepted. */
export function stackConfigProblems(raw: Record<string, unknown>): string[] {
    try {
        parsePlatformConfig(raw);
    } catch (error) {
        assert.ok(error instanceof StackConfigError, `expected a StackConfigError, got ${String(error)}`);
        return describeProblems(error.problems);
    }
    assert.fail("the configuration was accepted");
}
