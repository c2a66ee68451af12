import { styleText } from "util";
import { PlanDocument, PlannedResource, StackDiff, StackPlan } from "./plan";

/** The inputs shown next to a resource in the tree, in this order, when it has them. */
const KEY_PROPERTIES = [
  "label",
  "name",
  "type",
  "orgName",
  "baseUrl",
  "maxApiCapacity",
  "action",
  "grantTypes",
  "redirectUris",
  "origin",
  "index",
  "expressionValue",
  "priority",
  "factorMode",
  "grantTypeWhitelists",
  "scopeWhitelists",
  "login",
  "key",
  "visibility",
  "pattern",
  "branch",
  "environment",
  "variableName",
  "secretName",
  "autoApply",
  "assessmentsEnabled",
  "scheduleCron",
  "autoRemediate",
  "value",
];
const MAX_KEY_PROPERTIES = 4;
const MAX_VALUE = 90;

type Style = Parameters<typeof styleText>[0];

function short(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 3)}...` : text;
}

/** Renders a plan document for people; colour only when asked (a TTY). */
export function renderPlan(doc: PlanDocument, color: boolean): string {
  const paint = (style: Style, text: string) => (color ? styleText(style, text, { validateStream: false }) : text);
  const out: string[] = [];

  const resourceLine = (r: PlannedResource, depth: number) => {
    const props = KEY_PROPERTIES.filter((k) => r.inputs[k] !== undefined)
      .slice(0, MAX_KEY_PROPERTIES)
      .map((k) => `${k}=${short(r.inputs[k])}`);
    const flags = r.protect ? ` ${paint("yellow", "[protected]")}` : "";
    out.push(
      `${"  ".repeat(depth)}${paint("cyan", r.type)} ${paint("bold", r.name)}${flags}${props.length ? `  ${props.join("  ")}` : ""}`,
    );
  };

  const stackSection = (plan: StackPlan) => {
    out.push(paint("bold", `Stack ${plan.stack}`) + (plan.environment ? ` (environment ${plan.environment})` : ""));
    if (plan.escEnvironments.length > 0) {
      out.push(`  ESC environments ${plan.escEnvironments.join(", ")}: their values are not available offline`);
    }
    if (plan.placeholders.length > 0) {
      out.push(`  placeholder secrets (not available offline): ${plan.placeholders.join(", ")}`);
    }
    if (plan.error !== undefined) {
      out.push(
        paint(
          "red",
          plan.error
            .split("\n")
            .map((l) => `  ${l}`)
            .join("\n"),
        ),
      );
      out.push("");
      return;
    }
    const children = new Map<string | null, PlannedResource[]>();
    for (const r of plan.resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    const walk = (parent: string | null, depth: number) => {
      for (const r of children.get(parent) ?? []) {
        resourceLine(r, depth);
        walk(r.urn, depth + 1);
      }
    };
    walk(null, 1);
    out.push(`  ${plan.summary.resources} resources:`);
    for (const [type, n] of Object.entries(plan.summary.byType)) out.push(`    ${String(n).padStart(3)}  ${type}`);
    const verdictHead = `  Guardrails: ${plan.summary.mandatory} mandatory, ${plan.summary.advisory} advisory`;
    out.push(plan.summary.mandatory > 0 ? paint("red", verdictHead) : verdictHead);
    for (const v of plan.violations) {
      const where = v.urn === "" ? "(stack)" : v.urn.slice(v.urn.lastIndexOf("::") + 2);
      const level = v.level === "mandatory" ? paint("red", "mandatory") : paint("yellow", "advisory ");
      out.push(`    ${level} ${v.policy}  ${where}: ${v.message}`);
    }
    out.push("");
  };

  const diffSection = (d: StackDiff) => {
    out.push(paint("bold", `Diff ${d.from} -> ${d.to}`));
    for (const r of d.removed) out.push(`  ${paint("red", "-")} ${r.type} ${r.name}  (only in ${d.from})`);
    for (const r of d.added) out.push(`  ${paint("green", "+")} ${r.type} ${r.name}  (only in ${d.to})`);
    for (const r of d.changed) {
      out.push(`  ${paint("yellow", "~")} ${r.type} ${r.name}`);
      for (const c of r.changes) {
        const text =
          c.kind === "added"
            ? `(none) -> ${short(c.to)}`
            : c.kind === "removed"
              ? `${short(c.from)} -> (none)`
              : `${short(c.from)} -> ${short(c.to)}`;
        out.push(`      ${c.path}: ${text}`);
      }
    }
    out.push(`  ${d.removed.length} only in ${d.from}, ${d.added.length} only in ${d.to}, ${d.changed.length} changed`);
    out.push("");
  };

  doc.stacks.forEach(stackSection);
  if (doc.duplicates.length > 0) {
    out.push(paint("red", `Objects declared by two stacks (${doc.duplicates.length}): each stack needs its own`));
    for (const d of doc.duplicates) out.push(paint("red", `  ${d}`));
    out.push("");
  }
  if (doc.diff !== undefined) diffSection(doc.diff);
  return out.join("\n");
}
