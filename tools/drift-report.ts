import { Command, CommanderError, Option } from "commander";
import * as fs from "fs";
import * as path from "path";
import { AllowlistEntry, AllowlistError, parseAllowlist } from "../drift/allowlist";
import { DigestError, parseDigest } from "../drift/digest";
import { renderMarkdown } from "../drift/markdown";
import { DriftReport, driftReport, hasDrift } from "../drift/report";
import { findProjectDir } from "../offline/stackFile";

/** Exit codes: 7 is what `pulumi ... --expect-no-changes` uses for "changes where none were expected". */
/** `accepted`: the refresh found changes and every one is on the allowlist (drift/outcome.ts REPORT_ACCEPTED). */
export const EXIT = { noDrift: 0, drift: 7, unreadable: 2, accepted: 4 } as const;

export const DEFAULT_ALLOWLIST = path.join(findProjectDir(__dirname), "drift-allowlist.yaml");

export interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly readStdin: () => string;
}

interface Options {
  stack?: string;
  format: "markdown" | "json";
  allowlist?: string;
  jsonOut?: string;
}

class InputError extends Error {}

function read(file: string, what: string, io: Io): string {
  if (file === "-") return io.readStdin();
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new InputError(
      `cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

function write(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (err) {
    throw new InputError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** The machine-readable report: everything, plus a summary of the counts. */
function asJson(report: DriftReport): string {
  const summary = {
    checked: report.checked,
    drifted: report.drifted.length,
    unattributed: report.unattributed.count,
    allowlisted: report.allowlisted.length,
  };
  return `${JSON.stringify({ ...report, summary }, null, 2)}\n`;
}

/** The `drift-report` command. Returns the exit code. */
export async function driftReportCommand(argv: readonly string[], io: Io): Promise<number> {
  const command = new Command("drift-report")
    .description("Turn the --json output of `pulumi refresh --preview-only` into a drift report.")
    .argument("<digest>", "the refresh preview's JSON (- for standard input)")
    .option("--stack <name>", "the stack's name, for the report (default: taken from the URNs)")
    .addOption(new Option("--format <format>", "report format").choices(["markdown", "json"]).default("markdown"))
    .option(
      "--allowlist <file>",
      `reviewed cosmetic differences (default: ${path.basename(DEFAULT_ALLOWLIST)} when present)`,
    )
    .option(
      "--json-out <file>",
      "also write the full report as JSON to this file (the markdown is cut at 60,000 characters)",
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  try {
    command.parse([...argv], { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) return err.code === "commander.helpDisplayed" ? EXIT.noDrift : EXIT.unreadable;
    throw err;
  }
  const options = command.opts<Options>();
  const digestFile = command.args[0] as string;
  try {
    const digest = parseDigest(read(digestFile, "digest", io), digestFile === "-" ? "standard input" : digestFile);
    let allowlist: AllowlistEntry[] = [];
    const allowlistFile = options.allowlist ?? (fs.existsSync(DEFAULT_ALLOWLIST) ? DEFAULT_ALLOWLIST : undefined);
    if (allowlistFile !== undefined) allowlist = parseAllowlist(read(allowlistFile, "allowlist", io), allowlistFile);
    const report = driftReport(digest, allowlist, options.stack);
    if (options.jsonOut !== undefined) write(options.jsonOut, asJson(report));
    io.stdout.write(options.format === "json" ? asJson(report) : renderMarkdown(report));
    if (hasDrift(report)) return EXIT.drift;
    return report.allowlisted.length > 0 ? EXIT.accepted : EXIT.noDrift;
  } catch (err) {
    if (err instanceof DigestError || err instanceof AllowlistError || err instanceof InputError) {
      io.stderr.write(`error: ${err.message}\n`);
      return EXIT.unreadable;
    }
    throw err;
  }
}

if (require.main === module) {
  const io: Io = { stdout: process.stdout, stderr: process.stderr, readStdin: () => fs.readFileSync(0, "utf8") };
  driftReportCommand(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 70;
    },
  );
}
