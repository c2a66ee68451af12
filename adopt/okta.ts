import { Client, DefaultRequestExecutor, OktaApiError } from "@okta/okta-sdk-nodejs";
import { createPrivateKey } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import { ProgramRun, Registration } from "../offline/run";
import { OKTA_DOMAINS } from "../config/parse";
import { redact, redactHeld } from "../drift/redact";

/** One object as the Okta Management API returns it (a plain JSON object). */
export type OktaObject = Readonly<Record<string, unknown>>;

type PolicyType = Parameters<Client["policyApi"]["listPolicies"]>[0]["type"];

/** A problem with the credentials or the org address: reported as a configuration error, never as a crash. */
export class OktaAccessError extends Error {}

/** The read-only credentials, from the same `OKTA_API_*` variables the provider and the workflows use. */
export type Credentials =
  | { readonly method: "oauth"; clientId: string; privateKey: string; keyId?: string; scopes: string[] }
  | { readonly method: "apiToken"; token: string };

/** The read scopes the commands' service app needs: one per area they list (README: Adopt an existing org). */
export const READ_SCOPES = [
  "okta.apps.read",
  "okta.groups.read",
  "okta.policies.read",
  "okta.authorizationServers.read",
  "okta.authenticators.read",
  "okta.networkZones.read",
  "okta.inlineHooks.read",
  "okta.eventHooks.read",
  "okta.trustedOrigins.read",
  "okta.roles.read",
  "okta.schemas.read",
  "okta.users.read",
  "okta.idps.read",
  "okta.apiTokens.read",
] as const;

/**
 * The read scope each API path needs (Okta's Management API reference, per endpoint), most specific first: a
 * refused call names the one scope to grant.
 */
const SCOPE_OF_PATH: readonly (readonly [RegExp, (typeof READ_SCOPES)[number]])[] = [
  [/^\/api\/v1\/groups\/[^/]+\/roles/, "okta.roles.read"],
  [/^\/oauth2\/v1\/clients\/[^/]+\/roles/, "okta.roles.read"],
  [/^\/api\/v1\/iam\//, "okta.roles.read"],
  [/^\/api\/v1\/apps/, "okta.apps.read"],
  [/^\/api\/v1\/groups/, "okta.groups.read"],
  [/^\/api\/v1\/policies/, "okta.policies.read"],
  [/^\/api\/v1\/authorizationServers/, "okta.authorizationServers.read"],
  [/^\/api\/v1\/authenticators/, "okta.authenticators.read"],
  [/^\/api\/v1\/zones/, "okta.networkZones.read"],
  [/^\/api\/v1\/inlineHooks/, "okta.inlineHooks.read"],
  // The Hook Keys API's list and get take the inline hooks' scope (Okta's Management API reference, HookKey).
  [/^\/api\/v1\/hook-keys/, "okta.inlineHooks.read"],
  [/^\/api\/v1\/eventHooks/, "okta.eventHooks.read"],
  [/^\/api\/v1\/trustedOrigins/, "okta.trustedOrigins.read"],
  [/^\/api\/v1\/meta\/schemas/, "okta.schemas.read"],
  [/^\/api\/v1\/users/, "okta.users.read"],
  [/^\/api\/v1\/idps/, "okta.idps.read"],
  [/^\/api\/v1\/api-tokens/, "okta.apiTokens.read"],
];

/** The read scope a path of the API needs, if it is one the commands call. */
export function scopeOfPath(pathname: string): string | undefined {
  return SCOPE_OF_PATH.find(([pattern]) => pattern.test(pathname))?.[1];
}

/** The variables read, in the order they are reported. */
export const CREDENTIAL_VARIABLES = [
  "OKTA_API_CLIENT_ID",
  "OKTA_API_PRIVATE_KEY",
  "OKTA_API_PRIVATE_KEY_ID",
  "OKTA_API_SCOPES",
  "OKTA_API_TOKEN",
] as const;

/**
 * Reads the credentials from the environment. OAuth 2.0 private-key JWT (a service app) or the legacy SSWS
 * token, never both. These commands only read: an OAuth scope that can write (`okta.*.manage`) is refused,
 * so a write credential cannot end up in the read-only jobs by mistake.
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): Credentials {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === "" ? undefined : v;
  };
  const clientId = value("OKTA_API_CLIENT_ID");
  const privateKey = value("OKTA_API_PRIVATE_KEY");
  const keyId = value("OKTA_API_PRIVATE_KEY_ID");
  const scopesText = value("OKTA_API_SCOPES");
  const token = value("OKTA_API_TOKEN");
  const oauthSet = [clientId, privateKey, keyId, scopesText].some((v) => v !== undefined);
  const problems: string[] = [];
  if (oauthSet && token !== undefined) {
    problems.push("OKTA_API_TOKEN is set together with OKTA_API_CLIENT_ID/OKTA_API_PRIVATE_KEY: set one method only");
  }
  if (oauthSet) {
    if (clientId === undefined) problems.push("OKTA_API_CLIENT_ID is not set (the service app's client id)");
    if (privateKey === undefined) problems.push("OKTA_API_PRIVATE_KEY is not set (the service app's private key, PEM)");
    if (scopesText === undefined) {
      problems.push("OKTA_API_SCOPES is not set (read scopes such as okta.apps.read, comma or space separated)");
    }
  } else if (token === undefined) {
    problems.push(
      "no Okta credentials in the environment: set OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY, OKTA_API_SCOPES (and OKTA_API_PRIVATE_KEY_ID) for the read-only service app, or OKTA_API_TOKEN (the drift workflow takes them from the stack's <stack>-read environment; the stack file's own credentials are for deploying and are never used)",
    );
  }
  const scopes = (scopesText ?? "").split(/[\s,]+/).filter((s) => s !== "");
  const writing = scopes.filter((s) => !/^okta\.[A-Za-z]+\.read$/.test(s));
  if (writing.length > 0) {
    problems.push(
      `OKTA_API_SCOPES holds scopes that are not read scopes (${writing.join(", ")}): these commands only read, give them a read-only service app (okta.<area>.read scopes)`,
    );
  }
  const pem = privateKey === undefined ? undefined : privateKeyText(privateKey).replace(/\\n/g, "\n");
  if (pem !== undefined && !isPrivateKey(pem)) {
    problems.push(
      "OKTA_API_PRIVATE_KEY is not a private key: expected the service app's whole RSA or EC private key, PEM (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----) or a JWK, or the path of a file holding it",
    );
  }
  if (problems.length > 0) throw new OktaAccessError(problems.join("\n"));
  if (oauthSet) {
    return {
      method: "oauth",
      clientId: clientId as string,
      privateKey: pem as string,
      ...(keyId === undefined ? {} : { keyId }),
      scopes,
    };
  }
  return { method: "apiToken", token: token as string };
}

/**
 * The message with the token and private key of the environment taken out, and anything shaped like a JWT (the
 * service app's signed assertion, an access token). An org's error summary, its own text that may echo what it
 * was sent, has been through every rule already ({@link describeOrgError}); nothing the commands print may
 * carry a credential.
 */
export function redactCredentials(text: string, env: NodeJS.ProcessEnv): string {
  const key = env.OKTA_API_PRIVATE_KEY ?? "";
  return redactHeld(text, [env.OKTA_API_TOKEN ?? "", key, key === "" ? "" : privateKeyText(key).trim()]);
}

/**
 * The key OKTA_API_PRIVATE_KEY holds: the text of the file it names if there is such a file, else the value itself.
 * The Okta provider reads the variable so (okta-sdk-golang WithPrivateKey), and the drift job gives both the same one.
 */
function privateKeyText(value: string): string {
  try {
    if (!value.includes("-----BEGIN") && !value.trimStart().startsWith("{") && fs.statSync(value).isFile()) {
      return fs.readFileSync(value, "utf8");
    }
  } catch {
    // No such file (or a name too long for one): the value is the key itself.
  }
  return value;
}

/** Whether the text is an RSA or EC private key (PEM or JWK) the SDK can sign with; never says what it holds. */
function isPrivateKey(text: string): boolean {
  try {
    const key = text.trimStart().startsWith("{")
      ? createPrivateKey({ key: JSON.parse(text) as import("crypto").JsonWebKey, format: "jwk" })
      : createPrivateKey(text);
    return key.asymmetricKeyType === "rsa" || key.asymmetricKeyType === "ec";
  } catch {
    return false;
  }
}

/**
 * The org's address: `https://<orgName>.<baseUrl>` from the stack, or an explicit URL. An explicit URL must be
 * https, except on the loopback interface (a local test API); a stack's baseUrl must be one of Okta's domains,
 * so a changed stack file cannot send the credentials elsewhere.
 */
export function orgUrlOf(orgName: string, baseUrl: string, explicit?: string): string {
  if (explicit !== undefined) {
    let url: URL;
    try {
      url = new URL(explicit);
    } catch {
      throw new OktaAccessError(`--org-url ${JSON.stringify(explicit.slice(0, 80))} is not a URL`);
    }
    const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
      throw new OktaAccessError(
        `--org-url ${JSON.stringify(explicit.slice(0, 80))} must be https:// (http:// only on 127.0.0.1 or localhost)`,
      );
    }
    return url.origin;
  }
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(orgName) || !(OKTA_DOMAINS as readonly string[]).includes(baseUrl)) {
    throw new OktaAccessError(
      `the stack's org ${JSON.stringify(`${orgName.slice(0, 60)}.${baseUrl.slice(0, 40)}`)} is not an Okta org address (orgName: letters, digits, dashes; baseUrl: one of ${OKTA_DOMAINS.join(", ")})`,
    );
  }
  return `https://${orgName}.${baseUrl}`;
}

interface FetchResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
}

interface RequestLike {
  readonly url: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, unknown>>;
  /** Set by the SDK's executor on a request's first attempt. */
  readonly startTime?: Date;
}

/** Okta resets a rate-limit bucket within a minute: a longer wait is a wrong header, not a reason to hang. */
export const MAX_RATE_LIMIT_WAIT_MS = 61_000;

/**
 * How long one request may wait for the org when the stack sets no `rateLimits.requestTimeout`: Okta answers a
 * page in well under a second; a host that has said nothing for this long is hung, and the daily job must end.
 */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

/**
 * The most one answer may hold: a page of 200 apps, the largest list, is a few MB even with SAML certificates. An
 * answer that keeps coming past this is not a page, and reading it on would only fill the job's memory.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * The SDK's executor (which retries a 429 after `X-Rate-Limit-Reset`) plus the provider's `maxApiCapacity`:
 * Okta counts each endpoint's requests per minute and says how many remain; once a bucket has used its share
 * of the limit, the next request to it waits for the bucket's reset. The rest is left to admins and the
 * provider's own runs.
 *
 * It is also what keeps the commands read-only and on the org: every request goes through it, and it refuses
 * anything but a GET to the org (and the service app's POST to the org's token endpoint), so neither a
 * `Link` header nor a changed SDK can send the credentials to another host or change the org; and it refuses
 * a page asked for twice, so a list whose next page points back cannot loop forever; and each attempt of a
 * request gets `timeoutMs` to be answered and read, so a hung org host ends the command instead of the job.
 * It follows no redirect (the Okta API answers its lists without one; a followed redirect would send the
 * request, and for the token request the signed assertion, past the host check, and trust another host's
 * answer), and reads at most MAX_RESPONSE_BYTES of an answer.
 */
export class CapacityLimitedExecutor extends DefaultRequestExecutor {
  private readonly buckets = new Map<string, { limit: number; remaining: number; reset: number }>();
  private readonly fetched = new Set<string>();
  private readonly origin: string;
  /** The command's own connections: `close` ends them, so a half-answered request cannot keep the process up. */
  private readonly agents = {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true }),
  };
  /** Milliseconds waited for capacity, for the report. */
  waitedMs = 0;

  constructor(
    private readonly maxApiCapacity: number,
    maxRetries: number,
    orgUrl: string,
    private readonly timeoutMs: number,
  ) {
    // The SDK's own requestTimeout counts a whole call, 429 waits included, and refuses a retry that would wait
    // past it: the timeout is set here per attempt instead (fetch), and the wait after a 429 keeps its own cap.
    super({ maxRetries, requestTimeout: 0 });
    this.origin = new URL(orgUrl).origin;
  }

  private static bucketOf(url: string): string {
    const u = new URL(url);
    return u.pathname.replace(/\/[0-9A-Za-z]{20}(?=\/|$)/g, "/{id}");
  }

  /** The SDK's wait before retrying a 429, within a minute whatever the headers say. */
  override getRetryDelayMs(response: FetchResponse): number {
    const delay = (super.getRetryDelayMs as (r: FetchResponse) => number)(response);
    return Number.isFinite(delay) ? Math.min(Math.max(delay, 0), MAX_RATE_LIMIT_WAIT_MS) : MAX_RATE_LIMIT_WAIT_MS;
  }

  /** Refuses what these commands must never send: a write, or a request to another host. */
  private check(request: RequestLike): void {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      throw new OktaAccessError(`refused a request to ${JSON.stringify(request.url.slice(0, 80))}: not a URL`);
    }
    if (url.origin !== this.origin) {
      throw new OktaAccessError(
        `refused a request to ${url.origin}: these commands only send the credentials to the org ${this.origin} (a next-page link pointed elsewhere)`,
      );
    }
    const method = (request.method ?? "GET").toUpperCase();
    const token = method === "POST" && url.pathname === "/oauth2/v1/token";
    if (method !== "GET" && !token) {
      throw new OktaAccessError(
        `refused ${method} ${url.pathname}: these commands only read (GET), apart from the service app's token request`,
      );
    }
    // A page the org has already answered is never asked for again (the lists are read once); a retry after a
    // 429 or a refused token asks again for one it did not answer.
    if (method === "GET" && this.fetched.has(url.href)) {
      throw new OktaAccessError(
        `${this.origin}: the org sent ${url.pathname}${url.search} as the next page again: stopped a pagination loop`,
      );
    }
  }

  override async fetch(request: RequestLike): Promise<FetchResponse> {
    this.check(request);
    const bucket = CapacityLimitedExecutor.bucketOf(request.url);
    const seen = this.buckets.get(bucket);
    if (seen !== undefined) {
      const floor = seen.limit - Math.floor((seen.limit * this.maxApiCapacity) / 100);
      const waitMs = Math.min(seen.reset * 1000 - Date.now(), MAX_RATE_LIMIT_WAIT_MS);
      if (seen.remaining <= floor && waitMs > 0) {
        this.waitedMs += waitMs;
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
    // node-fetch's `timeout` bounds the wait for the answer and, on the response, the reading of its body. A set
    // `startTime` keeps the SDK from resetting it; a retry after a 429 comes back through here with a fresh one.
    const attempt = {
      ...request,
      startTime: request.startTime ?? new Date(),
      timeout: this.timeoutMs,
      redirect: "manual",
      size: MAX_RESPONSE_BYTES,
      agent: (url: URL) => (url.protocol === "http:" ? this.agents.http : this.agents.https),
    };
    let response: FetchResponse;
    try {
      response = await (super.fetch as (r: RequestLike) => Promise<FetchResponse>)(attempt);
    } catch (err) {
      if ((err as { type?: string } | null)?.type === "request-timeout") {
        const url = new URL(request.url);
        throw new OktaAccessError(
          `${this.origin}: no answer to ${(request.method ?? "GET").toUpperCase()} ${url.pathname}${url.search} within ${this.timeoutMs / 1000} s: the org host hung; check status.okta.com and run again (--request-timeout sets the wait)`,
        );
      }
      throw err;
    }
    if (response.status >= 300 && response.status < 400) {
      const url = new URL(request.url);
      const location = response.headers.get("location");
      let to = "no Location";
      try {
        if (location !== null) {
          const target = new URL(location, request.url);
          to = `to ${target.origin}${target.pathname}`.slice(0, 160);
        }
      } catch {
        to = "to an address that is not a URL";
      }
      throw new OktaAccessError(
        `${this.origin}: the org answered ${(request.method ?? "GET").toUpperCase()} ${url.pathname} with a redirect (HTTP ${response.status} ${to}): these commands follow no redirect, so the credentials and the answer stay on the org; check --org-url or the stack's orgName and baseUrl`,
      );
    }
    if ((request.method ?? "GET").toUpperCase() === "GET" && response.status >= 200 && response.status < 300) {
      this.fetched.add(new URL(request.url).href);
    }
    const limit = Number(response.headers.get("x-rate-limit-limit"));
    const remaining = Number(response.headers.get("x-rate-limit-remaining"));
    const reset = Number(response.headers.get("x-rate-limit-reset"));
    if (limit > 0 && Number.isFinite(remaining) && reset > 0) {
      this.buckets.set(bucket, { limit, remaining, reset });
    }
    return response;
  }

  /**
   * Ends every connection to the org. node-fetch gives up on a body that stopped coming but leaves its socket
   * open, and an open socket keeps Node running: the commands close their executor when they are done.
   */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

/** Read access to the parts of an org that the commands list. Every list is fetched once and kept. */
export interface OrgReader {
  list(kind: ListKind, parentId?: string): Promise<readonly OktaObject[]>;
  /** Custom user profile properties, by index. */
  userSchemaProperties(): Promise<readonly OktaObject[]>;
  /** The user with this login, if any. */
  userByLogin(login: string): Promise<OktaObject | undefined>;
}

/**
 * The policy types Okta's policy API lists (the types the SDK's listPolicies takes; SESSION_VIOLATION_DETECTION,
 * in Early Access, is not among them yet). The Identity Threat Protection and device ones exist only in orgs
 * that have the feature (FEATURE_GATED_POLICY_TYPES).
 */
export const POLICY_TYPES = [
  "OKTA_SIGN_ON",
  "PASSWORD",
  "MFA_ENROLL",
  "ACCESS_POLICY",
  "PROFILE_ENROLLMENT",
  "IDP_DISCOVERY",
  "POST_AUTH_SESSION",
  "ENTITY_RISK",
  "DEVICE_SIGNAL_COLLECTION",
] as const satisfies readonly PolicyType[];

export const FEATURE_GATED_POLICY_TYPES: readonly PolicyListType[] = [
  "POST_AUTH_SESSION",
  "ENTITY_RISK",
  "DEVICE_SIGNAL_COLLECTION",
];

export type PolicyListType = (typeof POLICY_TYPES)[number];

export type ListKind =
  | "apps"
  | "groups"
  | "groupRules"
  | `policies:${PolicyListType}`
  | "policyRules"
  | "authServers"
  | "authServerScopes"
  | "authServerClaims"
  | "authServerPolicies"
  | "authServerPolicyRules"
  | "authenticators"
  | "networkZones"
  | "inlineHooks"
  | "hookKeys"
  | "eventHooks"
  | "trustedOrigins"
  | "customRoles"
  | "adminRoleUsers"
  | "identityProviders"
  | "apiTokens"
  /** The admin roles granted to a group (parent: the group id). */
  | "groupRoles"
  /** The admin roles granted to an OAuth service app (parent: its client id). */
  | "clientRoles";

/**
 * A list the org does not offer: a feature-gated policy type in an org without the feature. Okta answers
 * E0000015 (no permission for the feature) or E0000001 (the type fails validation).
 */
export class NotOfferedError extends Error {
  constructor(readonly what: string) {
    super(`${what}: not offered by this org`);
  }
}

type Paged = AsyncIterable<unknown>;

function plain(value: unknown): OktaObject {
  return JSON.parse(JSON.stringify(value)) as OktaObject;
}

async function all(collection: Promise<Paged>): Promise<OktaObject[]> {
  const out: OktaObject[] = [];
  for await (const item of await collection) {
    if (item !== null && item !== undefined) out.push(plain(item));
  }
  return out;
}

/** The `after` cursor of a `_links.next.href`, for the endpoints that page in the body instead of `Link`. */
function nextCursor(links: unknown): string | undefined {
  const href = (links as { next?: { href?: string } } | undefined)?.next?.href;
  return href === undefined ? undefined : (new URL(href).searchParams.get("after") ?? undefined);
}

/**
 * An error from the org as one line for the user (status, Okta's summary, what to check); undefined for
 * defects. A refused service-app login also ends here as a 401: the SDK (8.1) sends the token endpoint's
 * error on as the access token, and the API then refuses it.
 */
export function describeOrgError(
  err: unknown,
  orgUrl: string,
  method: Credentials["method"] | undefined,
): string | undefined {
  if (err instanceof OktaAccessError) return err.message;
  if ((err as { name?: string } | null)?.name === "FetchError" && (err as { type?: string }).type === "max-size") {
    return `${orgUrl}: the org's answer is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB, which no page of the Okta API is: stopped reading it`;
  }
  if ((err as { name?: string } | null)?.name === "HttpError") {
    const status = (err as { status?: unknown }).status;
    return `${orgUrl}: HTTP ${String(status)} without an Okta error body (a proxy or the org's edge answered, not the Okta API): check --org-url or the stack's orgName and baseUrl, and status.okta.com`;
  }
  if ((err as { name?: string } | null)?.name === "FetchError") {
    const stopped = (err as { type?: string }).type === "body-timeout";
    return `${orgUrl}: ${stopped ? "the org stopped sending its answer" : "could not reach the org"} (${(err as Error).message.slice(0, 200)})`;
  }
  if (!(err instanceof OktaApiError)) return undefined;
  const status = err.status;
  const fix =
    err.errorCode === "E0000015"
      ? `the org does not offer ${new URL(err.url, orgUrl || "https://org.invalid").pathname} to these credentials: the org lacks the feature, or the service app the admin role for it`
      : status === 401
        ? method === "oauth"
          ? "the service app was refused: check OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY and OKTA_API_PRIVATE_KEY_ID (the key registered on the app) and that every scope in OKTA_API_SCOPES is granted to it"
          : "the token was refused: check OKTA_API_TOKEN (revoked, expired, or from another org)"
        : status === 403
          ? forbidden(new URL(err.url, orgUrl || "https://org.invalid").pathname, method)
          : status === 429
            ? "the org's rate limit was still exhausted after the retries: run again later or lower rateLimits.maxApiCapacity"
            : "the Okta API refused the request";
  // The org's own words, which may echo what it was sent: what the rules recognise goes before the summary is cut,
  // so no part of a credential is left (the environment's own are taken out where the message is printed).
  const said = redact(err.errorSummary);
  const summary = said.length > 200 ? `${said.slice(0, 200)}...` : said;
  return `${orgUrl}: HTTP ${status} (${summary || "no summary"}): ${fix}`;
}

/** What to grant for a refused call: the scope its path needs, named, or the admin role (an SSWS token has no scopes). */
function forbidden(pathname: string, method: Credentials["method"] | undefined): string {
  const scope = scopeOfPath(pathname);
  if (method === "oauth" && scope !== undefined) {
    return `the service app may not call ${pathname}: it needs the scope ${scope} (granted to the app and listed in OKTA_API_SCOPES) and a read-only admin role that cannot read client secrets (README "The read-only Okta service app"); nothing was checked past this call`;
  }
  return `the credentials lack a scope or admin role for ${pathname}: grant a read-only admin role that cannot read client secrets (README "The read-only Okta service app") and the read scopes ${READ_SCOPES.join(" ")}`;
}

/** A reader over the official SDK, within `maxApiCapacity` percent of each rate-limit bucket. */
export function sdkReader(
  orgUrl: string,
  credentials: Credentials,
  limits: { maxApiCapacity: number; maxRetries: number; requestTimeoutMs: number },
): { reader: OrgReader; executor: CapacityLimitedExecutor } {
  const executor = new CapacityLimitedExecutor(
    limits.maxApiCapacity,
    limits.maxRetries,
    orgUrl,
    limits.requestTimeoutMs,
  );
  const client = new Client({
    orgUrl,
    requestExecutor: executor,
    ...(credentials.method === "oauth"
      ? {
          authorizationMode: "PrivateKey",
          clientId: credentials.clientId,
          privateKey: credentials.privateKey,
          scopes: credentials.scopes,
          ...(credentials.keyId === undefined ? {} : { keyId: credentials.keyId }),
        }
      : { authorizationMode: "SSWS", token: credentials.token }),
  });
  // Each list, the schema and each user are read once: the executor refuses a page asked for twice.
  const lists = new Map<string, Promise<readonly OktaObject[]>>();
  let schema: Promise<readonly OktaObject[]> | undefined;
  const users = new Map<string, Promise<OktaObject | undefined>>();
  const fetchList = async (kind: ListKind, parentId: string): Promise<OktaObject[]> => {
    const [parentServer, parentPolicy] = parentId.split("/");
    switch (kind) {
      case "apps":
        return all(client.applicationApi.listApplications({ limit: 200 }));
      case "groups":
        return all(client.groupApi.listGroups({ limit: 200 }));
      case "groupRules":
        return all(client.groupApi.listGroupRules({ limit: 200 }));
      case "policyRules":
        return all(client.policyApi.listPolicyRules({ policyId: parentId }));
      case "authServers":
        return all(client.authorizationServerApi.listAuthorizationServers({ limit: 200 }));
      case "authServerScopes":
        return all(client.authorizationServerApi.listOAuth2Scopes({ authServerId: parentId, limit: 200 }));
      case "authServerClaims":
        return all(client.authorizationServerApi.listOAuth2Claims({ authServerId: parentId }));
      case "authServerPolicies":
        return all(client.authorizationServerApi.listAuthorizationServerPolicies({ authServerId: parentId }));
      case "authServerPolicyRules":
        return all(
          client.authorizationServerApi.listAuthorizationServerPolicyRules({
            authServerId: parentServer as string,
            policyId: parentPolicy as string,
          }),
        );
      case "authenticators":
        return all(client.authenticatorApi.listAuthenticators());
      case "networkZones":
        return all(client.networkZoneApi.listNetworkZones({ limit: 200 }));
      case "inlineHooks":
        return all(client.inlineHookApi.listInlineHooks());
      case "hookKeys":
        return all(client.hookKeyApi.listHookKeys());
      case "eventHooks":
        return all(client.eventHookApi.listEventHooks());
      case "trustedOrigins":
        return all(client.trustedOriginApi.listTrustedOrigins({ limit: 200 }));
      case "customRoles": {
        const out: OktaObject[] = [];
        let after: string | undefined;
        do {
          const page = await client.customRoleApi.listRoles(after === undefined ? {} : { after });
          out.push(...(page.roles ?? []).map(plain));
          after = nextCursor(page._links);
        } while (after !== undefined);
        return out;
      }
      case "identityProviders":
        return all(client.identityProviderApi.listIdentityProviders({ limit: 200 }));
      case "apiTokens":
        return all(client.apiTokenApi.listApiTokens());
      case "groupRoles":
        return all(client.roleAssignmentApi.listGroupAssignedRoles({ groupId: parentId }));
      case "clientRoles":
        return all(client.roleAssignmentApi.listRolesForClient({ clientId: parentId }));
      case "adminRoleUsers": {
        const out: OktaObject[] = [];
        let after: string | undefined;
        do {
          const page = await client.roleAssignmentApi.listUsersWithRoleAssignments({
            limit: 100,
            ...(after === undefined ? {} : { after }),
          });
          out.push(...(page.value ?? []).map(plain));
          after = nextCursor(page._links);
        } while (after !== undefined);
        return out;
      }
      default: {
        const type = kind.slice("policies:".length) as PolicyListType;
        try {
          return await all(client.policyApi.listPolicies({ type }));
        } catch (err) {
          const code = err instanceof OktaApiError ? err.errorCode : undefined;
          if (FEATURE_GATED_POLICY_TYPES.includes(type) && (code === "E0000015" || code === "E0000001")) {
            throw new NotOfferedError(`${type} policies`);
          }
          throw err;
        }
      }
    }
  };
  const reader: OrgReader = {
    list(kind, parentId = "") {
      const key = `${kind} ${parentId}`;
      let cached = lists.get(key);
      if (cached === undefined) {
        cached = fetchList(kind, parentId);
        lists.set(key, cached);
      }
      return cached;
    },
    userSchemaProperties() {
      schema ??= (async () => {
        const doc = plain(await client.schemaApi.getUserSchema({ schemaId: "default" }));
        const custom = (doc.definitions as { custom?: { properties?: Record<string, unknown> } } | undefined)?.custom;
        return Object.entries(custom?.properties ?? {}).map(([index, p]) => ({ ...(p as object), id: index, index }));
      })();
      return schema;
    },
    userByLogin(login) {
      let user = users.get(login);
      if (user === undefined) {
        user = (async () => {
          try {
            return plain(await client.userApi.getUser({ userId: login }));
          } catch (err) {
            if (err instanceof OktaApiError && err.status === 404) return undefined;
            throw err;
          }
        })();
        users.set(login, user);
      }
      return user;
    },
  };
  return { reader, executor };
}

/** The org a run's Okta provider points at, and its rate-limit share: read from the program, never restated. */
export function orgOfRun(run: ProgramRun): {
  orgName: string;
  baseUrl: string;
  maxApiCapacity: number;
  maxRetries: number;
  requestTimeoutSeconds: number;
} {
  const providers = run.registrations.filter((r) => r.type === "pulumi:providers:okta");
  if (providers.length !== 1) {
    throw new OktaAccessError(`the stack declares ${providers.length} Okta providers; these commands need exactly one`);
  }
  const inputs = (providers[0] as Registration).inputs;
  const number = (key: string, fallback: number) => {
    const n = Number(inputs[key]);
    return Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    orgName: String(inputs.orgName ?? ""),
    baseUrl: String(inputs.baseUrl ?? ""),
    // The provider's own defaults when the program leaves them unset.
    maxApiCapacity: Math.min(100, number("maxApiCapacity", 100)),
    maxRetries: number("maxRetries", 5),
    // The provider's 0 means no timeout; these commands always have one.
    requestTimeoutSeconds: number("requestTimeout", DEFAULT_REQUEST_TIMEOUT_SECONDS),
  };
}
