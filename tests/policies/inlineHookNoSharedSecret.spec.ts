import { expect } from "chai";
import { evaluatePolicies } from "../../offline/policies";
import { ProgramRun } from "../../offline/run";
import { inlineHookNoSharedSecret } from "../../policy-pack/okta-org/inlineHookNoSharedSecret";
import { policies } from "../../policy-pack/policies";
import { fixturePackConfig, runStack } from "../support";
import { UNKNOWN, messages, policyCases, resource } from "./harness";

const HOOK = "okta:inline/hook:Hook";
const POLICY = inlineHookNoSharedSecret.name;

/** Okta's OAuth 2.0 channel for private_key_jwt, field for field (Inline Hooks API, "Config object for OAuth 2.0"). */
const channel = (config: Record<string, unknown> = {}, type = "OAUTH") =>
  JSON.stringify({
    type,
    version: "1.0.0",
    config: {
      uri: "https://hooks.example.com/registration",
      method: "POST",
      authType: "private_key_jwt",
      hookKeyId: "HKY1tkbl4TRJpYfP4685",
      clientId: "okta-hook",
      tokenUrl: "https://auth.example.com/oauth2/token",
      scope: "registration.validate",
      ...config,
    },
  });

/** A registration hook as the program declares it in prod. */
const JWT_HOOK = {
  name: "Validate Client ID on Registration",
  type: "com.okta.user.pre-registration",
  version: "1.0.0",
  status: "ACTIVE",
  channelJson: channel(),
};

const HEADER_SECRET =
  "auth is set: the header value Okta sends is kept in the state, where every stack reader can decrypt it; authenticate with private_key_jwt";

describe("guardrail G30: inline hooks hold no shared secret", () => {
  policyCases(inlineHookNoSharedSecret, HOOK, JWT_HOOK, [
    {
      name: "reports a header secret (auth), even with an OAuth channel beside it",
      change: { auth: { key: "Authorization", type: "HEADER", value: "s3cret" } },
      expected: [HEADER_SECRET],
    },
    {
      name: "reports a header secret whose value is unknown at preview",
      change: { auth: UNKNOWN },
      expected: [HEADER_SECRET],
    },
    {
      name: "reports client_secret_post: its clientSecret is kept in the state",
      change: {
        channelJson: channel({ authType: "client_secret_post", clientSecret: "s3cret", hookKeyId: undefined }),
      },
      expected: [
        "channelJson holds a clientSecret: it is kept in the state, where every stack reader can decrypt it; use private_key_jwt",
        'the channel is "OAUTH" with authType "client_secret_post": allowed here: "OAUTH" with "private_key_jwt"',
      ],
    },
    {
      name: "reports an HTTP channel with an authScheme header value",
      change: {
        channelJson: channel(
          { authType: undefined, authScheme: { type: "HEADER", key: "Authorization", value: "s3cret" } },
          "HTTP",
        ),
      },
      expected: [
        "channelJson holds an authScheme (a header value): it is kept in the state, where every stack reader can decrypt it; use private_key_jwt",
        'the channel is "HTTP" with authType null: allowed here: "OAUTH" with "private_key_jwt"',
      ],
    },
    {
      name: "reports a hook with no authentication at all",
      change: { channelJson: undefined },
      expected: ["the hook names no authentication: Okta would call its endpoint unauthenticated"],
    },
    {
      name: "reports a channelJson that is not JSON",
      change: { channelJson: "{not json" },
      expected: ["channelJson is not JSON: Okta's channel object cannot be checked"],
    },
    {
      name: "says the channel could not be verified when it is unknown at preview (the hook key's id is)",
      change: { channelJson: UNKNOWN },
      expected: [
        "(advisory) could not be verified at preview: channelJson is unknown (`pulumi up` checks it with the value known)",
      ],
    },
  ]);

  // The program's private_key_jwt hook is a dynamic resource (okta.inline.Hook's provider drops hookKeyId): the
  // same channel, as an object under `channel`, next to the org's URL and the serialized provider.
  const DYNAMIC = "pulumi-nodejs:dynamic/okta:InlineHook";
  const channelObject = (config: Record<string, unknown> = {}, type = "OAUTH") =>
    JSON.parse(channel(config, type)) as Record<string, unknown>;
  const DYNAMIC_HOOK = {
    name: JWT_HOOK.name,
    type: JWT_HOOK.type,
    version: JWT_HOOK.version,
    status: JWT_HOOK.status,
    orgUrl: "https://dev-1.okta.com",
    channel: channelObject(),
    __provider: "exports.handler = __f0;",
  };
  policyCases(inlineHookNoSharedSecret, DYNAMIC, DYNAMIC_HOOK, [
    {
      name: "the dynamic hook: reports a header authScheme in its channel",
      change: {
        channel: channelObject(
          { authType: undefined, authScheme: { type: "HEADER", key: "Authorization", value: "s3cret" } },
          "HTTP",
        ),
      },
      expected: [
        "channel holds an authScheme (a header value): it is kept in the state, where every stack reader can decrypt it; use private_key_jwt",
        'the channel is "HTTP" with authType null: allowed here: "OAUTH" with "private_key_jwt"',
      ],
    },
    {
      name: "the dynamic hook: reports headers sent with the request",
      change: { channel: channelObject({ headers: [{ key: "X-Api-Key", value: "s3cret" }] }) },
      expected: [
        "channel holds headers: a header value sent to the endpoint is kept in the state, where every stack reader can decrypt it; use private_key_jwt",
      ],
    },
    {
      name: "the dynamic hook: reports a channel given as JSON text instead of Okta's object",
      change: { channel: channel() },
      expected: ['the channel is null with authType null: allowed here: "OAUTH" with "private_key_jwt"'],
    },
    {
      name: "the dynamic hook: says the channel could not be verified when it is unknown at preview",
      change: { channel: UNKNOWN },
      expected: [
        "(advisory) could not be verified at preview: channel is unknown (`pulumi up` checks it with the value known)",
      ],
    },
  ]);

  it("checks a dynamic resource of the default type when it carries a hook's channel or auth, and no other", async () => {
    const generic = "pulumi-nodejs:dynamic:Resource";
    const withHeader = { ...DYNAMIC_HOOK, auth: { key: "Authorization", type: "HEADER", value: "s3cret" } };
    expect(await messages(inlineHookNoSharedSecret, generic, withHeader)).to.deep.equal([HEADER_SECRET]);
    expect(await messages(inlineHookNoSharedSecret, "PULUMI-NODEJS:dynamic/OKTA:InlineHook", withHeader)).to.deep.equal(
      [HEADER_SECRET],
    );
    expect(await messages(inlineHookNoSharedSecret, generic, { bucket: "logs", __provider: "x" })).to.deep.equal([]);
  });

  it("takes Okta's values in any case", async () => {
    const shouting = { ...JWT_HOOK, channelJson: channel({ authType: "PRIVATE_KEY_JWT" }, "oauth") };
    expect(await messages(inlineHookNoSharedSecret, HOOK, shouting)).to.deep.equal([]);
  });

  it("is off in dev, mandatory in prod and the STIG profile, and catches a type token in another case", async () => {
    const header = { ...JWT_HOOK, auth: { key: "Authorization", type: "HEADER", value: "s3cret" } };
    const run: ProgramRun = {
      stack: "test",
      registrations: [resource("okta:inline/Hook:Hook", "hook", header)],
      invocations: [],
      packages: [],
      outputs: {},
    };
    const levels = async (profile: string) =>
      (await evaluatePolicies(run, policies, fixturePackConfig(profile)))
        .filter((v) => v.policy === POLICY)
        .map((v) => `${v.level}: ${v.message}`);
    expect(await levels("dev")).to.deep.equal([]);
    expect(await levels("prod")).to.deep.equal([`mandatory: ${HEADER_SECRET}`]);
    expect(await levels("stig")).to.deep.equal([`mandatory: ${HEADER_SECRET}`]);
  });

  it("passes the prod fixture stack's hook and fails the dev stack's header hook under the prod profile", async () => {
    const check = async (stack: string) =>
      (await evaluatePolicies(await runStack(stack), policies, fixturePackConfig("prod")))
        .filter((v) => v.policy === POLICY)
        .map((v) => `${v.level} ${v.urn.split("::").pop()}: ${v.message}`);
    expect(await check("prod")).to.deep.equal([]);
    expect(await check("dev")).to.deep.equal([`mandatory org-hook-validate-client-id-registration: ${HEADER_SECRET}`]);
  });
});
