import * as pulumi from "@pulumi/pulumi";

/**
 * An inline hook whose endpoint Okta calls with OAuth 2.0 `private_key_jwt`, managed through Okta's Inline Hooks
 * API by a dynamic provider instead of `okta.inline.Hook`.
 *
 * Why: terraform-provider-okta (bridged by @pulumi/okta 7.0.0) reads `channel_json` into its own channel struct,
 * which has no `hookKeyId` (okta/terraform-provider-okta#2344). The provider drops the key on create and on every
 * update (a full PUT of that struct) and never reads it back, so Okta would get a private_key_jwt channel with no
 * key to sign with and a hand change of the key would never show as drift. Go back to `okta.inline.Hook` once the
 * provider passes `hookKeyId` through (README "The registration inline hook").
 *
 * Pulumi serializes the provider object below into the state and runs it in its own process at every preview,
 * refresh and up. So it is self-contained: it requires only Node's own modules (`crypto`, `fs`), and it captures
 * no config value. Credentials come from the job's environment when a method runs (the `OKTA_API_*` variables the
 * Okta provider and the adoption commands read), never from inputs: no credential can reach the state.
 */

/** The type token of the dynamic resource: `pulumi-nodejs:dynamic/<module>:<type>`. */
export const OAUTH_INLINE_HOOK_TYPE = "pulumi-nodejs:dynamic/okta:InlineHook";

/** Okta's OAuth 2.0 channel with a private key JWT, field for field (Inline Hooks API, InlineHookChannelOAuth). */
export interface OAuthHookChannel {
  readonly type: "OAUTH";
  readonly version: string;
  readonly config: {
    readonly uri: string;
    readonly method: "POST";
    readonly authType: "private_key_jwt";
    /** The `id` of the Hook Keys API's key pair Okta signs the client assertion with. */
    readonly hookKeyId: string;
    readonly clientId: string;
    readonly tokenUrl: string;
    readonly scope?: string;
  };
}

/** The resource's inputs as the provider receives them (every Output resolved). */
export interface OAuthInlineHookInputs {
  /** `https://<org>.<domain>`: the org the hook lives in. A different org is a different hook (replace). */
  readonly orgUrl: string;
  readonly name: string;
  /** Okta's hook type (`com.okta.user.pre-registration`, ...); Okta cannot change it in place (replace). */
  readonly type: string;
  readonly version: string;
  readonly status: "ACTIVE" | "INACTIVE";
  readonly channel: OAuthHookChannel;
  /**
   * An existing hook's id to take over instead of creating one: create replaces that hook's name, version and
   * channel in place (its id, and every policy that names it, stay). Read once, at create; ignored afterwards.
   */
  readonly adoptId?: string;
}

/** What the state holds: the hook as Okta returned it (read back, so a hand change shows as drift). */
export interface OAuthInlineHookOutputs {
  readonly orgUrl: string;
  readonly name: string;
  readonly type: string;
  readonly version: string;
  readonly status: string;
  /** Okta's channel object; a secret Okta holds (client secret, header value) appears only as "[set]". */
  readonly channel: Readonly<Record<string, unknown>>;
}

/** The arguments of `OAuthInlineHook`. */
export interface OAuthInlineHookArgs {
  readonly orgUrl: pulumi.Input<string>;
  readonly name: pulumi.Input<string>;
  readonly type: pulumi.Input<string>;
  readonly version: pulumi.Input<string>;
  readonly status: pulumi.Input<"ACTIVE" | "INACTIVE">;
  readonly channel: pulumi.Input<{
    readonly type: "OAUTH";
    readonly version: pulumi.Input<string>;
    readonly config: pulumi.Input<{
      readonly uri: pulumi.Input<string>;
      readonly method: "POST";
      readonly authType: "private_key_jwt";
      readonly hookKeyId: pulumi.Input<string>;
      readonly clientId: pulumi.Input<string>;
      readonly tokenUrl: pulumi.Input<string>;
      readonly scope?: pulumi.Input<string>;
    }>;
  }>;
  /** See `OAuthInlineHookInputs.adoptId`. Default: none (create a new hook). */
  readonly adoptId?: pulumi.Input<string>;
}

/**
 * The provider. Pulumi serializes the methods with what they reach (`oktaApi` and `hookError` below, by value), so
 * nothing they reach may come from an import of a local module.
 */
export const oauthInlineHookProvider: pulumi.dynamic.ResourceProvider<OAuthInlineHookInputs, OAuthInlineHookOutputs> = {
  async check(_olds, news) {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    // The engine's stand-in for a value not known yet (a preview before the hook key exists).
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const shown = (v: unknown) => {
      const s = JSON.stringify(v) ?? "undefined";
      return s.length > 80 ? `${s.slice(0, 80)}...` : s;
    };
    const fail = (property: string, value: unknown, expected: string) =>
      failures.push({ property, reason: `${property}: got ${shown(value)}, expected ${expected}` });
    const isText = (v: unknown, pattern: RegExp) => v === UNKNOWN || (typeof v === "string" && pattern.test(v));
    const HTTPS = /^https:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[^\s?#]*)?$/;
    const n = news as unknown as Record<string, unknown>;
    if (!isText(n.orgUrl, /^https:\/\/[A-Za-z0-9-]+\.[A-Za-z0-9.-]+$/)) {
      fail("orgUrl", n.orgUrl, "the org's address, https://<org>.<domain> with no path");
    }
    if (!isText(n.name, /^\S(?:.{0,253}\S)?$/)) fail("name", n.name, "a name of 1 to 255 characters");
    if (!isText(n.type, /^com\.okta\.[a-z0-9.-]+$/)) fail("type", n.type, "an Okta inline hook type (com.okta....)");
    if (n.version !== "1.0.0") fail("version", n.version, '"1.0.0", the only version Okta supports');
    if (n.status !== "ACTIVE" && n.status !== "INACTIVE") fail("status", n.status, '"ACTIVE" or "INACTIVE"');
    if (n.adoptId !== undefined && !isText(n.adoptId, /^[A-Za-z0-9]{1,64}$/)) {
      fail("adoptId", n.adoptId, "an inline hook id as Okta shows it (letters and digits)");
    }
    const channel = (n.channel ?? {}) as Record<string, unknown>;
    if (channel.type !== "OAUTH") fail("channel.type", channel.type, '"OAUTH"');
    if (channel.version !== n.version)
      fail("channel.version", channel.version, `the hook's version ${shown(n.version)}`);
    const config = (channel.config ?? {}) as Record<string, unknown>;
    const allowed = ["uri", "method", "authType", "hookKeyId", "clientId", "tokenUrl", "scope"];
    for (const key of Object.keys(config).filter((k) => !allowed.includes(k))) {
      fail(`channel.config.${key}`, "[not shown]", `no such key: only ${allowed.join(", ")} (no secret of any kind)`);
    }
    if (!isText(config.uri, HTTPS)) fail("channel.config.uri", config.uri, "an https:// URL");
    if (config.method !== "POST") fail("channel.config.method", config.method, '"POST"');
    if (config.authType !== "private_key_jwt") fail("channel.config.authType", config.authType, '"private_key_jwt"');
    if (!isText(config.hookKeyId, /^[A-Za-z0-9]{1,64}$/)) {
      fail("channel.config.hookKeyId", config.hookKeyId, "the id of an okta.HookKey");
    }
    if (!isText(config.clientId, /^\S{1,255}$/)) fail("channel.config.clientId", config.clientId, "a client id");
    if (!isText(config.tokenUrl, HTTPS)) fail("channel.config.tokenUrl", config.tokenUrl, "an https:// URL");
    if (config.scope !== undefined && !isText(config.scope, /^\S+(?: \S+)*$/)) {
      fail("channel.config.scope", config.scope, "scopes separated by single spaces");
    }
    return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
  },

  async diff(_id, olds, news) {
    // Okta answers null or [] for a field it does not use: the same as not set.
    const comparable = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.length === 0 ? undefined : v.map(comparable);
      if (v === null || typeof v !== "object") return v ?? undefined;
      const entries = Object.entries(v)
        .map(([k, x]) => [k, comparable(x)] as const)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1));
      return entries.length === 0 ? undefined : Object.fromEntries(entries);
    };
    const same = (key: keyof OAuthInlineHookOutputs) =>
      JSON.stringify(comparable(olds[key])) === JSON.stringify(comparable(news[key]));
    // adoptId is read at create only: changing or removing it later changes nothing.
    const replaces = (["orgUrl", "type"] as const).filter((k) => !same(k));
    const changed = (["orgUrl", "type", "name", "version", "status", "channel"] as const).filter((k) => !same(k));
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const api = oktaApi(inputs.orgUrl);
    const body = { name: inputs.name, version: inputs.version, channel: inputs.channel };
    let id: string;
    if (inputs.adoptId !== undefined) {
      const existing = await api.call("GET", `/api/v1/inlineHooks/${encodeURIComponent(inputs.adoptId)}`);
      if (existing === undefined) {
        throw hookError(`${inputs.orgUrl}: no inline hook ${inputs.adoptId} to adopt (GET answered 404)`);
      }
      if (existing.type !== inputs.type) {
        throw hookError(
          `${inputs.orgUrl}: inline hook ${inputs.adoptId} is of type ${JSON.stringify(existing.type)}, not ${JSON.stringify(inputs.type)}: Okta cannot change a hook's type, so it cannot be adopted`,
        );
      }
      id = inputs.adoptId;
      await api.call("PUT", `/api/v1/inlineHooks/${encodeURIComponent(id)}`, body);
    } else {
      const created = await api.call("POST", "/api/v1/inlineHooks", { ...body, type: inputs.type });
      id = String(created?.id);
    }
    try {
      return { id, outs: await api.settle(id, inputs) };
    } catch (err) {
      // The hook exists: the engine records it (and retries the rest at the next up) instead of losing it.
      throw Object.assign(err as Error, { id, properties: { ...inputs, status: "UNKNOWN" }, reasons: [] });
    }
  },

  async read(id, props) {
    // An import (`pulumi import`, the `import` option) reads by id alone, with no state: no org to ask.
    if (typeof props?.orgUrl !== "string") {
      throw hookError(
        `inline hook ${id}: this resource learns its org from its state, and an import has none; take an existing hook over with okta-mmod:registrationHook.adoptId instead (README "Moving an existing hook to private_key_jwt")`,
      );
    }
    const orgUrl = props.orgUrl;
    const hook = await oktaApi(orgUrl).read(id);
    // Gone from Okta: an empty answer tells the engine it was deleted.
    return hook === undefined ? {} : { id, props: { ...hook, orgUrl } };
  },

  async update(id, olds, news) {
    const api = oktaApi(news.orgUrl);
    const same = (key: "name" | "version" | "channel") => JSON.stringify(olds[key]) === JSON.stringify(news[key]);
    if (!same("name") || !same("version") || !same("channel")) {
      // A replace, as Okta's PUT is: every field it keeps is sent, so nothing falls back to a default.
      await api.call("PUT", `/api/v1/inlineHooks/${encodeURIComponent(id)}`, {
        name: news.name,
        version: news.version,
        channel: news.channel,
      });
    }
    return { outs: await api.settle(id, news) };
  },

  async delete(id, props) {
    const api = oktaApi(props.orgUrl);
    // Okta deletes only an inactive hook; a hook already gone (404 on either call) is what delete wants.
    await api.call("POST", `/api/v1/inlineHooks/${encodeURIComponent(id)}/lifecycle/deactivate`);
    await api.call("DELETE", `/api/v1/inlineHooks/${encodeURIComponent(id)}`);
  },
};

/**
 * An error as the engine should show it: one line and no stack. The dynamic provider host prints a failed check,
 * diff, read or delete as `${e}: ${e.stack}` on stderr, which the CLI shows the user; a stack would add frames.
 */
function hookError(message: string): Error {
  return Object.assign(new Error(message.replace(/\s*\n\s*/g, " ")), { stack: "" });
}

/**
 * The Inline Hooks API, authenticated the way terraform-provider-okta authenticates with the same variables, so a
 * team sets them once for both. A function declaration the provider's methods call: Pulumi serializes it with them,
 * so it requires only Node's own modules.
 *
 * It does its own OAuth 2.0 exchange rather than @okta/okta-sdk-nodejs's PrivateKey mode (what adopt/ uses): that
 * mode signs a DPoP proof with the service app's own key on every token request, cannot answer Okta's
 * `use_dpop_nonce` (its error filter throws on the 400 first) and drops an OAuth error's body, so a missing scope
 * reads as "HTTP 400 ()". The provider (its sdk/ request executor) asks without DPoP, and only when Okta answers
 * `invalid_dpop_proof` proves possession of a fresh RSA key, with the nonce Okta hands out. This does the same.
 */
function oktaApi(orgUrl: string) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const crypto = require("crypto") as typeof import("crypto");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require("fs") as typeof import("fs");
  const env = (name: string) => {
    const v = process.env[name]?.trim();
    return v === undefined || v === "" ? undefined : v;
  };
  const clientId = env("OKTA_API_CLIENT_ID");
  const rawKey = env("OKTA_API_PRIVATE_KEY");
  const keyId = env("OKTA_API_PRIVATE_KEY_ID");
  // The provider splits on commas and sends the scopes space-separated, so either separator works there.
  const scopes = (env("OKTA_API_SCOPES") ?? "").split(/[\s,]+/).filter((s) => s !== "");
  const token = env("OKTA_API_TOKEN");
  const tokenUrl = `${orgUrl}/oauth2/v1/token`;
  const secrets: string[] = [rawKey, token].filter((s): s is string => s !== undefined);
  const clean = (text: string) => {
    let out = text;
    for (const s of secrets) out = out.split(s).join("[redacted]");
    return out.replace(/eyJ[A-Za-z0-9_-]{8,}(\.[A-Za-z0-9_-]*){0,2}/g, "[redacted]");
  };
  const failure = (message: string) => hookError(clean(message));
  if (clientId === undefined && token === undefined) {
    throw failure(
      "the inline hook is managed through Okta's API with the job's credentials, and none are set: OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY, OKTA_API_SCOPES (okta.inlineHooks.manage to change it, okta.inlineHooks.read to refresh) and OKTA_API_PRIVATE_KEY_ID, or OKTA_API_TOKEN",
    );
  }
  // As the provider: an API token, when set, is used before the service app.
  const useToken = token !== undefined;
  if (!useToken && (rawKey === undefined || scopes.length === 0)) {
    throw failure("OKTA_API_CLIENT_ID is set without OKTA_API_PRIVATE_KEY or OKTA_API_SCOPES: set all three");
  }

  /**
   * The service app's key, read as the provider reads it (okta-sdk-golang WithPrivateKey and CreateKeySigner): the
   * value is a file's path if such a file exists, else the key itself, with literal `\n` as line breaks; a PEM
   * block of PKCS#1 RSA (`RSA PRIVATE KEY`, RS256) or PKCS#8 (`PRIVATE KEY`: RSA, RS256, or EC P-256, ES256).
   */
  const signingKey = (): { key: import("crypto").KeyObject; alg: "RS256" | "ES256" } => {
    const value = rawKey as string;
    let text = value;
    let from = "OKTA_API_PRIVATE_KEY";
    try {
      if (!value.includes("-----BEGIN") && fs.statSync(value).isFile()) {
        text = fs.readFileSync(value, "utf8");
        secrets.push(text.trim());
        from = `the file OKTA_API_PRIVATE_KEY names (${value.slice(0, 200)})`;
      }
    } catch {
      // No such file: the value is the key itself, as the provider reads it.
    }
    const pem = text.replace(/\\n/g, "\n");
    const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1];
    const expected =
      "the service app's private key as PEM, PKCS#1 (-----BEGIN RSA PRIVATE KEY-----) or PKCS#8 (-----BEGIN PRIVATE KEY-----, RSA or EC P-256), as text or the path of a file holding it (what the Okta provider reads)";
    if (label !== "RSA PRIVATE KEY" && label !== "PRIVATE KEY") {
      throw failure(`${from} is not ${expected}${label === undefined ? "" : `: found a ${label} block`}`);
    }
    let key: import("crypto").KeyObject;
    try {
      key = crypto.createPrivateKey(pem);
    } catch {
      throw failure(`${from} holds a ${label} block that does not parse: expected ${expected}`);
    }
    if (key.asymmetricKeyType === "rsa") return { key, alg: "RS256" };
    if (key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1") {
      return { key, alg: "ES256" };
    }
    throw failure(`${from} is a ${String(key.asymmetricKeyType)} key: expected ${expected}`);
  };

  const b64 = (data: string | Buffer) => Buffer.from(data).toString("base64url");
  const jwt = (header: object, claims: object, key: import("crypto").KeyObject, alg: "RS256" | "ES256") => {
    const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`;
    const signature = crypto.sign(
      "sha256",
      Buffer.from(input),
      alg === "ES256" ? { key, dsaEncoding: "ieee-p1363" } : key,
    );
    return `${input}.${b64(signature)}`;
  };
  const now = () => Math.floor(Date.now() / 1000);

  /** A DPoP proof (RFC 9449) with a key of this run only, as the provider makes one. */
  let dpop: { key: import("crypto").KeyObject; jwk: object; nonce?: string } | undefined;
  const proof = (method: string, url: string, accessToken?: string) => {
    const d = dpop as NonNullable<typeof dpop>;
    return jwt(
      { typ: "dpop+jwt", alg: "RS256", jwk: d.jwk },
      {
        jti: crypto.randomUUID(),
        htm: method,
        htu: url.split("?")[0],
        iat: now(),
        ...(d.nonce === undefined ? {} : { nonce: d.nonce }),
        ...(accessToken === undefined ? {} : { ath: b64(crypto.createHash("sha256").update(accessToken).digest()) }),
      },
      d.key,
      "RS256",
    );
  };

  /** One HTTP exchange: no redirect followed (it would carry the credentials past the org), 30 s at most. */
  const send = async (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => {
    let res: Response;
    try {
      res = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(30_000) });
    } catch (err) {
      // fetch says only "fetch failed"; the cause holds the reason (ECONNREFUSED, ENOTFOUND, a timeout).
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const why = e.cause?.code ?? e.cause?.message ?? e.message;
      throw failure(`${orgUrl}: no answer to ${init.method} ${new URL(url).pathname}: ${String(why)}`);
    }
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
    } catch {
      body = { errorSummary: `not JSON: ${text.slice(0, 80)}` };
    }
    return { status: res.status, headers: res.headers, body };
  };

  let authorization: { scheme: string; token: string } | undefined;
  /** The service app's access token: the client credentials grant with a private_key_jwt client assertion. */
  const login = async () => {
    const { key, alg } = signingKey();
    const ask = async () => {
      const assertion = jwt(
        { alg, typ: "JWT", ...(keyId === undefined ? {} : { kid: keyId }) },
        { iss: clientId, sub: clientId, aud: tokenUrl, iat: now(), exp: now() + 300, jti: crypto.randomUUID() },
        key,
        alg,
      );
      const form = new URLSearchParams({
        grant_type: "client_credentials",
        scope: scopes.join(" "),
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: assertion,
      });
      const headers: Record<string, string> = {
        Accept: "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
        ...(dpop === undefined ? {} : { DPoP: proof("POST", tokenUrl) }),
      };
      return send(tokenUrl, { method: "POST", headers, body: form.toString() });
    };
    let res = await ask();
    const error = () => String(res.body.error ?? "");
    if (res.status === 400 && error() === "invalid_dpop_proof" && dpop === undefined) {
      const pair = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
      dpop = { key: pair.privateKey, jwk: pair.publicKey.export({ format: "jwk" }) };
      res = await ask();
    }
    if (res.status === 400 && error() === "use_dpop_nonce" && dpop !== undefined) {
      dpop.nonce = res.headers.get("dpop-nonce") ?? undefined;
      res = await ask();
    }
    const said = `HTTP ${res.status} ${error() || "error"}: ${String(res.body.error_description ?? res.body.errorSummary ?? "no description")}`;
    if (res.status !== 200 || typeof res.body.access_token !== "string") {
      const why =
        dpop !== undefined && (error() === "invalid_dpop_proof" || error() === "use_dpop_nonce")
          ? "the service app requires DPoP and refused this proof of possession: turn off DPoP for the service app (Require Demonstrating Proof of Possession (DPoP) header in token requests) or report it"
          : error() === "invalid_scope"
            ? `grant the service app every scope in OKTA_API_SCOPES (${scopes.join(" ")}): okta.inlineHooks.manage for up, okta.inlineHooks.read for preview and refresh`
            : "check OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY and OKTA_API_PRIVATE_KEY_ID (the public key registered on the service app, and its kid)";
      throw failure(`${orgUrl}: Okta refused the service app's token request (${said.slice(0, 300)}): ${why}`);
    }
    secrets.push(res.body.access_token);
    return { scheme: String(res.body.token_type ?? "Bearer"), token: res.body.access_token };
  };

  /** One call; undefined for a 404 (absent). Any other failure is one line: status, Okta's summary, no secret. */
  const call = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown> | undefined> => {
    const url = `${orgUrl}${path}`;
    if (!useToken && authorization === undefined) authorization = await login();
    let res: Awaited<ReturnType<typeof send>> | undefined;
    // A 429 waits for the bucket's reset (within a minute); a DPoP nonce Okta hands out is used once more.
    for (let attempt = 0; attempt < 4; attempt++) {
      const auth = authorization;
      const headers: Record<string, string> = {
        Accept: "application/json",
        "Content-Type": "application/json",
        Authorization: auth === undefined ? `SSWS ${token as string}` : `${auth.scheme} ${auth.token}`,
        ...(auth?.scheme === "DPoP" ? { DPoP: proof(method, url, auth.token) } : {}),
      };
      res = await send(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const nonce = res.headers.get("dpop-nonce");
      if (res.status === 401 && dpop !== undefined && nonce !== null && nonce !== dpop.nonce) {
        dpop.nonce = nonce;
        continue;
      }
      if (res.status !== 429) break;
      const reset = Number(res.headers.get("x-rate-limit-reset"));
      const waitMs = Number.isFinite(reset) ? Math.min(Math.max(reset * 1000 - Date.now(), 0) + 1000, 61_000) : 61_000;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
    const r = res as NonNullable<typeof res>;
    if (r.status >= 200 && r.status < 300) return r.body;
    if (r.status === 404) return undefined;
    const causes = ((r.body.errorCauses ?? []) as { errorSummary?: unknown }[])
      .map((c) => c.errorSummary)
      .filter((c): c is string => typeof c === "string");
    const summary = [String(r.body.errorSummary ?? r.body.error_description ?? "no summary"), ...causes].join("; ");
    const scope = /scope="([^"]+)"/.exec(r.headers.get("www-authenticate") ?? "")?.[1];
    const hint =
      r.status === 403 && scope !== undefined
        ? `: the access token lacks ${scope}; grant it to the service app and list it in OKTA_API_SCOPES`
        : "";
    throw failure(`${orgUrl}: Okta refused ${method} ${path}: HTTP ${r.status} (${summary.slice(0, 300)})${hint}`);
  };

  /** The hook as Okta holds it, in the state's shape; a secret Okta reports is shown as "[set]" only. */
  const read = async (id: string) => {
    const hook = await call("GET", `/api/v1/inlineHooks/${encodeURIComponent(id)}`);
    if (hook === undefined) return undefined;
    const channel = (hook.channel ?? {}) as Record<string, unknown>;
    const config = { ...((channel.config ?? {}) as Record<string, unknown>) };
    if (config.clientSecret !== undefined && config.clientSecret !== null) config.clientSecret = "[set]";
    const scheme = config.authScheme as Record<string, unknown> | null | undefined;
    if (scheme && scheme.value !== undefined && scheme.value !== null)
      config.authScheme = { ...scheme, value: "[set]" };
    return {
      name: String(hook.name),
      type: String(hook.type),
      version: String(hook.version),
      status: String(hook.status),
      channel: { ...channel, config },
    };
  };

  /** Brings the hook's status to the declared one, then reads it back. */
  const settle = async (id: string, inputs: OAuthInlineHookInputs): Promise<OAuthInlineHookOutputs> => {
    let hook = await read(id);
    if (hook === undefined) throw hookError(`${orgUrl}: inline hook ${id} disappeared while it was being written`);
    if (hook.status !== inputs.status) {
      const step = inputs.status === "ACTIVE" ? "activate" : "deactivate";
      await call("POST", `/api/v1/inlineHooks/${encodeURIComponent(id)}/lifecycle/${step}`);
      hook = await read(id);
      if (hook === undefined) throw hookError(`${orgUrl}: inline hook ${id} disappeared while it was being written`);
    }
    return { ...hook, orgUrl: inputs.orgUrl };
  };

  return { call, read, settle };
}

/** The inline hook as a resource (type `OAUTH_INLINE_HOOK_TYPE`). */
export class OAuthInlineHook extends pulumi.dynamic.Resource {
  constructor(name: string, args: OAuthInlineHookArgs, opts?: pulumi.CustomResourceOptions) {
    super(oauthInlineHookProvider, name, { ...args }, opts, "okta", "InlineHook");
  }
}
