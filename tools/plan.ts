import { Command, CommanderError } from "commander";
import * as fs from "fs";
import * as path from "path";
import {
  PlanDocument,
  SavedPlanError,
  StackPlan,
  comparePlans,
  diffStacks,
  failedPlan,
  readSavedPlan,
  stackPlan,
} from "../offline/plan";
import { duplicateObjects, withProviders } from "../offline/crossStack";
import { PackConfig, evaluatePolicies } from "../offline/policies";
import { DEFAULT_WIDTH, renderPlan } from "../offline/render";
import {
  UNDECRYPTABLE_SECRET,
  findProjectDir,
  listStacks,
  misnamedStackFiles,
  strayAppsFiles,
} from "../offline/stackFile";
import { MISSING_SECRET, runStack } from "../offline/stackRun";
import { policies } from "../policy-pack/policies";

/** Exit codes: the same as `pulumi` where there is one (5 = policy violation). */
export const EXIT = { clean: 0, configError: 1, usage: 2, mandatoryViolation: 5 } as const;

export { MISSING_SECRET };

const REPO_DIR = findProjectDir(__dirname);

export interface Io {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  readonly stderr: { write(text: string): unknown };
}

interface Options {
  stack?: string[];
  json?: boolean;
  diff?: string[];
  out?: string;
  projectDir?: string;
  profile?: string;
}

class UsageError extends Error {}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const defaultProgram = require("../index") as () => unknown;

const PROFILE_DIR = path.join(REPO_DIR, "policy-pack", "config");

/** The guardrail profiles the pack ships: `dev`, `prod`, `stig`. */
function profiles(): string[] {
  return fs
    .readdirSync(PROFILE_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

function profileOf(name: string): PackConfig {
  return JSON.parse(fs.readFileSync(path.join(PROFILE_DIR, `${name}.json`), "utf8")) as PackConfig;
}

/** What the plan runs: this project's program and its guardrail profiles, unless the tests give their own. */
export interface PlanSubject {
  readonly program: () => unknown;
  readonly profileOf: (environment: string) => PackConfig;
}

const THIS_PROJECT: PlanSubject = { program: defaultProgram, profileOf };

/** Runs the program for one stack under mocks, with placeholders for what cannot be had offline. */
async function planStack(
  projectDir: string,
  stack: string,
  subject: PlanSubject,
  profile: string | undefined,
): Promise<StackPlan> {
  const result = await runStack(projectDir, stack, subject.program);
  if ("error" in result) return failedPlan(stack, result.error, result.escEnvironments);
  const { run, file, placeholders } = result;
  const environment = String(run.outputs.environment);
  const verdicts = await evaluatePolicies(run, policies, subject.profileOf(profile ?? environment));
  return stackPlan(run, environment, verdicts, placeholders, [UNDECRYPTABLE_SECRET, MISSING_SECRET], file.environments);
}

function parseOptions(argv: readonly string[], io: Io): Options {
  const command = new Command("plan")
    .description(
      "Render each stack's desired Okta state and its guardrail verdicts offline, with no credentials; optionally only what differs from a saved plan or between two stacks.",
    )
    .option("--stack <names...>", "stacks to plan (default: every Pulumi.<stack>.yaml of the project)")
    .option("--json", "print the plan as one JSON document on stdout")
    .option(
      "--diff <plan.json|stacks...>",
      "print only what differs: from a plan saved with --out (--diff <plan.json>: what a change does to each stack), or between two stacks (--diff <stackA> <stackB>)",
    )
    .option("--project-dir <dir>", "the folder holding Pulumi.yaml and the stack files (default: this project)")
    .option("--out <file>", "also write the JSON document to this file (the text plan still goes to stdout)")
    .option("--profile <name>", "judge every stack by this guardrail profile (e.g. stig) instead of its environment's")
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  command.parse([...argv], { from: "user" });
  const options = command.opts<Options>();
  if (options.diff !== undefined && options.diff.length > 2) {
    throw new UsageError(
      `--diff takes a saved plan or two stacks (got ${options.diff.length} arguments): --diff <plan.json> or --diff <stackA> <stackB>`,
    );
  }
  if (options.profile !== undefined && !profiles().includes(options.profile)) {
    throw new UsageError(`no such guardrail profile: ${options.profile} (the pack has: ${profiles().join(", ")})`);
  }
  return options;
}

/**
 * The `plan` command. Returns the exit code; writes only the JSON document to stdout with --json. The tests
 * pass a `subject` of their own (the program with their app catalogue, their profiles) to plan fixture stacks.
 */
export async function plan(argv: readonly string[], io: Io, subject: PlanSubject = THIS_PROJECT): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(argv, io);
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === "commander.helpDisplayed" || err.code === "commander.help" ? EXIT.clean : EXIT.usage;
    }
    if (err instanceof UsageError) {
      io.stderr.write(`error: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }

  const projectDir = path.resolve(options.projectDir ?? REPO_DIR);
  if (!fs.existsSync(path.join(projectDir, "Pulumi.yaml"))) {
    io.stderr.write(`error: ${projectDir} holds no Pulumi.yaml\n`);
    return EXIT.usage;
  }
  const unread = [...misnamedStackFiles(projectDir), ...strayAppsFiles(projectDir)];
  if (unread.length > 0) {
    for (const m of unread) io.stderr.write(`error: ${m}\n`);
    return EXIT.configError;
  }
  const available = listStacks(projectDir);
  const stacksToDiff = options.diff?.length === 2 ? options.diff : [];
  let saved: StackPlan[] | undefined;
  if (options.diff?.length === 1) {
    try {
      saved = readSavedPlan(options.diff[0] as string);
    } catch (err) {
      if (!(err instanceof SavedPlanError)) throw err;
      io.stderr.write(`error: ${err.message}\n`);
      return EXIT.usage;
    }
  }
  const wanted = [...new Set([...(options.stack ?? available), ...stacksToDiff])];
  const unknown = wanted.filter((s) => !available.includes(s));
  if (unknown.length > 0) {
    io.stderr.write(
      `error: no such stack: ${unknown.join(", ")} (a stack is a Pulumi.<stack>.yaml file; this project has: ${available.join(", ") || "none"})\n`,
    );
    return EXIT.usage;
  }

  // Whatever the SDK or the program prints goes to stderr: with --json, stdout holds the document alone.
  const restore = { log: console.log, info: console.info, warn: console.warn };
  console.log =
    console.info =
    console.warn =
      (...args: unknown[]) => io.stderr.write(`${args.map(String).join(" ")}\n`);
  const plans: StackPlan[] = [];
  try {
    for (const stack of wanted) plans.push(await planStack(projectDir, stack, subject, options.profile));
  } finally {
    Object.assign(console, restore);
  }

  const byName = new Map(plans.map((p) => [p.stack, p]));
  const [from, to] = stacksToDiff.map((s) => byName.get(s) as StackPlan);
  const doc: PlanDocument = {
    stacks: plans,
    // Over every stack planned (by default, every stack file in the folder).
    duplicates: duplicateObjects(
      plans
        .filter((p) => p.error === undefined)
        .map((p) => ({ stack: p.stack, resources: withProviders(p.resources) })),
    ),
    ...(from !== undefined && to !== undefined && from.error === undefined && to.error === undefined
      ? { diff: diffStacks(from, to) }
      : {}),
    ...(saved !== undefined ? { changes: comparePlans(options.diff?.[0] as string, saved, plans, available) } : {}),
  };

  if (options.out !== undefined) {
    try {
      fs.writeFileSync(options.out, `${JSON.stringify(doc, null, 2)}\n`);
    } catch (err) {
      io.stderr.write(`error: cannot write ${options.out}: ${(err as NodeJS.ErrnoException).code ?? "unknown"}\n`);
      return EXIT.usage;
    }
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    for (const p of plans.filter((x) => x.error !== undefined)) io.stderr.write(`${p.error}\n`);
  } else {
    const tty = io.stdout.isTTY === true;
    const width = tty && io.stdout.columns !== undefined ? io.stdout.columns : DEFAULT_WIDTH;
    io.stdout.write(renderPlan(doc, { color: tty, width, onlyDifferences: options.diff !== undefined }));
  }
  if (doc.duplicates.length > 0) {
    io.stderr.write(`error: ${doc.duplicates.length} object(s) declared by two stacks: ${doc.duplicates.join("; ")}\n`);
  }
  if (plans.some((p) => p.error !== undefined) || doc.duplicates.length > 0) return EXIT.configError;
  if (plans.some((p) => p.summary.mandatory > 0)) {
    io.stderr.write("error: mandatory guardrail violations (see above); nothing would be deployed\n");
    return EXIT.mandatoryViolation;
  }
  return EXIT.clean;
}

if (require.main === module) {
  plan(process.argv.slice(2), process).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 70;
    },
  );
}
