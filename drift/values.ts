import { isSecretEnvelope } from "../offline/secrets";

/** How secrets are shown: the CLI already prints them as this string; envelopes and credentials are masked the same way. */
export const SECRET = "[secret]";
/** Pulumi's placeholder for a value not known at preview (`UnknownStringValue` in the SDK). */
export const UNKNOWN_PLACEHOLDER = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const UNKNOWN = "(unknown)";
export const TOO_DEEP = "(nested too deep to show)";

/** Values nested deeper than this are cut: the engine never nests Okta properties this far, a hostile file might. */
export const MAX_DEPTH = 32;
/** Longer strings are cut in the report (the digest keeps them); the markdown shortens further. */
const MAX_STRING = 2000;
/** Longer lists and maps are cut in the report. */
const MAX_ITEMS = 200;

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

/**
 * Property names that hold credentials, compared without case, `_` or `-`: their values are masked wherever they
 * appear, even when the digest shows them in plaintext (a provider that does not mark them secret). They include
 * every property the Okta SDK marks secret (`pulumi.secret` inputs, `additionalSecretOutputs`), write-only `...Wo`
 * variants included.
 */
const CREDENTIAL_NAMES = new Set([
  "answer",
  "secretkey",
  "principalorns",
  "resourceorns",
  "auth",
  "authorization",
  "headers",
  "credentials",
  "token",
  "apitoken",
  "accesstoken",
  "refreshtoken",
  "apikey",
  "privatekey",
  "recoveryanswer",
  "passwordhash",
  "pkcs12",
]);

export function isCredentialName(name: string): boolean {
  const key = name.toLowerCase().replace(/[-_]/g, "");
  return CREDENTIAL_NAMES.has(key) || /(secret|password|passphrase|privatekey)(wo)?$/.test(key);
}

function own(value: object, key: string): unknown {
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function shortHash(value: object): string | undefined {
  const hash = own(value, "hash");
  return typeof hash === "string" && hash !== "" ? hash.slice(0, 12) : undefined;
}

/**
 * A value as the report shows it: secret envelopes and credential-named properties as `[secret]` (never
 * descending into them), the unknown placeholder as `(unknown)`, assets and archives as a short hash, long strings
 * and lists cut, nesting bounded. Objects are rebuilt from own keys only.
 */
export function present(value: unknown, depth = 0): unknown {
  if (value === UNKNOWN_PLACEHOLDER) return UNKNOWN;
  if (typeof value === "string") {
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}... (${value.length} characters)` : value;
  }
  if (typeof value !== "object" || value === null) return value;
  if (isSecretEnvelope(value)) return SECRET;
  if (depth >= MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => present(v, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `... (${value.length - MAX_ITEMS} more items)`] : items;
  }
  const sig = own(value, SIG_KEY);
  if (sig === ASSET_SIG || sig === ARCHIVE_SIG) {
    const hash = shortHash(value);
    const what = sig === ASSET_SIG ? "asset" : "archive";
    return hash === undefined ? `(${what})` : `(${what} sha256:${hash})`;
  }
  const keys = Object.keys(value);
  const entries = keys
    .slice(0, MAX_ITEMS)
    .map((k): [string, unknown] => [k, isCredentialName(k) ? SECRET : present(own(value, k), depth + 1)]);
  if (keys.length > MAX_ITEMS) entries.push(["...", `${keys.length - MAX_ITEMS} more keys`]);
  return Object.fromEntries(entries);
}

/** Splits `a.b[1]["c.d"]` into ["a", "b", 1, "c.d"]. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(m[3].replace(/\\(.)/g, "$1"));
  }
  return out;
}

/** `present`ed value at a property path; `undefined` when the path does not exist. Own keys only. */
export function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const segment of path) {
    // The CLI prints a secret as the string "[secret]": a path below it is inside the secret, not absent.
    if (node === SECRET || isSecretEnvelope(node)) return SECRET;
    if (node === null || typeof node !== "object") return undefined;
    if (typeof segment === "string" && isCredentialName(segment)) {
      return Object.hasOwn(node, segment) ? SECRET : undefined;
    }
    if (Array.isArray(node)) {
      if (typeof segment !== "number" || segment >= node.length) return undefined;
      node = node[segment];
    } else {
      node = own(node, String(segment));
    }
  }
  return present(node);
}

/** Whether any segment of a property path names a credential (the whole value is then masked). */
export function isCredentialPath(path: readonly (string | number)[]): boolean {
  return path.some((s) => typeof s === "string" && isCredentialName(s));
}

/** The paths where two presented values differ, in key order (both already bounded by `present`). */
export function differingPaths(before: unknown, after: unknown, prefix = ""): string[] {
  if (Object.is(before, after)) return [];
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      out.push(...differingPaths(before[i], after[i], `${prefix}[${i}]`));
    }
    return out;
  }
  if (isMap(before) && isMap(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) =>
      differingPaths(
        own(before, k),
        own(after, k),
        /^[A-Za-z_$][\w$]*$/.test(k) ? (prefix === "" ? k : `${prefix}.${k}`) : `${prefix}[${JSON.stringify(k)}]`,
      ),
    );
  }
  return [prefix === "" ? "(the whole resource)" : prefix];
}
