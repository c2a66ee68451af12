/**
 * The drift workflow's decision: from the refresh's exit code and the report's, what the day's check concluded and
 * what happens to the stack's drift issue. Only a clean refresh with a clean report closes an issue; a refresh that
 * found changes is drift even when the report cannot show them, and when the report fails the check fails but the
 * drift issue is still opened or updated; any other combination is a failed check, which leaves the issue as it is.
 *
 * Each check gives a `Verdict`; `decide` combines them. Another check on the same day (for example unmanaged
 * objects in the org) joins as one more verdict: a failure fails the day, a finding opens or updates the issue, and
 * clean needs every check clean.
 */

/** `pulumi ... --expect-no-changes`: 7 is "changes where none were expected" (CLI 3.227 and later). */
export const CLI_DRIFT = 7;
/** CLIs before 3.227 exit 255 for everything; their drift message says this. */
export const OLD_CLI_DRIFT_MESSAGE = "no changes were expected";

/** The CLI's exit codes (3.227 and later), for the failure message. */
const CLI_MEANING: Readonly<Record<number, string>> = {
  1: "an error",
  2: "a configuration error",
  3: "an authentication error: check the read-only credentials",
  4: "a resource error",
  5: "a policy violation",
  6: "stack not found",
  8: "cancelled",
  9: "a timeout",
  255: "an internal error, or a CLI older than 3.227",
};

/** The drift report's exit codes (tools/drift-report.ts). */
const REPORT_MEANING: Readonly<Record<number, string>> = {
  0: "no drift",
  2: "an unreadable digest or allowlist",
  4: "only differences the allowlist accepts",
  7: "drift",
  70: "an internal error",
};

/** The unmanaged check's exit codes (tools/unmanaged.ts, adopt/cli.ts EXIT). */
export const UNMANAGED_FOUND = 7;
const UNMANAGED_MEANING: Readonly<Record<number, string>> = {
  1: "an error: the org, the credentials or the ignore list",
  2: "bad usage or an unknown stack",
  70: "an internal error",
};

/** The drift report's exit code when every change the refresh counted is a difference the allowlist accepts. */
export const REPORT_ACCEPTED = 4;

export type Outcome = "clean" | "accepted" | "drift" | "unexplained-drift" | "failed";
export type IssueAction = "open" | "update" | "close" | "none";

/** One check's verdict: clean, a finding (explained or not), or a failure, with a sentence for the summary. */
interface Verdict {
  readonly status: "clean" | "accepted" | "drift" | "unexplained-drift" | "failed";
  readonly message: string;
  /** A failed check that still saw drift (the CLI exited 7, the report could not run or read it). */
  readonly sawDrift?: boolean;
}

export interface DecisionInput {
  readonly stack: string;
  /** Exit code of `pulumi refresh --preview-only --expect-no-changes --json`. */
  readonly refreshExit: number;
  /** Its error output (stderr), for CLIs that exit 255 on drift. */
  readonly refreshLog: string;
  /** Exit code of the drift report; `null` when it did not run. */
  readonly reportExit: number | null;
  /** The number of the stack's open drift issue, if there is one. */
  readonly openIssue: number | null;
  /**
   * Exit code of `unmanaged` on the stack's org; `null` when it did not run (a failed check), `undefined` when
   * this decision does not include it.
   */
  readonly unmanagedExit?: number | null;
}

export interface Decision {
  readonly outcome: Outcome;
  readonly issue: IssueAction;
  /** The first line of the job summary (and of the issue body). */
  readonly headline: string;
}

function described(code: number, meanings: Readonly<Record<number, string>>): string {
  const meaning = Object.hasOwn(meanings, code) ? meanings[code] : undefined;
  return meaning === undefined ? `exited ${code}` : `exited ${code} (${meaning})`;
}

/** The refresh and the report: the CLI decides whether there are changes, the report must agree or fail. */
function refreshVerdict(input: DecisionInput): Verdict {
  const stack = `\`${input.stack}\``;
  const cliDrift =
    input.refreshExit === CLI_DRIFT || (input.refreshExit === 255 && input.refreshLog.includes(OLD_CLI_DRIFT_MESSAGE));
  if (input.refreshExit !== 0 && !cliDrift) {
    return { status: "failed", message: `the refresh ${described(input.refreshExit, CLI_MEANING)}` };
  }
  if (input.reportExit === null)
    return { status: "failed", message: "the drift report did not run", sawDrift: cliDrift };
  if (input.reportExit !== 0 && input.reportExit !== CLI_DRIFT && input.reportExit !== REPORT_ACCEPTED) {
    return {
      status: "failed",
      message: `the drift report ${described(input.reportExit, REPORT_MEANING)}`,
      sawDrift: cliDrift,
    };
  }
  if (!cliDrift && input.reportExit !== 0) {
    return {
      status: "failed",
      message: `the refresh found no changes but the drift report found ${input.reportExit === CLI_DRIFT ? "drift" : "accepted differences"}: they disagree`,
    };
  }
  if (!cliDrift) return { status: "clean", message: `No drift in stack ${stack}: Okta matches Pulumi's state.` };
  if (input.reportExit === CLI_DRIFT) {
    return { status: "drift", message: `**Drift in stack ${stack}**: Okta was changed outside Pulumi.` };
  }
  if (input.reportExit === REPORT_ACCEPTED) {
    // The report explained every change the CLI counted, and each is on the reviewed allowlist. The CLI keeps exiting
    // 7 for them until the state takes Okta's values, so this is neither drift nor clean: no issue is opened, and an
    // open one is not closed (the CLI still saw changes).
    return {
      status: "accepted",
      message: `Only accepted differences in stack ${stack}: every change the refresh found is on the reviewed allowlist (drift-allowlist.yaml). Nothing to act on; \`pulumi refresh --stack ${input.stack}\` takes Okta's values into the state and ends them. An open drift issue is left as it is: close it once what it describes is fixed.`,
    };
  }
  return {
    status: "unexplained-drift",
    message: `**Drift the report could not explain in stack ${stack}**: the refresh exited ${CLI_DRIFT} (changes where none were expected), but the drift report found nothing it can show. Treat it as drift: run \`pulumi refresh --preview-only --diff --stack ${input.stack}\` to see it.`,
  };
}

/** The unmanaged objects check: 0 clean, 7 objects no stack manages (a finding), anything else a failure. */
function unmanagedVerdict(stack: string, code: number | null): Verdict {
  if (code === null) return { status: "failed", message: "the unmanaged objects check did not run" };
  if (code === 0) return { status: "clean", message: `No unmanaged objects in the org of stack \`${stack}\`.` };
  if (code === UNMANAGED_FOUND) {
    return {
      status: "drift",
      message: `**Unmanaged objects in the org of stack \`${stack}\`**: objects were made outside the code.`,
    };
  }
  return { status: "failed", message: `the unmanaged objects check ${described(code, UNMANAGED_MEANING)}` };
}

function issueFor(outcome: Outcome, openIssue: number | null, sawDrift: boolean): IssueAction {
  if (outcome === "failed" && !sawDrift) return "none";
  if (outcome === "clean") return openIssue === null ? "none" : "close";
  if (outcome === "accepted") return "none";
  return openIssue === null ? "open" : "update";
}

/** The day's outcome from every check's verdict, what happens to the issue, and the headline that says so. */
export function decide(input: DecisionInput): Decision {
  const verdicts = [refreshVerdict(input)];
  if (input.unmanagedExit !== undefined) verdicts.push(unmanagedVerdict(input.stack, input.unmanagedExit));
  const failed = verdicts.filter((v) => v.status === "failed");
  const found = verdicts.filter((v) => v.status === "drift" || v.status === "unexplained-drift");
  let outcome: Outcome = verdicts.some((v) => v.status === "accepted") ? "accepted" : "clean";
  let headline = verdicts.map((v) => v.message).join(" ");
  const cliSawDrift = failed.some((v) => v.sawDrift === true);
  // A finding of one check is real even when another check failed: the issue is still opened or updated.
  const sawDrift = failed.length > 0 && (cliSawDrift || found.length > 0);
  if (failed.length > 0 && cliSawDrift) {
    // The CLI said drift: the check failed to report it, but the drift is real and must not wait for a good day.
    outcome = "failed";
    headline = `**Drift in stack \`${input.stack}\`, and the drift check FAILED to report it**: the refresh exited ${input.refreshExit} (changes where none were expected), but ${failed.map((v) => v.message).join("; ")}. Treat it as drift: run \`pulumi refresh --preview-only --diff --stack ${input.stack}\` to see it, and fix the check.${found.map((v) => ` ${v.message}`).join("")}`;
  } else if (failed.length > 0 && found.length > 0) {
    outcome = "failed";
    headline = `${found.map((v) => v.message).join(" ")} **The drift check FAILED as well for stack \`${input.stack}\`**: ${failed.map((v) => v.message).join("; ")}. The issue is opened or updated for what was found; fix the check.`;
  } else if (failed.length > 0) {
    outcome = "failed";
    headline = `**The drift check FAILED for stack \`${input.stack}\`**: ${failed.map((v) => v.message).join("; ")}. This is neither drift nor a clean result; the drift issue, if one is open, is left as it is.`;
  } else if (found.length > 0) {
    outcome = found.some((v) => v.status === "drift") ? "drift" : "unexplained-drift";
    headline = found.map((v) => v.message).join(" ");
  }
  return { outcome, issue: issueFor(outcome, input.openIssue, sawDrift), headline };
}
