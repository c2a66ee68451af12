import { z } from "zod";
import { StreamError, digestFromEvents, isEvent } from "./events";

/**
 * The `--json` output of `pulumi refresh --preview-only` (a PreviewDigest, pulumi/pulumi `sdk/pkg/display/json.go`).
 * Only what the drift report needs is required. Property values (`inputs`, `outputs`) are kept as parsed: they are
 * read later through own-property lookups only, so keys such as `__proto__` or `constructor` are plain data.
 */
const state = z.looseObject({
  urn: z.string().optional(),
  custom: z.boolean().optional(),
  type: z.string().optional(),
  inputs: z.unknown().optional(),
  outputs: z.unknown().optional(),
});

const propertyDiff = z.looseObject({
  kind: z.enum(["add", "add-replace", "delete", "delete-replace", "update", "update-replace"], {
    error: "a diff kind (add, delete, update, or one of them with -replace)",
  }),
  inputDiff: z.boolean().optional(),
});

const step = z.looseObject({
  op: z.string({ error: "a string (the step's operation)" }),
  urn: z
    .string({ error: "a string (the resource's URN)" })
    .regex(/^urn:pulumi:/, { error: "a Pulumi URN (urn:pulumi:...)" }),
  oldState: state.nullish(),
  newState: state.nullish(),
  diffReasons: z.array(z.string()).nullish(),
  detailedDiff: z.unknown().optional(),
});

const digestSchema = z.looseObject({
  // The engine omits `steps` when there are none (`omitempty`).
  steps: z.array(step, { error: "a list of steps" }).optional(),
  changeSummary: z.record(z.string(), z.int().nonnegative(), { error: "counts per operation" }).optional(),
});

export type PropertyDiff = z.infer<typeof propertyDiff>;
export type ResourceState = z.infer<typeof state>;

export interface PreviewStep {
  readonly op: string;
  readonly urn: string;
  readonly oldState?: ResourceState | null;
  readonly newState?: ResourceState | null;
  readonly diffReasons?: readonly string[] | null;
  /** Own keys only (a `Map`), so a property named `__proto__` cannot reach a prototype. */
  readonly detailedDiff: ReadonlyMap<string, PropertyDiff> | null;
}

export interface PreviewDigest {
  readonly steps: readonly PreviewStep[];
  readonly changeSummary: Readonly<Record<string, number>>;
}

/** A digest that could not be read, with what is wrong in words. */
export class DigestError extends Error {}

const REFRESH_COMMAND = "pulumi refresh --preview-only --expect-no-changes --json --stack <stack>";

/** The ops a refresh preview's steps can have: every resource starts as `refresh`, drift turns it into the others. */
const REFRESH_OPS: ReadonlySet<string> = new Set(["refresh", "update", "delete"]);

function where(path: readonly PropertyKey[]): string {
  const text = path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
  return text === "" ? "the document" : text;
}

/** Whether the text is JSON lines whose first line is an engine event. */
function firstLineIsEvent(text: string): boolean {
  const first = text.trimStart().split("\n", 1)[0] ?? "";
  try {
    return isEvent(JSON.parse(first));
  } catch {
    return false;
  }
}

function fromStream(text: string, source: string): unknown {
  try {
    return digestFromEvents(text, REFRESH_COMMAND);
  } catch (err) {
    if (err instanceof StreamError) throw new DigestError(`${source}: ${err.message}`);
    throw err;
  }
}

function detailedDiffOf(raw: unknown, at: string, problems: string[]): Map<string, PropertyDiff> | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    problems.push(`${at}: expected a map of property paths to {kind, inputDiff}, or null`);
    return null;
  }
  const out = new Map<string, PropertyDiff>();
  for (const [key, value] of Object.entries(raw)) {
    const parsed = propertyDiff.safeParse(value);
    if (parsed.success) out.set(key, parsed.data);
    else problems.push(`${at}[${JSON.stringify(key)}]: expected ${parsed.error.issues[0]?.message ?? "{kind}"}`);
  }
  return out;
}

/**
 * Parses a digest's text, or the engine's event stream of a refresh preview. Throws a DigestError that says what the file is when it is not a refresh preview (a
 * `pulumi preview` digest, an event stream, an unfinished run) and which command gives the right one.
 */
export function parseDigest(text: string, source: string): PreviewDigest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    if (!firstLineIsEvent(text)) {
      const what = text.trim() === "" ? "the file is empty" : (err as Error).message;
      throw new DigestError(`${source}: not JSON (${what}); expected the output of ${REFRESH_COMMAND}`);
    }
  }
  // The streaming format (PULUMI_ENABLE_STREAMING_JSON_PREVIEW) is read into the digest's shape, then checked alike.
  if (json === undefined || isEvent(json)) json = fromStream(text, source);
  const result = digestSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 5).map((i) => `${where(i.path)}: expected ${i.message}`);
    throw new DigestError(`${source}: not a refresh preview digest: ${problems.join("; ")}`);
  }
  const problems: string[] = [];
  const steps: PreviewStep[] = (result.data.steps ?? []).map((s, i) => ({
    op: s.op,
    urn: s.urn,
    oldState: s.oldState,
    newState: s.newState,
    diffReasons: s.diffReasons,
    detailedDiff: detailedDiffOf(s.detailedDiff, `steps[${i}].detailedDiff`, problems),
  }));
  if (problems.length > 0) {
    throw new DigestError(`${source}: not a refresh preview digest: ${problems.slice(0, 5).join("; ")}`);
  }
  const foreign = [...new Set(steps.map((s) => s.op).filter((op) => !REFRESH_OPS.has(op)))];
  if (foreign.length > 0) {
    throw new DigestError(
      `${source}: a \`pulumi preview\` digest (steps with op ${foreign.map((op) => JSON.stringify(op.slice(0, 40))).join(", ")}), not a refresh preview: it shows what the program would change, not what changed in Okta, and its "new" values are the code's. A refresh preview has only refresh, update and delete steps; run \`${REFRESH_COMMAND}\``,
    );
  }
  if (result.data.changeSummary === undefined) {
    throw new DigestError(
      `${source}: no changeSummary: the refresh did not finish (cancelled, or it failed before the summary), so it says nothing about drift; see the command's error output`,
    );
  }
  return { steps, changeSummary: result.data.changeSummary };
}
