import { expect } from "chai";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { AddressInfo } from "net";
import * as pulumi from "@pulumi/pulumi";
import { OAuthInlineHookInputs, oauthInlineHookProvider as provider } from "../components/oauthInlineHook";
import { PROJECT_DIR } from "./support";

type Obj = Record<string, unknown>;

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly auth: string | undefined;
}

/**
 * Okta's Inline Hooks API on 127.0.0.1, as its reference describes it: create answers the hook ACTIVE with an id,
 * PUT replaces name, version and channel, lifecycle/activate and /deactivate switch status, DELETE refuses an
 * ACTIVE hook (E0000032-like 400), an unknown id is Okta's 404 E0000007. SSWS token only.
 */
async function fakeInlineHooks(token: string) {
  const hooks = new Map<string, Obj>();
  const requests: Recorded[] = [];
  let next = 1;
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const body: unknown = raw === "" ? undefined : JSON.parse(raw);
      const path = req.url ?? "";
      requests.push({ method: req.method ?? "", path, body, auth: req.headers.authorization });
      const send = (status: number, out?: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(out === undefined ? "" : JSON.stringify(out));
      };
      const error = (status: number, code: string, summary: string) =>
        send(status, { errorCode: code, errorSummary: summary, errorLink: code, errorId: "oaeX", errorCauses: [] });
      if (req.headers.authorization !== `SSWS ${token}`) return error(401, "E0000011", "Invalid token provided");
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
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, hooks, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const TOKEN = "00fakeSswsTokenForTheInlineHookTests0000000";

function inputs(orgUrl: string, over: Partial<OAuthInlineHookInputs> = {}): OAuthInlineHookInputs {
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
    expect(sf.text).to.include('require("@okta/okta-sdk-nodejs")');
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
