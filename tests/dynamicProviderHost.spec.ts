import { expect } from "chai";
import { ChildProcess, spawn } from "child_process";
import * as crypto from "crypto";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { version as sdkVersion } from "@pulumi/pulumi/version";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { OAUTH_INLINE_HOOK_TYPE, oauthInlineHookProvider } from "../components/oauthInlineHook";
import { Obj, fakeInlineHooks, inputs } from "./fakeInlineHooks";
import { PROJECT_DIR } from "./support";

/**
 * The CLI runs a Node dynamic resource through the `pulumi-resource-pulumi-nodejs` plugin: a shell script (shipped
 * in @pulumi/pulumi, and with the CLI) that starts `@pulumi/pulumi/cmd/dynamic-provider` with node, in the program's
 * folder, with the engine's address as its one argument (pkg/resource/plugin: newPlugin, buildPluginArguments).
 * The host binds 127.0.0.1:0, prints the port as its first line on stdout, and serves the ResourceProviderService of
 * proto/pulumi/provider.proto; every request carries the resource's `__provider`, the SDK's serialized provider,
 * which the host loads with require-from-string. The host never dials the engine's address (it only requires one),
 * so no engine is needed: the test is the engine, as far as the provider sees.
 */
const PLUGIN = path.join(PROJECT_DIR, "node_modules", "@pulumi", "pulumi", "pulumi-resource-pulumi-nodejs");
const URN = `urn:pulumi:prod::okta-mmod::okta-mmod:org:OktaOrg$${OAUTH_INLINE_HOOK_TYPE}::org-hook-registration`;

interface Host {
  readonly child: ChildProcess;
  readonly client: provrpc.ResourceProviderClient;
  stderr: string;
}

/** Starts the plugin as the engine does, with the job's OKTA_* variables and no other. */
function startHost(okta: NodeJS.ProcessEnv): Promise<Host> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OKTA_")));
  // The script runs `node` from PATH: the one running the tests.
  env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${env.PATH ?? ""}`;
  return new Promise((resolve, reject) => {
    // Its own process group: the script starts node as a child, and stopping the host must end both.
    const child = spawn(PLUGIN, ["127.0.0.1:1"], { cwd: PROJECT_DIR, env: { ...env, ...okta }, detached: true });
    let out = "";
    const host = { child, stderr: "" } as {
      child: ChildProcess;
      client?: provrpc.ResourceProviderClient;
      stderr: string;
    };
    child.stderr.on("data", (d: Buffer) => (host.stderr += d.toString()));
    const timer = setTimeout(() => reject(new Error(`no port within 30 s: ${host.stderr}`)), 30_000);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const port = /^(\d+)\n/.exec(out)?.[1];
      if (port !== undefined && host.client === undefined) {
        clearTimeout(timer);
        host.client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        resolve(host as Host);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the host exited with ${code}: ${host.stderr}`));
    });
  });
}

/** Ends the script and the node it started; resolves once the host's stdout is closed (no writer is left). */
function stop(host: Host): Promise<void> {
  host.client.close();
  return new Promise((resolve) => {
    if (host.child.stdout?.closed === true) return resolve();
    host.child.stdout?.on("close", () => resolve());
    process.kill(-(host.child.pid as number), "SIGTERM");
  });
}

type Unary<Res> = (req: unknown, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown;
/** One unary call of the ResourceProviderService, as the engine makes it. */
const rpc = <Res>(client: provrpc.ResourceProviderClient, method: keyof provrpc.ResourceProviderClient, req: unknown) =>
  new Promise<Res>((resolve, reject) =>
    (client[method] as unknown as Unary<Res>).call(client, req, (err, res) => (err ? reject(err) : resolve(res))),
  );
const struct = (v: Obj) => Struct.fromJavaScript(v as never);
const rejection = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as grpc.ServiceError;
  }
  throw new Error("expected the call to fail");
};

describe("the registration hook's provider run by the dynamic provider host, as the CLI runs it", function () {
  this.timeout(60_000);
  const key = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const CLIENT_ID = "0oahookmanager0001";
  const okta = {
    OKTA_API_CLIENT_ID: CLIENT_ID,
    OKTA_API_PRIVATE_KEY: key.privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    OKTA_API_PRIVATE_KEY_ID: "hookkey-2026",
    OKTA_API_SCOPES: "okta.inlineHooks.manage",
  };
  let fake: Awaited<ReturnType<typeof fakeInlineHooks>>;
  let serialized: string;
  let host: Host;
  /** The engine's view of the resource: its inputs with `__provider`, as the SDK registered them. */
  let news: Obj;

  before(async () => {
    fake = await fakeInlineHooks("00unused", {
      clientId: CLIENT_ID,
      publicKey: key.publicKey,
      kid: "hookkey-2026",
      grantedScopes: ["okta.inlineHooks.manage"],
    });
    // What pulumi.dynamic.Resource stores as `__provider` (dynamic/index.js: serializeFunctionMaybeSecret).
    serialized = (await pulumi.runtime.serializeFunction(() => oauthInlineHookProvider, { allowSecrets: true })).text;
    news = { ...inputs(fake.url), __provider: serialized };
    host = await startHost(okta);
  });
  after(async () => {
    await stop(host);
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it("answers GetPluginInfo and Configure as the engine first asks", async () => {
    const info = await rpc<PluginInfo>(host.client, "getPluginInfo", new Empty());
    expect(info.getVersion()).to.equal(sdkVersion);
    const configured = await rpc<provproto.ConfigureResponse>(
      host.client,
      "configure",
      new provproto.ConfigureRequest().setArgs(struct({})),
    );
    expect(configured.getAcceptsecrets()).to.equal(false);
  });

  it("Check: valid inputs pass with __provider kept; bad ones come back as failures, every one", async () => {
    // Check reads no org; the org must be an https address (the fake's http one is refused there).
    const checked = { ...inputs("https://dev-123456.okta.com"), __provider: serialized };
    const ok = await rpc<provproto.CheckResponse>(
      host.client,
      "check",
      new provproto.CheckRequest().setUrn(URN).setOlds(struct({})).setNews(struct(checked)),
    );
    expect(ok.getFailuresList()).to.deep.equal([]);
    expect(ok.getInputs()?.toJavaScript()).to.deep.equal(checked);
    const bad = { ...checked, version: "2.0.0", status: "ON" };
    const failed = await rpc<provproto.CheckResponse>(
      host.client,
      "check",
      new provproto.CheckRequest().setUrn(URN).setOlds(struct({})).setNews(struct(bad)),
    );
    expect(failed.getFailuresList().map((f) => [f.getProperty(), f.getReason()])).to.deep.equal([
      ["version", 'version: got "2.0.0", expected "1.0.0", the only version Okta supports'],
      ["status", 'status: got "ON", expected "ACTIVE" or "INACTIVE"'],
      ["channel.version", 'channel.version: got "1.0.0", expected the hook\'s version "2.0.0"'],
    ]);
    expect(fake.requests).to.deep.equal([]);
  });

  it("Create, Diff, Update, Read and Delete against Okta, logged in with the job's service app", async () => {
    const created = await rpc<provproto.CreateResponse>(
      host.client,
      "create",
      new provproto.CreateRequest().setUrn(URN).setProperties(struct(news)),
    );
    const id = created.getId();
    expect(id).to.equal("cal1");
    const outs = created.getProperties()?.toJavaScript() as Obj;
    // The hook as Okta answered it, read back, with the provider the state keeps.
    expect(outs).to.deep.equal({ ...inputs(fake.url), __provider: serialized });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      "POST /oauth2/v1/token",
      "POST /api/v1/inlineHooks",
      "GET /api/v1/inlineHooks/cal1",
    ]);
    const [accessToken] = [...fake.issued.keys()];
    expect(fake.requests.slice(1).map((r) => r.auth)).to.deep.equal([`Bearer ${accessToken}`, `Bearer ${accessToken}`]);

    const renamed = { ...news, name: "Validate Client ID on Registration (v2)" };
    const diff = await rpc<provproto.DiffResponse>(
      host.client,
      "diff",
      new provproto.DiffRequest().setId(id).setUrn(URN).setOlds(struct(outs)).setNews(struct(renamed)),
    );
    expect([diff.getChanges(), diff.getReplacesList()]).to.deep.equal([
      provproto.DiffResponse.DiffChanges.DIFF_SOME,
      [],
    ]);
    const retyped = await rpc<provproto.DiffResponse>(
      host.client,
      "diff",
      new provproto.DiffRequest()
        .setId(id)
        .setUrn(URN)
        .setOlds(struct(outs))
        .setNews(struct({ ...news, type: "com.okta.oauth2.tokens.transform" })),
    );
    expect(retyped.getReplacesList()).to.deep.equal(["type"]);

    fake.requests.length = 0;
    const updated = await rpc<provproto.UpdateResponse>(
      host.client,
      "update",
      new provproto.UpdateRequest().setId(id).setUrn(URN).setOlds(struct(outs)).setNews(struct(renamed)),
    );
    expect((updated.getProperties()?.toJavaScript() as Obj).name).to.equal("Validate Client ID on Registration (v2)");
    // Each operation is its own call into the provider, and logs in once.
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      "POST /oauth2/v1/token",
      "PUT /api/v1/inlineHooks/cal1",
      "GET /api/v1/inlineHooks/cal1",
    ]);

    // A hand change in the Admin Console: another key. Read shows it, so refresh records it as drift.
    ((fake.hooks.get(id) as Obj).channel as { config: Obj }).config.hookKeyId = "hksHandMade";
    const read = await rpc<provproto.ReadResponse>(
      host.client,
      "read",
      new provproto.ReadRequest()
        .setId(id)
        .setUrn(URN)
        .setProperties(struct(updated.getProperties()?.toJavaScript() as Obj)),
    );
    expect(read.getId()).to.equal(id);
    const readBack = read.getProperties()?.toJavaScript() as { channel: { config: Obj }; __provider: string };
    expect(readBack.channel.config.hookKeyId).to.equal("hksHandMade");
    expect(readBack.__provider).to.equal(serialized);

    fake.requests.length = 0;
    await rpc<Empty>(
      host.client,
      "delete",
      new provproto.DeleteRequest()
        .setId(id)
        .setUrn(URN)
        .setProperties(struct(readBack as Obj)),
    );
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      "POST /oauth2/v1/token",
      "POST /api/v1/inlineHooks/cal1/lifecycle/deactivate",
      "DELETE /api/v1/inlineHooks/cal1",
    ]);
    expect(fake.hooks.size).to.equal(0);
    // Create, update, read and delete: one token each, all from the child's own environment.
    expect(fake.issued.size).to.equal(4);
  });

  it("errors come back as one line, with no stack frame and no key or token, on the wire and on the host's stderr", async () => {
    const wrong = await startHost({
      ...okta,
      OKTA_API_PRIVATE_KEY: crypto
        .generateKeyPairSync("rsa", { modulusLength: 2048 })
        .privateKey.export({ type: "pkcs8", format: "pem" })
        .toString(),
    });
    try {
      const created = await rejection(
        rpc<provproto.CreateResponse>(
          wrong.client,
          "create",
          new provproto.CreateRequest().setUrn(URN).setProperties(struct(news)),
        ),
      );
      expect([created.code, created.details]).to.deep.equal([
        grpc.status.UNKNOWN,
        `${fake.url}: Okta refused the service app's token request (HTTP 401 invalid_client: The client_assertion signature is invalid.): check OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY and OKTA_API_PRIVATE_KEY_ID (the public key registered on the service app, and its kid)`,
      ]);
      // Read (refresh) and an import's read: the host prints these on stderr, which the CLI shows.
      const refreshed = await rejection(
        rpc<provproto.ReadResponse>(
          wrong.client,
          "read",
          new provproto.ReadRequest().setId("cal9").setUrn(URN).setProperties(struct(news)),
        ),
      );
      expect(refreshed.details).to.equal(created.details);
      const imported = await rejection(
        rpc<provproto.ReadResponse>(
          wrong.client,
          "read",
          new provproto.ReadRequest()
            .setId("cal9")
            .setUrn(URN)
            .setInputs(struct({ __provider: serialized })),
        ),
      );
      expect(imported.details).to.equal(
        'inline hook cal9: this resource learns its org from its state, and an import has none; take an existing hook over with okta-mmod:registrationHook.adoptId instead (README "Moving an existing hook to private_key_jwt")',
      );
      // The reply can arrive before the parent has read the host's stderr pipe: wait for both lines (at most 5 s).
      const lines = () => wrong.stderr.split("\n").filter((l) => l !== "");
      for (const deadline = Date.now() + 5_000; lines().length < 2 && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(lines()).to.deep.equal([`Error: ${refreshed.details}: `, `Error: ${imported.details}: `]);
      for (const text of [created.details, refreshed.details, wrong.stderr]) {
        expect(text).to.not.match(/^\s+at /m);
        expect(text).to.not.match(/PRIVATE KEY|eyJ/);
      }
    } finally {
      await stop(wrong);
    }
  });
});
