import diff from "microdiff";
import { AllowlistEntry, coversPath, matches } from "./allowlist";
import { isSecretEnvelope } from "../offline/secrets";
import { PreviewDigest, PreviewStep } from "./digest";

/** How secrets are shown: the CLI already prints them as this string; envelopes are masked the same way. */
export const SECRET = "[secret]";

export type DriftChange = "update" | "deleted in Okta" | "replace";

export interface PropertyDrift {
  readonly path: string;
  /** The value in Pulumi's state (what the program last applied). */
  readonly old: unknown;
  /** The value Okta has now. */
  readonly new: unknown;
}

export interface DriftedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly change: DriftChange;
  readonly properties: readonly PropertyDrift[];
}

export interface AllowlistedDrift {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly path: string;
  readonly reason: string;
}

export interface DriftReport {
  readonly stack: string;
  /** Resources the check compared (every step but providers and the stack itself). */
  readonly checked: number;
  readonly drifted: readonly DriftedResource[];
  /** Differences matched by the reviewed allowlist: listed, not counted. */
  readonly allowlisted: readonly AllowlistedDrift[];
}

const UPDATE_OPS = new Set(["update"]);
const DELETE_OPS = new Set(["delete", "discard"]);
const REPLACE_OPS = new Set(["replace", "create-replacement", "delete-replaced", "replace-replaced"]);

function isInfrastructure(type: string): boolean {
  return type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:");
}

/** `urn:pulumi:<stack>::<project>::<type chain>::<name>` */
function partsOf(urn: string): { stack: string; type: string; name: string } {
  const [head = "", , typeChain = "", ...rest] = urn.split("::");
  const chain = typeChain.split("$");
  return { stack: head.replace(/^urn:pulumi:/, ""), type: chain[chain.length - 1] ?? "", name: rest.join("::") };
}

/** Splits `a.b[1]["c.d"]` into ["a", "b", 1, "c.d"]. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}

function formatPath(segments: readonly (string | number)[]): string {
  return segments
    .map((s, i) =>
      typeof s === "number" ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? (i === 0 ? s : `.${s}`) : `["${s}"]`,
    )
    .join("");
}

function at(value: unknown, path: readonly (string | number)[]): unknown {
  let node = value;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** Masks secret envelopes (and keeps the CLI's "[secret]" strings as they are). */
export function masked(value: unknown): unknown {
  if (isSecretEnvelope(value)) return SECRET;
  if (Array.isArray(value)) return value.map(masked);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v)]));
  }
  return value;
}

/** A property's value in a state: inputs first (what the program declares), else outputs (what the provider read). */
function valueIn(state: PreviewStep["oldState"], path: readonly (string | number)[]): unknown {
  const fromInputs = at(state?.inputs ?? undefined, path);
  return masked(fromInputs !== undefined ? fromInputs : at(state?.outputs ?? undefined, path));
}

/** The properties that differ: from the engine's detailed diff, else its diff reasons, else by comparing states (old CLIs). */
function changedPaths(step: PreviewStep): string[] {
  const detailed = Object.keys(step.detailedDiff ?? {});
  if (detailed.length > 0) return detailed;
  if ((step.diffReasons ?? []).length > 0) return [...(step.diffReasons as string[])];
  const before = step.oldState?.outputs ?? step.oldState?.inputs ?? {};
  const after = step.newState?.outputs ?? step.newState?.inputs ?? {};
  return diff(before, after).map((d) => formatPath(d.path));
}

/** Turns a refresh preview into a drift report: what changed in Okta, per resource and property. */
export function driftReport(
  digest: PreviewDigest,
  allowlist: readonly AllowlistEntry[],
  stackName?: string,
): DriftReport {
  const drifted: DriftedResource[] = [];
  const allowlisted: AllowlistedDrift[] = [];
  let checked = 0;
  let stack = stackName;
  for (const step of digest.steps) {
    const { stack: urnStack, type, name } = partsOf(step.urn);
    if (isInfrastructure(type)) continue;
    stack ??= urnStack;
    checked++;
    if (DELETE_OPS.has(step.op)) {
      drifted.push({ urn: step.urn, type, name, change: "deleted in Okta", properties: [] });
      continue;
    }
    if (!UPDATE_OPS.has(step.op) && !REPLACE_OPS.has(step.op)) continue;
    const properties: PropertyDrift[] = [];
    for (const path of changedPaths(step).sort()) {
      const entry = allowlist.find((e) => matches(e.type, type) && coversPath(e.property, path));
      if (entry !== undefined) {
        allowlisted.push({ urn: step.urn, type, name, path, reason: entry.reason });
        continue;
      }
      const segments = parsePath(path);
      properties.push({ path, old: valueIn(step.oldState, segments), new: valueIn(step.newState, segments) });
    }
    if (properties.length > 0 || REPLACE_OPS.has(step.op)) {
      drifted.push({ urn: step.urn, type, name, change: REPLACE_OPS.has(step.op) ? "replace" : "update", properties });
    }
  }
  return { stack: stack ?? "unknown", checked, drifted, allowlisted };
}

function show(value: unknown): string {
  if (value === undefined) return "(absent)";
  const text = value === SECRET ? SECRET : JSON.stringify(value);
  const short = text.length > 120 ? `${text.slice(0, 117)}...` : text;
  return `\`${short.replace(/`/g, "'").replace(/\|/g, "\\|")}\``;
}

/** The report for people: a summary line, a table of resources, per-property old -> new, the remedies. */
export function renderMarkdown(report: DriftReport): string {
  const out: string[] = [];
  const n = report.drifted.length;
  out.push(`## Drift check: stack \`${report.stack}\``, "");
  if (n === 0) {
    out.push(`No drift: the ${report.checked} resources of \`${report.stack}\` match Okta.`);
  } else {
    const count = (c: DriftChange) => report.drifted.filter((r) => r.change === c).length;
    const parts = [
      [count("update"), "changed"],
      [count("deleted in Okta"), "deleted in Okta"],
      [count("replace"), "to be replaced"],
    ]
      .filter(([k]) => (k as number) > 0)
      .map(([k, what]) => `${k} ${what}`);
    out.push(
      `**${n} of ${report.checked} resources drifted** (${parts.join(", ")}): someone changed the org outside Pulumi.`,
      "",
      "| resource | type | change |",
      "|---|---|---|",
      ...report.drifted.map((r) => `| \`${r.name}\` | \`${r.type}\` | ${r.change} |`),
    );
    for (const r of report.drifted) {
      out.push("", `### \`${r.name}\` (${r.type}): ${r.change}`);
      if (r.change === "deleted in Okta") {
        out.push("", "The object no longer exists in Okta.");
      } else if (r.properties.length > 0) {
        out.push("", "| property | in Pulumi's state | in Okta now |", "|---|---|---|");
        for (const p of r.properties) out.push(`| \`${p.path}\` | ${show(p.old)} | ${show(p.new)} |`);
      }
    }
    out.push(
      "",
      "### What to do",
      "",
      `- To put Okta back as the code declares it: review, then \`pulumi up --refresh --stack ${report.stack}\`.`,
      "- To keep the change: make it in the code (or the stack's config) through a pull request; the check clears once `pulumi preview` shows no changes.",
    );
  }
  if (report.allowlisted.length > 0) {
    out.push("", "### Known cosmetic differences (allowlisted, not counted)", "");
    for (const a of report.allowlisted) out.push(`- \`${a.name}\` \`${a.path}\`: ${a.reason}`);
  }
  return `${out.join("\n")}\n`;
}
