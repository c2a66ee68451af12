import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PackConfig, evaluatePolicies } from "../../offline/policies";
import { Registration } from "../../offline/run";
import { policies } from "../../policy-pack/policies";
import { PROJECT_DIR } from "../support";
import { UNKNOWN, resource } from "./harness";

/**
 * Each case is a way around the guardrails that the prod profile used to let through: a resource type that
 * expresses the same thing, a spelling, an unknown value, an empty config list, or a setting that made two rules
 * contradict each other. Every case runs the whole pack under the prod profile, as `pulumi preview` would.
 */
const PROD = JSON.parse(
  fs.readFileSync(path.join(PROJECT_DIR, "policy-pack", "config", "prod.json"), "utf8"),
) as PackConfig;

/** `level policy name: message` for every verdict of one policy over these resources. */
async function verdictsOf(policy: string, resources: Registration[]): Promise<string[]> {
  const run = { stack: "test", registrations: resources, invocations: [], packages: [], outputs: {} };
  return (await evaluatePolicies(run, policies, PROD))
    .filter((v) => v.policy === policy)
    .map((v) => `${v.level} ${v.urn === "" ? "stack" : v.urn.split("::").pop()}: ${v.message}`);
}

const urnOf = (type: string, name: string) => `urn:pulumi:test::okta-mmod::${type}::${name}`;

describe("guardrails cannot be dodged (prod profile)", () => {
  describe("other resource types for the same thing", () => {
    const secret = (type: string, name: string, key: string, value: string) =>
      resource(`github:index/${type}`, name, { [key]: value, repository: "okta-mmod" });

    it("P10: an Okta credential as an organization, Dependabot or Codespaces secret, or as a variable", async () => {
      const resources = [
        secret("actionsOrganizationSecret:ActionsOrganizationSecret", "org", "secretName", "OKTA_API_TOKEN"),
        secret("dependabotSecret:DependabotSecret", "bot", "secretName", "OKTA_API_PRIVATE_KEY"),
        secret("codespacesSecret:CodespacesSecret", "space", "secretName", "OKTA_API_TOKEN"),
        secret("actionsVariable:ActionsVariable", "var", "variableName", "OKTA_API_TOKEN"),
        secret("actionsEnvironmentVariable:ActionsEnvironmentVariable", "env-var", "variableName", "okta_private_key"),
        // Not credentials: an environment secret, and ids as variables.
        secret("actionsEnvironmentSecret:ActionsEnvironmentSecret", "env-secret", "secretName", "OKTA_API_TOKEN"),
        secret("actionsVariable:ActionsVariable", "key-id", "variableName", "OKTA_API_PRIVATE_KEY_ID"),
        secret("actionsVariable:ActionsVariable", "client-id", "variableName", "OKTA_API_CLIENT_ID"),
      ];
      expect(await verdictsOf("github-okta-secrets-in-environments", resources)).to.deep.equal([
        "mandatory org: OKTA_API_TOKEN is an organization secret: any workflow run can read it; make it an environment secret",
        "mandatory bot: OKTA_API_PRIVATE_KEY is a Dependabot secret: any workflow run can read it; make it an environment secret",
        "mandatory space: OKTA_API_TOKEN is a Codespaces secret: any workflow run can read it; make it an environment secret",
        "mandatory var: OKTA_API_TOKEN is a variable, stored and shown in plaintext: make it an environment secret",
        "mandatory env-var: okta_private_key is a variable, stored and shown in plaintext: make it an environment secret",
      ]);
    });

    it("G28: SUPER_ADMIN granted to users and OAuth clients, in any spelling, counts", async () => {
      const resources = [
        resource("okta:group/role:Role", "group-admin", { groupId: "g1", roleType: "SUPER_ADMIN" }),
        resource("okta:index/userAdminRoles:UserAdminRoles", "user-admin", {
          userId: "u1",
          adminRoles: ["super_admin", "APP_ADMIN"],
        }),
        resource("okta:index/oauth2V1ClientsRoleSuperAdmin:Oauth2V1ClientsRoleSuperAdmin", "client-admin", {
          clientId: "c1",
          type: "SUPER_ADMIN",
        }),
        resource("okta:app/oauthRoleAssignment:OauthRoleAssignment", "bot-admin", {
          clientId: "c2",
          type: "Super_Admin",
        }),
        resource("okta:app/oauthRoleAssignment:OauthRoleAssignment", "helpdesk", {
          clientId: "c3",
          type: "HELP_DESK_ADMIN",
        }),
      ];
      expect(await verdictsOf("okta-security-notifications-and-few-super-admins", resources)).to.deep.equal([
        "mandatory stack: 4 SUPER_ADMIN role assignments (group-admin, user-admin, client-admin, bot-admin): at most 3; prefer custom roles",
      ]);
    });

    it("G10: SWA and basic-auth apps without an authentication policy assignment", async () => {
      const swa = resource("okta:app/swa:Swa", "wiki", { label: "Wiki", url: "https://wiki.example.com" });
      const basic = resource("okta:app/basicAuth:BasicAuth", "intranet", {
        label: "Intranet",
        url: "https://i.example.com",
      });
      const assigned = resource("okta:app/swa:Swa", "payroll", { label: "Payroll" });
      const assignment = resource(
        "okta:app/accessPolicyAssignment:AccessPolicyAssignment",
        "payroll-policy",
        { appId: UNKNOWN, policyId: "rst1" },
        { propertyDependencies: { appId: [assigned.urn] } },
      );
      const message =
        "no authenticationPolicy and no okta.app.AccessPolicyAssignment for this app: it falls back to the org's default authentication policy";
      expect(await verdictsOf("okta-app-require-sign-on-policy", [swa, basic, assigned, assignment])).to.deep.equal([
        `mandatory wiki: ${message}`,
        `mandatory intranet: ${message}`,
      ]);
    });

    describe("P02-P06: other ways to protect the prod branch", () => {
      it("classic protection through the REST resource (BranchProtectionV3)", async () => {
        const v3 = resource("github:index/branchProtectionV3:BranchProtectionV3", "prod-v3", {
          repository: "okta-mmod",
          branch: "prod",
          enforceAdmins: false,
        });
        expect(await verdictsOf("github-prod-branch-admins-enforced", [v3])).to.deep.equal([
          'mandatory prod-v3: branch protection "prod" does not apply to administrators',
        ]);
        expect(await verdictsOf("github-prod-branch-reviews", [v3])).to.deep.equal([
          'mandatory prod-v3: branch protection "prod" does not require pull request reviews',
        ]);
      });

      it("a ruleset on prod whose enforcement is disabled", async () => {
        const ruleset = resource("github:index/repositoryRuleset:RepositoryRuleset", "prod-rules", {
          name: "prod",
          repository: "okta-mmod",
          target: "branch",
          enforcement: "disabled",
          conditions: { refName: { includes: ["refs/heads/prod"], excludes: [] } },
          rules: { nonFastForward: true, deletion: true },
        });
        const label = 'ruleset "prod" (enforcement "disabled", so none of its rules apply)';
        expect(await verdictsOf("github-prod-branch-no-force-push-or-deletion", [ruleset])).to.deep.equal([
          `mandatory prod-rules: ${label} allows force pushes`,
          `mandatory prod-rules: ${label} allows deleting the branch`,
        ]);
      });

      it("a branch pattern that names prod with a character class ([p]rod)", async () => {
        const weak = resource("github:index/branchProtection:BranchProtection", "sneaky", {
          repositoryId: "okta-mmod",
          pattern: "[p]rod",
          allowsForcePushes: true,
          allowsDeletions: false,
        });
        expect(await verdictsOf("github-prod-branch-no-force-push-or-deletion", [weak])).to.deep.equal([
          'mandatory sneaky: branch protection "[p]rod" allows force pushes',
        ]);
      });

      it("an organization ruleset that excludes prod does not count as protecting it", async () => {
        const org = resource("github:index/organizationRuleset:OrganizationRuleset", "org-rules", {
          name: "all but prod",
          target: "branch",
          enforcement: "active",
          conditions: { refName: { includes: ["~ALL"], excludes: ["refs/heads/prod"] } },
          rules: {},
        });
        expect(await verdictsOf("github-prod-branch-no-force-push-or-deletion", [org])).to.deep.equal([]);
        const covering = {
          ...org,
          inputs: { ...org.inputs, conditions: { refName: { includes: ["~ALL"], excludes: [] } } },
        };
        expect(await verdictsOf("github-prod-branch-no-force-push-or-deletion", [covering])).to.deep.equal([
          'mandatory org-rules: ruleset "all but prod" allows force pushes',
          'mandatory org-rules: ruleset "all but prod" allows deleting the branch',
        ]);
      });
    });
  });

  describe("protection (S05): the one reviewed exception by another spelling, the guardrails' own resources", () => {
    it("a plural StackTags, a lower-case stackTag and the Pulumi Cloud policy and access resources stay protected", async () => {
      const unprotected = [
        "pulumiservice:index:StackTags",
        "pulumiservice:index:stackTag",
        "pulumiservice:index:PolicyPack",
        "pulumiservice:index:PolicyGroup",
        "pulumiservice:index:OidcIssuer",
        "pulumiservice:index:Team",
        "pulumiservice:index:TeamStackPermission",
      ];
      const resources = [
        ...unprotected.map((type, i) => resource(type, `r${i}`, {})),
        resource("pulumiservice:index:StackTag", "tag", {}),
      ];
      expect(await verdictsOf("okta-protect-identity-resources", resources)).to.deep.equal(
        unprotected.map((type, i) => `mandatory r${i}: ${type} r${i} is not protected: a deletion would go through`),
      );
    });
  });

  describe("letter case", () => {
    it('G21: factorMode "1fa" and access "allow"', async () => {
      const rule = resource("okta:index/appSignonPolicyRule:AppSignonPolicyRule", "one-factor", {
        policyId: "rst1",
        name: "Everyone",
        access: "allow",
        factorMode: "1fa",
      });
      expect(await verdictsOf("okta-app-signon-rule-no-single-factor", [rule])).to.deep.equal([
        'mandatory one-factor: an ALLOW rule with factorMode "1FA" lets one factor in: use "2FA"',
      ]);
    });

    it('G20: a sign-on rule with access "allow" and no MFA', async () => {
      const rule = resource("okta:policy/ruleSignon:RuleSignon", "no-mfa", {
        policyId: "00p1",
        name: "No MFA",
        access: "allow",
        mfaRequired: false,
        mfaPrompt: "always",
        sessionLifetime: 120,
        sessionIdle: 15,
      });
      expect(await verdictsOf("okta-signon-allow-requires-mfa", [rule])).to.deep.equal([
        "mandatory no-mfa: an ALLOW rule must set mfaRequired: true (the provider default is false)",
      ]);
    });

    it("G01 and G02: grant types PASSWORD and Implicit", async () => {
      const app = resource("okta:app/oAuth:OAuth", "shouty", {
        label: "Shouty",
        type: "web",
        grantTypes: ["PASSWORD", "Implicit"],
        responseTypes: ["TOKEN"],
      });
      expect(await verdictsOf("okta-oauth-app-no-password-grant", [app])).to.deep.equal([
        'mandatory shouty: grant type "password" is not allowed: the resource owner password credentials grant MUST NOT be used (RFC 9700 2.4)',
      ]);
      expect(await verdictsOf("okta-oauth-app-no-implicit-grant", [app])).to.deep.equal([
        'mandatory shouty: grant type "implicit" is not allowed: use "authorization_code" with PKCE (RFC 9700 2.1.2)',
        'mandatory shouty: response types [token] return tokens from the authorization endpoint: use ["code"] (RFC 9700 2.1.2)',
      ]);
    });
  });

  it("unknown at preview: a check that could not run says so (advisory), and runs with the value at up", async () => {
    const app = (authenticationPolicy: unknown) =>
      resource("okta:app/saml:Saml", "portal", { label: "Portal", authenticationPolicy });
    expect(await verdictsOf("okta-app-require-sign-on-policy", [app(UNKNOWN)])).to.deep.equal([
      "advisory portal: could not be verified at preview: authenticationPolicy is unknown (`pulumi up` checks it with the value known)",
    ]);
    // At `up` the value is known: an empty one is the org default policy.
    expect(await verdictsOf("okta-app-require-sign-on-policy", [app("")])).to.deep.equal([
      "mandatory portal: no authenticationPolicy and no okta.app.AccessPolicyAssignment for this app: it falls back to the org's default authentication policy",
    ]);
  });

  it("empty configuration: G22 finds the Admin Console's policy by name, with no ids configured", async () => {
    const policy = resource("okta:index/appSignonPolicy:AppSignonPolicy", "admin-console", {
      name: "Okta Admin Console",
      description: "Admin Console",
    });
    const rule = resource(
      "okta:index/appSignonPolicyRule:AppSignonPolicyRule",
      "admins",
      { policyId: UNKNOWN, name: "Admins", access: "ALLOW", factorMode: "2FA", reAuthenticationFrequency: "P30D" },
      { propertyDependencies: { policyId: [urnOf("okta:index/appSignonPolicy:AppSignonPolicy", "admin-console")] } },
    );
    expect(await verdictsOf("okta-privileged-app-signon-phishing-resistant", [policy, rule])).to.deep.equal([
      'mandatory admins: a privileged app\'s rule must require a phishing-resistant possession factor ({"possession":{"phishingResistant":"REQUIRED"}})',
      'mandatory admins: reAuthenticationFrequency must be at most 120 minutes (got "P30D")',
    ]);
  });

  it("G22: the Admin Console's rules written as one okta.app.SignonPolicyRules resource", async () => {
    const policy = resource("okta:index/appSignonPolicy:AppSignonPolicy", "admin-console", {
      name: "okta admin console",
      description: "Admin Console",
    });
    const rules = resource(
      "okta:app/signonPolicyRules:SignonPolicyRules",
      "admin-rules",
      {
        policyId: UNKNOWN,
        rules: [
          { name: "Admins", access: "ALLOW", factorMode: "2FA", reAuthenticationFrequency: "P30D" },
          {
            name: "Strong",
            access: "ALLOW",
            factorMode: "2FA",
            constraints: ['{"possession":{"phishingResistant":"REQUIRED"}}'],
            reAuthenticationFrequency: "PT2H",
          },
          { name: "Blocked", access: "deny" },
        ],
      },
      { propertyDependencies: { policyId: [urnOf("okta:index/appSignonPolicy:AppSignonPolicy", "admin-console")] } },
    );
    expect(await verdictsOf("okta-privileged-app-signon-phishing-resistant", [policy, rules])).to.deep.equal([
      'mandatory admin-rules: rule "Admins": a privileged app\'s rule must require a phishing-resistant possession factor ({"possession":{"phishingResistant":"REQUIRED"}})',
      'mandatory admin-rules: rule "Admins": reAuthenticationFrequency must be at most 120 minutes (got "P30D")',
    ]);
    const unknownRules = {
      ...rules,
      inputs: { policyId: UNKNOWN, rules: UNKNOWN },
      outputs: { policyId: UNKNOWN, rules: UNKNOWN },
    };
    expect(await verdictsOf("okta-privileged-app-signon-phishing-resistant", [policy, unknownRules])).to.deep.equal([
      "advisory admin-rules: could not be verified at preview: rules is unknown (`pulumi up` checks it with the value known)",
    ]);
  });

  it("conflicting rules: a private key id (what S06 asks for) is not a credential for T05", async () => {
    const variable = (key: string) =>
      resource("tfe:index/variable:Variable", key, { workspaceId: "ws-1", key, value: "kid-1", sensitive: false });
    const ids = ["private_key_id", "privateKeyId", "OKTA_API_PRIVATE_KEY_ID"].map(variable);
    expect(await verdictsOf("tfc-variable-sensitive-secrets", ids)).to.deep.equal([]);
    expect(await verdictsOf("tfc-variable-sensitive-secrets", [variable("private_key")])).to.deep.equal([
      "mandatory private_key: variable private_key holds a credential but is not sensitive",
    ]);
  });

  describe("credentials from the environment (S06)", () => {
    const provider = resource("pulumi:providers:okta", "org-provider", {
      orgName: "example",
      baseUrl: "okta.com",
      clientId: "0oa1",
      privateKeyId: "kid-1",
      scopes: ["okta.apps.manage"],
      maxApiCapacity: "50",
    });
    const saved = process.env.OKTA_API_TOKEN;
    afterEach(() => {
      if (saved === undefined) delete process.env.OKTA_API_TOKEN;
      else process.env.OKTA_API_TOKEN = saved;
    });

    it("sees OKTA_API_TOKEN in the environment the pack runs in (the provider falls back to it)", async () => {
      delete process.env.OKTA_API_TOKEN;
      expect(await verdictsOf("okta-provider-service-app-auth", [provider])).to.deep.equal([]);
      process.env.OKTA_API_TOKEN = "00abc-not-a-real-token";
      const found = await verdictsOf("okta-provider-service-app-auth", [provider]);
      expect(found).to.deep.equal([
        "mandatory org-provider: OKTA_API_TOKEN is set in the environment, so the provider authenticates with an SSWS API token: remove it and use an OAuth 2.0 service app",
      ]);
      expect(found.join("\n")).not.to.contain("00abc");
    });

    it("runs in every workflow step that hands pulumi an Okta credential through the environment", () => {
      const dir = path.join(PROJECT_DIR, ".github", "workflows");
      type Step = { name?: string; run?: string; env?: Record<string, string> };
      const steps = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".yml"))
        .flatMap((f) => {
          const wf = parse(fs.readFileSync(path.join(dir, f), "utf8")) as { jobs: Record<string, { steps: Step[] }> };
          return Object.values(wf.jobs).flatMap((j) => j.steps.map((step) => ({ file: f, step })));
        });
      const handed = steps.filter(
        ({ step }) =>
          /pulumi (up|preview)\b/.test(step.run ?? "") &&
          Object.keys(step.env ?? {}).some((k) => /^OKTA_API_(TOKEN|PRIVATE_KEY)$/.test(k)),
      );
      expect(handed.length, "the deploy workflow hands pulumi up the org's credentials").to.be.greaterThan(0);
      for (const { file, step } of handed) {
        // The pack runs in the CLI's environment, so S06 sees the same OKTA_API_TOKEN the provider would use.
        expect(step.run, `${file}: ${step.name ?? "?"}`).to.match(/--policy-pack policy-pack --policy-pack-config /);
      }
      expect(PROD["okta-provider-service-app-auth"]).to.deep.equal({ enforcementLevel: "mandatory" });
    });

    it("makes the plan of the shipped prod stack fail when run with OKTA_API_TOKEN set (exit 5)", () => {
      const script = path.join(PROJECT_DIR, "bin", "tools", "plan.js");
      const env = { ...process.env, OKTA_API_TOKEN: "00abc-not-a-real-token" };
      const result = spawnSync(process.execPath, [script, "--json", "--stack", "prod"], { encoding: "utf8", env });
      expect(result.status).to.equal(5);
      expect(result.stderr).to.equal("error: mandatory guardrail violations (see above); nothing would be deployed\n");
      const doc = JSON.parse(result.stdout) as { stacks: { violations: { policy: string; level: string }[] }[] };
      const mandatory = doc.stacks[0]?.violations.filter((v) => v.level === "mandatory").map((v) => v.policy);
      expect(mandatory).to.deep.equal(["okta-provider-service-app-auth"]);
      expect(result.stdout + result.stderr).not.to.contain("00abc");
    });
  });
});
