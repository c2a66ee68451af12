import * as pulumi from "@pulumi/pulumi";
import { ConfigError, NAMESPACE, RawStackConfig, SECRET_KEYS, StackConfig, parseStackConfig } from "./parse";
import type { EnvironmentName } from "./environments";
import { boundProfile } from "./stackProfiles";

/** A stack's configuration as the program uses it: secrets stay Pulumi secret outputs end to end. */
export type LoadedStackConfig = StackConfig<pulumi.Output<string>>;

// The SDK knows which config keys are encrypted but does not export the check in its typings; this is the
// function `pulumi.Config.get` itself uses to warn about secrets (@pulumi/pulumi 3.270, runtime/config.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeConfig = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

/**
 * Reads this stack's configuration from the Pulumi runtime. The only place in the program that reads config;
 * everything else receives the typed object. Secret values are never read in plain text: only whether they
 * are set, and then as secret outputs.
 */
export function loadStackConfig(
  appKeys: readonly string[],
  bindings: Readonly<Record<string, EnvironmentName>>,
): LoadedStackConfig {
  const prefix = `${NAMESPACE}:`;
  // No prototype: a key named `__proto__` is kept (and reported as unknown), never swallowed by the object.
  const values = Object.create(null) as Record<string, string>;
  const otherKeys: string[] = [];
  const encrypted = new Set<string>();
  for (const [fullKey, value] of Object.entries(pulumi.runtime.allConfig())) {
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
  const raw: RawStackConfig = { stack: pulumi.getStack(), values, encrypted, otherKeys };
  const config = new pulumi.Config(NAMESPACE);
  try {
    return parseStackConfig(raw, appKeys, (key) => config.requireSecret(key), boundProfile(raw.stack, bindings));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // A RunError is printed by the Pulumi CLI as its message alone, without a stack trace. The language host
    // still formats the error once for its trace span; a stack that is only the message keeps that from
    // source-mapping every frame (tens of seconds on a busy machine) for a trace nobody reads.
    const runError = new pulumi.RunError(err.message);
    runError.stack = `${runError.name}: ${err.message}`;
    throw runError;
  }
}
