import { z } from "zod";
import { strictObject } from "./schema";
import { isPublicHost, PRIVATE_NAME_SUFFIXES } from "../policy-pack/lib/publicHost";
import { isAllowedAppUrl, urlSchema } from "./urls";

/**
 * The org baseline's values that name one team, set per stack: where Okta sends self-service registrations (the
 * registration inline hook's endpoint, and how Okta authenticates to it) and the admin user's login. Both are
 * optional: a stack without `registrationHook` declares no hook, one without `adminUser` declares no user. No
 * value has a default, so nothing in code can point a team's org at another team's endpoint or mailbox.
 */

/** How Okta authenticates to the hook's endpoint. */
const HOOK_AUTH_METHODS = ["header", "private_key_jwt"] as const;

/** Okta refuses an inline hook or token URL longer than this. */
const OKTA_URL_MAX = 1024;

const OKTA_CALLED_URL = `an absolute https:// URL on a host Okta can reach (a public name or address: not localhost, nor a loopback, private, link-local or unspecified address, nor a name only a private network resolves: one label, or under ${PRIVATE_NAME_SUFFIXES.slice(
  0,
  -1,
)
  .map((s) => `.${s}`)
  .join(
    ", ",
  )} or .${PRIVATE_NAME_SUFFIXES.at(-1)}) with no query, fragment or trailing slash, at most ${OKTA_URL_MAX} characters`;

/** A URL Okta itself calls: https on a public host, in the canonical form the program uses it in. */
export const oktaCalledUrl = urlSchema(
  OKTA_CALLED_URL,
  (v) =>
    v.length <= OKTA_URL_MAX && isAllowedAppUrl(v, { allowLoopbackUris: false }) && isPublicHost(new URL(v).hostname),
);

// RFC 6749 section 3.3: scope tokens of printable ASCII without `"` or `\`, separated by single spaces.
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+(?: [\x21\x23-\x5B\x5D-\x7E]+)*$/;
const CLIENT_ID = /^\S{1,255}$/;

const METHODS_EXPECTED =
  '"header" (Okta sends the secret okta-mmod:registrationHookAuth in the Authorization header; dev-like profiles only) or "private_key_jwt" (Okta signs a client assertion with a key it keeps, no secret anywhere)';

const ADOPT_ID =
  "the id of an existing inline hook the first up takes over in place (Admin Console: Workflow > Inline Hooks; letters and digits)";

export const registrationHookSchema = strictObject(
  {
    url: oktaCalledUrl,
    method: z.enum(HOOK_AUTH_METHODS, { error: METHODS_EXPECTED }),
    clientId: z
      .string({ error: "the client id your token endpoint knows Okta's hook by (1 to 255 characters, no spaces)" })
      .regex(CLIENT_ID, {
        error: "the client id your token endpoint knows Okta's hook by (1 to 255 characters, no spaces)",
      })
      .optional(),
    tokenUrl: oktaCalledUrl.optional(),
    scope: z
      .string({ error: 'OAuth 2.0 scopes separated by single spaces, e.g. "okta.hooks"' })
      .regex(SCOPE, { error: 'OAuth 2.0 scopes separated by single spaces, e.g. "okta.hooks"' })
      .optional(),
    adoptId: z
      .string({ error: ADOPT_ID })
      .regex(/^[A-Za-z0-9]{1,64}$/, { error: ADOPT_ID })
      .optional(),
  },
  "an object with url and method (with private_key_jwt, also clientId, tokenUrl and optionally scope and adoptId)",
);

// An email address as Okta takes it for a login: no spaces, one @, a domain of DNS labels; Okta's limit is 100.
const EMAIL = /^[^\s@"(),:;<>[\]\\]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const email = (what: string) => {
  const expected = `${what}: an email address on your own domain, at most 100 characters`;
  return z.string({ error: expected }).max(100, { error: expected }).regex(EMAIL, { error: expected });
};

export const adminUserSchema = strictObject(
  {
    login: email("the admin user's Okta login"),
    email: email("the admin user's primary email, where Okta sends its activation mail"),
  },
  "an object with login and email",
);
export type AdminUser = z.infer<typeof adminUserSchema>;

/** The registration hook as the program declares it. `S` is how the header secret is carried. */
export type RegistrationHook<S> = { readonly url: string } & (
  | { readonly method: "header"; readonly value: S }
  | {
      readonly method: "private_key_jwt";
      readonly clientId: string;
      readonly tokenUrl: string;
      readonly scope: string | undefined;
      /** An existing hook to take over at create (README "Moving an existing hook to private_key_jwt"). */
      readonly adoptId?: string;
    }
);

/** A problem inside `okta-mmod:registrationHook`, its path relative to the key. */
export interface HookProblem {
  readonly path: readonly string[];
  /** The value found, or undefined when the key is not set. */
  readonly got: unknown;
  readonly expected: string;
}

const OAUTH_KEYS = ["clientId", "tokenUrl", "scope", "adoptId"] as const;

/**
 * What the schema cannot say: which keys go with which method, and that a prod-grade stack's hook never uses a
 * secret. Read from the decoded value itself, so these are reported together with any problem the schema finds
 * in the other keys. `prodGrade` is decided on the stricter of the binding and the stack file's claim.
 */
export function registrationHookProblems(decoded: unknown, prodGrade: boolean): HookProblem[] {
  if (decoded === null || typeof decoded !== "object" || Array.isArray(decoded)) return [];
  const input = decoded as Partial<Record<"method" | (typeof OAUTH_KEYS)[number], unknown>>;
  const problems: HookProblem[] = [];
  if (input.method === "private_key_jwt") {
    if (input.clientId === undefined) {
      problems.push({
        path: ["clientId"],
        got: undefined,
        expected: "a value with method private_key_jwt: the client id your token endpoint knows Okta's hook by",
      });
    }
    if (input.tokenUrl === undefined) {
      problems.push({
        path: ["tokenUrl"],
        got: undefined,
        expected: `a value with method private_key_jwt: your token endpoint, where Okta posts its signed client assertion; ${OKTA_CALLED_URL}`,
      });
    }
    return problems;
  }
  if (input.method !== "header") return problems;
  for (const key of OAUTH_KEYS) {
    if (input[key] !== undefined) {
      problems.push({
        path: [key],
        got: input[key],
        expected: `no value with method header: only private_key_jwt uses ${key}`,
      });
    }
  }
  if (prodGrade) {
    problems.push({
      path: ["method"],
      got: input.method,
      expected:
        '"private_key_jwt" in a prod-grade stack: with "header" the secret okta-mmod:registrationHookAuth sits in the stack\'s config and state, where any token that can read the stack (a pull request\'s preview, the drift check) decrypts it; with private_key_jwt Okta signs with a key it keeps (okta.HookKey) and there is no secret',
    });
  }
  return problems;
}

/** The method a raw `registrationHook` value names, read leniently (for deciding which secrets a stack needs). */
export function hookMethodOf(rawValue: string | undefined): unknown {
  if (rawValue === undefined) return undefined;
  try {
    const decoded: unknown = JSON.parse(rawValue);
    return decoded !== null && typeof decoded === "object" ? (decoded as { method?: unknown }).method : undefined;
  } catch {
    return undefined;
  }
}
