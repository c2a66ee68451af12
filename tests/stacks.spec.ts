import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { OAUTH_INLINE_HOOK_TYPE } from "../components/oauthInlineHook";
import { MOCK_EVERYONE_GROUP_ID, ProgramRun, Registration, isSecretEnvelope } from "../offline/run";
import { FIXTURE_CATALOGUE } from "./fixtures/catalogue";
import {
  PROJECT_DIR,
  STACK_SECRETS,
  TEST_SECRETS,
  byType,
  countByType,
  find,
  plainStrings,
  runStack,
  runWithConfig,
  testAudiences,
  unwrap,
} from "./support";

/**
 * The Okta part every stack declares: the reference's 35 resources plus 8 the port adds, the provider and
 * components; the registration hook's type is per stack (HOOK_COUNTS).
 */
const OKTA_COUNTS: Record<string, number> = {
  "okta-mmod:apps:App": 4,
  "okta-mmod:apps:AppSet": 1,
  "okta-mmod:org:OktaOrg": 1,
  "okta:app/oAuth:OAuth": 4,
  "okta:auth/server:Server": 2,
  "okta:auth/serverClaim:ServerClaim": 2,
  "okta:auth/serverPolicy:ServerPolicy": 2,
  "okta:auth/serverPolicyRule:ServerPolicyRule": 2,
  "okta:auth/serverScope:ServerScope": 2,
  "okta:group/group:Group": 3,
  "okta:group/rule:Rule": 2,
  "okta:index/adminRoleCustom:AdminRoleCustom": 1,
  "okta:index/appGroupAssignments:AppGroupAssignments": 4,
  "okta:index/appSignonPolicy:AppSignonPolicy": 3,
  "okta:index/appSignonPolicyRule:AppSignonPolicyRule": 3,
  "okta:index/authenticator:Authenticator": 2,
  "okta:index/threatInsightSettings:ThreatInsightSettings": 1,
  "okta:index/userSchemaProperty:UserSchemaProperty": 3,
  "okta:network/zone:Zone": 3,
  "okta:trustedorigin/origin:Origin": 2,
  "okta:user/user:User": 1,
  "pulumi:providers:okta": 1,
  "pulumi:pulumi:Stack": 1,
};

/** The registration hook: dev's sends a header (okta.inline.Hook); prod's is a dynamic resource that signs with a
 * key pair Okta keeps, declared by the org (okta.inline.Hook's provider would drop the key's id). */
const HOOK_COUNTS: Record<string, Record<string, number>> = {
  dev: { "okta:inline/hook:Hook": 1 },
  prod: { "okta:index/hookKey:HookKey": 1, [OAUTH_INLINE_HOOK_TYPE]: 1 },
};

/** The delivery machinery each fixture stack declares (prod owns the repository-wide GitHub parts). */
const DELIVERY_COUNTS: Record<string, Record<string, number>> = {
  dev: {
    "okta-mmod:delivery:GitHubDelivery": 1,
    "okta-mmod:delivery:PulumiDeployments": 1,
    "okta-mmod:delivery:TerraformCloudWorkspace": 1,
    "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable": 9,
    "github:index/repositoryEnvironment:RepositoryEnvironment": 2,
    "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy": 1,
    "pulumi:providers:github": 1,
    "pulumi:providers:pulumiservice": 1,
    "pulumi:providers:tfe": 1,
    "pulumiservice:index:DeploymentSettings": 1,
    "pulumiservice:index:StackTag": 1,
    "tfe:index/project:Project": 1,
    "tfe:index/variable:Variable": 2,
    "tfe:index/workspace:Workspace": 1,
  },
  prod: {
    "okta-mmod:delivery:GitHubDelivery": 1,
    "okta-mmod:delivery:PulumiCloudAccess": 1,
    "okta-mmod:delivery:PulumiDeployments": 1,
    "okta-mmod:delivery:TerraformCloudWorkspace": 1,
    "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable": 8,
    "github:index/actionsRepositoryPermissions:ActionsRepositoryPermissions": 1,
    "github:index/branch:Branch": 2,
    "github:index/branchProtection:BranchProtection": 2,
    "github:index/repository:Repository": 1,
    // Its write and read environments, and the drift alerts' environment (the owner of the repository's).
    "github:index/repositoryEnvironment:RepositoryEnvironment": 3,
    "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy": 2,
    "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions": 1,
    "pulumi:providers:github": 1,
    "pulumi:providers:pulumiservice": 1,
    "pulumi:providers:tfe": 1,
    "pulumiservice:index:DeploymentSettings": 1,
    "pulumiservice:index:DriftSchedule": 1,
    "pulumiservice:index:OidcIssuer": 1,
    "pulumiservice:index:PolicyGroup": 2,
    "pulumiservice:index:PolicyPack": 1,
    "pulumiservice:index:StackTag": 1,
    "pulumiservice:index:Team": 4,
    "pulumiservice:index:TeamStackPermission": 4,
    "tfe:index/notificationConfiguration:NotificationConfiguration": 1,
    "tfe:index/project:Project": 1,
    "tfe:index/variable:Variable": 2,
    "tfe:index/workspace:Workspace": 1,
  },
};

const sorted = (counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));

const ORG_TYPES = new Set([
  "pulumi:providers:okta",
  "okta:group/group:Group",
  "okta:group/rule:Rule",
  "okta:index/userSchemaProperty:UserSchemaProperty",
  "okta:network/zone:Zone",
  "okta:trustedorigin/origin:Origin",
  "okta:index/adminRoleCustom:AdminRoleCustom",
  "okta:index/authenticator:Authenticator",
  "okta:inline/hook:Hook",
  OAUTH_INLINE_HOOK_TYPE,
  "okta:index/hookKey:HookKey",
  "okta:index/threatInsightSettings:ThreatInsightSettings",
  "okta:user/user:User",
]);

const isOkta = (r: Registration) => r.type.startsWith("okta:");
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
/** The reviewed exceptions of components/protection.ts that the prod fixture declares. */
const UNPROTECTED_IN_PROD = ["pulumiservice:index:StackTag"];
/** Every type the prod fixture declares of those providers: all protected (apps, assignments, hook, zones, roles...). */
const PROTECTED_IN_PROD = [
  "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable",
  "github:index/actionsRepositoryPermissions:ActionsRepositoryPermissions",
  "github:index/branch:Branch",
  "github:index/branchProtection:BranchProtection",
  "github:index/repository:Repository",
  "github:index/repositoryEnvironment:RepositoryEnvironment",
  "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
  "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions",
  "okta:app/oAuth:OAuth",
  "okta:auth/server:Server",
  "okta:auth/serverClaim:ServerClaim",
  "okta:auth/serverPolicy:ServerPolicy",
  "okta:auth/serverPolicyRule:ServerPolicyRule",
  "okta:auth/serverScope:ServerScope",
  "okta:group/group:Group",
  "okta:group/rule:Rule",
  "okta:index/adminRoleCustom:AdminRoleCustom",
  "okta:index/appGroupAssignments:AppGroupAssignments",
  "okta:index/appSignonPolicy:AppSignonPolicy",
  "okta:index/appSignonPolicyRule:AppSignonPolicyRule",
  "okta:index/authenticator:Authenticator",
  "okta:index/hookKey:HookKey",
  "okta:index/threatInsightSettings:ThreatInsightSettings",
  "okta:index/userSchemaProperty:UserSchemaProperty",
  "okta:network/zone:Zone",
  "okta:trustedorigin/origin:Origin",
  "okta:user/user:User",
  "pulumi-nodejs:dynamic/okta:InlineHook",
  "pulumiservice:index:DeploymentSettings",
  "pulumiservice:index:DriftSchedule",
  "pulumiservice:index:OidcIssuer",
  "pulumiservice:index:PolicyGroup",
  "pulumiservice:index:PolicyPack",
  "pulumiservice:index:Team",
  "pulumiservice:index:TeamStackPermission",
  "tfe:index/notificationConfiguration:NotificationConfiguration",
  "tfe:index/project:Project",
  "tfe:index/variable:Variable",
  "tfe:index/workspace:Workspace",
];

/**
 * Every string input of a run's Okta resources that is an http(s) URL, with where it was found; a hook's
 * `channelJson` is read as the JSON it is, so its endpoint and token URL are checked like any other URL.
 */
function urlsOf(run: ProgramRun): { where: string; url: URL }[] {
  const found: { where: string; url: URL }[] = [];
  for (const r of run.registrations.filter((x) => x.type.startsWith("okta:") || x.type === OAUTH_INLINE_HOOK_TYPE)) {
    const channel = typeof r.inputs.channelJson === "string" ? (JSON.parse(r.inputs.channelJson) as unknown) : {};
    for (const leaf of [...plainStrings(r.inputs), ...plainStrings(channel, "channelJson")]) {
      if (/^https?:\/\//i.test(leaf.value)) {
        found.push({ where: `${r.name}.${leaf.path}`, url: new URL(leaf.value) });
      }
    }
  }
  return found;
}

function providerRef(run: ProgramRun): string {
  const providers = byType(run, "pulumi:providers:okta");
  expect(providers.map((p) => p.name)).to.deep.equal(["org-provider"]);
  return `${(providers[0] as Registration).urn}::org-provider-id`;
}

describe("the program on the fixture stacks", () => {
  const runs: Record<string, ProgramRun> = {};
  before(async () => {
    runs.dev = await runStack("dev");
    runs.prod = await runStack("prod");
  });
  const run = (stack: string) => runs[stack] as ProgramRun;

  for (const stack of ["dev", "prod"]) {
    describe(stack, () => {
      it("declares exactly the expected resources, by type", () => {
        expect(countByType(run(stack))).to.deep.equal(
          sorted({ ...OKTA_COUNTS, ...HOOK_COUNTS[stack], ...DELIVERY_COUNTS[stack] }),
        );
      });

      it("gives every Okta resource the stack's explicit provider", () => {
        const ref = providerRef(run(stack));
        const okta = run(stack).registrations.filter(isOkta);
        expect(okta).to.have.length(43);
        for (const r of okta) {
          expect(r.provider, r.urn).to.equal(ref);
          expect(r.custom, r.urn).to.equal(true);
        }
        expect(run(stack).invocations.filter((i) => i.token.startsWith("okta:"))).to.deep.equal([
          { token: "okta:group/getEveryoneGroup:getEveryoneGroup", provider: ref },
        ]);
      });

      it("parents every resource to its component, and the components to the stack", () => {
        const stackUrn = find(run(stack), "pulumi:pulumi:Stack", `okta-mmod-${stack}`).urn;
        const org = find(run(stack), "okta-mmod:org:OktaOrg", "org");
        const apps = find(run(stack), "okta-mmod:apps:AppSet", "apps");
        expect(org.parent).to.equal(stackUrn);
        expect(apps.parent).to.equal(stackUrn);
        const oktaSide = run(stack).registrations.filter(
          (r) => r.custom && (isOkta(r) || r.type === "pulumi:providers:okta" || r.type === OAUTH_INLINE_HOOK_TYPE),
        );
        expect(oktaSide).to.have.length(stack === "prod" ? 45 : 44);
        // Each app's resources sit under that app's component, a child of the app set.
        const appComponents = byType(run(stack), "okta-mmod:apps:App");
        expect(appComponents).to.have.length(4);
        for (const c of appComponents) expect(c.parent, c.urn).to.equal(apps.urn);
        const appOf = (r: Registration) =>
          appComponents.find(
            (c) => r.name.endsWith(`-${c.name.slice("apps-".length)}`) && /^apps-(app|assignments)-/.test(r.name),
          );
        for (const r of oktaSide) {
          const expected = ORG_TYPES.has(r.type) ? org.urn : (appOf(r)?.urn ?? apps.urn);
          expect(r.parent, r.urn).to.equal(expected);
          const prefix = ORG_TYPES.has(r.type) ? "org-" : "apps-";
          expect(r.name.startsWith(prefix), r.urn).to.equal(true);
        }
      });

      it("has no plaintext secret in any input or output", () => {
        const forbidden = [
          ...Object.values(TEST_SECRETS),
          ...byType(run(stack), "okta:app/oAuth:OAuth").flatMap((r) =>
            typeof r.outputs.clientSecret === "string" ? [r.outputs.clientSecret] : [],
          ),
        ];
        // Dev's four confidential apps keep their client secrets in the state; prod's keep none there.
        expect(forbidden).to.have.length(stack === "prod" ? 7 : 11);
        const leaks: string[] = [];
        for (const r of run(stack).registrations) {
          for (const leaf of plainStrings(r.inputs)) {
            if (forbidden.some((s) => leaf.value.includes(s))) leaks.push(`${r.urn} ${leaf.path}`);
          }
        }
        for (const leaf of plainStrings(run(stack).outputs)) {
          if (forbidden.some((s) => leaf.value.includes(s))) leaks.push(`stack output ${leaf.path}`);
        }
        expect(leaks).to.deep.equal([]);
      });

      if (stack === "prod") {
        it("keeps no client secret in the state and exports none (any stack reader could decrypt it)", () => {
          const outputs = run(stack).outputs;
          expect(Object.keys(outputs).sort()).to.deep.equal([
            "appIds",
            "clientIds",
            "environment",
            "groupIds",
            "issuers",
            "orgUrl",
          ]);
          const apps = byType(run(stack), "okta:app/oAuth:OAuth");
          expect(apps.map((r) => [r.name, r.inputs.omitSecret, "clientSecret" in r.outputs])).to.deep.equal([
            ["apps-app-customer-portal", true, false],
            ["apps-app-super-widget", true, false],
            ["apps-app-example-portal", true, false],
            ["apps-app-my-app", true, false],
          ]);
          expect(outputs.environment).to.equal(stack);
        });
      } else {
        it("exports client secrets only as a secret, and keeps them in the state (dev)", () => {
          const outputs = run(stack).outputs;
          expect(isSecretEnvelope(outputs.clientSecrets)).to.equal(true);
          expect(Object.keys(unwrap(outputs.clientSecrets) as object).sort()).to.deep.equal([
            "customer-portal",
            "example-portal",
            "my-app",
            "super-widget",
          ]);
          expect(Object.keys(outputs).sort()).to.deep.equal([
            "appIds",
            "clientIds",
            "clientSecrets",
            "environment",
            "groupIds",
            "issuers",
            "orgUrl",
          ]);
          expect(byType(run(stack), "okta:app/oAuth:OAuth").map((r) => r.inputs.omitSecret)).to.deep.equal([
            undefined,
            undefined,
            undefined,
            undefined,
          ]);
          expect(outputs.environment).to.equal(stack);
        });
      }

      it("wires authorization-server policies to the apps' client ids and rules to the Everyone group", () => {
        const r = run(stack);
        const portalPolicy = find(
          r,
          "okta:auth/serverPolicy:ServerPolicy",
          "apps-server-policy-customer-portal-customer-portal",
        );
        const defaultPolicy = find(
          r,
          "okta:auth/serverPolicy:ServerPolicy",
          "apps-server-policy-customer-portal-default",
        );
        expect(portalPolicy.inputs.clientWhitelists).to.deep.equal(["apps-app-customer-portal-client-id"]);
        expect(portalPolicy.inputs.priority).to.equal(1);
        expect(defaultPolicy.inputs.clientWhitelists).to.deep.equal(["apps-app-super-widget-client-id"]);
        expect(defaultPolicy.inputs.priority).to.equal(2);
        for (const rule of byType(r, "okta:auth/serverPolicyRule:ServerPolicyRule")) {
          expect(rule.inputs.groupWhitelists, rule.name).to.deep.equal([MOCK_EVERYONE_GROUP_ID]);
          expect(rule.inputs.priority, rule.name).to.equal(1);
          expect(rule.inputs.grantTypeWhitelists, rule.name).to.deep.equal(["authorization_code"]);
          expect(rule.inputs.scopeWhitelists, rule.name).to.deep.equal([
            "openid",
            "profile",
            "offline_access",
            "iat.account.read",
          ]);
          expect(rule.inputs.accessTokenLifetimeMinutes, rule.name).to.equal(60);
          expect(rule.inputs.refreshTokenLifetimeMinutes, rule.name).to.equal(129600);
          expect(rule.inputs.refreshTokenWindowMinutes, rule.name).to.equal(10080);
        }
      });

      it("assigns each app's groups in exactly one AppGroupAssignments", () => {
        const r = run(stack);
        const assignments = byType(r, "okta:index/appGroupAssignments:AppGroupAssignments");
        const byApp = Object.fromEntries(
          assignments.map((a) => [a.inputs.appId, (a.inputs.groups as { id: string }[]).map((g) => g.id)]),
        );
        expect(byApp).to.deep.equal({
          "apps-app-customer-portal-id": [MOCK_EVERYONE_GROUP_ID],
          "apps-app-super-widget-id": [MOCK_EVERYONE_GROUP_ID],
          "apps-app-example-portal-id": [MOCK_EVERYONE_GROUP_ID],
          "apps-app-my-app-id": ["org-group-test-group-id"],
        });
      });

      it("fixes the reference's guardrail breaks: no implicit or password grant, no scope *, every app on a policy", () => {
        for (const app of byType(run(stack), "okta:app/oAuth:OAuth")) {
          expect(app.inputs.grantTypes as string[], app.name).to.not.include.members(["implicit", "password"]);
          expect(app.inputs.responseTypes, app.name).to.deep.equal(["code"]);
          expect(app.inputs.pkceRequired, app.name).to.equal(true);
          expect(app.inputs.authenticationPolicy, app.name).to.match(/^apps-signon-policy-[a-z-]+-id$/);
        }
        for (const rule of byType(run(stack), "okta:index/appSignonPolicyRule:AppSignonPolicyRule")) {
          expect(rule.inputs.factorMode, rule.name).to.equal("2FA");
        }
        for (const rule of byType(run(stack), "okta:auth/serverPolicyRule:ServerPolicyRule")) {
          expect(rule.inputs.scopeWhitelists as string[], rule.name).to.not.include("*");
        }
      });

      it("declares the renamed test group under its original key", () => {
        const group = find(run(stack), "okta:group/group:Group", "org-group-test-group");
        expect(group.inputs).to.deep.equal({
          name: "Renamed Test Group",
          description: "For testing and demonstration",
        });
      });
    });
  }

  it("dev's header hook sends its Authorization value as a secret, and keeps it secret in state", () => {
    const hook = find(run("dev"), "okta:inline/hook:Hook", "org-hook-validate-client-id-registration");
    const auth = hook.inputs.auth as Record<string, unknown>;
    expect(isSecretEnvelope(auth.value)).to.equal(true);
    expect(unwrap(auth)).to.deep.equal({
      key: "Authorization",
      type: "HEADER",
      value: TEST_SECRETS["okta-mmod:registrationHookAuth"],
    });
    expect(hook.inputs.channel).to.deep.equal({
      type: "HTTP",
      version: "1.0.0",
      uri: "https://registration.example.com/okta/hooks/registration",
      method: "POST",
    });
    expect(hook.additionalSecretOutputs).to.deep.equal(["auth"]);
    expect(byType(run("dev"), "okta:index/hookKey:HookKey")).to.deep.equal([]);
  });

  it("prod's hook authenticates with private_key_jwt: a HookKey of its own, no secret in its inputs or config", () => {
    expect(byType(run("prod"), "okta:inline/hook:Hook")).to.deep.equal([]);
    const hook = find(run("prod"), "pulumi-nodejs:dynamic/okta:InlineHook", "org-hook-validate-client-id-registration");
    expect([hook.inputs.auth, hook.inputs.channelJson, hook.inputs.adoptId, hook.protect]).to.deep.equal([
      undefined,
      undefined,
      undefined,
      true,
    ]);
    expect(hook.inputs.channel).to.deep.equal({
      type: "OAUTH",
      version: "1.0.0",
      config: {
        uri: "https://registration.example.com/okta/hooks/registration",
        method: "POST",
        authType: "private_key_jwt",
        hookKeyId: "org-hook-key-validate-client-id-registration-id",
        clientId: "okta-hook-fixture",
        tokenUrl: "https://registration.example.com/oauth2/token",
        scope: "registration.validate",
      },
    });
    const key = find(run("prod"), "okta:index/hookKey:HookKey", "org-hook-key-validate-client-id-registration");
    expect([key.inputs, key.protect, key.parent]).to.deep.equal([
      { name: "Validate Client ID on Registration" },
      true,
      find(run("prod"), "okta-mmod:org:OktaOrg", "org").urn,
    ]);
  });

  it("protects every Okta, GitHub, TFC and Pulumi Cloud resource in prod but the reviewed exceptions; in dev only the Deployments settings", () => {
    const providerTypes = /^(okta|github|tfe|pulumiservice|pulumi-nodejs):/;
    const prod = run("prod").registrations.filter((x) => providerTypes.test(x.type));
    expect(prod.filter((x) => !x.protect).map((x) => x.type)).to.deep.equal(UNPROTECTED_IN_PROD);
    expect([...new Set(prod.filter((x) => x.protect).map((x) => x.type))].sort()).to.deep.equal(PROTECTED_IN_PROD);
    // A replacement would delete the settings with the variables set by hand in Pulumi Cloud: refused everywhere.
    expect(
      run("dev")
        .registrations.filter((x) => x.protect)
        .map((x) => x.type),
    ).to.deep.equal(["pulumiservice:index:DeploymentSettings"]);
  });

  it("lets prod turn protection off explicitly", async () => {
    const unprotected = await runStack("prod", { config: { "okta-mmod:protectResources": "false" } });
    expect(unprotected.registrations.filter((x) => x.protect).map((x) => x.name)).to.deep.equal([
      "deployments-settings",
      "github-repository",
    ]);
  });

  it("lets no loopback or http:// URI reach prod", () => {
    const urls = urlsOf(run("prod"));
    // 12 app URIs, 4 JWKS URLs, 2 trusted origins, the hook's endpoint and its token URL, and the org the hook
    // resource calls.
    expect(urls.length).to.equal(21);
    for (const { where, url } of urls) {
      expect(url.protocol, where).to.equal("https:");
      expect(LOOPBACK.has(url.hostname), where).to.equal(false);
    }
    // Dev does carry loopback URIs: the check above would catch them if they reached prod.
    expect(urlsOf(run("dev")).filter(({ url }) => LOOPBACK.has(url.hostname))).to.have.length(11);
  });

  it("declares each authorization server under the URN it had, with the audiences of the stack file", async () => {
    const servers = (r: ProgramRun) =>
      byType(r, "okta:auth/server:Server").map((s) => ({ urn: s.urn, inputs: s.inputs }));
    const expected = (stack: string, audiences: Record<string, string[]>) =>
      [
        ["customer-portal", "Customer Portal", "Auth Server that handles customer-facing apps"],
        ["test", "Test \u2018Server", "Auth Server that handles test apps"],
      ].map(([key, name, description]) => ({
        urn: `urn:pulumi:${stack}::okta-mmod::okta-mmod:apps:AppSet$okta:auth/server:Server::apps-authserver-${key}`,
        inputs: {
          name,
          description,
          audiences: audiences[key as string],
          issuerMode: "ORG_URL",
          status: "ACTIVE",
        },
      }));
    // The fixture stack files give both servers the audience the catalogue used to give every org.
    const before = { "customer-portal": ["api://iatcore.com"], test: ["api://iatcore.com"] };
    for (const stack of ["dev", "prod"]) expect(servers(run(stack)), stack).to.deep.equal(expected(stack, before));
    // Another org names its own API: only the audiences follow the stack file.
    const own = { "customer-portal": ["api://orders.example.org"], test: ["https://api.example.org/test"] };
    const other = await runStack("dev", { config: { "okta-mmod:audiences": JSON.stringify(own) } });
    expect(servers(other)).to.deep.equal(expected("dev", own));
  });

  it("builds each stack's app URIs from its own config", () => {
    const uris = (stack: string, app: string) => {
      const a = find(run(stack), "okta:app/oAuth:OAuth", `apps-app-${app}`).inputs;
      return { redirect: a.redirectUris, postLogout: a.postLogoutRedirectUris, login: a.loginUri };
    };
    expect(uris("dev", "customer-portal")).to.deep.equal({
      redirect: [
        "https://localhost:44369/signin-oidc",
        "https://localhost:44369/Customer",
        "https://oauth.pstmn.io/v1/callback",
      ],
      postLogout: ["https://localhost:44369/signout-callback-oidc"],
      login: "https://localhost:44369/signin-oidc",
    });
    expect(uris("prod", "customer-portal")).to.deep.equal({
      redirect: ["https://portal.iatcore.com/signin-oidc", "https://portal.iatcore.com/Customer"],
      postLogout: ["https://portal.iatcore.com/signout-callback-oidc"],
      login: "https://portal.iatcore.com/signin-oidc",
    });
    // The reference's login URI had a typo port (4437811).
    expect(uris("dev", "example-portal").login).to.equal("https://localhost:44378/signin-oidc");
    expect(uris("dev", "my-app")).to.deep.equal({
      redirect: ["http://localhost:3000"],
      postLogout: ["http://localhost:3000"],
      login: undefined,
    });
    const origins = (stack: string) =>
      byType(run(stack), "okta:trustedorigin/origin:Origin")
        .map((o) => [o.inputs.name, o.inputs.origin])
        .sort();
    expect(origins("dev")).to.deep.equal([
      ["customer-portal", "https://localhost:44369"],
      ["super-widget", "https://super-widget.oktaprise.com"],
    ]);
    expect(origins("prod")).to.deep.equal([
      ["customer-portal", "https://portal.iatcore.com"],
      ["super-widget", "https://super-widget.oktaprise.com"],
    ]);
  });

  it("sets ThreatInsight to audit in dev and block in prod", () => {
    const action = (stack: string) =>
      find(run(stack), "okta:index/threatInsightSettings:ThreatInsightSettings", "org-threat-insight").inputs;
    expect(action("dev")).to.deep.equal({ action: "audit" });
    expect(action("prod")).to.deep.equal({ action: "block" });
  });

  it("configures each stack's provider for its own org, prod with half the API capacity", () => {
    const provider = (stack: string) => find(run(stack), "pulumi:providers:okta", "org-provider").inputs;
    const common = {
      backoff: "true",
      baseUrl: "okta.com",
      maxRetries: "5",
      maxWaitSeconds: "300",
      minWaitSeconds: "30",
      parallelism: "1",
      requestTimeout: "0",
    };
    expect(provider("dev")).to.deep.equal({ ...common, orgName: "dev-123456", maxApiCapacity: "100" });
    expect(provider("prod")).to.deep.equal({ ...common, orgName: "dev-987654", maxApiCapacity: "50" });
  });

  // A dev stack may hold its own org's service app; a prod-profile stack takes it from the environment.
  it("passes OAuth 2.0 service app credentials to the provider, the private key as a secret", async () => {
    const r = await runStack("dev", {
      config: { "okta-mmod:clientId": "0oa1b2c3", "okta-mmod:scopes": '["okta.groups.manage","okta.apps.manage"]' },
      secrets: { ...STACK_SECRETS, "okta-mmod:privateKey": TEST_SECRETS["okta-mmod:privateKey"] },
    });
    const inputs = find(r, "pulumi:providers:okta", "org-provider").inputs;
    expect(inputs.clientId).to.equal("0oa1b2c3");
    expect(inputs.scopes).to.equal('["okta.groups.manage","okta.apps.manage"]');
    expect(isSecretEnvelope(inputs.privateKey)).to.equal(true);
    expect(unwrap(inputs.privateKey)).to.equal(TEST_SECRETS["okta-mmod:privateKey"]);
    expect(inputs.apiToken).to.equal(undefined);
  });

  it("passes the legacy API token as a secret", async () => {
    const r = await runStack("dev", {
      secrets: { ...STACK_SECRETS, "okta-mmod:apiToken": TEST_SECRETS["okta-mmod:apiToken"] },
    });
    const inputs = find(r, "pulumi:providers:okta", "org-provider").inputs;
    expect(isSecretEnvelope(inputs.apiToken)).to.equal(true);
    expect(unwrap(inputs.apiToken)).to.equal(TEST_SECRETS["okta-mmod:apiToken"]);
    expect(inputs.privateKey).to.equal(undefined);
  });

  it("stops the run with the loader's message when a stack's config is wrong", async () => {
    let error: unknown;
    try {
      await runStack("prod", {
        config: {
          "okta-mmod:orgName": "Prod Org",
          "okta-mmod:registrationHook":
            '{"url":"https://registration.example.com/okta/hooks/registration","method":"header"}',
        },
      });
    } catch (err) {
      error = err;
    }
    // A RunError: the Pulumi CLI prints its message alone, with no stack trace.
    expect(pulumi.RunError.isInstance(error)).to.equal(true);
    expect((error as Error).message).to.equal(
      [
        'Stack "prod" has 3 configuration problems:',
        `  - okta-mmod:orgName: got "Prod Org"; expected the org's subdomain, e.g. dev-123456 (lowercase letters, digits, hyphens)`,
        `  - okta-mmod:registrationHook.method: got "header"; expected "private_key_jwt" in a prod-grade stack: with "header" the secret okta-mmod:registrationHookAuth sits in the stack's config and state, where any token that can read the stack (a pull request's preview, the drift check) decrypts it; with private_key_jwt Okta signs with a key it keeps (okta.HookKey) and there is no secret`,
        "  - okta-mmod:registrationHookAuth: got [secret]; expected no value in a prod-grade stack's config: any token that can read the stack (a pull request's preview, the drift check) can decrypt it, and the hook authenticates with private_key_jwt instead (okta-mmod:registrationHook.method). Remove it (pulumi config rm okta-mmod:registrationHookAuth) and rotate it at the hook's endpoint",
      ].join("\n"),
    );
  });

  const SANDBOX = {
    "pulumi:disable-default-providers": '["okta"]',
    "okta-mmod:environment": "prod",
    "okta-mmod:orgName": "dev-555555",
    "okta-mmod:baseUrl": "oktapreview.com",
    "okta-mmod:apps": JSON.stringify({
      "customer-portal": {
        baseUrl: "https://portal.sandbox.example.com",
        jwksUri: "https://portal.sandbox.example.com/.well-known/jwks.json",
      },
      "super-widget": {
        baseUrl: "https://widget.sandbox.example.com",
        jwksUri: "https://widget.sandbox.example.com/.well-known/jwks.json",
      },
      "example-portal": {
        baseUrl: "https://example.sandbox.example.com",
        jwksUri: "https://example.sandbox.example.com/.well-known/jwks.json",
      },
      "my-app": {
        baseUrl: "https://myapp.sandbox.example.com",
        jwksUri: "https://myapp.sandbox.example.com/.well-known/jwks.json",
      },
    }),
    "okta-mmod:registrationHook": JSON.stringify({
      url: "https://hooks.sandbox.example.com/registration",
      method: "private_key_jwt",
      clientId: "sandbox-hook",
      tokenUrl: "https://hooks.sandbox.example.com/token",
    }),
    "okta-mmod:adminUser": JSON.stringify({ login: "admin@sandbox.example.com", email: "admin@sandbox.example.com" }),
    "okta-mmod:audiences": JSON.stringify(testAudiences(FIXTURE_CATALOGUE)),
    "okta-mmod:delivery": JSON.stringify({
      repository: "iatcore/okta-mmod",
      branch: "sandbox",
      github: { reviewerTeams: ["okta-admins"] },
    }),
  };

  it("binds a stack with no entry in the code-owned binding to prod: its stack file cannot claim dev", async () => {
    let error: unknown;
    try {
      await runWithConfig("sandbox", { ...SANDBOX, "okta-mmod:environment": "dev" });
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).to.equal(
      [
        'Stack "sandbox" has 1 configuration problem:',
        '  - okta-mmod:environment: got "dev"; expected one of: prod: config/stackProfiles.ts (code-owned) binds stack "sandbox" to the prod profile, and a stack file may only restate or strengthen it',
      ].join("\n"),
    );
  });

  it("runs a third (prod-profile) org from config alone, with no code change", async () => {
    const third = await runWithConfig("sandbox", SANDBOX);
    // Its Okta part, and its GitHub environments (it owns no repository-wide part).
    const okta = Object.fromEntries(Object.entries(countByType(third)).filter(([t]) => t in OKTA_COUNTS));
    expect(okta).to.deep.equal(OKTA_COUNTS);
    expect(byType(third, "okta:index/hookKey:HookKey").map((k) => k.name)).to.deep.equal([
      "org-hook-key-validate-client-id-registration",
    ]);
    expect(byType(third, OAUTH_INLINE_HOOK_TYPE).map((k) => [k.name, k.protect])).to.deep.equal([
      ["org-hook-validate-client-id-registration", true],
    ]);
    expect(find(third, "okta:user/user:User", "org-user-okta-terraform-admin").inputs.login).to.equal(
      "admin@sandbox.example.com",
    );
    expect(
      byType(third, "github:index/repositoryEnvironment:RepositoryEnvironment")
        .map((e) => e.inputs.environment)
        .sort(),
    ).to.deep.equal(["sandbox", "sandbox-read"]);
    const provider = find(third, "pulumi:providers:okta", "org-provider");
    expect(provider.urn).to.equal(
      "urn:pulumi:sandbox::okta-mmod::okta-mmod:org:OktaOrg$pulumi:providers:okta::org-provider",
    );
    expect(provider.inputs.orgName).to.equal("dev-555555");
    expect(provider.inputs.baseUrl).to.equal("oktapreview.com");
    expect(third.outputs.orgUrl).to.equal("https://dev-555555.oktapreview.com");
    const myApp = find(third, "okta:app/oAuth:OAuth", "apps-app-my-app").inputs;
    expect(myApp.redirectUris).to.deep.equal(["https://myapp.sandbox.example.com"]);
    expect([myApp.tokenEndpointAuthMethod, myApp.jwksUri, myApp.omitSecret]).to.deep.equal([
      "private_key_jwt",
      "https://myapp.sandbox.example.com/.well-known/jwks.json",
      true,
    ]);
  });
});

describe("project files", () => {
  it("Pulumi.yaml declares only the simple config types Pulumi accepts, and no secret every stack would need", () => {
    const project = parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8")) as {
      config: Record<string, { type: string; secret?: boolean; default?: unknown }>;
      runtime: { name: string; options: Record<string, unknown> };
    };
    expect(
      Object.entries(project.config).map(([k, v]) => [k, v.type, v.secret ?? false, v.default ?? null]),
    ).to.deep.equal([
      ["environment", "string", false, null],
      ["orgName", "string", false, null],
      ["baseUrl", "string", false, "okta.com"],
    ]);
    expect(project.runtime).to.deep.equal({
      name: "nodejs",
      options: { typescript: true, tsconfig: "tsconfig.pulumi.json" },
    });
    const pulumiTsconfig = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "tsconfig.pulumi.json"), "utf8")) as {
      extends: string;
      compilerOptions: Record<string, unknown>;
    };
    expect(pulumiTsconfig).to.deep.equal({ extends: "./tsconfig.json", compilerOptions: { noCheck: true } });
  });

  it("loads the way the Pulumi CLI runs it: ts-node, tsconfig.pulumi.json, transpile-only", () => {
    const out = execFileSync(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", "-e", 'process.stdout.write(typeof require("./index.ts"))'],
      { cwd: PROJECT_DIR, encoding: "utf8", env: { ...process.env, TS_NODE_PROJECT: "tsconfig.pulumi.json" } },
    );
    expect(out).to.equal("function");
  });
});
