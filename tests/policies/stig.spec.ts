import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PackConfig, evaluatePolicies } from "../../offline/policies";
import { Registration } from "../../offline/run";
import { Guardrail } from "../../policy-pack/lib/guardrail";
import { policies } from "../../policy-pack/policies";
import { STIG_RULES } from "../../policy-pack/stig/rules";
import { END, START, coverageTable, withTable } from "../../tools/stig-coverage";
import { PROJECT_DIR } from "../support";
import { resource } from "./harness";

const profile = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "policy-pack", "config", `${name}.json`), "utf8")) as Record<
    string,
    Record<string, unknown>
  >;
const STIG = profile("stig");

/** `level resource: message` of one policy under the stig profile. */
async function underStig(policy: string, resources: Registration[]): Promise<string[]> {
  const run = { stack: "test", registrations: resources, invocations: [], packages: [], outputs: {} };
  return (await evaluatePolicies(run, policies, STIG as PackConfig))
    .filter((v) => v.policy === policy)
    .map((v) => `${v.level} ${v.urn === "" ? "stack" : v.urn.split("::").pop()}: ${v.message}`);
}

const SIGNON_RULE = "okta:policy/ruleSignon:RuleSignon";
const PASSWORD = "okta:policy/password:Password";
const signon = (change: Record<string, unknown>) =>
  resource(SIGNON_RULE, "rule", {
    policyId: "00p1",
    name: "Zoned",
    priority: 1,
    access: "ALLOW",
    mfaRequired: true,
    mfaPrompt: "ALWAYS",
    sessionIdle: 15,
    sessionLifetime: 1080,
    sessionPersistent: false,
    networkConnection: "ZONE",
    networkIncludes: ["nzo-corp"],
    ...change,
  });
/** A password policy at every STIG threshold exactly. */
const STIG_PASSWORD = {
  name: "STIG",
  passwordMinLength: 15,
  passwordMinUppercase: 1,
  passwordMinLowercase: 1,
  passwordMinNumber: 1,
  passwordMinSymbol: 1,
  passwordMinAgeMinutes: 1440,
  passwordMaxAgeDays: 60,
  passwordHistoryCount: 5,
  passwordMaxLockoutAttempts: 3,
  passwordDictionaryLookup: true,
  passwordExcludeUsername: true,
  questionRecovery: "INACTIVE",
  recoveryEmailToken: 60,
};
const password = (change: Record<string, unknown>) => resource(PASSWORD, "passwords", { ...STIG_PASSWORD, ...change });
/** The mandatory verdicts of the whole pack about these resources, under the stig profile. */
async function allUnderStig(resources: Registration[]): Promise<string[]> {
  const provider = resource("pulumi:providers:okta", "org-provider", {
    orgName: "example",
    baseUrl: "okta.com",
    clientId: "0oa1",
    scopes: ["okta.policies.manage"],
    maxApiCapacity: "50",
  });
  // Protected, as prod protects every Okta resource: the verdicts here are the STIG policies' own.
  const registrations = [provider, ...resources.map((r) => ({ ...r, protect: true }))];
  const run = { stack: "test", registrations, invocations: [], packages: [], outputs: {} };
  const subjects = new Set(resources.map((r) => r.urn));
  return (await evaluatePolicies(run, policies, STIG as PackConfig))
    .filter((v) => v.level === "mandatory" && subjects.has(v.urn))
    .map((v) => `${v.level} ${v.policy}: ${v.message}`);
}

describe("STIG profile", () => {
  it("lists the 29 rules of V1R2 once each, covered by pack policies or marked not expressible with a reason", () => {
    expect(STIG_RULES).to.have.length(29);
    expect(new Set(STIG_RULES.map((r) => r.id)).size).to.equal(29);
    expect(new Set(STIG_RULES.map((r) => r.vuln)).size).to.equal(29);
    const names = policies.map((p) => p.name);
    for (const rule of STIG_RULES) {
      expect((rule.policies ?? []).length > 0, rule.id).to.not.equal(rule.notExpressible !== undefined);
      for (const p of rule.policies ?? []) expect(names, rule.id).to.include(p);
      if (rule.notExpressible !== undefined)
        expect(rule.notExpressible).to.match(/^not expressible in @pulumi\/okta: .{20,}/);
    }
    expect(STIG_RULES.filter((r) => r.notExpressible !== undefined).map((r) => r.vuln)).to.deep.equal([
      "V-273187",
      "V-273188",
      "V-273207",
    ]);
  });

  it("is the prod profile with every STIG policy mandatory, at the STIG thresholds", () => {
    const prod = profile("prod");
    const stigPolicies = new Set(STIG_RULES.flatMap((r) => r.policies ?? []));
    expect(Object.keys(STIG)).to.deep.equal(policies.map((p) => p.name));
    for (const p of policies) {
      const level = stigPolicies.has(p.name) ? "mandatory" : (p as Guardrail).levels.prod;
      expect(STIG[p.name]?.enforcementLevel, p.name).to.equal(level);
    }
    // Each file names its own profile (the redirect-host guardrail's message names the file); the rest is compared.
    const settings = (entry: Record<string, unknown> | undefined) =>
      JSON.stringify(Object.entries(entry ?? {}).filter(([k]) => k !== "profile"));
    const changed = Object.fromEntries(
      Object.entries(STIG)
        .filter(([name, entry]) => settings(entry) !== settings(prod[name]))
        .map(([name, entry]) => [
          name,
          Object.fromEntries(Object.entries(entry).filter(([k]) => k !== "enforcementLevel")),
        ]),
    );
    expect(changed).to.deep.equal({
      "okta-signon-session-lifetime": { maxMinutes: 1080 },
      "okta-signon-session-idle": { maxMinutes: 15 },
      "okta-privileged-app-signon-phishing-resistant": {
        privilegedPolicyNames: ["Okta Admin Console", "Okta Dashboard"],
      },
      "okta-password-policy-strength": { minLength: 15 },
      "okta-password-policy-lockout-history": { maxLockoutAttempts: 3, minHistoryCount: 5 },
      "okta-password-policy-lockout-recommended": { minAgeMinutes: 1440 },
      "okta-password-policy-character-classes": {},
      "okta-password-policy-max-age": { maxAgeDays: 60 },
      "okta-admin-console-and-dashboard-2fa": {},
      "okta-log-stream-active": {},
      "okta-authenticators-fips-and-piv": {},
      "okta-network-zone-block-anonymizers": {},
      "okta-password-and-session-policies-managed": {},
      "okta-api-tokens-restricted": {},
      "okta-signon-rule-network-zone": {},
      "okta-app-signon-rule-network-zone": {},
      "okta-signin-page-dod-banner": {},
    });
  });

  describe("boundaries from the STIG text", () => {
    it("passes a sign-on rule and a password policy at every threshold exactly", async () => {
      expect(await allUnderStig([signon({}), password({})])).to.deep.equal([]);
    });

    const cases: readonly [string, Registration, string, string][] = [
      [
        "idle 16 minutes",
        signon({ sessionIdle: 16 }),
        "okta-signon-session-idle",
        "sessionIdle is 16 minutes, above the limit of 15",
      ],
      [
        "idle 0 (no timeout)",
        signon({ sessionIdle: 0 }),
        "okta-signon-session-idle",
        "sessionIdle is 0 (no limit): set at most 15 minutes",
      ],
      [
        "lifetime 1081 minutes",
        signon({ sessionLifetime: 1081 }),
        "okta-signon-session-lifetime",
        "sessionLifetime is 1081 minutes, above the limit of 1080",
      ],
      [
        "lifetime 0 (unlimited)",
        signon({ sessionLifetime: 0 }),
        "okta-signon-session-lifetime",
        "sessionLifetime is 0 (no limit): set at most 1080 minutes",
      ],
      [
        "lockout after 4 attempts",
        password({ passwordMaxLockoutAttempts: 4 }),
        "okta-password-policy-lockout-history",
        "passwordMaxLockoutAttempts is 4: allowed 1 to 3",
      ],
      [
        "lockout 0 (off)",
        password({ passwordMaxLockoutAttempts: 0 }),
        "okta-password-policy-lockout-history",
        "passwordMaxLockoutAttempts is 0 (no lockout): allowed 1 to 3",
      ],
      [
        "length 14",
        password({ passwordMinLength: 14 }),
        "okta-password-policy-strength",
        "passwordMinLength is 14, below 15",
      ],
      [
        "no symbol",
        password({ passwordMinSymbol: 0 }),
        "okta-password-policy-character-classes",
        "passwordMinSymbol is 0: require at least 1",
      ],
      [
        "minimum age 1439 minutes",
        password({ passwordMinAgeMinutes: 1439 }),
        "okta-password-policy-lockout-recommended",
        "passwordMinAgeMinutes is 1439, below the recommended 1440",
      ],
      [
        "maximum age 61 days",
        password({ passwordMaxAgeDays: 61 }),
        "okta-password-policy-max-age",
        "passwordMaxAgeDays is 61, above the limit of 60",
      ],
      [
        "maximum age 0 (never expires)",
        password({ passwordMaxAgeDays: 0 }),
        "okta-password-policy-max-age",
        "passwordMaxAgeDays is 0: passwords never expire; set at most 60",
      ],
      [
        "history 4",
        password({ passwordHistoryCount: 4 }),
        "okta-password-policy-lockout-history",
        "passwordHistoryCount is 4, below 5",
      ],
      [
        "persistent cookies",
        signon({ sessionPersistent: true }),
        "okta-signon-no-persistent-cookies",
        "sessionPersistent is true: session cookies survive closing the browser",
      ],
      [
        "a first rule from anywhere",
        signon({ networkConnection: "ANYWHERE" }),
        "okta-signon-rule-network-zone",
        'the priority 1 rule is not restricted to network zones: networkConnection is "ANYWHERE"',
      ],
    ];
    for (const [what, subject, policy, message] of cases) {
      it(`fails ${what}, and only that`, async () => {
        expect(await allUnderStig([subject])).to.deep.equal([`mandatory ${policy}: ${message}`]);
      });
    }
  });

  describe("org-wide requirements", () => {
    const policy = resource("okta:index/appSignonPolicy:AppSignonPolicy", "admin-console", {
      name: "Okta Admin Console",
    });
    const dashboard = resource("okta:index/appSignonPolicy:AppSignonPolicy", "dashboard", { name: "okta dashboard" });
    const rule = (name: string, policyUrn: string, change: Record<string, unknown>) =>
      resource(
        "okta:index/appSignonPolicyRule:AppSignonPolicyRule",
        name,
        {
          name,
          policyId: "",
          access: "ALLOW",
          factorMode: "2FA",
          constraints: ['{"possession":{"phishingResistant":"REQUIRED"}}'],
          reAuthenticationFrequency: "PT2H",
          networkConnection: "ZONE",
          networkIncludes: ["nzo-corp"],
          ...change,
        },
        { propertyDependencies: { policyId: [policyUrn] } },
      );
    const org = [
      policy,
      dashboard,
      rule("admins", policy.urn, {}),
      rule("users", dashboard.urn, {}),
      resource("okta:index/logStream:LogStream", "siem", { name: "SIEM", type: "splunk_cloud_logstreaming" }),
      resource("okta:index/authenticator:Authenticator", "verify", {
        key: "okta_verify",
        name: "Okta Verify",
        settings: '{"compliance":{"fips":"REQUIRED"}}',
      }),
      resource("okta:index/authenticator:Authenticator", "piv", { key: "smart_card_idp", name: "Smart Card" }),
      resource("okta:network/zone:Zone", "anonymizers", {
        name: "Block anonymizers",
        type: "DYNAMIC_V2",
        usage: "BLOCKLIST",
        ipServiceCategoriesIncludes: ["ALL_ANONYMIZERS"],
      }),
      resource("okta:index/customizedSigninPage:CustomizedSigninPage", "signin", {
        brandId: "bnd1",
        pageContent:
          "<p>You are accessing a U.S. Government (USG)\n Information System (IS) that is provided for USG-authorized use only.</p>",
      }),
      resource("okta:index/apiToken:ApiToken", "token", {
        name: "ci",
        network: { connection: "ZONE", includes: ["nzo-corp"] },
        userId: "00u-service",
      }),
      resource("okta:index/policyPasswordDefault:PolicyPasswordDefault", "default-passwords", STIG_PASSWORD),
      signon({}),
    ];
    const STIG_ONLY = policies.filter((p) => p.levels.prod === "disabled").map((p) => p.name);
    const stigOnly = async (resources: Registration[]) =>
      (await Promise.all(STIG_ONLY.map((p) => underStig(p, resources)))).flat();

    it("passes an org that meets each of them", async () => {
      expect(await stigOnly(org)).to.deep.equal([]);
    });

    it("reports each one missing, and a single-factor or zone-less admin rule", async () => {
      expect(
        await stigOnly([policy, rule("admins", policy.urn, { factorMode: "1fa", networkConnection: undefined })]),
      ).to.deep.equal([
        'mandatory admins: a rule of "Okta Admin Console" allows access with factorMode "1FA": require "2FA"',
        'mandatory stack: the stack manages no app sign-on policy named "Okta Dashboard", so its rules are unchecked',
        "mandatory stack: the stack declares no active okta.LogStream: audit records stay only in Okta",
        'mandatory stack: the stack declares no active "okta_verify" authenticator',
        'mandatory stack: the stack declares no active "smart_card_idp" (PIV/CAC) authenticator',
        "mandatory stack: no active DYNAMIC_V2 blocklist zone blocks anonymizers (Tor, proxies, VPNs)",
        "mandatory admins: the rule is not restricted to network zones: networkConnection is unset, so ANYWHERE",
        "mandatory stack: no okta.CustomizedSigninPage shows the DoD notice and consent banner",
        "mandatory stack: the stack does not manage the default password policy (okta.PolicyPasswordDefault): its length, character classes, lockout, age and history are unchecked",
        "mandatory stack: the stack declares no priority 1 global session rule (okta.policy.RuleSignon): session idle, lifetime, persistent cookies and network zones are unchecked",
      ]);
    });

    it("reports an org whose default password policy or first session rule the stack leaves to Okta", async () => {
      const managed = "okta-password-and-session-policies-managed";
      const withoutDefaults = org.filter((r) => r.name !== "default-passwords" && r.name !== "rule");
      // A custom password policy and a later session rule do not stand for the org's default and first ones.
      expect(await underStig(managed, [...withoutDefaults, password({}), signon({ priority: 2 })])).to.deep.equal([
        "mandatory stack: the stack does not manage the default password policy (okta.PolicyPasswordDefault): its length, character classes, lockout, age and history are unchecked",
        "mandatory stack: the stack declares no priority 1 global session rule (okta.policy.RuleSignon): session idle, lifetime, persistent cookies and network zones are unchecked",
      ]);
      expect(await underStig(managed, org)).to.deep.equal([]);
      // The policy that guards the thresholds then sees the weak default policy.
      const weak = resource("okta:index/policyPasswordDefault:PolicyPasswordDefault", "default-passwords", {
        ...STIG_PASSWORD,
        passwordMinLength: 8,
      });
      expect(await underStig("okta-password-policy-strength", [weak])).to.deep.equal([
        "mandatory default-passwords: passwordMinLength is 8, below 15",
      ]);
      // Off in the prod profile, like every STIG-only policy.
      expect(policies.find((p) => p.name === managed)?.levels).to.deep.equal({ dev: "disabled", prod: "disabled" });
    });

    it("checks the Admin Console's and Dashboard's rules written as one okta.app.SignonPolicyRules", async () => {
      const rules = (name: string, policyUrn: string, list: Record<string, unknown>[]) =>
        resource(
          "okta:app/signonPolicyRules:SignonPolicyRules",
          name,
          { policyId: "", rules: list },
          {
            propertyDependencies: { policyId: [policyUrn] },
          },
        );
      const strong = {
        name: "Zoned",
        access: "ALLOW",
        factorMode: "2FA",
        networkConnection: "ZONE",
        networkIncludes: ["nzo-corp"],
      };
      const managed = org.filter((r) => r.name !== "admins" && r.name !== "users");
      expect(
        await stigOnly([
          ...managed,
          rules("admin-rules", policy.urn, [strong, { name: "Anyone", access: "allow", factorMode: "1fa" }]),
          rules("dashboard-rules", dashboard.urn, [strong, { ...strong, name: "Blocked", access: "DENY" }]),
        ]),
      ).to.deep.equal([
        'mandatory admin-rules: rule "Anyone" of "Okta Admin Console" allows access with factorMode "1FA": require "2FA"',
        'mandatory admin-rules: rule "Anyone": the rule is not restricted to network zones: networkConnection is unset, so ANYWHERE',
      ]);
    });

    it("reports Okta Verify without FIPS, and an API token from anywhere owned by a Super Administrator", async () => {
      const change: Record<string, Record<string, unknown>> = {
        verify: { settings: '{"compliance":{"fips":"OPTIONAL"}}' },
        token: { network: { connection: "ANYWHERE" } },
      };
      const weak = org.map((r) =>
        resource(r.type, r.name, { ...r.inputs, ...change[r.name] }, { propertyDependencies: r.propertyDependencies }),
      );
      const admin = resource("okta:index/userAdminRoles:UserAdminRoles", "service-admin", {
        userId: "00u-service",
        adminRoles: ["SUPER_ADMIN"],
      });
      expect(await stigOnly([...weak, admin])).to.deep.equal([
        'mandatory verify: Okta Verify accepts devices that are not FIPS-compliant: set compliance.fips "REQUIRED"',
        "mandatory token: the API token is usable from any network: restrict it to named zones",
        "mandatory token: the API token belongs to a Super Administrator: issue it for a dedicated account",
      ]);
    });
  });

  it("README's coverage table is the generator's output", () => {
    const readme = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
    expect(table).to.equal(coverageTable(STIG));
    expect(withTable(readme, coverageTable(STIG))).to.equal(readme);
    expect(table.split("\n").filter((l) => /^\| OKTA-APP-\d{6} \|/.test(l))).to.have.length(29);
  });

  it("npm run plan -- --profile stig shows what the shipped stacks would need, from STIG policies only", () => {
    const script = path.join(PROJECT_DIR, "bin", "tools", "plan.js");
    const result = spawnSync(process.execPath, [script, "--json", "--profile", "stig"], { encoding: "utf8" });
    const doc = JSON.parse(result.stdout) as {
      stacks: { stack: string; violations: { policy: string; level: string }[] }[];
    };
    const stigPolicies = new Set(STIG_RULES.flatMap((r) => r.policies ?? []));
    const needed = doc.stacks.flatMap((s) => s.violations.filter((v) => v.level === "mandatory"));
    // Whatever the stacks hold, every mandatory finding comes from a policy the stig profile made mandatory or the
    // stack's own (prod) rules, and the exit code says whether anything is needed.
    const prodMandatory = new Set(policies.filter((p) => p.levels.prod === "mandatory").map((p) => p.name));
    for (const v of needed) expect(stigPolicies.has(v.policy) || prodMandatory.has(v.policy), v.policy).to.equal(true);
    expect(result.status).to.equal(needed.length > 0 ? 5 : 0);
    expect(result.stderr).to.not.match(/\n\s+at /);
  });

  it("refuses a profile the pack does not have, listing those it has", () => {
    const script = path.join(PROJECT_DIR, "bin", "tools", "plan.js");
    const result = spawnSync(process.execPath, [script, "--profile", "fedramp"], { encoding: "utf8" });
    expect(result.status).to.equal(2);
    expect(result.stdout).to.equal("");
    expect(result.stderr).to.equal("error: no such guardrail profile: fedramp (the pack has: dev, prod, stig)\n");
  });
});
