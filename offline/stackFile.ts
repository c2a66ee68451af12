import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { APPS_FILE_DIR, appsFileOf } from "../config/appsFile";

/** A placeholder for an encrypted value that cannot be decrypted without the stack's secrets provider. */
export const UNDECRYPTABLE_SECRET = "[encrypted value: not decrypted offline]";

/** A stack file that cannot be read as one. */
export class StackFileError extends Error {}

/** A stack file's configuration as the Pulumi engine hands it to the program. */
export interface StackFileConfig {
  readonly stack: string;
  /** Full keys (`okta-mmod:orgName`) to string values; objects and arrays JSON-encoded, as the engine does. */
  readonly config: Readonly<Record<string, string>>;
  /** Full keys whose values are (or contain) encrypted values. */
  readonly secretKeys: readonly string[];
  /** ESC environments the stack file imports; their values are not available offline. */
  readonly environments: readonly string[];
  /** Who decrypts the stack's secrets (`secretsprovider`, `encryptionsalt`): see secretsProviderOf. */
  readonly secretsProvider: SecretsProvider;
}

/**
 * A stack's secrets provider, as its stack file names it: `passphrase` (`secretsprovider: passphrase`, or the
 * passphrase's `encryptionsalt`, which a self-managed backend writes by default), `cloud-kms` (a key URL such as
 * awskms://...), or `service`: Pulumi Cloud's own, the default where the file names none.
 */
export type SecretsProvider = "passphrase" | "cloud-kms" | "service";

function secretsProviderOf(top: Readonly<Record<string, unknown>>): SecretsProvider {
  const named = typeof top.secretsprovider === "string" ? top.secretsprovider.trim().toLowerCase() : "";
  if (named === "passphrase" || (named === "" && top.encryptionsalt !== undefined)) return "passphrase";
  if (named === "" || named === "service" || named === "default") return "service";
  return "cloud-kms";
}

function isSecure(value: unknown): value is { secure: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { secure?: unknown }).secure === "string"
  );
}

/** Replaces encrypted leaves by the placeholder; reports whether there were any. */
function replaceSecure(value: unknown): { value: unknown; secret: boolean } {
  if (isSecure(value)) {
    return { value: UNDECRYPTABLE_SECRET, secret: true };
  }
  if (Array.isArray(value)) {
    const items = value.map(replaceSecure);
    return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => [k, replaceSecure(v)] as const);
    return {
      value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])),
      secret: entries.some(([, v]) => v.secret),
    };
  }
  return { value, secret: false };
}

/** Reads `Pulumi.<stack>.yaml` from a project directory. Throws with the file name when it is not valid. */
export function readStackFile(projectDir: string, stack: string): StackFileConfig {
  const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a directory" : (code ?? "unknown");
    throw new StackFileError(`${file}: cannot be read (${why})`);
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new StackFileError(`${file}: not valid YAML: ${yamlError(err as Error)}`);
  }
  if (doc !== null && (typeof doc !== "object" || Array.isArray(doc))) {
    throw new StackFileError(`${file}: expected a mapping at the top level`);
  }
  const top = (doc ?? {}) as Record<string, unknown>;
  const rawConfig = top.config ?? {};
  if (typeof rawConfig !== "object" || rawConfig === null || Array.isArray(rawConfig)) {
    throw new StackFileError(`${file}: "config" must be a mapping of keys to values`);
  }
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, raw] of Object.entries(rawConfig as Record<string, unknown>)) {
    const { value, secret } = replaceSecure(raw);
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
    if (secret) {
      secretKeys.push(key);
    }
  }
  // ESC imports: `environment: [a, b]` (the stack-file form), or `environment: {imports: [...]}`.
  const env = top.environment;
  const imports = Array.isArray(env) ? env : (env as { imports?: unknown } | undefined)?.imports;
  const environments = Array.isArray(imports) ? imports.map(String) : typeof env === "string" ? [env] : [];
  return { stack, config, secretKeys, environments, secretsProvider: secretsProviderOf(top) };
}

/** The YAML parser's message on one line: what is wrong and where, with the offending line, each part cut. */
function yamlError(err: Error): string {
  const [head = "", ...rest] = err.message.split("\n").filter((l) => l.trim() !== "");
  const cut = (l: string) => (l.length > 120 ? `${l.slice(0, 120)}...` : l);
  const snippet = rest.find((l) => !/^\s*\^+\s*$/.test(l));
  return cut(head.replace(/:$/, "")) + (snippet === undefined ? "" : ` (near: ${cut(snippet.trim())})`);
}

/** Stacks of a project: every `Pulumi.<stack>.yaml` beside `Pulumi.yaml`, sorted. */
export function listStacks(projectDir: string): string[] {
  return fs
    .readdirSync(projectDir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/**
 * Files that look like stack files but that the Pulumi CLI would never read: it takes a stack's settings from
 * `Pulumi.<stack>.yaml` beside `Pulumi.yaml` only, so a `Pulumi.prod.yml` would leave the stack unconfigured.
 */
export function misnamedStackFiles(projectDir: string): string[] {
  return fs
    .readdirSync(projectDir)
    .filter((f) => /^pulumi\.(.+)\.ya?ml$/i.test(f) && !/^Pulumi\.(.+)\.yaml$/.test(f))
    .sort()
    .map((f) => {
      const stack = /^pulumi\.(.+)\.ya?ml$/i.exec(f)?.[1] as string;
      return `${path.join(projectDir, f)}: the Pulumi CLI only reads stack files named Pulumi.<stack>.yaml; rename it to Pulumi.${stack}.yaml`;
    });
}

/**
 * Files in `stack-apps/` that no stack reads. A stack reads only `stack-apps/<stack>.yaml`, and only when its stack
 * file names it (`okta-mmod:appsFile`); any other file there would be reviewed and merged as if it changed an
 * org's apps while every deployment ignores it. Dotfiles (`.gitkeep`) are not apps files. A stack file that cannot
 * be read, or that names an apps file of the wrong name, is reported on its own (by this check, by the program),
 * so its apps file is not reported here.
 */
export function strayAppsFiles(projectDir: string): string[] {
  const dir = path.join(projectDir, APPS_FILE_DIR);
  if (!fs.existsSync(dir)) return [];
  const stacks = listStacks(projectDir);
  const named = new Map<string, string | undefined>();
  for (const stack of stacks) {
    try {
      named.set(stack, readStackFile(projectDir, stack).config["okta-mmod:appsFile"]);
    } catch (err) {
      if (!(err instanceof StackFileError)) throw err;
    }
  }
  const problems: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".")) continue;
    const file = path.join(dir, entry.name);
    const stack = /^(.+)\.yaml$/.exec(entry.name)?.[1];
    if (stack === undefined || entry.isDirectory()) {
      problems.push(
        `${file}: no stack reads it: ${APPS_FILE_DIR}/ holds one apps file per stack, named ${appsFileOf("<stack>")}`,
      );
    } else if (!stacks.includes(stack)) {
      problems.push(
        `${file}: names no stack: there is no Pulumi.${stack}.yaml, so no stack reads it (this project has: ${stacks.join(", ") || "none"}); rename it after the stack it is for, or remove it`,
      );
    } else if (named.has(stack) && named.get(stack) === undefined) {
      problems.push(
        `${file}: Pulumi.${stack}.yaml does not name it, so the stack does not read it: set okta-mmod:appsFile: ${appsFileOf(stack)} in Pulumi.${stack}.yaml (and move its okta-mmod:apps there), or remove the file`,
      );
    }
  }
  return problems;
}

/**
 * Every problem with the project's stack files (misnamed, unreadable, not YAML, not a mapping) and with the apps
 * files beside them (read by no stack), all at once.
 */
export function stackFileProblems(projectDir: string): string[] {
  const problems = [...misnamedStackFiles(projectDir), ...strayAppsFiles(projectDir)];
  for (const stack of listStacks(projectDir)) {
    try {
      readStackFile(projectDir, stack);
    } catch (err) {
      if (!(err instanceof StackFileError)) throw err;
      problems.push(err.message);
    }
  }
  return problems;
}

/** The project directory (the one holding Pulumi.yaml) at or above `from`. */
export function findProjectDir(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no Pulumi.yaml at or above ${from}`);
    dir = up;
  }
  return dir;
}
