import * as crypto from "crypto";
import * as http from "http";
import { AddressInfo } from "net";

/**
 * A local stand-in for the part of the Okta Management API the adoption commands read, on 127.0.0.1. Shapes
 * follow Okta's API reference and the SDK's models: cursor pagination with `Link: <...>; rel="next"`,
 * `X-Rate-Limit-*` headers per endpoint, Okta's error body, SSWS tokens and OAuth 2.0 private-key JWT
 * client credentials. Tests build the org, then add objects "by hand" the way an admin would.
 */

export type Obj = Record<string, unknown>;

export interface FakeOrg {
  apps: Obj[];
  groups: Obj[];
  groupRules: Obj[];
  /** By policy type (ACCESS_POLICY, OKTA_SIGN_ON, ...). */
  policies: Obj[];
  /** By policy id. */
  policyRules: Record<string, Obj[]>;
  authServers: Obj[];
  scopes: Record<string, Obj[]>;
  claims: Record<string, Obj[]>;
  serverPolicies: Record<string, Obj[]>;
  /** By `<server id>/<policy id>`. */
  serverPolicyRules: Record<string, Obj[]>;
  authenticators: Obj[];
  zones: Obj[];
  inlineHooks: Obj[];
  hookKeys: Obj[];
  eventHooks: Obj[];
  trustedOrigins: Obj[];
  customRoles: Obj[];
  /** Users holding an admin role (id, orn). */
  roleUsers: Obj[];
  /** Custom user profile properties by index. */
  schemaProperties: Record<string, Obj>;
  /** Users by login. */
  users: Obj[];
  identityProviders: Obj[];
  apiTokens: Obj[];
  /** Admin roles granted to a group, by group id. */
  groupRoles: Record<string, Obj[]>;
  /** Admin roles granted to an OAuth service app, by client id. */
  clientRoles: Record<string, Obj[]>;
  /** Policy types the org lacks the feature for: listing them answers E0000015, as Okta does. */
  notOfferedPolicyTypes: string[];
}

export function emptyOrg(): FakeOrg {
  return {
    apps: [],
    groups: [],
    groupRules: [],
    policies: [],
    policyRules: {},
    authServers: [],
    scopes: {},
    claims: {},
    serverPolicies: {},
    serverPolicyRules: {},
    authenticators: [],
    zones: [],
    inlineHooks: [],
    hookKeys: [],
    eventHooks: [],
    trustedOrigins: [],
    customRoles: [],
    roleUsers: [],
    schemaProperties: {},
    users: [],
    identityProviders: [],
    apiTokens: [],
    groupRoles: {},
    clientRoles: {},
    notOfferedPolicyTypes: [],
  };
}

let counter = 0;
/** A 20-character Okta-style id with the object kind's prefix (`0oa` apps, `00g` groups, ...). */
export function oktaId(prefix: string): string {
  counter += 1;
  return `${prefix}${counter.toString(36).padStart(20 - prefix.length - 4, "0")}x7f6`;
}

export interface Credentials {
  readonly apiToken: string;
  /** The service app: its client id and the public half of its key. */
  readonly clientId: string;
  readonly publicKey: crypto.KeyObject;
  /** Scopes the service app was granted. */
  readonly grantedScopes: readonly string[];
}

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly retryCount: string | undefined;
  /** When the answer was sent (ms since the epoch). */
  readonly at: number;
}

export interface FakeOkta {
  readonly url: string;
  readonly org: FakeOrg;
  readonly requests: RequestRecord[];
  /** Answer the next request to a path (its pathname) with a 429 once. */
  throttleOnce(pathname: string): void;
  /** The per-endpoint rate limit announced in `X-Rate-Limit-Limit`. */
  rateLimit: number;
  /** Seconds from a bucket's first request to its reset (Okta: a minute). */
  resetSeconds: number;
  close(): Promise<void>;
}

/** The scope each endpoint asks of an access token (Okta's API reference, per endpoint). */
const SCOPES_BY_PATH: readonly (readonly [RegExp, string])[] = [
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
  [/^\/api\/v1\/hook-keys/, "okta.inlineHooks.read"],
  [/^\/api\/v1\/eventHooks/, "okta.eventHooks.read"],
  [/^\/api\/v1\/trustedOrigins/, "okta.trustedOrigins.read"],
  [/^\/api\/v1\/meta\/schemas/, "okta.schemas.read"],
  [/^\/api\/v1\/users/, "okta.users.read"],
  [/^\/api\/v1\/idps/, "okta.idps.read"],
  [/^\/api\/v1\/api-tokens/, "okta.apiTokens.read"],
];

function oktaError(code: string, summary: string): Obj {
  return { errorCode: code, errorSummary: summary, errorLink: code, errorId: "oaeFakeOkta0000", errorCauses: [] };
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

/** Checks a private_key_jwt client assertion the way Okta's token endpoint does (RFC 7523). */
function verifyAssertion(assertion: string, creds: Credentials, audience: string): string | undefined {
  const [header, payload, signature] = assertion.split(".");
  if (header === undefined || payload === undefined || signature === undefined) return "malformed client_assertion";
  const ok = crypto.verify(
    "sha256",
    Buffer.from(`${header}.${payload}`),
    creds.publicKey,
    Buffer.from(signature, "base64url"),
  );
  if (!ok) return "The client_assertion signature is invalid.";
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Obj;
  if (claims.iss !== creds.clientId || claims.sub !== creds.clientId) return "The client_assertion token is invalid.";
  if (claims.aud !== audience) return `The audience claim is invalid (${String(claims.aud)}).`;
  if (typeof claims.exp !== "number" || claims.exp * 1000 < Date.now()) return "The client_assertion has expired.";
  return undefined;
}

/** Starts the server on 127.0.0.1 (a free port). `pageSize` caps every page so pagination is exercised. */
export async function startFakeOkta(org: FakeOrg, creds: Credentials, pageSize = 200): Promise<FakeOkta> {
  const requests: RequestRecord[] = [];
  const throttled = new Set<string>();
  /** Each access token issued, with the scopes it carries. */
  const issuedTokens = new Map<string, readonly string[]>();
  const used = new Map<string, { count: number; reset: number }>();
  let url = "";
  const state = { rateLimit: 600, resetSeconds: 60 };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const u = new URL(req.url ?? "/", url);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        requests.push({
          method: req.method ?? "",
          path: u.pathname + u.search,
          status,
          retryCount: req.headers["x-okta-retry-count"] as string | undefined,
          at: Date.now(),
        });
        const bucket = u.pathname.replace(/\/[0-9A-Za-z]{20}(?=\/|$)/g, "/{id}");
        const now = Math.floor(Date.now() / 1000);
        const b = used.get(bucket) ?? { count: 0, reset: now + state.resetSeconds };
        if (b.reset <= now) Object.assign(b, { count: 0, reset: now + state.resetSeconds });
        b.count += 1;
        used.set(bucket, b);
        res.writeHead(status, {
          "Content-Type": "application/json",
          "X-Okta-Request-Id": `req-${requests.length}`,
          "X-Rate-Limit-Limit": String(state.rateLimit),
          "X-Rate-Limit-Remaining": String(Math.max(0, state.rateLimit - b.count)),
          "X-Rate-Limit-Reset": String(b.reset),
          ...headers,
        });
        res.end(JSON.stringify(body));
      };

      if (u.pathname === "/oauth2/v1/token" && req.method === "POST") {
        const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
        const problem =
          form.get("grant_type") !== "client_credentials"
            ? "grant_type must be client_credentials"
            : verifyAssertion(form.get("client_assertion") ?? "", creds, `${url}/oauth2/v1/token`);
        if (problem !== undefined) {
          send(401, { error: "invalid_client", error_description: problem });
          return;
        }
        const asked = (form.get("scope") ?? "").split(" ");
        const notGranted = asked.filter((s) => !creds.grantedScopes.includes(s));
        if (notGranted.length > 0) {
          send(400, {
            error: "invalid_scope",
            error_description: `The following scopes are not granted: ${notGranted.join(", ")}`,
          });
          return;
        }
        const token = base64url(crypto.randomBytes(24));
        issuedTokens.set(token, asked);
        send(200, { token_type: "Bearer", expires_in: 3600, access_token: token, scope: asked.join(" ") });
        return;
      }

      const auth = req.headers.authorization ?? "";
      const authorized =
        auth === `SSWS ${creds.apiToken}` || (auth.startsWith("Bearer ") && issuedTokens.has(auth.slice(7)));
      if (!authorized) {
        send(401, oktaError("E0000011", "Invalid token provided"));
        return;
      }
      // An access token without the endpoint's scope: Okta's 403, the scope named in WWW-Authenticate.
      const scopes = issuedTokens.get(auth.slice(7));
      const needed = SCOPES_BY_PATH.find(([prefix]) => prefix.test(u.pathname))?.[1];
      if (scopes !== undefined && needed !== undefined && !scopes.includes(needed)) {
        send(403, oktaError("E0000006", "You do not have permission to perform the requested action"), {
          "WWW-Authenticate": `Bearer authorization_uri="${url}/oauth2/v1/authorize", realm="${url}", scope="${needed}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${u.pathname}"`,
        });
        return;
      }
      if (req.method !== "GET") {
        send(405, oktaError("E0000022", "The endpoint does not support the provided HTTP method"));
        return;
      }
      // A bucket that has used its limit this window answers 429 until its reset, as Okta does.
      const spent = used.get(u.pathname.replace(/\/[0-9A-Za-z]{20}(?=\/|$)/g, "/{id}"));
      if (spent !== undefined && spent.count >= state.rateLimit && spent.reset > Math.floor(Date.now() / 1000)) {
        send(429, oktaError("E0000047", "API call exceeded rate limit due to too many requests."), {
          "X-Rate-Limit-Remaining": "0",
          "X-Rate-Limit-Reset": String(spent.reset),
        });
        return;
      }
      if (throttled.delete(u.pathname)) {
        send(429, oktaError("E0000047", "API call exceeded rate limit due to too many requests."), {
          "X-Rate-Limit-Remaining": "0",
          "X-Rate-Limit-Reset": String(Math.floor(Date.now() / 1000) + 1),
        });
        return;
      }

      /** One page of a list, with Okta's cursor `Link` headers. */
      const page = (items: readonly Obj[]) => {
        const limit = Math.min(pageSize, Number(u.searchParams.get("limit") ?? pageSize) || pageSize);
        const after = u.searchParams.get("after");
        const start = after === null ? 0 : items.findIndex((o) => o.id === after) + 1;
        const slice = items.slice(start, start + limit);
        const self = new URL(u.toString());
        const links = [`<${self.toString()}>; rel="self"`];
        if (start + limit < items.length) {
          const next = new URL(u.toString());
          next.searchParams.set("after", String(slice[slice.length - 1]?.id));
          next.searchParams.set("limit", String(limit));
          links.push(`<${next.toString()}>; rel="next"`);
        }
        send(200, slice, { Link: links.join(", ") });
      };
      /** A page in the body (`_links.next`), as the IAM endpoints do. */
      const bodyPage = (key: string, items: readonly Obj[]) => {
        const limit = Math.min(pageSize, Number(u.searchParams.get("limit") ?? pageSize) || pageSize);
        const after = u.searchParams.get("after");
        const start = after === null ? 0 : items.findIndex((o) => o.id === after) + 1;
        const slice = items.slice(start, start + limit);
        const links: Obj = {};
        if (start + limit < items.length) {
          const next = new URL(u.toString());
          next.searchParams.set("after", String(slice[slice.length - 1]?.id));
          links.next = { href: next.toString() };
        }
        send(200, { [key]: slice, _links: links });
      };

      const p = u.pathname.split("/").filter((s) => s !== "");
      const at = (i: number) => p[i] ?? "";
      const route = p.map((s, i) => (i >= 3 && /^[0-9A-Za-z@._%-]+$/.test(s) && !ROUTE_WORDS.has(s) ? ":id" : s));
      const r = `/${route.join("/")}`;
      switch (r) {
        case "/api/v1/apps":
          return page(org.apps);
        case "/api/v1/groups":
          return page(org.groups);
        case "/api/v1/groups/rules":
          return page(org.groupRules);
        case "/api/v1/policies":
          if (org.notOfferedPolicyTypes.includes(u.searchParams.get("type") ?? "")) {
            return send(
              401,
              oktaError("E0000015", "You do not have permission to access the feature you are requesting"),
            );
          }
          return page(org.policies.filter((x) => x.type === u.searchParams.get("type")));
        case "/api/v1/policies/:id/rules":
          return page(org.policyRules[at(3)] ?? []);
        case "/api/v1/authorizationServers":
          return page(org.authServers);
        case "/api/v1/authorizationServers/:id/scopes":
          return page(org.scopes[at(3)] ?? []);
        case "/api/v1/authorizationServers/:id/claims":
          return page(org.claims[at(3)] ?? []);
        case "/api/v1/authorizationServers/:id/policies":
          return page(org.serverPolicies[at(3)] ?? []);
        case "/api/v1/authorizationServers/:id/policies/:id/rules":
          return page(org.serverPolicyRules[`${at(3)}/${at(5)}`] ?? []);
        case "/api/v1/authenticators":
          return page(org.authenticators);
        case "/api/v1/zones":
          return page(org.zones);
        case "/api/v1/inlineHooks":
          return page(org.inlineHooks);
        case "/api/v1/hook-keys":
          return page(org.hookKeys);
        case "/api/v1/eventHooks":
          return page(org.eventHooks);
        case "/api/v1/trustedOrigins":
          return page(org.trustedOrigins);
        case "/api/v1/idps":
          return page(org.identityProviders);
        case "/api/v1/api-tokens":
          return page(org.apiTokens);
        case "/api/v1/groups/:id/roles":
          return page(org.groupRoles[at(3)] ?? []);
        case "/oauth2/v1/clients/:id/roles":
          return page(org.clientRoles[at(3)] ?? []);
        case "/api/v1/iam/roles":
          return bodyPage("roles", org.customRoles);
        case "/api/v1/iam/assignees/users":
          return bodyPage("value", org.roleUsers);
        case "/api/v1/meta/schemas/user/default":
          return send(200, {
            id: `${url}/meta/schemas/user/default`,
            $schema: "http://json-schema.org/draft-04/schema#",
            name: "user",
            title: "User",
            type: "object",
            definitions: {
              base: { id: "#base", type: "object", properties: {}, required: ["login"] },
              custom: { id: "#custom", type: "object", properties: org.schemaProperties, required: [] },
            },
          });
        case "/api/v1/users/:id": {
          const user = org.users.find((x) => x.id === at(3) || (x.profile as Obj).login === decodeURIComponent(at(3)));
          return user === undefined
            ? send(404, oktaError("E0000007", `Not found: Resource not found: ${at(3)} (User)`))
            : send(200, user);
        }
        default:
          return send(404, oktaError("E0000007", `Not found: Resource not found: ${u.pathname}`));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fake: FakeOkta = {
    url,
    org,
    requests,
    throttleOnce: (pathname) => throttled.add(pathname),
    get rateLimit() {
      return state.rateLimit;
    },
    set rateLimit(n: number) {
      state.rateLimit = n;
    },
    get resetSeconds() {
      return state.resetSeconds;
    },
    set resetSeconds(n: number) {
      state.resetSeconds = n;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
  return fake;
}

/** Path segments that are words of a route, not ids. */
const ROUTE_WORDS = new Set([
  "rules",
  "scopes",
  "claims",
  "policies",
  "roles",
  "users",
  "default",
  "user",
  "schemas",
  "assignees",
]);
