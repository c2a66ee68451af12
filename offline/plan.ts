import * as crypto from "crypto";
import * as fs from "fs";
import diff from "microdiff";
import { z } from "zod";
import { Verdict } from "./policies";
import { ProgramRun, isSecretEnvelope } from "./run";

/** How a secret value is shown, in every format. */
export const MASK = "[secret]";

/**
 * A dynamic resource's `__provider` input is its provider's serialized code (components/oauthInlineHook.ts): the
 * plan shows its digest, so a change to that code still shows as a change, without pages of JavaScript.
 */
function withProviderDigest(inputs: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const code = inputs.__provider;
  if (typeof code !== "string") return inputs;
  const digest = crypto.createHash("sha256").update(code).digest("hex").slice(0, 16);
  return { ...inputs, __provider: `(dynamic provider code, sha256 ${digest}...)` };
}

/** One resource of a stack's desired state. */
export interface PlannedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** The parent's URN; null for the stack's direct children. */
  readonly parent: string | null;
  /** The explicit provider's URN; null when none is set. */
  readonly provider: string | null;
  readonly protect: boolean;
  /** Inputs with every secret masked as "[secret]", keys sorted. */
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** A stack's desired state, its guardrail verdicts, or the reason it could not be planned. */
export interface StackPlan {
  readonly stack: string;
  readonly environment: string | null;
  /** Set when the stack's configuration is invalid; nothing else is planned then. */
  readonly error?: string;
  /** Config keys given a placeholder secret because their value cannot be had offline. */
  readonly placeholders: readonly string[];
  /** ESC environments the stack file imports: their values are not available offline. */
  readonly escEnvironments: readonly string[];
  readonly resources: readonly PlannedResource[];
  readonly violations: readonly Verdict[];
  readonly summary: {
    readonly resources: number;
    readonly byType: Readonly<Record<string, number>>;
    readonly mandatory: number;
    readonly advisory: number;
  };
}

/** One property that differs between two stacks' versions of a resource. */
export interface PropertyChange {
  readonly path: string;
  readonly kind: "added" | "removed" | "changed";
  readonly from?: unknown;
  readonly to?: unknown;
}

/** What differs between two stacks' desired states, resources matched by type and logical name. */
export interface StackDiff {
  readonly from: string;
  readonly to: string;
  /** Resources only in `to`. */
  readonly added: readonly { readonly type: string; readonly name: string }[];
  /** Resources only in `from`. */
  readonly removed: readonly { readonly type: string; readonly name: string }[];
  readonly changed: readonly {
    readonly type: string;
    readonly name: string;
    readonly changes: readonly PropertyChange[];
  }[];
}

/** What one stack's plan changes against a saved plan: its resources by URN, and its guardrail verdicts. */
export interface StackChange extends StackDiff {
  readonly stack: string;
  /** added: no such stack in the saved plan; removed: its stack file is gone; failing/fixed: its configuration. */
  readonly status: "added" | "removed" | "changed" | "unchanged" | "failing" | "fixed";
  readonly violations: { readonly added: readonly Verdict[]; readonly removed: readonly Verdict[] };
}

/** The plan against a saved one (`--diff <plan.json>`): what a change does to each stack's desired state. */
export interface PlanChanges {
  /** The saved plan's file, as given. */
  readonly base: string;
  readonly stacks: readonly StackChange[];
}

export interface PlanDocument {
  readonly stacks: readonly StackPlan[];
  readonly diff?: StackDiff;
  readonly changes?: PlanChanges;
  /** Objects two planned stacks would both declare (same type and identity), naming both stack files. */
  readonly duplicates: readonly string[];
}

/** How a value the offline mocks made up is shown: an id the provider assigns or looks up when it deploys. */
export const RESOLVED_AT_DEPLOY = "(resolved at deploy)";

/** What a plan never shows as it is: placeholder secrets (masked) and the mocks' made-up values. */
export interface Hidden {
  readonly placeholders: ReadonlySet<string>;
  /** Strings and numbers; a number made up as an id is also made up as its decimal string. */
  readonly invented: ReadonlySet<string | number>;
}

const NOTHING_HIDDEN: Hidden = { placeholders: new Set(), invented: new Set() };

/** A text with every made-up value in it, whole or as a word (not inside a longer name), shown as resolved at deploy. */
function withoutInvented(text: string, invented: ReadonlySet<string | number>): string {
  if (invented.has(text)) return RESOLVED_AT_DEPLOY;
  return text.replace(/[\w.-]+/g, (word) => (invented.has(word) ? RESOLVED_AT_DEPLOY : word));
}

/**
 * A value as the plan shows it: secret envelopes and placeholder secrets masked, the mocks' made-up values shown
 * as resolved at deploy, object keys sorted.
 */
export function masked(value: unknown, hidden: Hidden = NOTHING_HIDDEN): unknown {
  if (isSecretEnvelope(value)) return MASK;
  if (typeof value === "string") {
    return hidden.placeholders.has(value) ? MASK : withoutInvented(value, hidden.invented);
  }
  if (typeof value === "number") return hidden.invented.has(value) ? RESOLVED_AT_DEPLOY : value;
  if (Array.isArray(value)) return value.map((v) => masked(v, hidden));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, masked((value as Record<string, unknown>)[k], hidden)]),
    );
  }
  return value;
}

/** The desired state of one run, with its verdicts, in the plan's stable shape. */
export function stackPlan(
  run: ProgramRun,
  environment: string,
  verdicts: readonly Verdict[],
  placeholders: readonly string[],
  placeholderValues: readonly string[],
  escEnvironments: readonly string[],
): StackPlan {
  const hidden: Hidden = { placeholders: new Set(placeholderValues), invented: new Set(run.invented) };
  const stackUrn = run.registrations.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
  const resources = run.registrations
    .filter((r) => r.type !== "pulumi:pulumi:Stack")
    .map((r): PlannedResource => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      parent: r.parent === "" || r.parent === stackUrn ? null : r.parent,
      provider: r.provider === "" ? null : r.provider.slice(0, r.provider.lastIndexOf("::")),
      protect: r.protect,
      inputs: masked(withProviderDigest(r.inputs), hidden) as Record<string, unknown>,
    }))
    .sort((a, b) => a.urn.localeCompare(b.urn));
  const byType: Record<string, number> = {};
  for (const r of resources) byType[r.type] = (byType[r.type] ?? 0) + 1;
  const violations = [...verdicts]
    .map((v) => ({ ...v, message: masked(v.message, hidden) as string }))
    .sort((a, b) => `${a.policy} ${a.urn} ${a.message}`.localeCompare(`${b.policy} ${b.urn} ${b.message}`));
  return {
    stack: run.stack,
    environment,
    placeholders,
    escEnvironments,
    resources,
    violations,
    summary: {
      resources: resources.length,
      byType: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b))),
      mandatory: violations.filter((v) => v.level === "mandatory").length,
      advisory: violations.filter((v) => v.level === "advisory").length,
    },
  };
}

/** The plan of a stack whose configuration could not be loaded. */
export function failedPlan(stack: string, error: string, escEnvironments: readonly string[]): StackPlan {
  return {
    stack,
    environment: null,
    error,
    placeholders: [],
    escEnvironments,
    resources: [],
    violations: [],
    summary: { resources: 0, byType: {}, mandatory: 0, advisory: 0 },
  };
}

function pathOf(segments: readonly (string | number)[]): string {
  return segments.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

/**
 * Compares two desired states: resources matched by `key`, inputs and protection per property (and the explicit
 * provider, when both are the same stack: a resource moved to another org's provider is a change).
 */
function diffResources(from: StackPlan, to: StackPlan, sameStack: boolean): StackDiff {
  const key = (r: PlannedResource) => (sameStack ? r.urn : `${r.type}::${r.name}`);
  const a = new Map(from.resources.map((r) => [key(r), r]));
  const b = new Map(to.resources.map((r) => [key(r), r]));
  const id = (r: PlannedResource) => ({ type: r.type, name: r.name });
  const compared = (r: PlannedResource) => ({
    ...r.inputs,
    protect: r.protect,
    ...(sameStack ? { provider: r.provider } : {}),
  });
  const changed: StackDiff["changed"][number][] = [];
  for (const [k, ra] of a) {
    const rb = b.get(k);
    if (rb === undefined) continue;
    const changes: PropertyChange[] = diff(compared(ra), compared(rb)).map((d) =>
      d.type === "CREATE"
        ? { path: pathOf(d.path), kind: "added", to: d.value }
        : d.type === "REMOVE"
          ? { path: pathOf(d.path), kind: "removed", from: d.oldValue }
          : { path: pathOf(d.path), kind: "changed", from: d.oldValue, to: d.value },
    );
    if (changes.length > 0) {
      changed.push({ ...id(ra), changes: changes.sort((x, y) => x.path.localeCompare(y.path)) });
    }
  }
  const sortIds = (xs: { type: string; name: string }[]) =>
    xs.sort((x, y) => `${x.type}::${x.name}`.localeCompare(`${y.type}::${y.name}`));
  return {
    from: from.stack,
    to: to.stack,
    added: sortIds([...b].filter(([k]) => !a.has(k)).map(([, r]) => id(r))),
    removed: sortIds([...a].filter(([k]) => !b.has(k)).map(([, r]) => id(r))),
    changed: changed.sort((x, y) => `${x.type}::${x.name}`.localeCompare(`${y.type}::${y.name}`)),
  };
}

/** Compares two stacks' desired states (a promotion review): resources by type and logical name. */
export function diffStacks(from: StackPlan, to: StackPlan): StackDiff {
  return diffResources(from, to, false);
}

const verdictKey = (v: Verdict) => `${v.level} ${v.policy} ${v.urn} ${v.message}`;

const EMPTY: StackPlan = {
  stack: "",
  environment: null,
  placeholders: [],
  escEnvironments: [],
  resources: [],
  violations: [],
  summary: { resources: 0, byType: {}, mandatory: 0, advisory: 0 },
};

/** One stack's plan against its saved plan (either may be missing: a new stack, a deleted stack file). */
function stackChange(base: StackPlan | undefined, now: StackPlan | undefined): StackChange {
  const stack = (now ?? base)?.stack ?? "";
  const from = base ?? { ...EMPTY, stack };
  const to = now ?? { ...EMPTY, stack };
  // A stack that fails has no desired state to compare: its error says what changed.
  const failed = from.error !== undefined || to.error !== undefined;
  const resources = failed
    ? { from: stack, to: stack, added: [], removed: [], changed: [] }
    : diffResources(from, to, true);
  const before = new Set(from.violations.map(verdictKey));
  const after = new Set(to.violations.map(verdictKey));
  const violations = {
    added: to.violations.filter((v) => !before.has(verdictKey(v))),
    removed: from.violations.filter((v) => !after.has(verdictKey(v))),
  };
  const same =
    resources.added.length + resources.removed.length + resources.changed.length === 0 &&
    violations.added.length + violations.removed.length === 0 &&
    from.error === to.error;
  const status =
    base === undefined
      ? "added"
      : now === undefined
        ? "removed"
        : to.error !== undefined && from.error === undefined
          ? "failing"
          : to.error === undefined && from.error !== undefined
            ? "fixed"
            : same
              ? "unchanged"
              : "changed";
  return { stack, ...resources, status, violations };
}

/**
 * The plan against a saved plan, stack by stack: every stack planned now, and every saved stack whose stack
 * file is gone. A saved stack that was not planned this time (`--stack`) is not compared.
 */
export function comparePlans(
  base: string,
  saved: readonly StackPlan[],
  current: readonly StackPlan[],
  stackFiles: readonly string[],
): PlanChanges {
  const before = new Map(saved.map((p) => [p.stack, p]));
  const now = new Map(current.map((p) => [p.stack, p]));
  const names = [...new Set([...current.map((p) => p.stack), ...saved.map((p) => p.stack)])]
    .filter((s) => now.has(s) || !stackFiles.includes(s))
    .sort();
  return { base, stacks: names.map((s) => stackChange(before.get(s), now.get(s))) };
}

/** A saved plan that cannot be compared against: unreadable, not JSON, or not a plan document. */
export class SavedPlanError extends Error {}

const savedPlanSchema = z.object({
  stacks: z.array(
    z.object({
      stack: z.string(),
      environment: z.string().nullable(),
      error: z.string().optional(),
      placeholders: z.array(z.string()),
      escEnvironments: z.array(z.string()),
      resources: z.array(
        z.object({
          urn: z.string(),
          type: z.string(),
          name: z.string(),
          parent: z.string().nullable(),
          provider: z.string().nullable(),
          protect: z.boolean(),
          inputs: z.record(z.string(), z.unknown()),
        }),
      ),
      violations: z.array(
        z.object({
          policy: z.string(),
          level: z.enum(["advisory", "mandatory"]),
          urn: z.string(),
          message: z.string(),
        }),
      ),
      summary: z.object({
        resources: z.number(),
        byType: z.record(z.string(), z.number()),
        mandatory: z.number(),
        advisory: z.number(),
      }),
    }),
  ),
});

/** Most problems a message lists for a file that is not a plan document. */
const MAX_SHOWN_PROBLEMS = 5;

/** The stacks of a plan document saved with `--out` or `--json`. Throws with the file and every problem's path. */
export function readSavedPlan(file: string): StackPlan[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new SavedPlanError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? "unknown"}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // The parser's message quotes the text: a wrong file given by mistake is not echoed.
    throw new SavedPlanError(`${file} is not JSON: save a plan with npm run plan -- --out <file>`);
  }
  const parsed = savedPlanSchema.safeParse(doc);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const shown = issues
      .slice(0, MAX_SHOWN_PROBLEMS)
      .map((i) => `${i.path.length > 0 ? pathOf(i.path as (string | number)[]) : "(the document)"}: ${i.message}`);
    const more = issues.length > MAX_SHOWN_PROBLEMS ? `; and ${issues.length - MAX_SHOWN_PROBLEMS} more` : "";
    throw new SavedPlanError(
      `${file} is not a plan document (save one with npm run plan -- --out <file>): ${shown.join("; ")}${more}`,
    );
  }
  return parsed.data.stacks as StackPlan[];
}
