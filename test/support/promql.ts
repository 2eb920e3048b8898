/**
 * PromQL read by Prometheus's own Lezer grammar (@prometheus-io/lezer-promql, the one Prometheus's UI
 * uses): the parse errors of an expression, and the metric names its selectors read. Shared by the
 * tests of alerts and dashboards and those against real exporters.
 */
import type { SyntaxNode } from "@lezer/common";
import { parser } from "@prometheus-io/lezer-promql";

/** Every error node (⚠) of the parse as `at <offset>: unexpected <text>|end`; empty when it parses. */
export function promqlParseErrors(expr: string): string[] {
    const errors: string[] = [];
    parser.parse(expr).iterate({
        enter: (node) => {
            if (!node.type.isError) return;
            const text = expr.slice(node.from, Math.max(node.to, node.from + 1));
            errors.push(`at ${node.from}: unexpected ${node.from >= expr.length ? "end" : JSON.stringify(text)}`);
        },
    });
    return errors;
}

const unquote = (literal: string): string => (literal.startsWith("`") ? literal.slice(1, -1) : (JSON.parse(literal.startsWith("'") ? `"${literal.slice(1, -1)}"` : literal) as string));

/** The metric name a vector selector names: `foo{…}`, `{__name__="foo"}` or (Prometheus 3) `{"foo"}`. */
function selectorName(expr: string, selector: SyntaxNode): string | undefined {
    const identifier = selector.getChild("Identifier");
    if (identifier) return expr.slice(identifier.from, identifier.to);
    const matchers = selector.getChild("LabelMatchers");
    const quoted = matchers?.getChild("QuotedLabelName");
    if (quoted) return unquote(expr.slice(quoted.from, quoted.to));
    for (const matcher of matchers?.getChildren("UnquotedLabelMatcher") ?? []) {
        const label = matcher.getChild("LabelName");
        const op = matcher.getChild("MatchOp")?.firstChild;
        const value = matcher.getChild("StringLiteral");
        if (label && value && op?.name === "EqlSingle" && expr.slice(label.from, label.to) === "__name__") return unquote(expr.slice(value.from, value.to));
    }
    return undefined;
}

/** The metric names the expression's vector selectors read, each once, in order of appearance. */
export function promqlMetricNames(expr: string): string[] {
    const names = new Set<string>();
    parser.parse(expr).iterate({
        enter: (node) => {
            if (node.name !== "VectorSelector") return;
            const name = selectorName(expr, node.node);
            if (name !== undefined) names.add(name);
        },
    });
    return [...names];
}
