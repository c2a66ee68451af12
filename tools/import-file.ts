import { Option } from "commander";
import * as fs from "fs";
import { CommonOptions, EXIT, adoptCommand, runMain } from "../adopt/cli";
import { ImportPlan, buildImport, importable } from "../adopt/importFile";
import { OAUTH_INLINE_HOOK_TYPE } from "../components/oauthInlineHook";
import { ProgramRun } from "../offline/run";

interface Options extends CommonOptions {
  resolve?: boolean;
  out?: string;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** What happened and what to run next, for the person adopting the org (stderr). */
function report(plan: ImportPlan, run: ProgramRun, stack: string, out: string | undefined): string {
  const byUrn = new Map(run.registrations.map((r) => [r.urn, r]));
  const label = (urn: string) => {
    const r = byUrn.get(urn);
    return r === undefined ? urn : `${r.type} ${r.name}`;
  };
  const counts = { found: 0, missing: 0, ambiguous: 0, blocked: 0, placeholder: 0 };
  const lines: string[] = [];
  for (const [urn, res] of plan.resolutions) {
    counts[res.status] += 1;
    if (res.status === "missing") lines.push(`  not found: ${label(urn)}: no ${res.looked}`);
    if (res.status === "ambiguous") {
      lines.push(
        `  ambiguous: ${label(urn)}: ${res.ids.length} objects match (${res.looked}): ${res.ids.join(", ")}; rename the extra ones in the Admin Console or write the right id in the file`,
      );
    }
    if (res.status === "blocked") {
      lines.push(`  not looked up: ${label(urn)}: needs ${res.on.map(label).join(", ")}, which was not found`);
    }
  }
  // `pulumi import` reads a resource by id alone, and the dynamic hook learns its org from its state: it is left out.
  const takenOver = run.registrations
    .filter((r) => r.type === OAUTH_INLINE_HOOK_TYPE)
    .map(
      (r) =>
        `  not in the file: ${r.type} ${r.name}: \`pulumi import\` cannot read this dynamic resource; to keep an existing hook (its id, and the policies that name it), set okta-mmod:registrationHook.adoptId to its id and \`pulumi up\` takes it over (README "Moving an existing hook to private_key_jwt"); without adoptId, \`up\` creates a new hook`,
    );
  const total = plan.resolutions.size;
  const head =
    counts.placeholder > 0
      ? `import file for stack ${stack}: ${total} Okta resources, ids are placeholders: replace each "FILL IN" (or run with --resolve)`
      : `import file for stack ${stack}: ${total} Okta resources: ${counts.found} found, ${counts.missing} not found, ${counts.ambiguous} ambiguous, ${counts.blocked} not looked up`;
  const protects = importable(run).map((r) => r.protect);
  // `pulumi import` protects what it imports; the program decides per resource, and `up` applies it afterwards.
  const protectFlag = protects.every(Boolean) ? "" : " --protect=false";
  const file = out ?? "import.json";
  return [
    head,
    ...lines,
    ...takenOver,
    "next:",
    `  1. pulumi up --stack ${stack} ${plan.targets.map((t) => `--target ${shellQuote(t)}`).join(" ")}`,
    "     (creates only the components and the Okta provider the imported resources hang under; nothing in Okta)",
    `  2. pulumi import --stack ${stack} --file ${file} --generate-code=false${protectFlag}`,
    `  3. pulumi preview --stack ${stack} (expect no changes; see the README's "Adopt an existing org")`,
    "",
  ].join("\n");
}

/** The `import-file` command: 0 when every id is found (or left as placeholders), 6 when some are not. */
export const importFile = adoptCommand<Options>(
  "import-file",
  "Write the file `pulumi import --file` reads for every Okta resource a stack declares, with the program's own logical names and parents.",
  [
    new Option("--resolve", "find each id in the org, read-only, with the OKTA_API_* credentials"),
    new Option("--out <file>", "write the file here instead of stdout"),
  ],
  async ({ options, io, run: runStack, connect }) => {
    const run = await runStack(options.stack);
    const plan = options.resolve ? await buildImport(run, connect(run).reader) : await buildImport(run);
    const text = `${JSON.stringify(plan.file, null, 4)}\n`;
    if (options.out === undefined) io.stdout.write(text);
    else fs.writeFileSync(options.out, text);
    io.stderr.write(report(plan, run, options.stack, options.out));
    const unresolved = [...plan.resolutions.values()].filter((r) => r.status !== "found" && r.status !== "placeholder");
    return unresolved.length > 0 ? EXIT.unresolved : EXIT.clean;
  },
);

if (require.main === module) runMain(importFile);
