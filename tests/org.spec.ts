import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { InlineHookAuth, OktaOrg, checkOrgBaseline } from "../components/org";
import { TeamValues, orgBaseline } from "../definitions/baseline";
import { trustedOrigins } from "../definitions/catalogue";
import { isSecretEnvelope, runProgram } from "../offline/run";
import { FIXTURE_CATALOGUE } from "./fixtures/catalogue";
import { PROJECT, TEST_ENDPOINTS, countByType, unwrap } from "./support";

const HOOK_URL = "https://registration.example.com/okta/hooks/registration";
const ADMIN = { login: "okta-admin@example.com", email: "okta-admin@example.com" };
const SHIPPED_TEAM: TeamValues = { registrationHookUrl: HOOK_URL, adminUser: ADMIN };
const SHIPPED = orgBaseline(trustedOrigins(FIXTURE_CATALOGUE, TEST_ENDPOINTS), SHIPPED_TEAM);
const HOOKS = ["validate-client-id-registration"];
const RATE_LIMITS = {
  maxApiCapacity: 50,
  backoff: true,
  minWaitSeconds: 30,
  maxWaitSeconds: 300,
  maxRetries: 5,
  requestTimeout: 0,
  parallelism: 1,
};

describe("OktaOrg component", () => {
  it("checks the shipped baseline clean", () => {
    expect(checkOrgBaseline(SHIPPED, HOOKS)).to.deep.equal([]);
  });

  it("reports duplicate keys, the reserved everyone key, dangling group references and hooks without a secret", () => {
    const broken = {
      ...SHIPPED,
      groups: [
        ...SHIPPED.groups,
        { key: "everyone", name: "All", description: "x" },
        { key: "dmz-admins", name: "Again", description: "x" },
      ],
      groupRules: [...SHIPPED.groupRules, { key: "new-rule", name: "New", expression: "true", assignTo: ["ghosts"] }],
    };
    expect(checkOrgBaseline(broken, [])).to.deep.equal([
      'groups: key "dmz-admins" is used twice',
      'groups: the key "everyone" is reserved for Okta\'s built-in Everyone group',
      'groupRules.new-rule.assignTo: no group with key "ghosts"',
      "inlineHooks.validate-client-id-registration: no authentication was passed in inlineHookAuth",
    ]);
  });

  it("declares the baseline with an environment-authenticated provider when no credentials are configured", async () => {
    const run = await runProgram({
      project: PROJECT,
      stack: "unit",
      config: {},
      secretKeys: [],
      program: () => {
        const org = new OktaOrg("org", {
          orgName: "dev-000000",
          baseUrl: "okta.com",
          auth: { method: "environment" },
          rateLimits: RATE_LIMITS,
          threatInsightAction: "audit",
          baseline: SHIPPED,
          inlineHookAuth: {
            "validate-client-id-registration": { method: "header", value: pulumi.secret("s3cret-hook") },
          },
        });
        return { groupIds: org.groupIds, orgUrl: org.orgUrl };
      },
    });
    expect(countByType(run)).to.deep.equal({
      "okta-mmod:org:OktaOrg": 1,
      "okta:group/group:Group": 3,
      "okta:group/rule:Rule": 2,
      "okta:index/adminRoleCustom:AdminRoleCustom": 1,
      "okta:index/authenticator:Authenticator": 2,
      "okta:index/threatInsightSettings:ThreatInsightSettings": 1,
      "okta:index/userSchemaProperty:UserSchemaProperty": 3,
      "okta:inline/hook:Hook": 1,
      "okta:network/zone:Zone": 3,
      "okta:trustedorigin/origin:Origin": 2,
      "okta:user/user:User": 1,
      "pulumi:providers:okta": 1,
      "pulumi:pulumi:Stack": 1,
    });
    const provider = run.registrations.find((r) => r.type === "pulumi:providers:okta");
    expect(Object.keys(provider?.inputs ?? {}).sort()).to.deep.equal([
      "backoff",
      "baseUrl",
      "maxApiCapacity",
      "maxRetries",
      "maxWaitSeconds",
      "minWaitSeconds",
      "orgName",
      "parallelism",
      "requestTimeout",
    ]);
    // Unprotected unless asked.
    expect(run.registrations.filter((r) => r.protect)).to.deep.equal([]);
    expect(run.outputs.orgUrl).to.equal("https://dev-000000.okta.com");
    expect(run.outputs.groupIds).to.deep.equal({
      "service-accounts": "org-group-service-accounts-id",
      "dmz-admins": "org-group-dmz-admins-id",
      "test-group": "org-group-test-group-id",
    });
  });

  it("throws every baseline problem from the constructor", async () => {
    let error: unknown;
    try {
      await runProgram({
        project: PROJECT,
        stack: "unit",
        config: {},
        secretKeys: [],
        program: () =>
          new OktaOrg("org", {
            orgName: "dev-000000",
            baseUrl: "okta.com",
            auth: { method: "environment" },
            rateLimits: RATE_LIMITS,
            threatInsightAction: "block",
            baseline: { ...SHIPPED, users: [...SHIPPED.users, ...SHIPPED.users] },
            inlineHookAuth: {},
          }),
      });
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).to.equal(
      [
        'OktaOrg "org": invalid baseline:',
        "  - inlineHooks.validate-client-id-registration: no authentication was passed in inlineHookAuth",
        '  - users: key "okta-terraform-admin" is used twice',
      ].join("\n"),
    );
  });

  /** The org's registrations with the given registration hook authentication (or none) and team values. */
  async function orgWith(inlineHookAuth: Record<string, InlineHookAuth>, team: TeamValues = SHIPPED_TEAM) {
    return runProgram({
      project: PROJECT,
      stack: "unit",
      config: {},
      secretKeys: [],
      program: () => {
        new OktaOrg("org", {
          orgName: "dev-000000",
          baseUrl: "okta.com",
          auth: { method: "environment" },
          rateLimits: RATE_LIMITS,
          protect: true,
          threatInsightAction: "block",
          baseline: orgBaseline(trustedOrigins(FIXTURE_CATALOGUE, TEST_ENDPOINTS), team),
          inlineHookAuth,
        });
      },
    });
  }

  it("a header hook sends the secret in its header, and keeps it secret in state", async () => {
    const run = await orgWith({ [HOOKS[0] as string]: { method: "header", value: pulumi.secret("s3cret-hook") } });
    const hook = run.registrations.filter((r) => r.type === "okta:inline/hook:Hook");
    expect(hook.map((r) => r.name)).to.deep.equal(["org-hook-validate-client-id-registration"]);
    const auth = hook[0]?.inputs.auth as Record<string, unknown>;
    expect(isSecretEnvelope(auth.value)).to.equal(true);
    expect(unwrap(hook[0]?.inputs)).to.deep.equal({
      name: "Validate Client ID on Registration",
      type: "com.okta.user.pre-registration",
      version: "1.0.0",
      status: "ACTIVE",
      channel: { type: "HTTP", version: "1.0.0", uri: HOOK_URL, method: "POST" },
      auth: { key: "Authorization", type: "HEADER", value: "s3cret-hook" },
    });
    expect(hook[0]?.additionalSecretOutputs).to.deep.equal(["auth"]);
    expect(run.registrations.filter((r) => r.type === "okta:index/hookKey:HookKey")).to.deep.equal([]);
  });

  it("a private_key_jwt hook signs with a HookKey Okta keeps: Okta's OAUTH channel, no secret anywhere, both protected", async () => {
    const run = await orgWith({
      [HOOKS[0] as string]: {
        method: "private_key_jwt",
        clientId: "okta-hook-fixture",
        tokenUrl: "https://registration.example.com/oauth2/token",
        scope: "registration.validate",
      },
    });
    const keys = run.registrations.filter((r) => r.type === "okta:index/hookKey:HookKey");
    expect(keys.map((r) => [r.name, r.inputs, r.protect])).to.deep.equal([
      ["org-hook-key-validate-client-id-registration", { name: "Validate Client ID on Registration" }, true],
    ]);
    // A dynamic resource (okta.inline.Hook's provider drops hookKeyId), with no Okta provider: it calls Okta itself.
    expect(run.registrations.filter((r) => r.type === "okta:inline/hook:Hook")).to.deep.equal([]);
    const hook = run.registrations.filter((r) => r.type === "pulumi-nodejs:dynamic/okta:InlineHook");
    expect(hook.map((r) => [r.name, r.protect, r.provider, r.additionalSecretOutputs ?? []])).to.deep.equal([
      ["org-hook-validate-client-id-registration", true, "", []],
    ]);
    const inputs = hook[0]?.inputs as Record<string, unknown>;
    expect(Object.keys(inputs).sort()).to.deep.equal([
      "__provider",
      "channel",
      "name",
      "orgUrl",
      "status",
      "type",
      "version",
    ]);
    expect(inputs.orgUrl).to.equal("https://dev-000000.okta.com");
    // The field names are Okta's channel object for OAuth 2.0 (Inline Hooks API, "Config object for OAuth 2.0").
    expect(inputs.channel).to.deep.equal({
      type: "OAUTH",
      version: "1.0.0",
      config: {
        uri: HOOK_URL,
        method: "POST",
        authType: "private_key_jwt",
        hookKeyId: "org-hook-key-validate-client-id-registration-id",
        clientId: "okta-hook-fixture",
        tokenUrl: "https://registration.example.com/oauth2/token",
        scope: "registration.validate",
      },
    });
    expect(JSON.stringify(run.registrations)).to.not.include("4dabf18193072939515e22adb298388d");
  });

  it("passes the id of an existing hook to adopt, and nothing when there is none", async () => {
    const auth = {
      method: "private_key_jwt" as const,
      clientId: "c",
      tokenUrl: "https://t.example.com/token",
      scope: undefined,
    };
    const adopting = await orgWith({ [HOOKS[0] as string]: { ...auth, adoptId: "calhook0001" } });
    const hookOf = (run: typeof adopting) =>
      run.registrations.find((r) => r.type === "pulumi-nodejs:dynamic/okta:InlineHook");
    expect(hookOf(adopting)?.inputs.adoptId).to.equal("calhook0001");
    const creating = await orgWith({ [HOOKS[0] as string]: auth });
    expect(Object.keys(hookOf(creating)?.inputs ?? {})).to.not.include("adoptId");
  });

  it("leaves scope out of the channel when none is configured", async () => {
    const run = await orgWith({
      [HOOKS[0] as string]: {
        method: "private_key_jwt",
        clientId: "c",
        tokenUrl: "https://t.example.com/token",
        scope: undefined,
      },
    });
    const hook = run.registrations.find((r) => r.type === "pulumi-nodejs:dynamic/okta:InlineHook");
    const config = (hook?.inputs.channel as { config: Record<string, unknown> }).config;
    expect(Object.keys(config).sort()).to.deep.equal([
      "authType",
      "clientId",
      "hookKeyId",
      "method",
      "tokenUrl",
      "uri",
    ]);
  });

  it("declares no hook and no user when the stack names neither", async () => {
    const run = await orgWith({}, { registrationHookUrl: undefined, adminUser: undefined });
    const types = run.registrations.map((r) => r.type);
    expect(
      types.filter((t) => t.startsWith("okta:inline/") || t.startsWith("okta:user/") || t.includes("hookKey")),
    ).to.deep.equal([]);
    expect(countByType(run)["okta:group/group:Group"]).to.equal(3);
  });
});
