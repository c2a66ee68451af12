import { AllowlistEntry, allowlistFor } from "./allowlist";
import { PreviewDigest, PreviewStep, PropertyDiff } from "./digest";
import { SECRET, differingPaths, isCredentialPath, parsePath, present, valueAt } from "./values";

export type DriftChange = "update" | "deleted in Okta";

/** What happened to one property, from Pulumi's state to Okta (the engine's refresh diff is already inverted). */
export type PropertyChange = "changed" | "added in Okta" | "removed in Okta";

export interface PropertyDrift {
  readonly path: string;
  readonly change: PropertyChange;
  /** The value in Pulumi's state (what the program last applied); absent when the property was not there. */
  readonly old?: unknown;
  /** The value Okta has now; absent when Okta no longer has the property. */
  readonly new?: unknown;
}

export interface DriftedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly change: DriftChange;
  /** Empty for deletions, and for updates the CLI did not break down into properties. */
  readonly properties: readonly PropertyDrift[];
}

export interface ResourceRef {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
}

export interface AllowlistedDrift extends ResourceRef {
  readonly path: string;
  readonly reason: string;
}

/** Changes the CLI counted (changeSummary) that no step explains: drift the CLI did not attribute to a property. */
export interface UnattributedDrift {
  /** Unexplained count per operation (`update`, `delete`, ...). */
  readonly byOp: Readonly<Record<string, number>>;
  readonly count: number;
  /** The resources that may be it (they were read and show no change), when there are few; else empty. */
  readonly candidates: readonly ResourceRef[];
  readonly candidatesTotal: number;
}

export interface DriftReport {
  readonly stack: string;
  /** Resources the refresh read, as the CLI counts them (changeSummary: the stack, providers and components included). */
  readonly checked: number;
  readonly changeSummary: Readonly<Record<string, number>>;
  readonly drifted: readonly DriftedResource[];
  readonly unattributed: UnattributedDrift;
  /** Differences matched by the reviewed allowlist: listed, not counted. */
  readonly allowlisted: readonly AllowlistedDrift[];
}

/** Up to this many candidates are named for drift the CLI did not attribute; more would not help anyone. */
export const MAX_CANDIDATES = 10;

function isInfrastructure(type: string): boolean {
  return type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:");
}

/** `urn:pulumi:<stack>::<project>::<type chain>::<name>` */
function partsOf(urn: string): { stack: string; type: string; name: string } {
  const [head = "", , typeChain = "", ...rest] = urn.split("::");
  const chain = typeChain.split("$");
  return { stack: head.replace(/^urn:pulumi:/, ""), type: chain[chain.length - 1] ?? "", name: rest.join("::") };
}

function changeOf(kind: string | undefined): PropertyChange {
  if (kind?.startsWith("add")) return "added in Okta";
  if (kind?.startsWith("delete")) return "removed in Okta";
  return "changed";
}

/**
 * The properties of an update step, each with the side it is read from: outputs (what the provider read) unless
 * the engine says the difference is in the inputs. Without a detailed diff: the diff reasons, else a comparison of
 * the two states' outputs (digests from CLIs before 3.120).
 */
function propertiesOf(step: PreviewStep): { path: string; diff?: PropertyDiff }[] {
  const detailed = [...(step.detailedDiff ?? new Map<string, PropertyDiff>())];
  if (detailed.length > 0) return detailed.map(([path, diff]) => ({ path, diff }));
  if ((step.diffReasons ?? []).length > 0) return (step.diffReasons ?? []).map((path) => ({ path }));
  return differingPaths(present(step.oldState?.outputs ?? {}), present(step.newState?.outputs ?? {})).map((path) => ({
    path,
  }));
}

function propertyDrift(step: PreviewStep, path: string, diff: PropertyDiff | undefined): PropertyDrift {
  const segments = parsePath(path);
  const side = diff?.inputDiff === true ? "inputs" : "outputs";
  if (isCredentialPath(segments)) return { path, change: changeOf(diff?.kind), old: SECRET, new: SECRET };
  const old = valueAt(step.oldState?.[side], segments);
  const now = valueAt(step.newState?.[side], segments);
  const change =
    diff !== undefined
      ? changeOf(diff.kind)
      : old === undefined
        ? "added in Okta"
        : now === undefined
          ? "removed in Okta"
          : "changed";
  return { path, change, ...(old === undefined ? {} : { old }), ...(now === undefined ? {} : { new: now }) };
}

/**
 * Turns a refresh preview into a drift report. `changeSummary` decides whether anything drifted; the steps say
 * what, when the provider gave a detailed diff. Counts the steps do not explain are reported as drift the CLI did
 * not attribute, never dropped.
 */
export function driftReport(
  digest: PreviewDigest,
  allowlist: readonly AllowlistEntry[],
  stackName?: string,
): DriftReport {
  const drifted: DriftedResource[] = [];
  const allowlisted: AllowlistedDrift[] = [];
  const candidates: ResourceRef[] = [];
  const visible = new Map<string, number>();
  let stack = stackName;
  for (const step of digest.steps) {
    visible.set(step.op, (visible.get(step.op) ?? 0) + 1);
    const { stack: urnStack, type, name } = partsOf(step.urn);
    stack ??= urnStack;
    if (step.op === "refresh") {
      if (!isInfrastructure(type) && step.oldState?.custom !== false) candidates.push({ urn: step.urn, type, name });
      continue;
    }
    // An update or delete step is reported whatever its type: it is counted in changeSummary, so skipping it (the
    // stack, a provider) would both hide it and make the count look explained.
    if (step.op === "delete") {
      drifted.push({ urn: step.urn, type, name, change: "deleted in Okta", properties: [] });
      continue;
    }
    const entries = allowlistFor(allowlist, type);
    const all = propertiesOf(step);
    const properties: PropertyDrift[] = [];
    for (const { path, diff } of all) {
      const entry = entries.find((e) => e.covers(path));
      if (entry !== undefined) allowlisted.push({ urn: step.urn, type, name, path, reason: entry.reason });
      else properties.push(propertyDrift(step, path, diff));
    }
    // An update whose every property is allowlisted is cosmetic; one the CLI did not break down is still drift.
    if (properties.length > 0 || all.length === 0) {
      drifted.push({ urn: step.urn, type, name, change: "update", properties: properties.sort(byPath) });
    }
  }
  const byOp: Record<string, number> = {};
  for (const [op, n] of Object.entries(digest.changeSummary)) {
    const extra = n - (visible.get(op) ?? 0);
    if (op !== "same" && extra > 0) byOp[op] = extra;
  }
  const count = Object.values(byOp).reduce((a, b) => a + b, 0);
  const checked = Object.values(digest.changeSummary).reduce((a, b) => a + b, 0);
  const name = stack ?? "unknown";
  return {
    // A hostile URN cannot make every line of the report huge.
    stack: name.length > 100 ? `${name.slice(0, 97)}...` : name,
    checked,
    changeSummary: digest.changeSummary,
    drifted,
    unattributed: {
      byOp,
      count,
      candidates: count > 0 && candidates.length <= MAX_CANDIDATES ? candidates : [],
      candidatesTotal: count > 0 ? candidates.length : 0,
    },
    allowlisted,
  };
}

function byPath(a: PropertyDrift, b: PropertyDrift): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Whether the report finds drift: a drifted resource, or a change the CLI counted but did not attribute. */
export function hasDrift(report: DriftReport): boolean {
  return report.drifted.length > 0 || report.unattributed.count > 0;
}
