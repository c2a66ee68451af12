import { Command, CommanderError, InvalidArgumentError } from "commander";
import * as fs from "fs";
import { fenced } from "../drift/markdown";
import { decide } from "../drift/outcome";

/** How much of a failed command's error output the summary and the issue show (GitHub caps bodies at 65,536). */
const LOG_TAIL = 20_000;

export interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

class UsageError extends Error {}

function exitCode(value: string): number {
  if (!/^\d{1,3}$/.test(value) || Number(value) > 255) {
    throw new InvalidArgumentError(
      `expected a process exit code (0 to 255), got ${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  return Number(value);
}

function issueNumber(value: string): number {
  if (!/^[1-9]\d{0,9}$/.test(value)) {
    throw new InvalidArgumentError(`expected an issue number, got ${JSON.stringify(value.slice(0, 40))}`);
  }
  return Number(value);
}

/** An empty value means "not there" (the workflow passes `""` for a report that did not run, or no open issue). */
function optional<T>(option: string, value: string | undefined, parse: (value: string) => T): T | null {
  if (value === undefined || value === "") return null;
  try {
    return parse(value);
  } catch (err) {
    throw new UsageError(`option '${option}': ${(err as Error).message}`);
  }
}

function read(file: string, what: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

function tail(text: string): string {
  return text.length > LOG_TAIL ? `... (${text.length - LOG_TAIL} characters before)\n${text.slice(-LOG_TAIL)}` : text;
}

interface Options {
  stack: string;
  refreshExit: number;
  refreshLog: string;
  reportExit?: string;
  report?: string;
  reportLog?: string;
  openIssue?: string;
  body: string;
}

/**
 * The `drift-outcome` command: the workflow's decision table as a program. Prints `outcome=` and `issue=` lines
 * (for $GITHUB_OUTPUT) and writes the body of the job summary and the issue. Returns the exit code.
 */
export function driftOutcomeCommand(argv: readonly string[], io: Io): number {
  const command = new Command("drift-outcome")
    .description("Decide the drift check's outcome from the refresh's and the report's exit codes.")
    .requiredOption("--stack <name>", "the stack checked")
    .requiredOption("--refresh-exit <code>", "exit code of pulumi refresh --preview-only --expect-no-changes", exitCode)
    .requiredOption("--refresh-log <file>", "the refresh's error output")
    .option("--report-exit <code>", "exit code of the drift report (empty: it did not run)")
    .option("--report <file>", "the drift report (markdown)")
    .option("--report-log <file>", "the drift report's error output")
    .option("--open-issue <number>", "the stack's open drift issue (empty: none)")
    .requiredOption("--body <file>", "where to write the job summary and issue body")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  try {
    command.parse([...argv], { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) return err.code === "commander.helpDisplayed" ? 0 : 2;
    throw err;
  }
  const o = command.opts<Options>();
  try {
    const refreshLog = read(o.refreshLog, "refresh log");
    const decision = decide({
      stack: o.stack,
      refreshExit: o.refreshExit,
      refreshLog,
      reportExit: optional("--report-exit <code>", o.reportExit, exitCode),
      openIssue: optional("--open-issue <number>", o.openIssue, issueNumber),
    });
    const parts = [decision.headline];
    if (decision.outcome === "failed") {
      if (refreshLog.trim() !== "") parts.push("The refresh's error output:", fenced(tail(refreshLog)));
      const reportLog = o.reportLog === undefined ? "" : read(o.reportLog, "report log");
      if (reportLog.trim() !== "") parts.push("The drift report's error output:", fenced(tail(reportLog)));
    } else if (o.report !== undefined) {
      if (decision.outcome === "unexplained-drift") parts.push("The drift report, which found nothing to show:");
      parts.push(read(o.report, "report").trimEnd());
    }
    try {
      fs.writeFileSync(o.body, `${parts.join("\n\n")}\n`);
    } catch (err) {
      throw new UsageError(`cannot write ${o.body}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    io.stdout.write(`outcome=${decision.outcome}\nissue=${decision.issue}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

if (require.main === module) {
  try {
    process.exitCode = driftOutcomeCommand(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
  } catch (err) {
    process.stderr.write(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  }
}
