import { DriftChange, DriftReport, PropertyDrift, hasDrift } from "./report";
import { SECRET, TOO_DEEP, UNKNOWN } from "./values";

/** GitHub refuses issue bodies over 65,536 characters; this leaves room for the workflow's run link. */
export const MARKDOWN_LIMIT = 60_000;

/** Longest text shown in one code span. */
const MAX_CODE = 200;

/** Values the report shows as words, not as JSON strings. */
const MARKERS = new Set([SECRET, UNKNOWN, TOO_DEEP]);

/** Control characters (newlines included) would end a code span or a table row. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/g;

/**
 * Inline code that nothing in the text can break out of: control characters (newlines included) escaped, a fence
 * longer than any run of backticks inside, in table cells pipes escaped (GFM reads `\|` inside code spans), and
 * cut at 200 characters.
 */
export function code(text: string, inTable = false): string {
  // A name or path this long is hostile or broken; the JSON report keeps it whole.
  const short = text.length > MAX_CODE ? `${text.slice(0, MAX_CODE - 3)}...` : text;
  let clean = short.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (inTable) clean = clean.replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = clean.startsWith("`") || clean.endsWith("`") || clean.trim() === "" ? " " : "";
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** A code block that the text cannot close early: its fence is longer than any run of backticks inside. */
export function fenced(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}text\n${text.replace(/\n$/, "")}\n${fence}`;
}

function show(value: unknown): string {
  if (value === undefined) return "(absent)";
  const text =
    (typeof value === "string" && (MARKERS.has(value) || /^\((asset|archive)[^)]*\)$/.test(value))
      ? value
      : JSON.stringify(value)) ?? String(value);
  return code(text.length > 120 ? `${text.slice(0, 117)}...` : text, true);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function propertyRow(p: PropertyDrift): string {
  return `| ${code(p.path, true)} | ${p.change} | ${show(p.old)} | ${show(p.new)} |`;
}

/**
 * The report for people: a summary, the drift the CLI did not attribute, a table of resources, per-property
 * old -> new, the remedies. Cut at `limit` characters at a resource boundary, with a note that names the artifact
 * holding the full JSON report.
 */
export function renderMarkdown(report: DriftReport, limit = MARKDOWN_LIMIT): string {
  const head: string[] = [`## Drift check: stack ${code(report.stack)}`, ""];
  const stack = code(report.stack);
  const n = report.drifted.length;
  const u = report.unattributed;
  if (!hasDrift(report)) {
    head.push(
      `No drift: the refresh read ${plural(report.checked, "resource")} of ${stack} (the stack, providers and components included) and Okta matches Pulumi's state.`,
    );
  } else {
    const count = (c: DriftChange) => report.drifted.filter((r) => r.change === c).length;
    const parts = [
      [count("update"), "changed"],
      [count("deleted in Okta"), "deleted in Okta"],
    ]
      .filter(([k]) => (k as number) > 0)
      .map(([k, what]) => `${k} ${what}`);
    if (n > 0) {
      head.push(
        `**${plural(n, "resource")} drifted** (${parts.join(", ")}) of the ${report.checked} the refresh read: someone changed the org outside Pulumi.`,
      );
    }
    if (u.count > 0) {
      const ops = Object.entries(u.byOp)
        // The engine's ops are plain words; anything else in changeSummary is shown as code, never as markdown.
        .map(([op, k]) => `${/^[a-z][a-z-]{0,39}$/.test(op) ? op : code(op)}: ${k}`)
        .join(", ");
      const candidates =
        u.candidates.length > 0
          ? ` It is one of: ${u.candidates.map((c) => `${code(c.name)} (${code(c.type)})`).join(", ")}.`
          : u.candidatesTotal > 0
            ? ` Any of the ${u.candidatesTotal} resources that show no change could be it.`
            : "";
      head.push(
        ...(n > 0 ? [""] : []),
        `**${plural(u.count, "change")} the CLI did not attribute to a property** (counted in its summary, ${ops}, with no step to explain them): a resource drifted, but the provider returned no detailed diff (for example with PULUMI_USE_LEGACY_REFRESH_DIFF, or when its Read returns no inputs).${candidates} Run \`pulumi refresh --preview-only --diff --stack ${report.stack.replace(/[^\w.-]/g, "")}\` to see it.`,
      );
    }
  }
  const blocks: Block[] = [];
  if (n > 0) {
    blocks.push({ kind: "header", text: ["", "| resource | type | change |", "|---|---|---|"].join("\n") });
    for (const r of report.drifted) {
      blocks.push({ kind: "row", text: `| ${code(r.name, true)} | ${code(r.type, true)} | ${r.change} |` });
    }
    for (const r of report.drifted) {
      const lines = ["", `### ${code(r.name)} (${code(r.type)}): ${r.change}`, ""];
      if (r.change === "deleted in Okta") lines.push("The object no longer exists in Okta.");
      else if (r.properties.length === 0) lines.push("The CLI did not say which properties changed.");
      else
        lines.push(
          "| property | change | in Pulumi's state | in Okta now |",
          "|---|---|---|---|",
          ...r.properties.map(propertyRow),
        );
      blocks.push({ kind: "section", text: lines.join("\n") });
    }
  }
  const remedies: string[] = [];
  if (hasDrift(report)) {
    remedies.push(
      "",
      "### What to do",
      "",
      `- To put Okta back as the code declares it: review, then \`pulumi up --refresh --stack ${report.stack.replace(/[^\w.-]/g, "")}\`.`,
      "- To keep the change: make it in the code (or the stack's config) through a pull request; the check clears once `pulumi preview` shows no changes.",
    );
  }
  const cosmetic: string[] = [];
  if (report.allowlisted.length > 0) {
    cosmetic.push("", "### Known cosmetic differences (allowlisted, not counted)", "");
    for (const a of report.allowlisted) {
      cosmetic.push(`- ${code(a.name)} ${code(a.path)}: ${a.reason.replace(/\s+/g, " ")}`);
    }
  }
  const full = [head, ...blocks.map((b) => b.text), remedies, cosmetic].flat().join("\n");
  if (full.length + 1 <= limit) return `${full}\n`;
  return `${cut(head.join("\n"), blocks, remedies.join("\n"), report, limit)}\n`;
}

interface Block {
  readonly kind: "header" | "row" | "section";
  readonly text: string;
}

/** The report cut to the limit: whole rows and sections while they fit, then a note, then the remedies. */
function cut(head: string, blocks: readonly Block[], remedies: string, report: DriftReport, limit: number): string {
  const n = report.drifted.length;
  const note = (rows: number, sections: number) =>
    [
      "",
      "",
      `**This report is cut at ${limit.toLocaleString("en-US")} characters**: the table lists ${rows} and the sections detail ${sections} of the ${plural(n, "drifted resource")}${report.allowlisted.length > 0 ? `, and the ${plural(report.allowlisted.length, "allowlisted difference")} are left out` : ""}. The full report is \`drift-report.json\`, uploaded as an artifact of this run.`,
    ].join("\n");
  const reserve = note(n, n).length + remedies.length + 1;
  let out = head;
  let rows = 0;
  let sections = 0;
  for (const block of blocks) {
    if (out.length + 1 + block.text.length + reserve > limit) break;
    out += `\n${block.text}`;
    if (block.kind === "row") rows++;
    if (block.kind === "section") sections++;
  }
  return `${out}${note(rows, sections)}\n${remedies}`;
}
