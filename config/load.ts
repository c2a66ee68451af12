import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { readAppsFile } from "./appsFile";
import { MAX_ENV_STRING_BYTES, WARN_AT_BYTES, cliConfigSize } from "./cliConfigSize";
import {
  CLI_CONFIG_LIMIT,
  ConfigError,
  NAMESPACE,
  RawStackConfig,
  SECRET_KEYS,
  StackConfig,
  parseStackConfig,
} from "./parse";
import type { EnvironmentName } from "./environments";
import { StackIdentity, siblingConflicts } from "./siblings";
import { boundProfile } from "./stackProfiles";

/** A stack's configuration as the program uses it: secrets stay Pulumi secret outputs end to end. */
export type LoadedStackConfig = StackConfig<pulumi.Output<string>>;

// The SDK knows which config keys are encrypted but does not export the check in its typings; this is the
// function `pulumi.Config.get` itself uses to warn about secrets (@pulumi/pulumi 3.270, runtime/config.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeConfig = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

/**
 * The folder holding Pulumi.yaml. The CLI's Node host passes it as the root directory; hosts older than that
 * option run the program in it (Pulumi.yaml names no `main`).
 */
function projectDirectory(): string {
  const root = pulumi.runtime.getRootDirectory();
  return path.isAbsolute(root) ? root : process.cwd();
}

/** Another stack file would declare an object this stack declares. */
class SiblingConflictError extends Error {
  constructor(stack: string, conflicts: readonly string[]) {
    super(
      [
        `Stack "${stack}" would declare ${conflicts.length} object(s) another stack file declares too; each stack needs its own (its own org, workspace, and exactly one stack with delivery.github.ownsRepository):`,
        ...conflicts.map((c) => `  - ${c}`),
      ].join("\n"),
    );
  }
}

/** What names the objects a stack declares outside itself. */
function identityInputs(config: LoadedStackConfig, project: string): StackIdentity {
  return {
    stack: config.stack,
    project,
    orgName: config.orgName,
    baseUrl: config.baseUrl,
    delivery: config.delivery,
  };
}

/**
 * Reads this stack's configuration from the Pulumi runtime. The only place in the program that reads config;
 * everything else receives the typed object. Secret values are never read in plain text: only whether they
 * are set, and then as secret outputs.
 */
export function loadStackConfig(
  appKeys: readonly string[],
  bindings: Readonly<Record<string, EnvironmentName>>,
  authServerKeys: readonly string[],
  keyedApps: readonly string[],
): LoadedStackConfig {
  const prefix = `${NAMESPACE}:`;
  const all = pulumi.runtime.allConfig();
  // No prototype: a key named `__proto__` is kept (and reported as unknown), never swallowed by the object.
  const values = Object.create(null) as Record<string, string>;
  const otherKeys: string[] = [];
  const encrypted = new Set<string>();
  for (const [fullKey, value] of Object.entries(all)) {
    if (runtimeConfig.isConfigSecret(fullKey)) {
      encrypted.add(fullKey);
    }
    if (!fullKey.startsWith(prefix)) {
      otherKeys.push(fullKey);
      continue;
    }
    const key = fullKey.slice(prefix.length);
    values[key] = (SECRET_KEYS as readonly string[]).includes(key) ? "" : value;
  }
  // Only lengths are taken from secret values; they count because the CLI passes them decrypted.
  const stack = pulumi.getStack();
  const cliConfig = cliConfigSize(all);
  if (cliConfig.bytes > WARN_AT_BYTES && cliConfig.bytes <= MAX_ENV_STRING_BYTES) {
    // Delivered by the engine on its own; nothing waits for it.
    void pulumi.log.warn(
      `Stack "${stack}": its configuration takes ${cliConfig.bytes} of the ${MAX_ENV_STRING_BYTES} bytes it may have (the most: ${cliConfig.largest?.key}, ${cliConfig.largest?.bytes} bytes); ${CLI_CONFIG_LIMIT}.`,
    );
  }
  const appsFile = values.appsFile === undefined ? undefined : readAppsFile(projectDirectory(), stack, values.appsFile);
  const raw: RawStackConfig = { stack, values, encrypted, otherKeys, appsFile, cliConfigSize: cliConfig };
  const config = new pulumi.Config(NAMESPACE);
  try {
    const parsed = parseStackConfig(
      raw,
      appKeys,
      (key) => config.requireSecret(key),
      boundProfile(raw.stack, bindings),
      authServerKeys,
      keyedApps,
    );
    const root = pulumi.runtime.getRootDirectory();
    // A run with no root directory (a test running the program on a config alone) has no stack files to compare.
    if (root !== "") {
      const conflicts = siblingConflicts(projectDirectory(), identityInputs(parsed, pulumi.getProject()), bindings);
      if (conflicts.length > 0) throw new SiblingConflictError(stack, conflicts);
    }
    return parsed;
  } catch (err) {
    if (!(err instanceof ConfigError) && !(err instanceof SiblingConflictError)) throw err;
    throw asRunError(err);
  }
}

/**
 * A configuration error as the Pulumi CLI should show it. A RunError is printed by the CLI as its message alone,
 * without a stack trace. The language host still formats the error once for its trace span; a stack that is only
 * the message keeps that from source-mapping every frame (tens of seconds on a busy machine) for a trace nobody
 * reads.
 */
export function asRunError(err: Error): pulumi.RunError {
  const runError = new pulumi.RunError(err.message);
  runError.stack = `${runError.name}: ${err.message}`;
  return runError;
}
