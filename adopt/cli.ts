import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import * as fs from "fs";
import * as path from "path";
import { ProgramRun } from "../offline/run";
import { findProjectDir, listStacks } from "../offline/stackFile";
import { runStack } from "../offline/stackRun";
import {
  CapacityLimitedExecutor,
  Credentials,
  DEFAULT_REQUEST_TIMEOUT_SECONDS,
  OktaAccessError,
  OrgReader,
  credentialsFromEnv,
  describeOrgError,
  orgOfRun,
  orgUrlOf,
  redactCredentials,
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
function parseCommand<T extends object>(command: Command, argv: readonly string[], io: Io): T | number {
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
function projectOf(projectDir: string | undefined): { dir: string; stacks: string[] } {
  const dir = path.resolve(projectDir ?? REPO_DIR);
  if (!fs.existsSync(path.join(dir, "Pulumi.yaml"))) throw new UserError(`${dir} holds no Pulumi.yaml`, EXIT.usage);
  return { dir, stacks: listStacks(dir) };
}

/** Runs the program for a stack (under mocks) and returns its registrations; a bad stack is a user error. */
async function runOf(
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

/** A read-only reader of an org, and what the error messages need to know about the connection. */
export interface Connection {
  readonly reader: OrgReader;
  readonly executor: CapacityLimitedExecutor;
  readonly url: string;
  readonly method: Credentials["method"];
}

/** A read-only reader of the stack's org, with the credentials from the environment. */
function connect(
  run: ProgramRun,
  env: NodeJS.ProcessEnv,
  orgUrl: string | undefined,
  requestTimeoutSeconds: number | undefined,
): Connection {
  try {
    const org = orgOfRun(run);
    const url = orgUrlOf(org.orgName, org.baseUrl, orgUrl);
    const credentials = credentialsFromEnv(env);
    const limits = { ...org, requestTimeoutMs: (requestTimeoutSeconds ?? org.requestTimeoutSeconds) * 1000 };
    return { ...sdkReader(url, credentials, limits), url, method: credentials.method };
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

/** The options every adoption command takes. */
export interface CommonOptions {
  stack: string;
  orgUrl?: string;
  projectDir?: string;
  requestTimeout?: number;
}

/** What a command's body works with: the project, its program, and the org once it asks for it. */
export interface CommandContext<T extends CommonOptions> {
  readonly options: T;
  readonly io: Io;
  readonly project: { readonly dir: string; readonly stacks: readonly string[] };
  /** Runs the program for a stack of the project (under mocks). */
  run(stack: string): Promise<ProgramRun>;
  /** Connects to the org of a run, read-only, with the OKTA_API_* credentials. */
  connect(run: ProgramRun): Connection;
}

/** Seconds, a whole number from 1 to 300 (the provider's own bound for `requestTimeout`). */
function timeoutSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 300) {
    throw new InvalidArgumentError("expected whole seconds from 1 to 300.");
  }
  return n;
}

/**
 * One adoption command: its options (`--stack` and the org options every command shares, plus its own),
 * the project, and one place that turns what the user can fix into one line on stderr and an exit code.
 * A defect is left to `runMain` (exit 70).
 */
export function adoptCommand<T extends CommonOptions>(
  name: string,
  description: string,
  extraOptions: readonly Option[],
  body: (ctx: CommandContext<T>) => Promise<number>,
): Main {
  return async (argv, io, program) => {
    const command = new Command(name)
      .description(description)
      .requiredOption("--stack <name>", "the stack (a Pulumi.<stack>.yaml file)");
    for (const option of extraOptions) command.addOption(option);
    command
      .option("--org-url <url>", "the org's address (default: https://<orgName>.<baseUrl> from the stack)")
      .option(
        "--request-timeout <seconds>",
        `how long one request may wait for the org (default: the stack's rateLimits.requestTimeout, else ${DEFAULT_REQUEST_TIMEOUT_SECONDS})`,
        timeoutSeconds,
      )
      .option("--project-dir <dir>", "the folder holding Pulumi.yaml and the stack files (default: this project)");
    const options = parseCommand<T>(command, argv, io);
    if (typeof options === "number") return options;

    let connection: Connection | undefined;
    try {
      const project = projectOf(options.projectDir);
      return await body({
        options,
        io,
        project,
        run: (stack) => runOf(project.dir, project.stacks, stack, program),
        connect: (run) => (connection = connect(run, io.env, options.orgUrl, options.requestTimeout)),
      });
    } catch (err) {
      if (err instanceof UserError) {
        io.stderr.write(`error: ${redactCredentials(err.message, io.env)}\n`);
        return err.code;
      }
      const described = describeOrgError(err, connection?.url ?? "", connection?.method);
      if (described === undefined) throw err;
      io.stderr.write(`error: ${redactCredentials(described, io.env)}\n`);
      return EXIT.error;
    } finally {
      connection?.executor.close();
    }
  };
}

/**
 * Runs a command's main function as a process: exit code, user errors as one message, defects as code 70. The
 * process ends once both streams are written out: node-fetch leaves the timer of an answer it stopped reading
 * (one over the size limit) running, and it must not hold the command for the rest of the request timeout.
 */
export function runMain(main: Main): void {
  const end = () => process.stdout.write("", () => process.stderr.write("", () => process.exit()));
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env })
    .then(
      (code) => {
        process.exitCode = code;
      },
      (err: unknown) => {
        const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
        process.stderr.write(`internal error: ${redactCredentials(text, process.env)}\n`);
        process.exitCode = EXIT.internal;
      },
    )
    .finally(end);
}
