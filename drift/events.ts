/**
 * The engine's JSON event stream (`apitype.EngineEvent`, one object a line), as printed with
 * PULUMI_ENABLE_STREAMING_JSON_PREVIEW or by `pulumi up --json`, turned into the shape of a refresh preview digest
 * the way the engine's own digest code builds one: a step per `refresh` pre-event, replaced by the outputs event
 * when it is an update with a detailed diff or a delete; `changeSummary` from the summary event.
 */

/** Keys of an engine event: one of them per line. */
const EVENT_KEYS = [
  "cancelEvent",
  "stdoutEvent",
  "diagnosticEvent",
  "preludeEvent",
  "summaryEvent",
  "resourcePreEvent",
  "resOutputsEvent",
  "resOpFailedEvent",
  "policyEvent",
  "progressEvent",
  "errorEvent",
];

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Obj) : undefined;
}

function own(value: Obj | undefined, key: string): unknown {
  return value !== undefined && Object.hasOwn(value, key) ? value[key] : undefined;
}

export function isEvent(value: unknown): boolean {
  const o = obj(value);
  return o !== undefined && Object.hasOwn(o, "sequence") && EVENT_KEYS.some((k) => Object.hasOwn(o, k));
}

/** Why a stream is not a refresh preview, said in words with what to run instead. */
export class StreamError extends Error {}

function stateOf(value: unknown): Obj | null {
  const s = obj(value);
  if (s === undefined) return null;
  return {
    urn: own(s, "urn"),
    type: own(s, "type"),
    custom: own(s, "custom") === true,
    inputs: own(s, "inputs"),
    outputs: own(s, "outputs"),
  };
}

/** A digest step from an event's step metadata (`diffKind` becomes the digest's `kind`). */
function stepOf(metadata: Obj): Obj {
  const detailed = obj(own(metadata, "detailedDiff"));
  return {
    op: own(metadata, "op"),
    urn: own(metadata, "urn"),
    oldState: stateOf(own(metadata, "old")),
    newState: stateOf(own(metadata, "new")),
    diffReasons: own(metadata, "diffs") ?? null,
    detailedDiff:
      detailed === undefined
        ? null
        : Object.fromEntries(
            Object.entries(detailed).map(([path, d]) => [
              path,
              { kind: own(obj(d), "diffKind"), inputDiff: own(obj(d), "inputDiff") },
            ]),
          ),
  };
}

/**
 * The digest-shaped object for a stream of a refresh preview. Throws a StreamError for a stream of anything else:
 * `pulumi up` or `pulumi preview` (steps other than `refresh`), or a refresh that was not a preview (it wrote the
 * state, so drift it read is no longer visible to later checks).
 */
export function digestFromEvents(text: string, command: string): Obj {
  const steps: Obj[] = [];
  const byUrn = new Map<unknown, number>();
  const foreign = new Set<string>();
  let changeSummary: unknown;
  let isPreview: unknown;
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      throw new StreamError(`line ${i + 1} is not JSON: an engine event stream has one JSON event a line`);
    }
    if (!isEvent(event)) throw new StreamError(`line ${i + 1} is not an engine event (no sequence and event key)`);
    const e = event as Obj;
    const pre = obj(own(obj(own(e, "resourcePreEvent")), "metadata"));
    if (pre !== undefined) {
      const op = String(own(pre, "op"));
      if (op !== "refresh") foreign.add(op);
      else {
        byUrn.set(own(pre, "urn"), steps.length);
        steps.push(stepOf(pre));
      }
    }
    const out = obj(own(obj(own(e, "resOutputsEvent")), "metadata"));
    const at = out === undefined ? undefined : byUrn.get(own(out, "urn"));
    if (out !== undefined && at !== undefined) {
      const op = own(out, "op");
      if ((op === "update" && obj(own(out, "detailedDiff")) !== undefined) || op === "delete") steps[at] = stepOf(out);
    }
    const summary = obj(own(e, "summaryEvent"));
    if (summary !== undefined) {
      changeSummary = own(summary, "resourceChanges");
      isPreview = own(summary, "isPreview");
    }
  });
  if (foreign.size > 0) {
    const ops = [...foreign].map((op) => JSON.stringify(op.slice(0, 40))).join(", ");
    throw new StreamError(
      `an engine event stream of \`pulumi up\` or \`pulumi preview\` (steps with op ${ops}), not a refresh preview; run \`${command}\``,
    );
  }
  if (isPreview === false) {
    throw new StreamError(
      `an engine event stream of a refresh that was not a preview: it wrote Okta's values into the state, so later checks no longer see this drift; run \`${command}\``,
    );
  }
  return { steps, ...(changeSummary === undefined ? {} : { changeSummary }) };
}
