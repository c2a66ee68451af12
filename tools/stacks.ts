import { Command, CommanderError } from "commander";
import { SecretsProvider, findProjectDir, listStacks, readStackFile, stackFileProblems } from "../offline/stackFile";
import { ENVIRONMENT_NAMES, EnvironmentName, atLeastAsStrict, isEnvironmentName } from "../config/environments";
import { shown } from "../config/messages";
import { STACK_PROFILES, boundProfile } from "../config/stackProfiles";

/** What the workflows need to know about a stack, read from its stack file and the code-owned binding. */
export interface StackInfo {
  readonly stack: string;
  /** `okta-mmod:environment` as the stack file claims it. */
  readonly environment: string | null;
  /**
   * The guardrail profile the workflows apply: the binding's (config/stackProfiles.ts), or the stack file's when
   * it names a stricter one. Never weaker than the binding, whatever the stack file says.
   */
  readonly profile: EnvironmentName;
  /** `okta-mmod:delivery.branch`: the branch the stack deploys from, if it has one. */
  readonly branch: string | null;
  /** Whether the program manages the stack's GitHub environments (`okta-mmod:delivery.github` enabled). */
  readonly managesEnvironment: boolean;
  /** Who decrypts the stack's secrets: a passphrase stack cannot be previewed or checked for drift (readableProblem). */
  readonly secretsProvider: SecretsProvider;
}

function delivery(config: Readonly<Record<string, string>>): { branch?: unknown; github?: unknown } | null {
  try {
    const value = JSON.parse(config["okta-mmod:delivery"] ?? "null") as unknown;
    return typeof value === "object" && value !== null ? value : null;
  } catch {
    return null;
  }
}

/**
 * Every stack of a project, optionally only those that deploy from one branch, with the profile the binding
 * gives each (default: the code-owned config/stackProfiles.ts).
 */
export function stackInfo(
  projectDir: string,
  branch?: string,
  bindings: Readonly<Record<string, EnvironmentName>> = STACK_PROFILES,
): StackInfo[] {
  const infos = listStacks(projectDir).map((stack) => stackInfoOf(projectDir, stack, bindings));
  assertKnownEnvironments(infos);
  return infos.filter((s) => branch === undefined || s.branch === branch);
}

/** One stack's entry, its environment claim not checked (stackInfo checks every one; --readable its own). */
function stackInfoOf(
  projectDir: string,
  stack: string,
  bindings: Readonly<Record<string, EnvironmentName>>,
): StackInfo {
  const { config, secretsProvider } = readStackFile(projectDir, stack);
  const d = delivery(config);
  const claimed = config["okta-mmod:environment"] ?? null;
  const bound = boundProfile(stack, bindings);
  const github = d?.github as { enabled?: unknown } | undefined;
  return {
    stack,
    environment: claimed,
    profile: claimed !== null && isEnvironmentName(claimed) && atLeastAsStrict(claimed, bound) ? claimed : bound,
    branch: typeof d?.branch === "string" ? d.branch : null,
    managesEnvironment: typeof github === "object" && github !== null && github.enabled !== false,
    secretsProvider,
  };
}

/**
 * The list goes to workflow outputs and logs: a claim that is no profile name (a typo, or a value pasted into the
 * wrong key, a private key included) stops it, shown as the configuration shows values, never as written.
 */
function assertKnownEnvironments(infos: readonly StackInfo[]): void {
  const bad = infos.filter((s) => s.environment !== null && !isEnvironmentName(s.environment));
  if (bad.length === 0) return;
  throw new Error(
    bad
      .map(
        (s) =>
          `Pulumi.${s.stack}.yaml: okta-mmod:environment: got ${shown(s.environment)}; expected one of: ${ENVIRONMENT_NAMES.join(", ")}`,
      )
      .join("\nerror: "),
  );
}

/** The stacks a push to `branch` deploys; refuses (throws) when one has no environment the program manages. */
export function deployableStacks(projectDir: string, branch: string): StackInfo[] {
  const stacks = stackInfo(projectDir, branch);
  const unmanaged = stacks.filter((s) => !s.managesEnvironment).map((s) => s.stack);
  if (unmanaged.length > 0) {
    throw new Error(
      `refusing to deploy ${unmanaged.map((s) => `"${s}"`).join(", ")} from branch "${branch}": the program manages no GitHub environment for ${unmanaged.length === 1 ? "it" : "them"} (okta-mmod:delivery.github), so the deployment would run in an environment with no reviewers and no branch restriction`,
    );
  }
  return stacks;
}

/**
 * Why a job with the stack's read-only credentials cannot read the stack, or null when it can. Pulumi asks for a
 * passphrase stack's passphrase before it runs anything, and that passphrase decrypts every secret of the stack:
 * it is kept in the stack's write environment only, never given to a pull request's preview or the drift check.
 */
export function readableProblem(info: StackInfo): string | null {
  if (info.secretsProvider !== "passphrase") return null;
  return `stack "${info.stack}" is not read with read-only credentials: Pulumi.${info.stack}.yaml keeps its secrets with a passphrase (secretsprovider: passphrase, or an encryptionsalt), and the passphrase, which decrypts every secret of the stack, is kept in its write environment "${info.stack}" only, never given to a pull request's preview or the drift check. Move the stack to Pulumi Cloud's secrets provider (pulumi stack change-secrets-provider default) or a cloud KMS key (awskms://, azurekeyvault://, gcpkms://, hashivault://) whose decrypt permission the read-only identity holds; either way a prod-grade stack holds no secret a reader could decrypt (README "What a stack reader can decrypt")`;
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
  // A JSON list for workflow matrices (a new stack file needs no workflow change).
  const command = new Command("stacks")
    .description("List the project's stacks with their profile, deploy branch and managed environment, as JSON")
    .option("--branch <name>", "only the stacks that deploy from this branch")
    .option("--deploy", "with --branch: the stacks a push deploys; exit 1 if one has no managed GitHub environment")
    .option("--readable <stack>", "exit 1, saying why, if the stack cannot be read with read-only credentials")
    .allowExcessArguments(false);
  process.exitCode = runTool(process.argv.slice(2), command, (options) => {
    const { branch, deploy, readable } = command.opts<{ branch?: string; deploy?: boolean; readable?: string }>();
    const dir = options.projectDir ?? findProjectDir(__dirname);
    if (deploy === true && branch === undefined && readable === undefined) {
      process.stderr.write("error: --deploy needs --branch <name>\n");
      return TOOL_EXIT.usage;
    }
    try {
      if (readable !== undefined) {
        const info = listStacks(dir).includes(readable) ? stackInfoOf(dir, readable, STACK_PROFILES) : undefined;
        if (info !== undefined) assertKnownEnvironments([info]);
        const problem =
          info === undefined
            ? `no stack "${readable}": the project has no Pulumi.${readable}.yaml`
            : readableProblem(info);
        if (problem === null) return TOOL_EXIT.clean;
        process.stderr.write(`error: ${problem}\n`);
        return TOOL_EXIT.configError;
      }
      const stacks = deploy === true ? deployableStacks(dir, branch as string) : stackInfo(dir, branch);
      process.stdout.write(`${JSON.stringify(stacks)}\n`);
      return TOOL_EXIT.clean;
    } catch (err) {
      process.stderr.write(`error: ${(err as Error).message}\n`);
      return TOOL_EXIT.configError;
    }
  });
}
