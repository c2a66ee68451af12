import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE, requiredSecretKeys } from "../config/parse";
import { ProgramRun, runProgram } from "./run";
import { StackFileConfig, StackFileError, readStackFile } from "./stackFile";

/** The project name the program's URNs carry. */
export const PROJECT = "okta-mmod";

/** The value given to a secret the stack needs but that is not available offline (not set, or only in ESC). */
export const MISSING_SECRET = "[placeholder secret: not available offline]";

/** A stack the program ran for, under mocks, with what had to be stood in for. */
export interface StackRun {
  readonly run: ProgramRun;
  readonly file: StackFileConfig;
  /** Config keys given a placeholder secret because their value cannot be had offline. */
  readonly placeholders: readonly string[];
}

/** Why a stack could not be run: its file or its configuration. */
export interface StackRunFailure {
  readonly error: string;
  readonly escEnvironments: readonly string[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const defaultProgram = require("../index") as () => unknown;

/**
 * Runs the program for one stack under mocks, as `pulumi preview` would, with placeholders for the secrets
 * that cannot be had offline. Configuration errors are returned, not thrown; anything else is a defect.
 * `program` is this project's; tests pass it with their own app catalogue to run their fixture stacks.
 */
export async function runStack(
  projectDir: string,
  stack: string,
  program: () => unknown = defaultProgram,
): Promise<StackRun | StackRunFailure> {
  let file;
  try {
    file = readStackFile(projectDir, stack);
  } catch (err) {
    if (err instanceof StackFileError) return { error: err.message, escEnvironments: [] };
    throw err;
  }
  const config: Record<string, string> = { ...file.config };
  const secretKeys = [...file.secretKeys];
  const placeholders = [...file.secretKeys];
  const values = Object.fromEntries(
    Object.entries(file.config)
      .filter(([k]) => k.startsWith(`${NAMESPACE}:`))
      .map(([k, v]) => [k.slice(NAMESPACE.length + 1), v]),
  );
  for (const key of requiredSecretKeys(values).map((k) => `${NAMESPACE}:${k}`)) {
    if (config[key] === undefined) {
      config[key] = MISSING_SECRET;
      secretKeys.push(key);
      placeholders.push(key);
    }
  }
  try {
    const run = await runProgram({ project: PROJECT, stack, config, secretKeys, program, rootDirectory: projectDir });
    return { run, file, placeholders: placeholders.sort() };
  } catch (err) {
    if (!pulumi.RunError.isInstance(err)) throw err;
    const esc =
      file.environments.length > 0
        ? `\n(the stack imports the ESC environments ${file.environments.join(", ")}; values they supply are not available offline)`
        : "";
    return { error: (err as Error).message + esc, escEnvironments: file.environments };
  }
}
