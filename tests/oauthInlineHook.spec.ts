import { expect } from "chai";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { AddressInfo } from "net";
import * as pulumi from "@pulumi/pulumi";
import { oauthInlineHookProvider as provider } from "../components/oauthInlineHook";
import { Obj, ServiceApp, TOKEN, decode, fakeInlineHooks, inputs, verified } from "./fakeInlineHooks";
import { PROJECT_DIR } from "./support";

describe("the OAuth inline hook's dynamic provider against Okta's Inline Hooks API", () => {
  let fake: Awaited<ReturnType<typeof fakeInlineHooks>>;
  const saved = { ...process.env };
  before(async () => {
    fake = await fakeInlineHooks(TOKEN);
  });
  beforeEach(() => {
    for (const k of Object.keys(process.env).filter((k) => k.startsWith("OKTA_"))) delete process.env[k];
    process.env.OKTA_API_TOKEN = TOKEN;
    fake.requests.length = 0;
  });
  after(async () => {
    process.env = saved;
    await fake.close();
  });

  it("creates the hook with hookKeyId in the channel and reads it back", async () => {
    const result = await provider.create(inputs(fake.url));
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      "POST /api/v1/inlineHooks",
      "GET /api/v1/inlineHooks/cal1",
    ]);
    expect(fake.requests[0]?.body).to.deep.equal({
      name: "Validate Client ID on Registration",
      version: "1.0.0",
      channel: inputs(fake.url).channel,
      type: "com.okta.user.pre-registration",
    });
    expect(fake.requests.every((r) => r.auth === `SSWS ${TOKEN}`)).to.equal(true);
    expect(result.id).to.equal("cal1");
    expect(result.outs?.channel).to.deep.equal(inputs(fake.url).channel);
    expect(result.outs?.status).to.equal("ACTIVE");
  });

  it("shows a hand change (a header instead of the key) as drift on read, the header's value never read", async () => {
    const { id } = await provider.create(inputs(fake.url));
    (fake.hooks.get(id) as Obj).channel = {
      type: "HTTP",
      version: "1.0.0",
      config: {
        uri: "https://hooks.example.com/okta/registration",
        method: "POST",
        authScheme: { type: "HEADER", key: "Authorization", value: "s3cr3t" },
      },
    };
    const read = await provider.read?.(id, inputs(fake.url) as never);
    expect(read?.props?.channel).to.deep.equal({
      type: "HTTP",
      version: "1.0.0",
      config: {
        uri: "https://hooks.example.com/okta/registration",
        method: "POST",
        authScheme: { type: "HEADER", key: "Authorization", value: "[set]" },
      },
    });
    const diff = await provider.diff?.(id, read?.props as never, inputs(fake.url));
    expect(diff).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("updates with one PUT of name, version and channel, then deactivates when asked", async () => {
    const { id, outs } = await provider.create(inputs(fake.url));
    fake.requests.length = 0;
    const news = inputs(fake.url, { status: "INACTIVE" });
    const changed = { ...news, channel: { ...news.channel, config: { ...news.channel.config, hookKeyId: "hks2key" } } };
    const result = await provider.update?.(id, outs as never, changed);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      `PUT /api/v1/inlineHooks/${id}`,
      `GET /api/v1/inlineHooks/${id}`,
      `POST /api/v1/inlineHooks/${id}/lifecycle/deactivate`,
      `GET /api/v1/inlineHooks/${id}`,
    ]);
    expect((fake.requests[0]?.body as { channel: { config: Obj } }).channel.config.hookKeyId).to.equal("hks2key");
    expect(result?.outs?.status).to.equal("INACTIVE");
  });

  it("replaces on a new type or org, updates in place otherwise", async () => {
    const olds = inputs(fake.url) as never;
    expect(await provider.diff?.("x", olds, inputs(fake.url))).to.deep.equal({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(
      await provider.diff?.("x", olds, inputs(fake.url, { type: "com.okta.oauth2.tokens.transform" })),
    ).to.deep.equal({ changes: true, replaces: ["type"], deleteBeforeReplace: false });
    expect(await provider.diff?.("x", olds, inputs("https://other.okta.com"))).to.deep.equal({
      changes: true,
      replaces: ["orgUrl"],
      deleteBeforeReplace: false,
    });
    expect(await provider.diff?.("x", olds, inputs(fake.url, { adoptId: "cal9" }))).to.deep.equal({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("deletes by deactivating first, and a hook already gone is deleted", async () => {
    const { id, outs } = await provider.create(inputs(fake.url));
    fake.requests.length = 0;
    await provider.delete?.(id, outs as never);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      `POST /api/v1/inlineHooks/${id}/lifecycle/deactivate`,
      `DELETE /api/v1/inlineHooks/${id}`,
    ]);
    expect(fake.hooks.has(id)).to.equal(false);
    await provider.delete?.(id, outs as never);
    expect(await provider.read?.(id, outs as never)).to.deep.equal({});
  });

  it("refuses a read with no state (an import), pointing at adoptId, and asks Okta nothing", async () => {
    let err: Error | undefined;
    try {
      await provider.read?.("cal1");
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).to.equal(
      'inline hook cal1: this resource learns its org from its state, and an import has none; take an existing hook over with okta-mmod:registrationHook.adoptId instead (README "Moving an existing hook to private_key_jwt")',
    );
    expect(fake.requests).to.deep.equal([]);
  });

  it("adopts an existing hook by id in place, and refuses one of another type", async () => {
    const { id } = await provider.create(inputs(fake.url, { name: "Old" }));
    fake.requests.length = 0;
    const adopted = await provider.create(inputs(fake.url, { adoptId: id }));
    expect(adopted.id).to.equal(id);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      `GET /api/v1/inlineHooks/${id}`,
      `PUT /api/v1/inlineHooks/${id}`,
      `GET /api/v1/inlineHooks/${id}`,
    ]);
    let err: Error | undefined;
    try {
      await provider.create(inputs(fake.url, { adoptId: id, type: "com.okta.oauth2.tokens.transform" }));
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).to.equal(
      `${fake.url}: inline hook ${id} is of type "com.okta.user.pre-registration", not "com.okta.oauth2.tokens.transform": Okta cannot change a hook's type, so it cannot be adopted`,
    );
  });

  it("turns Okta's refusal into one line: status and summary, no credential, no trace", async () => {
    process.env.OKTA_API_TOKEN = "00wrongTokenValue";
    let err: Error | undefined;
    try {
      await provider.create(inputs(fake.url));
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).to.equal(
      `${fake.url}: Okta refused POST /api/v1/inlineHooks: HTTP 401 (Invalid token provided)`,
    );
  });

  it("refuses to run without credentials in the environment", async () => {
    delete process.env.OKTA_API_TOKEN;
    let err: Error | undefined;
    try {
      await provider.create(inputs(fake.url));
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).to.match(
      /^the inline hook is managed through Okta's API with the job's credentials, and none are set/,
    );
    expect(fake.requests).to.deep.equal([]);
  });

  it("check reports every bad input at once, a secret's value never shown", async () => {
    const bad = {
      ...inputs("http://x"),
      version: "2.0.0",
      channel: { type: "HTTP", version: "1.0.0", config: { uri: "http://h", method: "GET", clientSecret: "hunter2" } },
    };
    const result = await provider.check?.({} as never, bad as never);
    expect(result?.failures?.map((f) => f.property)).to.deep.equal([
      "orgUrl",
      "version",
      "channel.type",
      "channel.version",
      "channel.config.clientSecret",
      "channel.config.uri",
      "channel.config.method",
      "channel.config.authType",
      "channel.config.hookKeyId",
      "channel.config.clientId",
      "channel.config.tokenUrl",
    ]);
    expect(result?.failures?.some((f) => f.reason.includes("hunter2"))).to.equal(false);
    expect(await provider.check?.({} as never, inputs("https://dev-1.okta.com"))).to.deep.equal({
      inputs: inputs("https://dev-1.okta.com"),
    });
  });

  it("serializes as the SDK does for the state: no credential, no local path, and the serialized text runs", async () => {
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    expect(sf.text).to.not.include(TOKEN);
    expect(sf.text).to.not.include(PROJECT_DIR);
    expect(sf.text).to.not.include(os.tmpdir());
    // Only Node's own modules: the host loads it from any folder, with nothing of node_modules but the SDK's own.
    expect([...sf.text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).sort()).to.deep.equal(["crypto", "fs"]);
    expect(sf.containsSecrets).to.equal(false);
    // Loaded the way the engine's dynamic provider host does: a module of its own, its exported handler called.
    const file = path.join(PROJECT_DIR, `.serialized-hook-provider-${process.pid}.js`);
    fs.writeFileSync(file, sf.text);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS module, loaded as the host does
      const loaded = (require(file) as { handler: () => typeof provider }).handler();
      const { id } = await loaded.create(inputs(fake.url));
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
        "POST /api/v1/inlineHooks",
        `GET /api/v1/inlineHooks/${id}`,
      ]);
    } finally {
      fs.rmSync(file);
    }
  });
});

describe("the OAuth inline hook's service-app login (private_key_jwt at Okta's token endpoint)", () => {
  const CLIENT_ID = "0oahookmanager0001";
  const rsa = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const other = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const ec = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const pkcs8 = rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const pkcs1 = rsa.privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const MANAGE = ["okta.inlineHooks.manage"];
  const saved = { ...process.env };
  const login = (key: string, extra: NodeJS.ProcessEnv = {}) => {
    for (const k of Object.keys(process.env).filter((k) => k.startsWith("OKTA_"))) delete process.env[k];
    Object.assign(process.env, {
      OKTA_API_CLIENT_ID: CLIENT_ID,
      OKTA_API_PRIVATE_KEY: key,
      OKTA_API_SCOPES: "okta.inlineHooks.manage",
      ...extra,
    });
  };
  const servers: { close(): Promise<void> }[] = [];
  const start = async (app: Partial<ServiceApp> = {}) => {
    const fake = await fakeInlineHooks(TOKEN, {
      clientId: CLIENT_ID,
      publicKey: rsa.publicKey,
      grantedScopes: MANAGE,
      ...app,
    });
    servers.push(fake);
    return fake;
  };
  const failureOf = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (e) {
      return e as Error;
    }
    throw new Error("expected a failure");
  };
  afterEach(async () => {
    process.env = { ...saved };
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it("a PKCS#8 key as text, with its kid: the client credentials grant, then the calls carry the issued token", async () => {
    const fake = await start({ kid: "hookkey-2026" });
    login(pkcs8, { OKTA_API_PRIVATE_KEY_ID: "hookkey-2026" });
    const { id } = await provider.create(inputs(fake.url));
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      "POST /oauth2/v1/token",
      "POST /api/v1/inlineHooks",
      `GET /api/v1/inlineHooks/${id}`,
    ]);
    const form = fake.requests[0]?.body as Record<string, string>;
    expect(Object.keys(form).sort()).to.deep.equal([
      "client_assertion",
      "client_assertion_type",
      "grant_type",
      "scope",
    ]);
    expect([form.grant_type, form.scope, form.client_assertion_type]).to.deep.equal([
      "client_credentials",
      "okta.inlineHooks.manage",
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    ]);
    const { header, claims } = verified(form.client_assertion as string, rsa.publicKey) as { header: Obj; claims: Obj };
    expect(header).to.deep.equal({ alg: "RS256", typ: "JWT", kid: "hookkey-2026" });
    expect([claims.iss, claims.sub, claims.aud]).to.deep.equal([CLIENT_ID, CLIENT_ID, `${fake.url}/oauth2/v1/token`]);
    expect((claims.exp as number) - (claims.iat as number)).to.equal(300);
    expect(fake.requests[0]?.dpop).to.equal(undefined);
    const [accessToken] = [...fake.issued.keys()];
    expect(fake.requests.slice(1).map((r) => r.auth)).to.deep.equal([`Bearer ${accessToken}`, `Bearer ${accessToken}`]);
  });

  it("a PKCS#1 key in a file named by the variable, no kid; and PEM text with literal \\n, as the provider reads them", async () => {
    const fake = await start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hook-key-"));
    const file = path.join(dir, "okta-service-app.pem");
    fs.writeFileSync(file, pkcs1, { mode: 0o600 });
    try {
      login(file);
      await provider.create(inputs(fake.url));
      const header = decode((fake.requests[0]?.body as Record<string, string>).client_assertion?.split(".")[0]);
      expect(header).to.deep.equal({ alg: "RS256", typ: "JWT" });
      fake.requests.length = 0;
      login(pkcs1.trim().split("\n").join("\\n"));
      await provider.create(inputs(fake.url));
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)[0]).to.equal("POST /oauth2/v1/token");
      expect(fake.requests.slice(1).every((r) => r.auth?.startsWith("Bearer at-"))).to.equal(true);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it("an EC P-256 key (PKCS#8) signs ES256", async () => {
    const fake = await start({ publicKey: ec.publicKey });
    login(ec.privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    await provider.create(inputs(fake.url));
    const form = fake.requests[0]?.body as Record<string, string>;
    expect(verified(form.client_assertion as string, ec.publicKey)?.header.alg).to.equal("ES256");
    expect(fake.requests.length).to.equal(3);
  });

  it("refuses a key the provider does not read (SEC1 EC, JWK, anything else): one line, nothing sent, no key shown", async () => {
    const fake = await start();
    const sec1 = ec.privateKey.export({ type: "sec1", format: "pem" }).toString();
    const jwk = JSON.stringify(rsa.privateKey.export({ format: "jwk" }));
    const expected =
      "the service app's private key as PEM, PKCS#1 (-----BEGIN RSA PRIVATE KEY-----) or PKCS#8 (-----BEGIN PRIVATE KEY-----, RSA or EC P-256), as text or the path of a file holding it (what the Okta provider reads)";
    const cases: [string, string][] = [
      [sec1, `OKTA_API_PRIVATE_KEY is not ${expected}: found a EC PRIVATE KEY block`],
      [jwk, `OKTA_API_PRIVATE_KEY is not ${expected}`],
      ["/no/such/okta-key.pem", `OKTA_API_PRIVATE_KEY is not ${expected}`],
      [
        "-----BEGIN PRIVATE KEY-----\nnotbase64\n-----END PRIVATE KEY-----",
        `OKTA_API_PRIVATE_KEY holds a PRIVATE KEY block that does not parse: expected ${expected}`,
      ],
    ];
    for (const [key, message] of cases) {
      login(key);
      const err = await failureOf(() => provider.create(inputs(fake.url)));
      expect(err.message).to.equal(message);
      expect(err.stack).to.equal("");
    }
    expect(fake.requests).to.deep.equal([]);
  });

  it("a key the app does not know, a scope not granted, a token endpoint that fails: one line, no key, no token", async () => {
    const fake = await start();
    login(other.privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    const wrongKey = await failureOf(() => provider.create(inputs(fake.url)));
    expect(wrongKey.message).to.equal(
      `${fake.url}: Okta refused the service app's token request (HTTP 401 invalid_client: The client_assertion signature is invalid.): check OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY and OKTA_API_PRIVATE_KEY_ID (the public key registered on the service app, and its kid)`,
    );
    login(pkcs8, { OKTA_API_SCOPES: "okta.inlineHooks.manage,okta.users.manage" });
    const scope = await failureOf(() => provider.create(inputs(fake.url)));
    expect(scope.message).to.equal(
      `${fake.url}: Okta refused the service app's token request (HTTP 400 invalid_scope: The following scopes are not allowed: okta.users.manage): grant the service app every scope in OKTA_API_SCOPES (okta.inlineHooks.manage okta.users.manage): okta.inlineHooks.manage for up, okta.inlineHooks.read for preview and refresh`,
    );
    expect(fake.requests.filter((r) => r.path !== "/oauth2/v1/token")).to.deep.equal([]);
    const down = http.createServer((_req, res) => {
      res.writeHead(502, { "Content-Type": "text/html" });
      res.end("<html><body>Bad gateway</body></html>");
    });
    await new Promise<void>((r) => down.listen(0, "127.0.0.1", r));
    try {
      const downUrl = `http://127.0.0.1:${(down.address() as AddressInfo).port}`;
      const failed = await failureOf(() => provider.create(inputs(downUrl)));
      expect(failed.message).to.equal(
        `${downUrl}: Okta refused the service app's token request (HTTP 502 error: not JSON: <html><body>Bad gateway</body></html>): check OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY and OKTA_API_PRIVATE_KEY_ID (the public key registered on the service app, and its kid)`,
      );
    } finally {
      await new Promise<void>((r) => down.close(() => r()));
    }
    for (const err of [wrongKey, scope]) {
      expect(err.message).to.not.match(/PRIVATE KEY|eyJ|at-[0-9a-f]/);
      expect(err.stack).to.equal("");
    }
  });

  it("an org that does not answer: one line with the reason", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((r) => closed.close(() => r()));
    login(pkcs8);
    const err = await failureOf(() => provider.create(inputs(closedUrl)));
    expect([err.message, err.stack]).to.deep.equal([
      `${closedUrl}: no answer to POST /oauth2/v1/token: ECONNREFUSED`,
      "",
    ]);
  });

  it("a token without okta.inlineHooks.manage: Okta's 403 names the scope to grant", async () => {
    const fake = await start({ grantedScopes: ["okta.inlineHooks.read"] });
    login(pkcs8, { OKTA_API_SCOPES: "okta.inlineHooks.read" });
    const err = await failureOf(() => provider.create(inputs(fake.url)));
    expect(err.message).to.equal(
      `${fake.url}: Okta refused POST /api/v1/inlineHooks: HTTP 403 (You do not have permission to perform the requested action): the access token lacks okta.inlineHooks.manage; grant it to the service app and list it in OKTA_API_SCOPES`,
    );
  });

  it("a service app that requires DPoP: asks without, then proves a fresh key with Okta's nonce, as the provider does", async () => {
    const fake = await start({ requireDpop: true });
    login(pkcs8);
    const { id } = await provider.create(inputs(fake.url));
    expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.dpop === undefined ? "-" : "DPoP"}`)).to.deep.equal([
      "POST /oauth2/v1/token -",
      "POST /oauth2/v1/token DPoP",
      "POST /oauth2/v1/token DPoP",
      "POST /api/v1/inlineHooks DPoP",
      `GET /api/v1/inlineHooks/${id} DPoP`,
    ]);
    const [accessToken, grant] = [...fake.issued.entries()][0] as [string, { jkt?: string }];
    expect(grant.jkt).to.be.a("string");
    expect(fake.requests.slice(3).map((r) => r.auth)).to.deep.equal([`DPoP ${accessToken}`, `DPoP ${accessToken}`]);
    // The proof's key is one of its own, never the service app's.
    const jwk = decode(fake.requests[1]?.dpop?.split(".")[0]).jwk as Obj;
    expect(jwk.n).to.not.equal((rsa.publicKey.export({ format: "jwk" }) as Obj).n);
    expect(decode(fake.requests[3]?.dpop?.split(".")[1])).to.include({
      htm: "POST",
      htu: `${fake.url}/api/v1/inlineHooks`,
      nonce: "okta-dpop-nonce-1",
    });
  });

  it("a DPoP proof Okta keeps refusing: one line that says to turn off DPoP for the service app", async () => {
    const fake = await start({ requireDpop: true, neverAcceptNonce: true });
    login(pkcs8);
    const err = await failureOf(() => provider.create(inputs(fake.url)));
    expect(err.message).to.equal(
      `${fake.url}: Okta refused the service app's token request (HTTP 400 use_dpop_nonce: Authorization server requires nonce in DPoP proof.): the service app requires DPoP and refused this proof of possession: turn off DPoP for the service app (Require Demonstrating Proof of Possession (DPoP) header in token requests) or report it`,
    );
    expect(fake.requests.length).to.equal(3);
  });

  it("with OKTA_API_TOKEN set as well, uses the API token, as the provider does", async () => {
    const fake = await start();
    login(pkcs8, { OKTA_API_TOKEN: TOKEN });
    await provider.create(inputs(fake.url));
    expect(fake.requests.map((r) => r.auth)).to.deep.equal([`SSWS ${TOKEN}`, `SSWS ${TOKEN}`]);
  });
});
