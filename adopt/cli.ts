import { Command, CommanderError } from "commander";
import * as fs from "fs";
import * as path from "path";
import { ProgramRun } from "../offline/run";
import { findProjectDir, listStacks } from "../offline/stackFile";
import { runStack } from "../offline/stackRun";
import {
  CapacityLimitedExecutor,
  Credentials,
  OktaAccessError,
  OrgReader,
  credentialsFromEnv,
  orgOfRun,
  orgUrlOf,
  sdkReader,
} from "./okta";

/** Exit codes shared by the adoption commands (7 = something needs attention, as `pulumi --expect-no-changes`). */
export const EXIT = { clean: 0, error: 1, usage: 2, unresolved: 6, unmanaged: 7, internal: 70 } as const;

export const REPO_DIR = findProjectDir(__dirname);

export interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: NodeJS.ProcessEnv;
}

/** A problem the user can fix (usage, configuration, credentials): printed as one message, never a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** Parses a command line with commander; help exits 0, a bad option 2 (commander prints the message). */
export function parseCommand<T extends object>(command: Command, argv: readonly string[], io: Io): T | number {
  command
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  try {
    command.parse([...argv], { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === "commander.helpDisplayed" || err.code === "commander.help" ? EXIT.clean : EXIT.usage;
    }
    throw err;
  }
  return command.opts() as T;
}

/** The project folder and its stacks, checked. */
export function projectOf(projectDir: string | undefined): { dir: string; stacks: string[] } {
  const dir = path.resolve(projectDir ?? REPO_DIR);
  if (!fs.existsSync(path.join(dir, "Pulumi.yaml"))) throw new UserError(`${dir} holds no Pulumi.yaml`, EXIT.usage);
  return { dir, stacks: listStacks(dir) };
}

/** Runs the program for a stack (under mocks) and returns its registrations; a bad stack is a user error. */
export async function runOf(
  dir: string,
  stacks: readonly string[],
  stack: string,
  program: (() => unknown) | undefined,
): Promise<ProgramRun> {
  if (!stacks.includes(stack)) {
    throw new UserError(
      `no such stack: ${stack} (a stack is a Pulumi.<stack>.yaml file; this project has: ${stacks.join(", ") || "none"})`,
      EXIT.usage,
    );
  }
  // Whatever the SDK or the program prints goes to stderr: stdout holds the command's document alone.
  const restore = { log: console.log, info: console.info, warn: console.warn };
  console.log =
    console.info =
    console.warn =
      (...args: unknown[]) => process.stderr.write(`${args.map(String).join(" ")}\n`);
  try {
    const result = await runStack(dir, stack, program);
    if ("error" in result) throw new UserError(result.error, EXIT.error);
    return result.run;
  } finally {
    Object.assign(console, restore);
  }
}

/** A read-only reader of the stack's org, with the credentials from the environment. */
export function connect(
  run: ProgramRun,
  env: NodeJS.ProcessEnv,
  orgUrl: string | undefined,
): { reader: OrgReader; executor: CapacityLimitedExecutor; url: string; method: Credentials["method"] } {
  try {
    const org = orgOfRun(run);
    const url = orgUrlOf(org.orgName, org.baseUrl, orgUrl);
    const credentials = credentialsFromEnv(env);
    return { ...sdkReader(url, credentials, org), url, method: credentials.method };
  } catch (err) {
    if (err instanceof OktaAccessError) throw new UserError(err.message, EXIT.error);
    throw err;
  }
}

/**
 * A command's main function. `program` is this project's program (the default); the tests pass it with their
 * own app catalogue to run their fixture stacks.
 */
export type Main = (argv: readonly string[], io: Io, program?: () => unknown) => Promise<number>;

/** Runs a command's main function as a process: exit code, user errors as one message, defects as code 70. */
export function runMain(main: Main): void {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}
