import * as crypto from "crypto";
import * as http from "http";
import { AddressInfo } from "net";
import { OAuthInlineHookInputs } from "../components/oauthInlineHook";

export type Obj = Record<string, unknown>;

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly auth: string | undefined;
  /** The DPoP header, when sent. */
  readonly dpop: string | undefined;
}

/** The service app the fake org knows: its client id, the public half of its key, what it was granted. */
export interface ServiceApp {
  readonly clientId: string;
  readonly publicKey: crypto.KeyObject;
  /** The `kid` the key was registered with; an assertion naming another kid is refused. */
  readonly kid?: string;
  readonly grantedScopes: readonly string[];
  /** "Require Demonstrating Proof of Possession (DPoP) header in token requests". */
  readonly requireDpop?: boolean;
  /** Okta wanting a nonce it never accepts: every proof is answered `use_dpop_nonce`. */
  readonly neverAcceptNonce?: boolean;
}

export const decode = (part: string | undefined) =>
  JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8")) as Obj;

/** Verifies a compact JWS signed with RS256 or ES256 (the algorithms Okta takes for private_key_jwt and DPoP). */
export function verified(jws: string, key: crypto.KeyObject): { header: Obj; claims: Obj } | undefined {
  const [h, p, sig] = jws.split(".");
  if (h === undefined || p === undefined || sig === undefined) return undefined;
  const header = decode(h);
  const verifyKey = header.alg === "ES256" ? { key, dsaEncoding: "ieee-p1363" as const } : key;
  const ok =
    ["RS256", "ES256"].includes(String(header.alg)) &&
    crypto.verify("sha256", Buffer.from(`${h}.${p}`), verifyKey, Buffer.from(sig, "base64url"));
  return ok ? { header, claims: decode(p) } : undefined;
}

/**
 * Okta's Inline Hooks API on 127.0.0.1, as its reference describes it: create answers the hook ACTIVE with an id,
 * PUT replaces name, version and channel, lifecycle/activate and /deactivate switch status, DELETE refuses an
 * ACTIVE hook (E0000032-like 400), an unknown id is Okta's 404 E0000007. An SSWS token, or an access token from
 * the org's token endpoint (`/oauth2/v1/token`, Okta's OAuth 2.0 API reference for a service app): the client
 * credentials grant with a private_key_jwt client assertion (RFC 7523: signature by the registered key, iss = sub =
 * client id, aud = the token URL, exp at most an hour ahead, a jti used once, the registered kid), scopes granted
 * to the app, and DPoP (RFC 9449) when the app requires it: a request without a proof is `invalid_dpop_proof`, a
 * proof without Okta's nonce is `use_dpop_nonce` with a DPoP-Nonce header, and the token is then bound to the
 * proof's key (token_type DPoP; each call carries a proof of that key with htm, htu and ath). The Inline Hooks
 * API takes okta.inlineHooks.read for reads and okta.inlineHooks.manage for everything.
 */
export async function fakeInlineHooks(token: string, app?: ServiceApp) {
  const hooks = new Map<string, Obj>();
  const requests: Recorded[] = [];
  /** Access tokens issued: their scopes and, for DPoP, the thumbprint of the key they are bound to. */
  const issued = new Map<string, { scopes: readonly string[]; jkt?: string }>();
  const usedJti = new Set<string>();
  const NONCE = "okta-dpop-nonce-1";
  let next = 1;
  let url = "";
  const thumbprint = (jwk: Obj) =>
    crypto
      .createHash("sha256")
      .update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n }))
      .digest("base64url");
  /** A DPoP proof's key if the proof is valid for this request, else why not. */
  const checkProof = (proof: string | undefined, method: string, htu: string, accessToken?: string) => {
    if (proof === undefined) return { problem: "The DPoP proof JWT header is missing." };
    const jwk = decode(proof.split(".")[0]).jwk as Obj | undefined;
    const v =
      jwk === undefined
        ? undefined
        : verified(proof, crypto.createPublicKey({ key: jwk as crypto.JsonWebKey, format: "jwk" }));
    if (v === undefined || v.header.typ !== "dpop+jwt") return { problem: "The DPoP proof JWT signature is invalid." };
    if (v.claims.htm !== method || v.claims.htu !== htu) return { problem: "The DPoP proof htm or htu is invalid." };
    if (typeof v.claims.jti !== "string" || usedJti.has(v.claims.jti))
      return { problem: "The DPoP proof jti is reused." };
    usedJti.add(v.claims.jti);
    if (v.claims.nonce !== NONCE || app?.neverAcceptNonce === true)
      return { nonce: true, problem: "Authorization server requires nonce in DPoP proof." };
    if (accessToken !== undefined) {
      const ath = crypto.createHash("sha256").update(accessToken).digest("base64url");
      if (v.claims.ath !== ath) return { problem: "The DPoP proof ath is invalid." };
    }
    return { jkt: thumbprint(jwk as Obj) };
  };
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const path = req.url ?? "";
      const dpop = req.headers.dpop as string | undefined;
      const send = (status: number, out?: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "Content-Type": "application/json", ...headers });
        res.end(out === undefined ? "" : JSON.stringify(out));
      };
      if (path === "/oauth2/v1/token" && req.method === "POST") {
        const form = new URLSearchParams(raw);
        requests.push({ method: "POST", path, body: Object.fromEntries(form), auth: undefined, dpop });
        const oauthError = (status: number, error: string, description: string, headers?: Record<string, string>) =>
          send(status, { error, error_description: description }, headers);
        if (app === undefined) return oauthError(401, "invalid_client", "Client authentication failed.");
        if (form.get("grant_type") !== "client_credentials") {
          return oauthError(400, "unsupported_grant_type", "The authorization grant type is not supported.");
        }
        if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") {
          return oauthError(401, "invalid_client", "The client_assertion_type is invalid.");
        }
        const assertion = verified(form.get("client_assertion") ?? "", app.publicKey);
        if (assertion === undefined)
          return oauthError(401, "invalid_client", "The client_assertion signature is invalid.");
        const { header, claims } = assertion;
        if (app.kid !== undefined && header.kid !== undefined && header.kid !== app.kid) {
          return oauthError(401, "invalid_client", "The client_assertion kid does not match a registered key.");
        }
        if (claims.iss !== app.clientId || claims.sub !== app.clientId) {
          return oauthError(401, "invalid_client", "The client_assertion iss and sub must be the client id.");
        }
        if (claims.aud !== `${url}/oauth2/v1/token`)
          return oauthError(401, "invalid_client", "The audience claim is invalid.");
        const now = Date.now() / 1000;
        if (typeof claims.exp !== "number" || claims.exp < now || claims.exp > now + 3600) {
          return oauthError(401, "invalid_client", "The client_assertion token is expired or lives over an hour.");
        }
        if (typeof claims.jti === "string") {
          if (usedJti.has(claims.jti))
            return oauthError(401, "invalid_client", "The client_assertion token has already been used.");
          usedJti.add(claims.jti);
        }
        const asked = (form.get("scope") ?? "").split(" ").filter((x) => x !== "");
        const notGranted = asked.filter((x) => !app.grantedScopes.includes(x));
        if (notGranted.length > 0) {
          return oauthError(400, "invalid_scope", `The following scopes are not allowed: ${notGranted.join(", ")}`);
        }
        let jkt: string | undefined;
        if (app.requireDpop) {
          const checked = checkProof(dpop, "POST", `${url}/oauth2/v1/token`);
          if (checked.nonce) return oauthError(400, "use_dpop_nonce", checked.problem, { "DPoP-Nonce": NONCE });
          if (checked.problem !== undefined) return oauthError(400, "invalid_dpop_proof", checked.problem);
          jkt = checked.jkt;
        }
        const accessToken = `at-${crypto.randomBytes(12).toString("hex")}`;
        issued.set(accessToken, { scopes: asked, ...(jkt === undefined ? {} : { jkt }) });
        return send(200, {
          token_type: jkt === undefined ? "Bearer" : "DPoP",
          expires_in: 3600,
          access_token: accessToken,
          scope: asked.join(" "),
        });
      }
      const body: unknown = raw === "" ? undefined : JSON.parse(raw);
      requests.push({ method: req.method ?? "", path, body, auth: req.headers.authorization, dpop });
      const error = (status: number, code: string, summary: string, headers?: Record<string, string>) =>
        send(
          status,
          { errorCode: code, errorSummary: summary, errorLink: code, errorId: "oaeX", errorCauses: [] },
          headers,
        );
      const auth = req.headers.authorization ?? "";
      const [scheme, credential] = auth.split(" ");
      const grant = issued.get(credential ?? "");
      if (auth !== `SSWS ${token}` && grant === undefined) return error(401, "E0000011", "Invalid token provided");
      if (grant !== undefined) {
        if (scheme !== (grant.jkt === undefined ? "Bearer" : "DPoP"))
          return error(401, "E0000011", "Invalid token provided");
        if (grant.jkt !== undefined) {
          const checked = checkProof(dpop, req.method ?? "", `${url}${path.split("?")[0]}`, credential);
          if (checked.problem !== undefined || checked.jkt !== grant.jkt) {
            return error(400, "E0000011", `Invalid DPoP proof: ${checked.problem ?? "another key"}`);
          }
        }
        const needed =
          req.method === "GET" ? ["okta.inlineHooks.read", "okta.inlineHooks.manage"] : ["okta.inlineHooks.manage"];
        if (!needed.some((x) => grant.scopes.includes(x))) {
          return error(403, "E0000006", "You do not have permission to perform the requested action", {
            "WWW-Authenticate": `Bearer authorization_uri="${url}/oauth2/v1/authorize", realm="${url}", scope="${needed[needed.length - 1]}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${path}"`,
          });
        }
      }
      const m = /^\/api\/v1\/inlineHooks(?:\/([^/]+))?(?:\/lifecycle\/(activate|deactivate))?$/.exec(path);
      if (m === null) return error(404, "E0000022", "The endpoint does not support the provided HTTP method");
      const [, id, step] = m;
      if (id === undefined && req.method === "POST") {
        const hook = { ...(body as Obj), id: `cal${next++}`, status: "ACTIVE", created: "2026-01-01T00:00:00.000Z" };
        hooks.set(hook.id, hook);
        return send(200, hook);
      }
      const hook = id === undefined ? undefined : hooks.get(id);
      if (hook === undefined) return error(404, "E0000007", `Not found: Resource not found: ${id} (InlineHook)`);
      if (step !== undefined && req.method === "POST") {
        hook.status = step === "activate" ? "ACTIVE" : "INACTIVE";
        return send(200, hook);
      }
      if (req.method === "GET") return send(200, hook);
      if (req.method === "PUT") {
        const b = body as Obj;
        Object.assign(hook, { name: b.name, version: b.version, channel: b.channel });
        return send(200, hook);
      }
      if (req.method === "DELETE") {
        if (hook.status === "ACTIVE")
          return error(400, "E0000001", "Api validation failed: Cannot delete an ACTIVE hook");
        hooks.delete(hook.id as string);
        return send(204);
      }
      return error(405, "E0000022", "The endpoint does not support the provided HTTP method");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, hooks, requests, issued, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export const TOKEN = "00fakeSswsTokenForTheInlineHookTests0000000";

export function inputs(orgUrl: string, over: Partial<OAuthInlineHookInputs> = {}): OAuthInlineHookInputs {
  return {
    orgUrl,
    name: "Validate Client ID on Registration",
    type: "com.okta.user.pre-registration",
    version: "1.0.0",
    status: "ACTIVE",
    channel: {
      type: "OAUTH",
      version: "1.0.0",
      config: {
        uri: "https://hooks.example.com/okta/registration",
        method: "POST",
        authType: "private_key_jwt",
        hookKeyId: "hks1key",
        clientId: "okta-registration-hook",
        tokenUrl: "https://hooks.example.com/oauth2/token",
        scope: "okta.registration",
      },
    },
    ...over,
  };
}
