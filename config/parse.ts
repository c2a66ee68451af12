import { z } from "zod";
import {
  DeliveryConfig,
  DeliveryInput,
  buildDelivery,
  deliveryProblems,
  deliverySchema,
  deliverySecretsNeeded,
} from "./delivery";
import {
  ENVIRONMENT_NAMES,
  ENVIRONMENT_PROFILES,
  EnvironmentName,
  EnvironmentProfile,
  atLeastAsStrict,
  isEnvironmentName,
  isProdGrade,
} from "./environments";
import { parse as parseYaml } from "yaml";
import type { AppsFileRead } from "./appsFile";
import { CliConfigSize, MAX_ENV_STRING_BYTES } from "./cliConfigSize";
import { MAX_SHOWN, SECRET_SHOWN_AS, didYouMean, isCredentialLike, problemList, shown } from "./messages";
import { knownKeysIn, strictObject } from "./schema";
import { isAllowedAppUrl, urlSchema } from "./urls";
import {
  AdminUser,
  RegistrationHook,
  adminUserSchema,
  hookMethodOf,
  oktaCalledUrl,
  registrationHookProblems,
  registrationHookSchema,
} from "./baselineValues";
import { ClientKeySource, PRIVATE_KEY_SHOWN_AS, PublicJwk, jwksSchema, withoutPrivateKeys } from "./clientKeys";
import { DELIVERY_TOKENS, OKTA_PROVIDER_KEYS } from "./credentials";
import { STACK_PROFILES_FILE } from "./stackProfiles";

/** The project's config namespace: every key below is `okta-mmod:<key>` in a stack file. */
export const NAMESPACE = "okta-mmod";

/** Keys whose values are credentials. Their values never reach this module: only whether they are set. */
export const SECRET_KEYS = [
  "privateKey",
  "apiToken",
  "registrationHookAuth",
  "githubToken",
  "tfeToken",
  "tfcNotificationUrl",
  "pulumiAccessToken",
] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

/**
 * The secret keys a stack must set, given its (raw) config: the hook's Authorization value when the hook
 * authenticates with a header, each delivery part's secret when that part is enabled. Provider credentials are
 * optional (they may come from the environment), so they are not here.
 */
export function requiredSecretKeys(values: Readonly<Record<string, string>>): SecretKey[] {
  let delivery: DeliveryInput | undefined;
  try {
    const parsed = deliverySchema.safeParse(values.delivery === undefined ? undefined : JSON.parse(values.delivery));
    delivery = parsed.success ? parsed.data : undefined;
  } catch {
    delivery = undefined;
  }
  const hookHeader = hookMethodOf(values.registrationHook) === "header";
  return [
    ...(hookHeader ? ["registrationHookAuth" as const] : []),
    ...(deliverySecretsNeeded(delivery) as SecretKey[]),
  ];
}

const PLAIN_KEYS = [
  "environment",
  "orgName",
  "baseUrl",
  "clientId",
  "privateKeyId",
  "scopes",
  "rateLimits",
  "apps",
  "appsFile",
  "audiences",
  "protectResources",
  "registrationHook",
  "adminUser",
  "delivery",
] as const;

/** Every key the program reads, in the order problems are reported. */
export const CONFIG_KEYS: readonly string[] = [...PLAIN_KEYS, ...SECRET_KEYS];

/** The Okta domains an org can live on (the provider's `baseUrl`). */
export const OKTA_DOMAINS = [
  "okta.com",
  "oktapreview.com",
  "okta-emea.com",
  "okta-gov.com",
  "okta.mil",
  "okta-miltest.com",
  "trexcloud.com",
] as const;

/**
 * A stack's configuration as Pulumi stores it: every key set in the project's namespace (without the
 * `okta-mmod:` prefix) with its string value (objects and arrays JSON-encoded). Secret keys carry no value.
 */
export interface RawStackConfig {
  readonly stack: string;
  readonly values: Readonly<Record<string, string>>;
  /** Keys whose values are stored encrypted (set with `pulumi config set --secret`); full keys, any namespace. */
  readonly encrypted: ReadonlySet<string>;
  /** Full keys set outside the project's namespace (`okta:orgName`, `pulumi:disable-default-providers`). */
  readonly otherKeys?: readonly string[];
  /** The stack's apps file when `appsFile` names one, as the loader read it. */
  readonly appsFile?: AppsFileRead;
  /** How big the whole configuration is as the Pulumi CLI passes it to the program; unchecked when absent. */
  readonly cliConfigSize?: CliConfigSize;
}

/** How the Okta provider authenticates. `environment` leaves it to the provider's `OKTA_*` variables. */
export type OktaAuth<S> =
  | {
      readonly method: "oauth";
      readonly clientId: string;
      readonly privateKeyId: string | undefined;
      readonly privateKey: S;
      readonly scopes: readonly string[];
    }
  | { readonly method: "apiToken"; readonly apiToken: S }
  | { readonly method: "environment" };

/** The Okta provider's rate-limit and retry knobs. */
export interface RateLimits {
  readonly maxApiCapacity: number;
  readonly backoff: boolean;
  readonly minWaitSeconds: number;
  readonly maxWaitSeconds: number;
  readonly maxRetries: number;
  readonly requestTimeout: number;
  readonly parallelism: number;
}

/** Where one app of the app set lives in this stack's environment. */
export interface AppEndpoints {
  /** Scheme, host, optional port and path, without a trailing slash; the app's URIs are built from it. */
  readonly baseUrl: string;
  /** Further redirect URIs for this environment only (a test client's callback, say). */
  readonly extraRedirectUris: readonly string[];
}

/** A stack's configuration, parsed and validated. `S` is how secret values are carried. */
export interface StackConfig<S> {
  readonly stack: string;
  readonly environment: EnvironmentName;
  readonly profile: EnvironmentProfile;
  readonly orgName: string;
  readonly baseUrl: string;
  /** `https://<orgName>.<baseUrl>` */
  readonly orgUrl: string;
  readonly auth: OktaAuth<S>;
  readonly rateLimits: RateLimits;
  readonly apps: Readonly<Record<string, AppEndpoints>>;
  /**
   * Per confidential OIDC app that gives one (by key): the public keys it signs client assertions with, so that it
   * authenticates with private_key_jwt and has no client secret. Every such app of a prod-grade stack has one.
   */
  readonly clientKeys: Readonly<Record<string, ClientKeySource>>;
  /**
   * Per authorization server of the catalogue (by key): its audiences, the `aud` claim of its access tokens (the
   * API they are for, as this org names it).
   */
  readonly audiences: Readonly<Record<string, readonly string[]>>;
  readonly protectResources: boolean;
  /** The registration inline hook's endpoint and authentication; undefined when the stack declares no hook. */
  readonly registrationHook: RegistrationHook<S> | undefined;
  /** The admin user's login and email; undefined when the stack declares no admin user. */
  readonly adminUser: AdminUser | undefined;
  /** The GitHub / Terraform Cloud / Pulumi Deployments settings; undefined when the stack manages none. */
  readonly delivery: DeliveryConfig<S> | undefined;
}

/** One thing wrong with a stack's configuration. */
export interface ConfigProblem {
  /** Full key path, e.g. `okta-mmod:rateLimits.maxApiCapacity`. */
  readonly path: string;
  /** The offending value as shown to the user (`[secret]` for credentials, `nothing` when unset). */
  readonly got: string;
  /** What is allowed. */
  readonly expected: string;
}

export class ConfigError extends Error {
  constructor(
    readonly stackName: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(formatProblems(stackName, problems));
    this.name = "ConfigError";
  }
}

export function formatProblems(stack: string, problems: readonly ConfigProblem[]): string {
  const noun = problems.length === 1 ? "problem" : "problems";
  const list = problemList(problems.map((p) => `${p.path}: got ${p.got}; expected ${p.expected}`));
  return `Stack "${stack}" has ${problems.length} configuration ${noun}:\n${list}`;
}

const NOT_SET = "nothing (the key is not set)";

const ORG_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const API_SCOPE = /^okta\.[A-Za-z]+(?:\.[A-Za-z]+)+$/;

const intRange = (lo: number, hi: number, what: string) => {
  const expected = `an integer from ${lo} to ${hi}${what}`;
  return z.int({ error: expected }).min(lo, { error: expected }).max(hi, { error: expected });
};

const rateLimitsSchema = strictObject(
  {
    maxApiCapacity: intRange(1, 100, " (percent of the org's API rate limit the provider may use)").optional(),
    backoff: z.boolean({ error: "true or false" }).optional(),
    minWaitSeconds: intRange(1, 3600, "").optional(),
    maxWaitSeconds: intRange(1, 3600, "").optional(),
    maxRetries: intRange(0, 100, "").optional(),
    requestTimeout: intRange(0, 300, " (seconds; 0 means no timeout)").optional(),
    parallelism: intRange(1, 32, "").optional(),
  },
  "an object of rate-limit settings",
);

const scopesSchema = z
  .array(z.string().regex(API_SCOPE, { error: 'an Okta API scope such as "okta.groups.manage"' }), {
    error: 'a list of Okta API scopes such as ["okta.groups.manage", "okta.apps.manage"]',
  })
  .min(1, { error: "at least one Okta API scope" });

function uriExpectation(profile: EnvironmentProfile): string {
  return profile.allowLoopbackUris
    ? "an absolute https:// URL (http:// only on localhost, 127.0.0.1 or [::1]) with no query, fragment or trailing slash"
    : "an absolute https:// URL on a non-loopback host with no query, fragment or trailing slash";
}

/**
 * A key source on an app that authenticates no client: a browser or native app (a public client, PKCE and no client
 * authentication) or a SAML app. Refused with why, rather than as an unknown key.
 */
const NO_CLIENT_KEYS = z
  .undefined({
    error:
      "no value: this app is not a confidential OIDC app (a browser or native app is a public client, signing in with PKCE and no client authentication; a SAML app has no token endpoint), so it has no client keys; only a web or service app's entry takes jwksUri or jwks",
  })
  .optional();

/**
 * `okta-mmod:apps`: an entry per app that lives at a URL (its baseUrl), and for confidential OIDC apps (`keyedApps`)
 * the public keys they sign client assertions with; an app with keys and no URL (a service app) may leave its
 * entry out.
 */
function appsSchema(appKeys: readonly string[], keyedApps: readonly string[], profile: EnvironmentProfile) {
  const expected = uriExpectation(profile);
  const url = urlSchema(expected, (v) => isAllowedAppUrl(v, profile));
  const endpointShape = {
    baseUrl: url,
    extraRedirectUris: z.array(url, { error: `a list of URLs, each ${expected}` }).optional(),
  };
  const keyShape = { jwksUri: oktaCalledUrl.optional(), jwks: jwksSchema.optional() };
  const entry = (key: string) => {
    const keyed = keyedApps.includes(key);
    if (!appKeys.includes(key)) {
      return strictObject(keyShape, "an object with jwksUri or jwks (the app's public keys)").optional();
    }
    return keyed
      ? strictObject(
          { ...endpointShape, ...keyShape },
          "an object with baseUrl (and optionally extraRedirectUris, and jwksUri or jwks)",
        )
      : strictObject(
          { ...endpointShape, jwksUri: NO_CLIENT_KEYS, jwks: NO_CLIENT_KEYS },
          "an object with baseUrl (and optionally extraRedirectUris)",
          ["jwksUri", "jwks"],
        );
  };
  const keys = [...appKeys, ...keyedApps.filter((k) => !appKeys.includes(k))];
  const shape = Object.fromEntries(keys.map((k) => [k, entry(k)]));
  return strictObject(shape, `an object with one entry per app: ${appKeys.join(", ")}`);
}

/**
 * What the schema cannot say about the confidential apps' key sources, read from the decoded map itself so that it
 * is reported together with any problem the schema finds: an app giving both sources, and, in a prod-grade stack,
 * an app giving none (no app the program manages there authenticates with a shared client secret). Apps in
 * `pasted` had a private key taken out: that problem is reported already.
 */
function clientKeyProblems(
  decoded: unknown,
  keyedApps: readonly string[],
  prodGrade: boolean,
  pasted: ReadonlySet<string>,
): { path: PropertyKey[]; got: string; expected: string }[] {
  if (decoded === null || typeof decoded !== "object" || Array.isArray(decoded)) return [];
  const apps = decoded as Record<string, unknown>;
  const problems: { path: PropertyKey[]; got: string; expected: string }[] = [];
  for (const app of keyedApps) {
    const entry = Object.hasOwn(apps, app) ? apps[app] : undefined;
    const given = entry !== null && typeof entry === "object" ? (entry as Record<string, unknown>) : {};
    const hasUri = given.jwksUri !== undefined;
    const hasList = given.jwks !== undefined;
    if (hasUri && hasList) {
      problems.push({
        path: [app, "jwks"],
        got: "a list of keys beside jwksUri",
        expected: "no value while jwksUri is set: Okta takes the app's keys from one place, the JWKS URL or this list",
      });
    } else if (!hasUri && !hasList && prodGrade && !pasted.has(app)) {
      problems.push({
        path: [app, "jwksUri"],
        got: NOT_SET,
        expected: `the app's public keys: jwksUri (an https:// URL on a host Okta can reach, where the app publishes its JWKS) or jwks beside it (a list of public JWKs: RSA kty, kid, e, n or EC kty, kid, crv, x, y); in a prod-grade stack a confidential app authenticates with private_key_jwt, never with a shared client secret`,
      });
    }
  }
  return problems;
}

const AUDIENCE = 'an absolute URI of at most 1024 ASCII characters, without spaces, e.g. "api://example.com"';

/**
 * An audience Okta can put in a token's `aud` claim: an absolute URI in printable ASCII, so that no space, control
 * character or look-alike letter can make two audiences read the same in a review.
 */
function isAudience(value: string): boolean {
  return value.length <= 1024 && /^[A-Za-z][A-Za-z0-9+.-]*:[!-~]+$/.test(value) && URL.canParse(value);
}

/**
 * Okta's authorization servers take one audience: the provider's `audiences` input says "Currently Okta only
 * supports a single value here" (@pulumi/okta auth/server.d.ts), so a second one would fail only at `pulumi up`.
 */
const ONE_AUDIENCE = `a list of exactly one audience (an Okta authorization server takes a single audience), ${AUDIENCE}`;

function audiencesSchema(serverKeys: readonly string[]) {
  const audience = z.string({ error: AUDIENCE }).refine(isAudience, { error: AUDIENCE });
  const audiences = z
    .array(audience, { error: ONE_AUDIENCE })
    .refine((list) => list.length === 1, { error: ONE_AUDIENCE });
  const shape = Object.fromEntries(serverKeys.map((k) => [k, audiences]));
  return strictObject(
    shape,
    serverKeys.length === 0
      ? "no entry: the app catalogue (definitions/apps.ts) has no authorization server, so there is no audience to give; remove the entry, or add the server to APP_CATALOGUE.authServers first"
      : `an object with the audience of each authorization server of the catalogue: ${serverKeys.join(", ")}`,
  );
}

function show(value: unknown): string {
  return value === undefined ? NOT_SET : shown(value);
}

/**
 * Longest string a key may hold: a plain value, or any one string (key or value) inside a structured value. A
 * stack file is reviewed by people, and no single setting needs more. A structured value is not capped as a
 * whole: the apps map of a 1,000-app org with long host names is legitimately larger than any one string.
 */
export const MAX_VALUE_LENGTH = 65_536;

/** Keys whose values are structured (objects or lists, JSON-encoded by the engine): capped per string inside. */
const STRUCTURED_KEYS: readonly string[] = [
  "scopes",
  "rateLimits",
  "apps",
  "audiences",
  "registrationHook",
  "adminUser",
  "delivery",
];

/** Every string in a decoded JSON value (object keys included) longer than {@link MAX_VALUE_LENGTH}, with its path. */
function oversizeStrings(root: unknown): { path: PropertyKey[]; value: string }[] {
  const found: { path: PropertyKey[]; value: string }[] = [];
  // An explicit stack, not recursion: a hostile value may nest deeper than the call stack allows.
  const pending: { node: unknown; path: PropertyKey[] }[] = [{ node: root, path: [] }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { node, path } = next;
    if (typeof node === "string") {
      if (node.length > MAX_VALUE_LENGTH) found.push({ path, value: node });
    } else if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) pending.push({ node: node[i] as unknown, path: [...path, i] });
    } else if (node !== null && typeof node === "object") {
      const entries = Object.entries(node as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i] as [string, unknown];
        // An over-long key is reported as a string in its place, and what it holds is not looked at.
        pending.push({ node: k.length > MAX_VALUE_LENGTH ? k : v, path: [...path, k] });
      }
    }
  }
  return found;
}

/** Why a stack's configuration has a size limit, and the way past it: said wherever the limit is reported. */
export const CLI_CONFIG_LIMIT =
  'the Pulumi CLI passes it, secrets decrypted, to the program and to the policy pack each in one environment variable (PULUMI_CONFIG), and Linux refuses to start a process with one over 128 KiB ("argument list too long"); keep the apps\' URLs in the stack\'s apps file instead (okta-mmod:appsFile, see "Performance at org scale" in the README)';

/** Namespaces whose keys the program may leave alone: the engine's own settings. */
const ENGINE_NAMESPACES = ["pulumi"];

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== "object") {
      return undefined;
    }
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

/**
 * A problem's path: `okta-mmod:apps.portal.baseUrl` under a config key, `stack-apps/prod.yaml: portal.baseUrl` in
 * a stack's apps file (a prefix ending in a space).
 */
function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const [i, segment] of path.entries()) {
    const name = String(segment);
    // A path names a key of the user's value, which may be of any length: cut like any value shown.
    const cut = name.length > MAX_SHOWN ? `${name.slice(0, MAX_SHOWN)}... (${name.length} characters)` : name;
    out += typeof segment === "number" ? `[${segment}]` : i === 0 && prefix.endsWith(" ") ? cut : `.${cut}`;
  }
  return out;
}

/**
 * The keys a stack may not hold, each with what to do instead: the delivery tokens in every stack, the Okta
 * service app's keys in a prod-profile one.
 */
function refusedKeys(stack: string, prodProfile: boolean): Map<string, string> {
  const refused = new Map<string, string>();
  const decryptable = "any token that can read the stack (a pull request's preview, the drift check) can decrypt it";
  for (const [key, home] of Object.entries(DELIVERY_TOKENS)) {
    refused.set(
      key,
      `no value in any stack's config: ${decryptable}, and it reaches the controls of every stack, prod's included. Remove it (pulumi config rm ${NAMESPACE}:${key}), rotate it, and set it as the secret ${home.secret} of the protected GitHub environment "${stack}": the deploy job gives it to the provider as ${home.variable}`,
    );
  }
  if (!prodProfile) return refused;
  refused.set(
    "tfcNotificationUrl",
    `no value in a prod-profile stack's config: ${decryptable}, and the webhook URL is its own credential. Send prod's drift notification by email instead (okta-mmod:delivery.terraformCloud.notification: {type: email, emailUserIds: [user-...]}), remove this key (pulumi config rm ${NAMESPACE}:tfcNotificationUrl) and revoke the webhook: earlier versions of the state hold it`,
  );
  for (const [key, variable] of Object.entries(OKTA_PROVIDER_KEYS)) {
    const secret = (SECRET_KEYS as readonly string[]).includes(key);
    refused.set(
      key,
      secret
        ? `no value in a prod-profile stack's config: ${decryptable}. Remove it (pulumi config rm ${NAMESPACE}:${key}), rotate it, and set the write app's as the secret ${variable} of the protected GitHub environment "${stack}" (the read-only app's goes in "${stack}-read"): the provider reads ${variable}`
        : `no value in a prod-profile stack's config: the Okta provider takes the service app from the job's environment (${variable}: the write app's in the protected GitHub environment "${stack}", the read-only app's in "${stack}-read"), and a value here would override both. Remove it (pulumi config rm ${NAMESPACE}:${key}) and set the variable ${variable} in each environment`,
    );
  }
  return refused;
}

/**
 * Turns a stack's raw configuration into one typed, validated object, or throws a {@link ConfigError} that
 * lists every problem at once. Pure: `readSecret` is called only for secret keys that are set and encrypted,
 * and their values never pass through here. `bound` is the profile the code-owned binding gives the stack
 * (config/stackProfiles.ts): the stack file may restate or strengthen it, never weaken it. `appKeys` are the apps
 * that live at a URL, `keyedApps` the confidential OIDC apps, which may (and in a prod-grade stack must) give the
 * public keys they authenticate with.
 */
export function parseStackConfig<S>(
  raw: RawStackConfig,
  appKeys: readonly string[],
  readSecret: (key: SecretKey) => S,
  bound: EnvironmentName,
  authServerKeys: readonly string[],
  keyedApps: readonly string[] = [],
): StackConfig<S> {
  const problems: ConfigProblem[] = [];
  const problem = (
    key: string,
    got: string,
    expected: string,
    path: readonly PropertyKey[] = [],
    prefix = `${NAMESPACE}:${key}`,
  ) => problems.push({ path: joinPath(prefix, path), got, expected });

  const text = (key: string): string | undefined => raw.values[key];

  /** Reports every over-long string in a decoded value; true when there was one. */
  const reportOversize = (key: string, decoded: unknown, prefix?: string): boolean => {
    const oversize = oversizeStrings(decoded);
    for (const { path, value: long } of oversize) {
      const secret = path.some((segment) => typeof segment === "string" && isCredentialLike(segment));
      const got = secret ? SECRET_SHOWN_AS : show(long);
      problem(key, got, `a string of at most ${MAX_VALUE_LENGTH} characters`, path, prefix);
    }
    return oversize.length > 0;
  };

  /** Decodes a JSON-valued key; reports it when it is not JSON. */
  const json = (key: string, expected: string): { ok: true; value: unknown; prefix?: string } | { ok: false } => {
    const value = text(key);
    if (value === undefined) {
      return { ok: true, value: undefined };
    }
    let decoded: unknown;
    try {
      decoded = JSON.parse(value);
    } catch {
      problem(key, show(value), `${expected} (set it as structured YAML, or with --path)`);
      return { ok: false };
    }
    if (reportOversize(key, decoded)) return { ok: false };
    // YAML's null is not "the default": a key set to nothing is a mistake, never silently ignored.
    if (decoded === null) {
      problem(key, "null", `${expected} (or remove the key for the default)`);
      return { ok: false };
    }
    return { ok: true, value: decoded };
  };

  /**
   * Validates a decoded value with a schema and reports every issue with its exact path. With `misplacedSecret`
   * (what to do with a secret found in the object), the value under a key the schema does not know, and that is no
   * near miss of one it does, is never shown: for an object a secret is easily misplaced in.
   */
  const check = <T>(
    key: string,
    value: unknown,
    schema: z.ZodType<T>,
    prefix?: string,
    misplacedSecret?: string,
  ): T | undefined => {
    const result = schema.safeParse(value);
    if (result.success) {
      return result.data;
    }
    // A value under a credential-like key is never shown, even where the key itself is the mistake.
    const showAt = (path: readonly PropertyKey[]) =>
      path.some((segment) => typeof segment === "string" && isCredentialLike(segment))
        ? SECRET_SHOWN_AS
        : show(valueAt(value, path));
    for (const issue of result.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const unknownKey of issue.keys) {
          const path = [...issue.path, unknownKey];
          const near = didYouMean(unknownKey, knownKeysIn(issue.message));
          const plain =
            misplacedSecret !== undefined && near === undefined
              ? `; ${misplacedSecret}`
              : isCredentialLike(unknownKey)
                ? "; a credential belongs in an encrypted key (pulumi config set --secret), never in a plain object"
                : "";
          const expected = `${issue.message}${plain}${near ? `; did you mean "${near}"?` : ""}`;
          // A near miss of a known key holds that key's value; anything else may be the misplaced secret.
          const hidden = misplacedSecret !== undefined && near === undefined;
          problem(key, hidden ? SECRET_SHOWN_AS : showAt(path), expected, path, prefix);
        }
      } else {
        problem(key, showAt(issue.path), issue.message, issue.path, prefix);
      }
    }
    return undefined;
  };

  for (const key of Object.keys(raw.values)) {
    if (!CONFIG_KEYS.includes(key)) {
      const near = didYouMean(key, CONFIG_KEYS);
      const hint = near === undefined ? "" : `; did you mean ${NAMESPACE}:${near}?`;
      problem(key, "a value", `one of the program's keys: ${CONFIG_KEYS.join(", ")}${hint}`);
    } else if (!STRUCTURED_KEYS.includes(key) && (raw.values[key] as string).length > MAX_VALUE_LENGTH) {
      problem(key, show(raw.values[key]), `a value of at most ${MAX_VALUE_LENGTH} characters`);
    }
  }
  const size = raw.cliConfigSize;
  if (size !== undefined && size.bytes > MAX_ENV_STRING_BYTES && size.largest !== undefined) {
    problems.push({
      path: size.largest.key,
      got: `${size.largest.bytes} of the ${size.bytes} bytes the whole configuration takes in PULUMI_CONFIG`,
      expected: `a whole configuration of at most ${MAX_ENV_STRING_BYTES} bytes: ${CLI_CONFIG_LIMIT}`,
    });
  }
  // Provider settings (`okta:orgName`, `github:token`) configure default providers, which this program never
  // uses: each provider is explicit and built from this namespace's keys, so such a key would be ignored.
  for (const fullKey of raw.otherKeys ?? []) {
    const at = fullKey.indexOf(":");
    const namespace = at < 0 ? "" : fullKey.slice(0, at);
    if (ENGINE_NAMESPACES.includes(namespace)) continue;
    const near = didYouMean(fullKey.slice(at + 1), CONFIG_KEYS);
    problems.push({
      path: fullKey,
      got: "a value",
      expected: `no key in the ${namespace}: namespace: the program configures every provider from ${NAMESPACE}: keys and would ignore it${near ? ` (did you mean ${NAMESPACE}:${near}?)` : ""}`,
    });
  }
  // Keys no stack of this profile may hold at all (config/credentials.ts): a write credential in a stack's config
  // is decryptable by every token that can read the stack, previews' and the drift check's included. Decided on
  // the stricter of the binding and the claim, so a stack file cannot dodge it by claiming a weaker profile.
  const claimed = text("environment");
  const prodProfile =
    isProdGrade(bound) || (claimed !== undefined && isEnvironmentName(claimed) && isProdGrade(claimed));
  const refused = refusedKeys(raw.stack, prodProfile);
  // Every credential-like key must be encrypted, whatever its namespace and whether or not the program uses it:
  // a plain-text credential in a stack file is leaked the moment the file is committed.
  for (const fullKey of [...Object.keys(raw.values).map((k) => `${NAMESPACE}:${k}`), ...(raw.otherKeys ?? [])]) {
    const key = fullKey.startsWith(`${NAMESPACE}:`) ? fullKey.slice(NAMESPACE.length + 1) : undefined;
    const credential = isCredentialLike(fullKey) || (SECRET_KEYS as readonly string[]).includes(key ?? "");
    const plainText = credential && !raw.encrypted.has(fullKey);
    const refusal = key === undefined ? undefined : refused.get(key);
    if (refusal !== undefined) {
      const value = credential ? SECRET_SHOWN_AS : show(raw.values[key as string]);
      problems.push({ path: fullKey, got: plainText ? `${value} stored in plain text` : value, expected: refusal });
    } else if (plainText) {
      problems.push({
        path: fullKey,
        got: `${SECRET_SHOWN_AS} stored in plain text`,
        expected: `an encrypted value: remove it from the stack file, rotate it, and run pulumi config set --secret ${fullKey}`,
      });
    }
  }

  const environmentText = text("environment");
  let environment: EnvironmentName | undefined;
  const atLeastBound = ENVIRONMENT_NAMES.filter((e) => atLeastAsStrict(e, bound));
  if (environmentText !== undefined && isEnvironmentName(environmentText) && atLeastAsStrict(environmentText, bound)) {
    environment = environmentText;
  } else if (environmentText !== undefined && isEnvironmentName(environmentText)) {
    problem(
      "environment",
      show(environmentText),
      `one of: ${atLeastBound.join(", ")}: ${STACK_PROFILES_FILE} (code-owned) binds stack "${raw.stack}" to the ${bound} profile, and a stack file may only restate or strengthen it`,
    );
  } else {
    problem("environment", show(environmentText), `one of: ${atLeastBound.join(", ")}`);
  }
  // Checks that depend on the environment use the strictest profile until the environment is known.
  const profile: EnvironmentProfile = ENVIRONMENT_PROFILES[environment ?? "prod"];

  const orgName = text("orgName");
  // YAML's null (`orgName: null` or `orgName: ~`) reaches the program as the text "null".
  if (orgName === undefined || !ORG_NAME.test(orgName) || orgName === "null") {
    problem("orgName", show(orgName), "the org's subdomain, e.g. dev-123456 (lowercase letters, digits, hyphens)");
  }

  const baseUrl = text("baseUrl") ?? "okta.com";
  if (!(OKTA_DOMAINS as readonly string[]).includes(baseUrl)) {
    problem("baseUrl", show(baseUrl), `an Okta domain without scheme or path, one of: ${OKTA_DOMAINS.join(", ")}`);
  }

  const secretSet = (key: SecretKey): boolean => {
    if (raw.values[key] === undefined) {
      return false;
    }
    // A plain-text value was reported with every other credential-like key above.
    return raw.encrypted.has(`${NAMESPACE}:${key}`);
  };

  // Provider authentication: the OAuth 2.0 service app, the legacy API token, or the provider's environment.
  const clientId = text("clientId");
  const privateKeyId = text("privateKeyId");
  const hasPrivateKey = secretSet("privateKey");
  const hasApiToken = secretSet("apiToken");
  const scopesJson = json("scopes", "a list of Okta API scopes");
  const scopes =
    scopesJson.ok && scopesJson.value !== undefined ? check("scopes", scopesJson.value, scopesSchema) : undefined;
  const oauthKeysSet = [
    clientId !== undefined,
    privateKeyId !== undefined,
    raw.values.privateKey !== undefined,
    text("scopes") !== undefined,
  ].some(Boolean);
  if (clientId !== undefined && !/^\S+$/.test(clientId)) {
    problem("clientId", show(clientId), "the service app's client id, e.g. 0oa1b2c3d4e5f6g7h8i9 (no spaces)");
  }
  if (privateKeyId !== undefined && !/^\S+$/.test(privateKeyId)) {
    problem("privateKeyId", show(privateKeyId), "the key id (kid) of the service app's public key (no spaces)");
  }
  // A prod-profile stack had each of these keys refused above: its service app comes from the environment.
  if (oauthKeysSet && !prodProfile) {
    const why = "a value: the OAuth 2.0 service app needs clientId, privateKey (secret) and scopes together";
    if (clientId === undefined) problem("clientId", NOT_SET, why);
    if (raw.values.privateKey === undefined) problem("privateKey", NOT_SET, why);
    if (text("scopes") === undefined) problem("scopes", NOT_SET, why);
    if (raw.values.apiToken !== undefined) {
      problem("apiToken", SECRET_SHOWN_AS, "no value when the OAuth 2.0 service app keys are set (use one method)");
    }
  }

  const rateLimitsJson = json("rateLimits", "an object of rate-limit settings");
  const rateLimitsInput = rateLimitsJson.ok
    ? check("rateLimits", rateLimitsJson.value ?? {}, rateLimitsSchema)
    : undefined;
  const rateLimits: RateLimits = {
    maxApiCapacity: rateLimitsInput?.maxApiCapacity ?? profile.maxApiCapacity,
    backoff: rateLimitsInput?.backoff ?? true,
    minWaitSeconds: rateLimitsInput?.minWaitSeconds ?? 30,
    maxWaitSeconds: rateLimitsInput?.maxWaitSeconds ?? 300,
    maxRetries: rateLimitsInput?.maxRetries ?? 5,
    requestTimeout: rateLimitsInput?.requestTimeout ?? 0,
    parallelism: rateLimitsInput?.parallelism ?? 1,
  };
  if (rateLimitsInput !== undefined && rateLimits.maxWaitSeconds < rateLimits.minWaitSeconds) {
    problem(
      "rateLimits",
      String(rateLimits.maxWaitSeconds),
      `an integer no smaller than minWaitSeconds (${rateLimits.minWaitSeconds})`,
      ["maxWaitSeconds"],
    );
  }

  /** The apps map from the stack's apps file, with the prefix its problems are reported under. */
  function appsFromFile(): { ok: true; value: unknown; prefix?: string } | { ok: false } {
    const named = appsFileName as string;
    const read = raw.appsFile;
    if (text("apps") !== undefined) {
      problem("appsFile", show(named), `no value while ${NAMESPACE}:apps is set: a stack's app URLs live in one place`);
      return { ok: false };
    }
    if (read === undefined || read.file !== named) {
      problem("appsFile", show(named), "a stack loaded by the program, which reads the file");
      return { ok: false };
    }
    if ("error" in read) {
      problem("appsFile", show(named), read.error);
      return { ok: false };
    }
    let decoded: unknown;
    try {
      decoded = parseYaml(read.text);
    } catch (err) {
      const first = (err as Error).message.split("\n")[0] ?? "";
      problem("appsFile", show(named), `a file of valid YAML: ${shown(first).slice(1, -1)}`);
      return { ok: false };
    }
    const prefix = `${read.file}: `;
    if (reportOversize("appsFile", decoded, prefix)) return { ok: false };
    return { ok: true, value: decoded, prefix };
  }

  const appsFileName = text("appsFile");
  const appsInput = appsFileName === undefined ? json("apps", "an object with one entry per app") : appsFromFile();
  let apps: Record<string, AppEndpoints> | undefined;
  let clientKeys: Record<string, ClientKeySource> | undefined;
  if (appsInput.ok) {
    // A private key pasted for a public one is reported, never shown, and taken out before any other check can
    // show a part of it.
    const scanned = withoutPrivateKeys(appsInput.value);
    for (const pasted of scanned.found) {
      problem("apps", PRIVATE_KEY_SHOWN_AS, pasted.expected, pasted.path, appsInput.prefix);
    }
    const pastedIn = new Set(scanned.found.map((f) => String(f.path[0])));
    for (const p of clientKeyProblems(scanned.value, keyedApps, prodProfile, pastedIn)) {
      problem("apps", p.got, p.expected, p.path, appsInput.prefix);
    }
    const parsed = check("apps", scanned.value, appsSchema(appKeys, keyedApps, profile), appsInput.prefix) as
      | Record<string, { baseUrl?: string; extraRedirectUris?: string[]; jwksUri?: string; jwks?: PublicJwk[] }>
      | undefined;
    if (parsed !== undefined) {
      apps = Object.fromEntries(
        appKeys.flatMap((k) => {
          const v = parsed[k];
          return v?.baseUrl === undefined
            ? []
            : [[k, { baseUrl: v.baseUrl, extraRedirectUris: v.extraRedirectUris ?? [] }]];
        }),
      );
      clientKeys = {};
      for (const app of keyedApps) {
        const { jwksUri, jwks } = parsed[app] ?? {};
        if (jwksUri !== undefined) clientKeys[app] = { jwksUri };
        else if (jwks !== undefined) clientKeys[app] = { jwks };
      }
    }
  }

  let audiences: Record<string, string[]> | undefined;
  const audiencesJson = json("audiences", "an object with the audience of each authorization server");
  if (audiencesJson.ok) {
    // A catalogue without authorization servers needs no entry; with some, every stack names their audiences.
    const given = audiencesJson.value ?? (authServerKeys.length === 0 ? {} : undefined);
    audiences = check("audiences", given, audiencesSchema(authServerKeys));
  }

  const protectText = text("protectResources");
  let protectResources = profile.protectByDefault;
  if (protectText === "true" || protectText === "false") {
    protectResources = protectText === "true";
  } else if (protectText !== undefined) {
    problem("protectResources", show(protectText), "true or false");
  }

  const hookJson = json("registrationHook", "an object with the registration inline hook's url and method");
  const hookInput =
    hookJson.ok && hookJson.value !== undefined
      ? // A header hook's secret misplaced in the object (as value:, header:, ...) is never echoed.
        check(
          "registrationHook",
          hookJson.value,
          registrationHookSchema,
          undefined,
          `the value is not shown: a header hook's Authorization value is a secret, set with pulumi config set --secret ${NAMESPACE}:registrationHookAuth, never in this object`,
        )
      : undefined;
  const hookProblems = hookJson.ok ? registrationHookProblems(hookJson.value, prodProfile) : [];
  for (const p of hookProblems) problem("registrationHook", show(p.got), p.expected, p.path);
  // The header secret is read only where the hook uses it: anywhere else it is a credential nothing needs, which
  // every token that can read the stack can still decrypt.
  const hookAuthSet = raw.values.registrationHookAuth !== undefined;
  const headerMethod = hookMethodOf(text("registrationHook")) === "header";
  const removeHookAuth = `Remove it (pulumi config rm ${NAMESPACE}:registrationHookAuth) and rotate it at the hook's endpoint`;
  if (hookAuthSet && prodProfile) {
    problem(
      "registrationHookAuth",
      SECRET_SHOWN_AS,
      `no value in a prod-grade stack's config: any token that can read the stack (a pull request's preview, the drift check) can decrypt it, and the hook authenticates with private_key_jwt instead (${NAMESPACE}:registrationHook.method). ${removeHookAuth}`,
    );
  } else if (hookAuthSet && !headerMethod) {
    problem(
      "registrationHookAuth",
      SECRET_SHOWN_AS,
      `no value unless ${NAMESPACE}:registrationHook.method is "header": nothing reads it, and any token that can read the stack can decrypt it. ${removeHookAuth}`,
    );
  } else if (!hookAuthSet && headerMethod) {
    problem(
      "registrationHookAuth",
      NOT_SET,
      `the registration inline hook's Authorization header value, because ${NAMESPACE}:registrationHook.method is "header": pulumi config set --secret ${NAMESPACE}:registrationHookAuth`,
    );
  }

  // A private_key_jwt hook is a dynamic resource that calls Okta's API with the job's OKTA_API_* variables
  // (components/oauthInlineHook.ts): service-app keys in the stack config reach the Okta provider only, so the
  // hook would fail at `up` with no credentials. Said here, before any run.
  const configuredOkta = Object.entries(OKTA_PROVIDER_KEYS).filter(([key]) => raw.values[key] !== undefined);
  if (!prodProfile && hookMethodOf(text("registrationHook")) === "private_key_jwt" && configuredOkta.length > 0) {
    problem(
      "registrationHook",
      '"private_key_jwt"',
      `"header", or the Okta service app in the job's environment: a private_key_jwt hook is managed through Okta's API with the job's ${configuredOkta.map(([, variable]) => variable).join(", ")}, and this stack sets ${configuredOkta.map(([key]) => `${NAMESPACE}:${key}`).join(", ")} in its config instead. Move them to those variables (pulumi config rm each key)`,
      ["method"],
    );
  }

  const adminUserJson = json("adminUser", "an object with the admin user's login and email");
  const adminUser =
    adminUserJson.ok && adminUserJson.value !== undefined
      ? check("adminUser", adminUserJson.value, adminUserSchema)
      : undefined;

  const deliveryJson = json("delivery", "an object of delivery settings");
  let deliveryInput: DeliveryInput | undefined;
  if (deliveryJson.ok && deliveryJson.value !== undefined) {
    deliveryInput = check("delivery", deliveryJson.value, deliverySchema);
    if (deliveryInput !== undefined && environment !== undefined) {
      for (const p of deliveryProblems(deliveryInput, environment))
        problem("delivery", show(p.got), p.expected, p.path);
    }
    for (const key of deliverySecretsNeeded(deliveryInput) as SecretKey[]) {
      // A key this stack may not hold is not asked for: the refusal of the part that needs it says what to do.
      if (raw.values[key] === undefined && !refused.has(key)) {
        problem(
          key,
          NOT_SET,
          `a value, because okta-mmod:delivery enables the part that uses it: pulumi config set --secret ${NAMESPACE}:${key}`,
        );
      }
    }
  }

  if (environment !== undefined && isProdGrade(environment) && deliveryJson.ok && deliveryJson.value === undefined) {
    problem(
      "delivery",
      NOT_SET,
      "the stack's delivery settings with a github section (and reviewerTeams): a prod stack deploys only through a protected GitHub environment the program manages",
    );
  }

  if (
    problems.length > 0 ||
    environment === undefined ||
    orgName === undefined ||
    apps === undefined ||
    clientKeys === undefined ||
    audiences === undefined
  ) {
    throw new ConfigError(raw.stack, problems);
  }

  let auth: OktaAuth<S>;
  if (oauthKeysSet && clientId !== undefined && hasPrivateKey && scopes !== undefined) {
    auth = { method: "oauth", clientId, privateKeyId, privateKey: readSecret("privateKey"), scopes };
  } else if (hasApiToken) {
    auth = { method: "apiToken", apiToken: readSecret("apiToken") };
  } else {
    auth = { method: "environment" };
  }

  return {
    stack: raw.stack,
    environment,
    profile,
    orgName,
    baseUrl,
    orgUrl: `https://${orgName}.${baseUrl}`,
    auth,
    rateLimits,
    apps,
    clientKeys,
    audiences,
    protectResources,
    registrationHook:
      hookInput === undefined
        ? undefined
        : hookInput.method === "header"
          ? { url: hookInput.url, method: "header", value: readSecret("registrationHookAuth") }
          : {
              url: hookInput.url,
              method: "private_key_jwt",
              clientId: hookInput.clientId as string,
              tokenUrl: hookInput.tokenUrl as string,
              scope: hookInput.scope,
              ...(hookInput.adoptId === undefined ? {} : { adoptId: hookInput.adoptId }),
            },
    adminUser,
    delivery:
      deliveryInput === undefined ? undefined : buildDelivery(deliveryInput, raw.stack, environment, readSecret),
  };
}
