import { z } from "zod";

/**
 * The `--json` output of `pulumi refresh --preview-only` (a PreviewDigest), read leniently: only what the drift
 * report needs is required, everything else may be absent (older CLIs print less) or extra.
 */
const state = z.looseObject({
  urn: z.string().optional(),
  type: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()).nullish(),
  outputs: z.record(z.string(), z.unknown()).nullish(),
});

const step = z.looseObject({
  op: z.string({ error: "a string (the step's operation)" }),
  urn: z
    .string({ error: "a string (the resource's URN)" })
    .regex(/^urn:pulumi:/, { error: "a Pulumi URN (urn:pulumi:...)" }),
  oldState: state.nullish(),
  newState: state.nullish(),
  diffReasons: z.array(z.string()).nullish(),
  replaceReasons: z.array(z.string()).nullish(),
  detailedDiff: z
    .record(
      z.string(),
      z.looseObject({ kind: z.string({ error: "a diff kind such as update" }), inputDiff: z.boolean().optional() }),
    )
    .nullish(),
});

export const digestSchema = z.looseObject({
  steps: z.array(step, { error: "a list of steps (is this the output of pulumi refresh --preview-only --json?)" }),
  changeSummary: z.record(z.string(), z.number()).nullish(),
});

export type PreviewDigest = z.infer<typeof digestSchema>;
export type PreviewStep = PreviewDigest["steps"][number];

/** A digest that could not be read, with what is wrong in words. */
export class DigestError extends Error {}

/** Parses a digest's text; throws a DigestError naming the first problems and where they are. */
export function parseDigest(text: string, source: string): PreviewDigest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const what = text.trim() === "" ? "the file is empty" : (err as Error).message;
    throw new DigestError(`${source}: not JSON (${what}); expected the output of pulumi refresh --preview-only --json`);
  }
  const result = digestSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 5).map((i) => {
      const where = i.path
        .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
        .join("")
        .replace(/^\./, "");
      return `${where === "" ? "the document" : where}: expected ${i.message}`;
    });
    throw new DigestError(`${source}: not a refresh preview digest: ${problems.join("; ")}`);
  }
  return result.data;
}
