import { Command, CommanderError } from "commander";
import { findProjectDir, listStacks, readStackFile, stackFileProblems } from "../offline/stackFile";

/** What the workflows need to know about a stack, read from its stack file. */
export interface StackInfo {
  readonly stack: string;
  /** `okta-mmod:environment`: the guardrail profile. */
  readonly environment: string | null;
  /** `okta-mmod:delivery.branch`: the branch the stack deploys from, if it has one. */
  readonly branch: string | null;
}

/** Every stack of a project, optionally only those that deploy from one branch. */
export function stackInfo(projectDir: string, branch?: string): StackInfo[] {
  return listStacks(projectDir)
    .map((stack): StackInfo => {
      const { config } = readStackFile(projectDir, stack);
      let deployBranch: string | null = null;
      try {
        const delivery = JSON.parse(config["okta-mmod:delivery"] ?? "null") as { branch?: unknown } | null;
        deployBranch = typeof delivery?.branch === "string" ? delivery.branch : null;
      } catch {
        deployBranch = null;
      }
      return { stack, environment: config["okta-mmod:environment"] ?? null, branch: deployBranch };
    })
    .filter((s) => branch === undefined || s.branch === branch);
}

/** Exit codes of the command-line tools: bad stack files are configuration errors, bad arguments usage errors. */
export const TOOL_EXIT = { clean: 0, configError: 1, usage: 2 } as const;

/**
 * Runs a tool's body and turns what can go wrong into one message and an exit code: its own usage errors,
 * then every problem of the project's stack files at once (a misnamed, unreadable or broken file must stop
 * a deploy with its name, not a stack trace).
 */
export function runTool(
  argv: readonly string[],
  command: Command,
  body: (options: { projectDir?: string }, args: string[]) => number,
  io: { stdout: { write(s: string): unknown }; stderr: { write(s: string): unknown } } = process,
): number {
  command
    .option("--project-dir <dir>", "the folder holding Pulumi.yaml and the stack files (default: this project)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  try {
    command.parse([...argv], { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === "commander.helpDisplayed" || err.code === "commander.help"
        ? TOOL_EXIT.clean
        : TOOL_EXIT.usage;
    }
    throw err;
  }
  const options = command.opts<{ projectDir?: string }>();
  let problems: string[];
  try {
    problems = stackFileProblems(options.projectDir ?? findProjectDir(__dirname));
  } catch (err) {
    problems = [(err as Error).message];
  }
  if (problems.length > 0) {
    for (const p of problems) io.stderr.write(`error: ${p}\n`);
    return TOOL_EXIT.configError;
  }
  return body(options, command.args);
}

if (require.main === module) {
  // `stacks [--branch <name>]`: a JSON list for workflow matrices (a new stack file needs no workflow change).
  const command = new Command("stacks")
    .description("List the project's stacks with their environment and deploy branch, as JSON")
    .option("--branch <name>", "only the stacks that deploy from this branch")
    .allowExcessArguments(false);
  process.exitCode = runTool(process.argv.slice(2), command, (options) => {
    const branch = command.opts<{ branch?: string }>().branch;
    process.stdout.write(`${JSON.stringify(stackInfo(options.projectDir ?? findProjectDir(__dirname), branch))}\n`);
    return TOOL_EXIT.clean;
  });
}
