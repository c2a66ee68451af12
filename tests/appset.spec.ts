import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { AppDefinition, AppSet, AppSetArgs, checkAppSet } from "../components/appSet";
import { appSetDefinition } from "../definitions/catalogue";
import { MOCK_EVERYONE_GROUP_ID, ProgramRun, runProgram } from "../offline/run";
import { FIXTURE_CATALOGUE } from "./fixtures/catalogue";
import { PROJECT, TEST_ENDPOINTS, aliasUrns, byType, countByType, engineUrn, find, testAudiences } from "./support";

const SHIPPED = appSetDefinition(FIXTURE_CATALOGUE, TEST_ENDPOINTS, testAudiences(FIXTURE_CATALOGUE));
const GROUP_IDS = { "test-group": "00g-test", "dmz-admins": "00g-dmz" };

type Definition = Pick<AppSetArgs, "signOnPolicies" | "apps" | "authServers">;

/** Runs an AppSet alone under mocks, with its own provider. */
function runAppSet(definition: Definition, protect = false, underComponent = false): Promise<ProgramRun> {
  return runProgram({
    project: PROJECT,
    stack: "unit",
    config: {},
    secretKeys: [],
    program: () => {
      const provider = new okta.Provider("unit-provider", { orgName: "dev-000000", baseUrl: "okta.com" });
      const parent = underComponent ? new pulumi.ComponentResource("unit:test:Wrapper", "wrapper") : undefined;
      const set = new AppSet("apps", { provider, protect, groupIds: GROUP_IDS, ...definition }, { parent });
      return { clientIds: set.clientIds, clientSecrets: set.clientSecrets };
    },
  });
}

function reversed(definition: Definition): Definition {
  return {
    signOnPolicies: [...definition.signOnPolicies].reverse(),
    apps: [...definition.apps].reverse(),
    authServers: [...definition.authServers].reverse().map((s) => ({
      ...s,
      scopes: [...s.scopes].reverse(),
      claims: [...s.claims].reverse(),
      policies: [...s.policies].reverse(),
    })),
  };
}

describe("AppSet component", () => {
  it("keeps every logical name and input when the lists are reordered", async () => {
    const byUrn = (run: ProgramRun) => Object.fromEntries(run.registrations.map((r) => [r.urn, r.inputs]));
    const original = await runAppSet(SHIPPED);
    const reordered = await runAppSet(reversed(SHIPPED));
    // The stack, the provider, the app set, its 4 app components and the 24 resources under them.
    expect(original.registrations).to.have.length(31);
    expect(Object.keys(byUrn(reordered)).sort()).to.deep.equal(Object.keys(byUrn(original)).sort());
    expect(byUrn(reordered)).to.deep.equal(byUrn(original));
  });

  it("names children from the component name and stable keys", async () => {
    const run = await runAppSet(SHIPPED);
    const names = run.registrations.filter((r) => r.custom && r.type !== "pulumi:providers:okta").map((r) => r.name);
    expect(names.sort()).to.deep.equal([
      "apps-app-customer-portal",
      "apps-app-example-portal",
      "apps-app-my-app",
      "apps-app-super-widget",
      "apps-assignments-customer-portal",
      "apps-assignments-example-portal",
      "apps-assignments-my-app",
      "apps-assignments-super-widget",
      "apps-authserver-customer-portal",
      "apps-authserver-test",
      "apps-claim-customer-portal-type",
      "apps-claim-test-type",
      "apps-scope-customer-portal-account-read",
      "apps-scope-test-account-read",
      "apps-server-policy-customer-portal-customer-portal",
      "apps-server-policy-customer-portal-default",
      "apps-server-rule-customer-portal-customer-portal-default",
      "apps-server-rule-customer-portal-default-default",
      "apps-signon-policy-customer-apps",
      "apps-signon-policy-my-app",
      "apps-signon-policy-passwordless",
      "apps-signon-rule-customer-apps-require-mfa",
      "apps-signon-rule-my-app-require-mfa",
      "apps-signon-rule-passwordless-magic-link",
    ]);
  });

  it("groups each app's resources under its own component, the app set's child", async () => {
    const run = await runAppSet(SHIPPED);
    const set = find(run, "okta-mmod:apps:AppSet", "apps");
    const components = byType(run, "okta-mmod:apps:App");
    expect(components.map((c) => [c.name, c.parent])).to.deep.equal([
      ["apps-customer-portal", set.urn],
      ["apps-super-widget", set.urn],
      ["apps-example-portal", set.urn],
      ["apps-my-app", set.urn],
    ]);
    const childrenOf = (component: string) =>
      run.registrations
        .filter((r) => r.parent === find(run, "okta-mmod:apps:App", component).urn)
        .map((r) => `${r.type} ${r.name}`);
    expect(childrenOf("apps-my-app")).to.deep.equal([
      "okta:app/oAuth:OAuth apps-app-my-app",
      "okta:index/appGroupAssignments:AppGroupAssignments apps-assignments-my-app",
    ]);
    const app = find(run, "okta:app/oAuth:OAuth", "apps-app-my-app");
    // The sign-on policy link: the app names its policy's id.
    expect(app.inputs.authenticationPolicy).to.equal("apps-signon-policy-my-app-id");
    expect(app.provider).to.equal(`${find(run, "pulumi:providers:okta", "unit-provider").urn}::unit-provider-id`);
  });

  it("keeps each app's resources at the URN they had as children of the app set, through an alias", async () => {
    const run = await runAppSet(SHIPPED);
    const moved = run.registrations.filter((r) => byType(run, "okta-mmod:apps:App").some((c) => c.urn === r.parent));
    expect(moved).to.have.length(8);
    const aliased = Object.fromEntries(moved.map((r) => [engineUrn(run, r), aliasUrns(run, r)]));
    const before = (type: string, name: string) => `urn:pulumi:unit::okta-mmod::okta-mmod:apps:AppSet$${type}::${name}`;
    const now = (type: string, name: string) =>
      `urn:pulumi:unit::okta-mmod::okta-mmod:apps:AppSet$okta-mmod:apps:App$${type}::${name}`;
    const expected: Record<string, string[]> = {};
    for (const key of ["customer-portal", "super-widget", "example-portal", "my-app"]) {
      for (const [type, name] of [
        ["okta:app/oAuth:OAuth", `apps-app-${key}`],
        ["okta:index/appGroupAssignments:AppGroupAssignments", `apps-assignments-${key}`],
      ] as const) {
        expected[now(type, name)] = [before(type, name)];
      }
    }
    expect(aliased).to.deep.equal(expected);
    // Resources that did not move keep their parent: their only aliases are the provider SDK's type renames.
    const reparented = run.registrations
      .filter((r) => !moved.includes(r))
      .flatMap((r) => r.aliases.filter((a) => "urn" in a || a.noParent || a.parentUrn !== r.parent));
    expect(reparented).to.deep.equal([]);
  });

  it("gives each alias as the former URN itself, which the SDK need not resolve through the app set's outputs", async () => {
    const run = await runAppSet(SHIPPED);
    const moved = run.registrations.filter((r) => byType(run, "okta-mmod:apps:App").some((c) => c.urn === r.parent));
    expect(moved.map((r) => r.aliases)).to.deep.equal(
      moved.map((r) => [{ urn: `urn:pulumi:unit::okta-mmod::okta-mmod:apps:AppSet$${r.type}::${r.name}` }]),
    );
  });

  it("keeps the former URNs of an app set declared under another component (an alias spec naming the app set)", async () => {
    const run = await runAppSet(SHIPPED, false, true);
    const moved = run.registrations.filter((r) => byType(run, "okta-mmod:apps:App").some((c) => c.urn === r.parent));
    expect(moved).to.have.length(8);
    const before = (r: { type: string; name: string }) =>
      `urn:pulumi:unit::okta-mmod::unit:test:Wrapper$okta-mmod:apps:AppSet$${r.type}::${r.name}`;
    expect(moved.map((r) => aliasUrns(run, r))).to.deep.equal(moved.map((r) => [before(r)]));
    expect(moved.map((r) => engineUrn(run, r))).to.deep.equal(
      moved.map(
        (r) =>
          `urn:pulumi:unit::okta-mmod::unit:test:Wrapper$okta-mmod:apps:AppSet$okta-mmod:apps:App$${r.type}::${r.name}`,
      ),
    );
  });

  it("wires claims to scope names and makes rules wait for the custom scopes they name", async () => {
    const run = await runAppSet(SHIPPED);
    const claim = find(run, "okta:auth/serverClaim:ServerClaim", "apps-claim-test-type");
    expect(claim.inputs).to.deep.equal({
      authServerId: "apps-authserver-test-id",
      claimType: "IDENTITY",
      name: "Type",
      scopes: ["iat.account.read"],
      value: "user.userType",
      valueType: "EXPRESSION",
    });
    expect([...claim.dependencies].sort()).to.deep.equal([
      "urn:pulumi:unit::okta-mmod::okta-mmod:apps:AppSet$okta:auth/server:Server::apps-authserver-test",
      "urn:pulumi:unit::okta-mmod::okta-mmod:apps:AppSet$okta:auth/serverScope:ServerScope::apps-scope-test-account-read",
    ]);
    const rule = find(
      run,
      "okta:auth/serverPolicyRule:ServerPolicyRule",
      "apps-server-rule-customer-portal-default-default",
    );
    expect(rule.dependencies).to.include(
      "urn:pulumi:unit::okta-mmod::okta-mmod:apps:AppSet$okta:auth/serverScope:ServerScope::apps-scope-customer-portal-account-read",
    );
  });

  it("declares SAML, browser, native and service apps with their type's rules", async () => {
    const apps: AppDefinition[] = [
      {
        kind: "saml",
        key: "payroll",
        label: "Payroll",
        ssoUrl: "https://payroll.example.com/saml/acs",
        recipient: "https://payroll.example.com/saml/acs",
        destination: "https://payroll.example.com/saml/acs",
        audience: "https://payroll.example.com",
        signOnPolicy: "mfa",
        groups: ["dmz-admins"],
      },
      {
        kind: "oidc",
        key: "spa",
        label: "SPA",
        type: "browser",
        grantTypes: ["authorization_code", "refresh_token"],
        responseTypes: ["code"],
        redirectUris: ["https://spa.example.com/callback"],
        pkceRequired: true,
        refreshTokenRotation: "ROTATE",
        signOnPolicy: "mfa",
        groups: ["everyone", "test-group"],
      },
      {
        kind: "oidc",
        key: "mobile",
        label: "Mobile",
        type: "native",
        grantTypes: ["authorization_code"],
        responseTypes: ["code"],
        redirectUris: ["com.example.mobile:/callback"],
        pkceRequired: true,
        signOnPolicy: "mfa",
        groups: ["everyone"],
      },
      {
        kind: "oidc",
        key: "batch",
        label: "Batch job",
        type: "service",
        grantTypes: ["client_credentials"],
        responseTypes: ["token"],
        pkceRequired: false,
        groups: [],
      },
    ];
    const definition: Definition = {
      signOnPolicies: [
        {
          key: "mfa",
          name: "MFA",
          description: "Two factors",
          rules: [
            { key: "r", name: "R", priority: 1, access: "ALLOW", factorMode: "2FA", reAuthenticationFrequency: "PT1H" },
          ],
        },
      ],
      apps,
      authServers: [],
    };
    const run = await runAppSet(definition, true);
    expect(countByType(run)).to.deep.equal({
      "okta-mmod:apps:App": 4,
      "okta-mmod:apps:AppSet": 1,
      "okta:app/oAuth:OAuth": 3,
      "okta:app/saml:Saml": 1,
      "okta:index/appGroupAssignments:AppGroupAssignments": 3,
      "okta:index/appSignonPolicy:AppSignonPolicy": 1,
      "okta:index/appSignonPolicyRule:AppSignonPolicyRule": 1,
      "pulumi:providers:okta": 1,
      "pulumi:pulumi:Stack": 1,
    });
    const saml = find(run, "okta:app/saml:Saml", "apps-app-payroll");
    expect(saml.protect).to.equal(true);
    expect(saml.inputs).to.deep.include({
      signatureAlgorithm: "RSA_SHA256",
      digestAlgorithm: "SHA256",
      responseSigned: true,
      assertionSigned: true,
      authenticationPolicy: "apps-signon-policy-mfa-id",
      subjectNameIdTemplate: "${user.userName}",
    });
    const auth = (key: string) => find(run, "okta:app/oAuth:OAuth", `apps-app-${key}`).inputs.tokenEndpointAuthMethod;
    expect([auth("spa"), auth("mobile"), auth("batch")]).to.deep.equal(["none", "none", "client_secret_basic"]);
    const batch = find(run, "okta:app/oAuth:OAuth", "apps-app-batch").inputs;
    expect(batch.authenticationPolicy).to.equal(undefined);
    const assigned = byType(run, "okta:index/appGroupAssignments:AppGroupAssignments")
      .map((a) => a.name)
      .sort();
    expect(assigned).to.deep.equal(["apps-assignments-mobile", "apps-assignments-payroll", "apps-assignments-spa"]);
    expect(
      find(run, "okta:index/appGroupAssignments:AppGroupAssignments", "apps-assignments-spa").inputs.groups,
    ).to.deep.equal([
      { id: MOCK_EVERYONE_GROUP_ID, priority: 1, profile: "{}" },
      { id: "00g-test", priority: 2, profile: "{}" },
    ]);
    // Only confidential clients have a secret.
    expect(run.outputs.clientSecrets).to.deep.include({ value: { batch: "apps-app-batch-client-secret-value" } });
  });

  it("refuses an invalid definition with every problem listed", () => {
    const base = SHIPPED;
    const broken: Definition = {
      signOnPolicies: [
        ...base.signOnPolicies,
        {
          key: "Bad_Key",
          name: "x",
          description: "x",
          rules: [
            { key: "a", name: "a", priority: 1, access: "ALLOW", factorMode: "2FA", reAuthenticationFrequency: "PT1H" },
            {
              key: "b",
              name: "b",
              priority: 3,
              access: "ALLOW",
              factorMode: "2FA",
              reAuthenticationFrequency: "PT1H",
              groupsIncluded: ["admins"],
            },
          ],
        },
      ],
      apps: [
        ...base.apps.map((a) => (a.key === "my-app" ? { ...a, signOnPolicy: "nope" } : a)),
        { ...(base.apps[0] as AppDefinition), key: "customer-portal", signOnPolicy: undefined, groups: [] },
        {
          kind: "oidc",
          key: "svc",
          label: "svc",
          type: "service",
          grantTypes: ["client_credentials"],
          responseTypes: ["token"],
          pkceRequired: false,
          signOnPolicy: "my-app",
          groups: ["everyone"],
        },
      ],
      authServers: base.authServers.map((s) =>
        s.key === "customer-portal"
          ? {
              ...s,
              claims: [{ ...(s.claims[0] as (typeof s.claims)[number]), scopes: ["missing"] }],
              policies: s.policies.map((p) => ({
                ...p,
                priority: 1,
                clients: [...p.clients, "ghost"],
                rules: p.rules.map((r) => ({ ...r, scopes: [...r.scopes, "*"] })),
              })),
            }
          : s,
      ),
    };
    expect(checkAppSet(broken, Object.keys(GROUP_IDS))).to.deep.equal([
      'signOnPolicies: key "Bad_Key" must be kebab-case (lowercase letters, digits, single hyphens)',
      "signOnPolicies.Bad_Key.rules: priorities must be 1..2 with no repeats or gaps, got 1, 3",
      'signOnPolicies.Bad_Key.rules.b.groupsIncluded: no group with key "admins"',
      'apps: key "customer-portal" is used twice',
      'apps.my-app.signOnPolicy: no sign-on policy with key "nope"',
      "apps.customer-portal.signOnPolicy: required (an app without one falls back to the org's default policy)",
      "apps.customer-portal.groups: at least one group (nobody could use the app)",
      "apps.svc.signOnPolicy: service apps have no sign-in, so no sign-on policy",
      "apps.svc.groups: service apps cannot be assigned to groups",
      "authServers.customer-portal.policies: priorities must be 1..2 with no repeats or gaps, got 1, 1",
      'authServers.customer-portal.claims.type.scopes: no scope with key "missing"',
      'authServers.customer-portal.policies.customer-portal.clients: no OIDC app with key "ghost"',
      'authServers.customer-portal.policies.customer-portal.rules.default.scopes: "*" is neither a system scope nor a scope of this server',
      'authServers.customer-portal.policies.default.clients: no OIDC app with key "ghost"',
      'authServers.customer-portal.policies.default.rules.default.scopes: "*" is neither a system scope nor a scope of this server',
    ]);
  });

  it("throws the problems from the constructor, before declaring anything", async () => {
    const broken: Definition = { ...SHIPPED, apps: SHIPPED.apps.map((a) => ({ ...a, groups: ["nobody"] })) };
    let error: unknown;
    try {
      await runAppSet(broken);
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).to.equal(
      [
        'AppSet "apps": invalid definition:',
        '  - apps.customer-portal.groups: no group with key "nobody"',
        '  - apps.super-widget.groups: no group with key "nobody"',
        '  - apps.example-portal.groups: no group with key "nobody"',
        '  - apps.my-app.groups: no group with key "nobody"',
      ].join("\n"),
    );
  });

  it("checks the fixture definition clean", () => {
    expect(checkAppSet(SHIPPED, ["service-accounts", "dmz-admins", "test-group"])).to.deep.equal([]);
  });
});
