/**
 * How big a stack's configuration is where the Pulumi CLI hands it over. The CLI's Node.js language host passes
 * the whole configuration to the program in one environment variable, `PULUMI_CONFIG`: a JSON object of every
 * key as `<namespace>:config:<name>` to its string value (structured values JSON-encoded, secrets decrypted),
 * built with Go's `encoding/json` (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs, `constructConfig`). The
 * policy analyzer gets the same object with `<namespace>:<name>` keys (sdk/go/common/resource/plugin,
 * analyzer_plugin.go), so the language host's is the larger. Linux refuses to start a process with any one
 * environment string over MAX_ARG_STRLEN, 32 pages of 4 KiB: `fork/exec .../node: argument list too long`
 * (pulumi/pulumi#8680, and #20402 for policy packs), before the program can say anything.
 */

/** Linux's MAX_ARG_STRLEN: the longest one `NAME=value` environment string may be, its closing NUL included. */
export const MAX_ENV_STRING_BYTES = 131_072;

/**
 * Above this, the program warns. The plan and the checks see secrets as placeholders, and a stack's secrets (a
 * PEM private key is about 1,700 bytes, twice that JSON-escaped twice) only grow under the CLI: a quarter of the
 * limit is kept for them.
 */
export const WARN_AT_BYTES = 98_304;

const GO_ESCAPES: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * A value as Go's `json.Marshal` writes it: JSON.stringify's output with Go's HTML-safe escapes (`<`, `>`, `&`
 * and the two JavaScript line terminators as `\u` sequences). Those characters only occur inside strings, so
 * replacing them in the text is exact.
 */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] as string);
}

/** A config value as the engine holds it: a structured value is re-encoded the way Go encodes it. */
function engineValue(value: string): string {
  if (!/^\s*[[{]/.test(value)) return value;
  try {
    return goJson(JSON.parse(value));
  } catch {
    return value;
  }
}

/** A full key (`okta-mmod:apps`) as the Node language host names it (`okta-mmod:config:apps`). */
function hostKey(key: string): string {
  const at = key.indexOf(":");
  if (at < 0) return key;
  const name = key.slice(at + 1);
  return `${key.slice(0, at)}:config:${name.startsWith("config:") ? name.slice("config:".length) : name}`;
}

export interface CliConfigSize {
  /** Bytes of the whole `PULUMI_CONFIG=...` environment string, its NUL included. */
  readonly bytes: number;
  /** The key that takes the most of it, and how many bytes it takes. */
  readonly largest: { readonly key: string; readonly bytes: number } | undefined;
}

/** The size of the `PULUMI_CONFIG` string the CLI would build for a configuration (full keys to string values). */
export function cliConfigSize(config: Readonly<Record<string, string>>): CliConfigSize {
  const entries = Object.entries(config).map(([key, value]) => ({
    key,
    bytes: Buffer.byteLength(`${goJson(hostKey(key))}:${goJson(engineValue(value))}`),
  }));
  const commas = Math.max(0, entries.length - 1);
  const bytes = Buffer.byteLength("PULUMI_CONFIG={}") + commas + 1 + entries.reduce((sum, e) => sum + e.bytes, 0);
  const largest = entries.reduce<CliConfigSize["largest"]>(
    (a, e) => (a === undefined || e.bytes > a.bytes ? e : a),
    undefined,
  );
  return { bytes, largest };
}
