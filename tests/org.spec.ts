import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { OktaOrg, checkOrgBaseline } from "../components/org";
import { orgBaseline } from "../definitions/baseline";
import { trustedOrigins } from "../definitions/catalogue";
import { runProgram } from "../offline/run";
import { FIXTURE_CATALOGUE } from "./fixtures/catalogue";
import { PROJECT, TEST_ENDPOINTS, countByType } from "./support";

const SHIPPED = orgBaseline(trustedOrigins(FIXTURE_CATALOGUE, TEST_ENDPOINTS));
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
      "inlineHooks.validate-client-id-registration: no Authorization value was passed in inlineHookAuth",
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
          inlineHookAuth: { "validate-client-id-registration": pulumi.secret("s3cret-hook") },
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
        "  - inlineHooks.validate-client-id-registration: no Authorization value was passed in inlineHookAuth",
        '  - users: key "okta-terraform-admin" is used twice',
      ].join("\n"),
    );
  });
});
