import { Command, CommanderError, InvalidArgumentError } from "commander";
import * as fs from "fs";
import { fenced } from "../drift/markdown";
import { UNMANAGED_FOUND, decide } from "../drift/outcome";
import { redact } from "../drift/redact";

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

/** Pulumi's own rule for stack names; anything else would be written into markdown and issue titles as it is. */
function stackName(value: string): string {
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(value)) {
    throw new InvalidArgumentError(
      `expected a Pulumi stack name (letters, digits, "-", "_", "."; at most 100), got ${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  return value;
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

/** The end of a failed command's error output, with any credential it echoed removed (see drift/redact.ts). */
function tail(text: string): string {
  const clean = redact(text);
  return clean.length > LOG_TAIL
    ? `... (${clean.length - LOG_TAIL} characters before)\n${clean.slice(-LOG_TAIL)}`
    : clean;
}

/** The start of a long report, cut at a line: its heading and first rows matter most. */
function head(text: string): string {
  if (text.length <= LOG_TAIL) return text;
  const cut = text.lastIndexOf("\n", LOG_TAIL);
  const kept = text.slice(0, cut > 0 ? cut : LOG_TAIL);
  return `${kept}\n\n... (${text.length - kept.length} characters more: see the job's log, or run \`npm run unmanaged\`)`;
}

interface Options {
  stack: string;
  refreshExit: number;
  refreshLog: string;
  reportExit?: string;
  report?: string;
  reportLog?: string;
  openIssue?: string;
  unmanagedExit?: string;
  unmanaged?: string;
  unmanagedLog?: string;
  body: string;
}

/**
 * The `drift-outcome` command: the workflow's decision table as a program. Prints `outcome=` and `issue=` lines
 * (for $GITHUB_OUTPUT) and writes the body of the job summary and the issue. Returns the exit code.
 */
export function driftOutcomeCommand(argv: readonly string[], io: Io): number {
  const command = new Command("drift-outcome")
    .description("Decide the drift check's outcome from the refresh's and the report's exit codes.")
    .requiredOption("--stack <name>", "the stack checked", stackName)
    .requiredOption("--refresh-exit <code>", "exit code of pulumi refresh --preview-only --expect-no-changes", exitCode)
    .requiredOption("--refresh-log <file>", "the refresh's error output")
    .option("--report-exit <code>", "exit code of the drift report (empty: it did not run)")
    .option("--report <file>", "the drift report (markdown)")
    .option("--report-log <file>", "the drift report's error output")
    .option("--open-issue <number>", "the stack's open drift issue (empty: none)")
    .option("--unmanaged-exit <code>", "exit code of the unmanaged objects check (empty: it did not run)")
    .option("--unmanaged <file>", "the unmanaged objects report (markdown)")
    .option("--unmanaged-log <file>", "the unmanaged objects check's error output")
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
      // Left out: the decision is the refresh's alone. Given but empty: the check did not run, a failure.
      ...(o.unmanagedExit === undefined
        ? {}
        : { unmanagedExit: optional("--unmanaged-exit <code>", o.unmanagedExit, exitCode) }),
    });
    const parts = [decision.headline];
    if (decision.outcome === "failed") {
      if (refreshLog.trim() !== "") parts.push("The refresh's error output:", fenced(tail(refreshLog)));
      const reportLog = o.reportLog === undefined ? "" : read(o.reportLog, "report log");
      if (reportLog.trim() !== "") parts.push("The drift report's error output:", fenced(tail(reportLog)));
      const unmanagedLog = o.unmanagedLog === undefined ? "" : read(o.unmanagedLog, "unmanaged objects log");
      if (unmanagedLog.trim() !== "") {
        parts.push("The unmanaged objects check's error output:", fenced(tail(unmanagedLog)));
      }
    } else {
      if (o.report !== undefined) {
        if (decision.outcome === "unexplained-drift") parts.push("The drift report, which found nothing to show:");
        parts.push(read(o.report, "report").trimEnd());
      }
    }
    // The objects no stack manages, as a section of the same issue (also on a day another check failed).
    if (o.unmanaged !== undefined && o.unmanagedExit !== "" && Number(o.unmanagedExit) === UNMANAGED_FOUND) {
      parts.push(head(read(o.unmanaged, "unmanaged objects report")).trimEnd());
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
