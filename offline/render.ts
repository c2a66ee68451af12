import { styleText } from "util";
import { PlanChanges, PlanDocument, PlannedResource, StackDiff, StackPlan } from "./plan";
import { Verdict } from "./policies";

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
/** Columns a plan line fills before it wraps, when the terminal does not say. */
export const DEFAULT_WIDTH = 120;

type Style = Parameters<typeof styleText>[0];

function text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A text cut into lines of at most `width` characters: every character shown, none dropped. */
function chunks(value: string, width: number): string[] {
  const size = Math.max(width, 20);
  const out: string[] = [];
  for (let i = 0; i < value.length; i += size) out.push(value.slice(i, i + size));
  return out.length > 0 ? out : [""];
}

/**
 * `label` and a value at `indent`: on one line when it fits `width`, else the label alone and the value below,
 * one array element per line, long texts wrapped. Nothing is ever cut.
 */
function wrapped(label: string, value: unknown, indent: string, width: number): string[] {
  const line = `${indent}${label}${text(value)}`;
  if (line.length <= width) return [line];
  const inner = `${indent}  `;
  const items = Array.isArray(value) ? value : [value];
  return [
    `${indent}${label.trimEnd()}`,
    ...items.flatMap((item) => chunks(text(item), width - inner.length).map((l) => `${inner}${l}`)),
  ];
}

export interface RenderOptions {
  /** ANSI colours (a terminal). */
  readonly color: boolean;
  /** Columns a line fills before it wraps. */
  readonly width: number;
  /** Print only what differs (`--diff`): no stack trees, only errors, duplicates and the differences. */
  readonly onlyDifferences: boolean;
}

/** Renders a plan document for people. */
export function renderPlan(doc: PlanDocument, options: RenderOptions): string {
  const { color, width } = options;
  const paint = (style: Style, text: string) => (color ? styleText(style, text, { validateStream: false }) : text);
  const out: string[] = [];

  const resourceLine = (r: PlannedResource, depth: number) => {
    const keys = KEY_PROPERTIES.filter((k) => r.inputs[k] !== undefined).slice(0, MAX_KEY_PROPERTIES);
    const indent = "  ".repeat(depth);
    const head = `${indent}${r.type} ${r.name}${r.protect ? " [protected]" : ""}`;
    const props = keys.map((k) => `${k}=${text(r.inputs[k])}`);
    const painted = `${indent}${paint("cyan", r.type)} ${paint("bold", r.name)}${r.protect ? ` ${paint("yellow", "[protected]")}` : ""}`;
    const oneLine = props.length > 0 ? `${head}  ${props.join("  ")}` : head;
    if (oneLine.length <= width) {
      out.push(props.length > 0 ? `${painted}  ${props.join("  ")}` : painted);
      return;
    }
    out.push(painted);
    for (const k of keys) out.push(...wrapped(`${k}=`, r.inputs[k], `${indent}    `, width));
  };

  const where = (v: Verdict) => (v.urn === "" ? "(stack)" : v.urn.slice(v.urn.lastIndexOf("::") + 2));
  const verdictLine = (v: Verdict) =>
    `${v.level === "mandatory" ? paint("red", "mandatory") : paint("yellow", "advisory ")} ${v.policy}  ${where(v)}: ${v.message}`;

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
    for (const v of plan.violations) out.push(`    ${verdictLine(v)}`);
    out.push("");
  };

  /** Resources only on one side, and property by property what changed on the others. */
  const resourceChanges = (d: StackDiff, onlyIn: (side: "from" | "to") => string) => {
    for (const r of d.removed) out.push(`  ${paint("red", "-")} ${r.type} ${r.name}${onlyIn("from")}`);
    for (const r of d.added) out.push(`  ${paint("green", "+")} ${r.type} ${r.name}${onlyIn("to")}`);
    for (const r of d.changed) {
      out.push(`  ${paint("yellow", "~")} ${r.type} ${r.name}`);
      for (const c of r.changes) {
        const from = c.kind === "added" ? "(none)" : c.from;
        const to = c.kind === "removed" ? "(none)" : c.to;
        const line = `      ${c.path}: ${text(from)} -> ${text(to)}`;
        if (line.length <= width) {
          out.push(line);
          continue;
        }
        out.push(`      ${c.path}:`);
        out.push(...wrapped("- ", from, "        ", width), ...wrapped("+ ", to, "        ", width));
      }
    }
  };

  const diffSection = (d: StackDiff) => {
    out.push(paint("bold", `Diff ${d.from} -> ${d.to}`));
    resourceChanges(d, (side) => `  (only in ${side === "from" ? d.from : d.to})`);
    out.push(`  ${d.removed.length} only in ${d.from}, ${d.added.length} only in ${d.to}, ${d.changed.length} changed`);
    out.push("");
  };

  const changesSection = (changes: PlanChanges) => {
    out.push(paint("bold", `Changes against ${changes.base}`));
    for (const c of changes.stacks) {
      const counts = `${c.added.length} added, ${c.removed.length} removed, ${c.changed.length} changed; guardrails: ${c.violations.added.length} new, ${c.violations.removed.length} gone`;
      const status = {
        added: `new stack: ${counts}`,
        removed: `its stack file is gone: ${counts}`,
        changed: counts,
        unchanged: "no changes",
        failing: "its configuration fails now (see above)",
        fixed: "its configuration failed in the saved plan and passes now",
      }[c.status];
      out.push(`Stack ${c.stack}: ${status}`);
      resourceChanges(c, () => "");
      for (const v of c.violations.added) out.push(`  ${paint("green", "+")} ${verdictLine(v)}`);
      for (const v of c.violations.removed) out.push(`  ${paint("red", "-")} ${verdictLine(v)}`);
    }
    out.push("");
  };

  // With --diff, a stack shows only if it fails: its error is what the change does to it.
  doc.stacks.filter((p) => !options.onlyDifferences || p.error !== undefined).forEach(stackSection);
  if (doc.duplicates.length > 0) {
    out.push(paint("red", `Objects declared by two stacks (${doc.duplicates.length}): each stack needs its own`));
    for (const d of doc.duplicates) out.push(paint("red", `  ${d}`));
    out.push("");
  }
  if (doc.diff !== undefined) diffSection(doc.diff);
  if (doc.changes !== undefined) changesSection(doc.changes);
  return out.join("\n");
}
