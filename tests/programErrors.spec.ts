import { expect } from "chai";
import { APP_CATALOGUE } from "../definitions/apps";
import { projectOf, runUnderLanguageHost } from "./languageHost";
import { testAudiences, testApps } from "./support";

/**
 * A valid org of the tests' own. The language host runs the program as shipped, so it declares the
 * project's catalogue (the fixture gives each of its apps an endpoint without naming any) under the shipped
 * profile binding, where the stack "fixture" has no entry: it is bound to prod, so it manages its GitHub
 * environment.
 */
const FIXTURE: Record<string, string> = {
  "pulumi:disable-default-providers": '["okta"]',
  "okta-mmod:environment": "prod",
  "okta-mmod:orgName": "dev-111111",
  "okta-mmod:apps": JSON.stringify(testApps(APP_CATALOGUE)),
  "okta-mmod:registrationHook": JSON.stringify({
    url: "https://hooks.example.com/registration",
    method: "private_key_jwt",
    clientId: "hook-client",
    tokenUrl: "https://hooks.example.com/token",
  }),
  "okta-mmod:audiences": JSON.stringify(testAudiences(APP_CATALOGUE)),
  "okta-mmod:delivery": JSON.stringify({
    repository: "acme/okta",
    branch: "live",
    github: { reviewerTeams: ["admins"] },
  }),
};
const SECRET_KEYS: string[] = [];

/** Exit code of the language host after it printed the program's error itself (@pulumi/pulumi cmd/run). */
const EXIT_AFTER_LOGGED_ERROR = 32;

const stackFrames = (text: string) => text.split("\n").filter((l) => /^\s+at /.test(l));

describe("the program under the Pulumi Node language host", function () {
  this.timeout(60_000);

  it("runs a valid fixture org to the end (exit 0, nothing on stderr)", async () => {
    const run = await runUnderLanguageHost("fixture", FIXTURE, SECRET_KEYS);
    expect({ code: run.code, stderr: run.stderr }).to.deep.equal({ code: 0, stderr: "" });
    expect(run.registered[0]).to.equal("pulumi:pulumi:Stack");
    expect(run.registered).to.include("pulumi:providers:okta");
  });

  it("refuses a stack file that claims a weaker profile than the code-owned binding gives it", async () => {
    const run = await runUnderLanguageHost("fixture", { ...FIXTURE, "okta-mmod:environment": "dev" }, SECRET_KEYS);
    expect(run.code).to.equal(EXIT_AFTER_LOGGED_ERROR);
    expect(stackFrames(run.stderr)).to.deep.equal([]);
    expect(run.stderr).to.contain(
      'Stack "fixture" has 1 configuration problem:\n  - okta-mmod:environment: got "dev"; expected one of: prod: config/stackProfiles.ts (code-owned) binds stack "fixture" to the prod profile, and a stack file may only restate or strengthen it\n',
    );
    expect(run.registered).to.deep.equal(["pulumi:pulumi:Stack"]);
  });

  it("ends a configuration error through the host's own error path: the message, no stack trace, exit 32", async () => {
    const run = await runUnderLanguageHost(
      "fixture",
      { ...FIXTURE, "okta-mmod:orgname": "dev-222222", "okta-mmod:orgName": "Not An Org" },
      SECRET_KEYS,
    );
    expect(run.code).to.equal(EXIT_AFTER_LOGGED_ERROR);
    expect(stackFrames(run.stderr)).to.deep.equal([]);
    expect(run.stderr).to.contain('Stack "fixture" has 2 configuration problems:');
    expect(run.stderr).to.contain(
      `  - okta-mmod:orgName: got "Not An Org"; expected the org's subdomain, e.g. dev-123456 (lowercase letters, digits, hyphens)`,
    );
    expect(run.stderr).to.contain("  - okta-mmod:orgname: got a value; expected one of the program's keys:");
    expect(run.stderr).to.contain("did you mean okta-mmod:orgName?");
    // Only the Stack itself was registered: nothing of the org is declared from a config that failed.
    expect(run.registered).to.deep.equal(["pulumi:pulumi:Stack"]);
  });

  it("never echoes a plain-text credential, in any namespace, and stops on it", async () => {
    const token = "ghp_plaintext-token-do-not-echo-7d21";
    const run = await runUnderLanguageHost("fixture", { ...FIXTURE, "github:token": token }, SECRET_KEYS);
    expect(run.code).to.equal(EXIT_AFTER_LOGGED_ERROR);
    expect(run.stderr).not.to.contain(token);
    expect(run.stderr).to.contain(
      "  - github:token: got [secret] stored in plain text; expected an encrypted value: remove it from the stack file, rotate it, and run pulumi config set --secret github:token",
    );
    expect(stackFrames(run.stderr)).to.deep.equal([]);
  });

  describe("reads the other stack files of the project (plain values only) and refuses to share an object", () => {
    /** Another org's stack file, in the form `pulumi config set` writes, with an encrypted secret. */
    const sibling = (orgName: string, github: string, repository = "acme/okta", more: readonly string[] = []) =>
      [
        "config:",
        "  okta-mmod:environment: prod",
        `  okta-mmod:orgName: ${orgName}`,
        "  okta-mmod:registrationHookAuth:",
        "    secure: v1:AAAAAAAAAAAAAAAAc2libGluZy1jaXBoZXJ0ZXh0",
        "  okta-mmod:delivery:",
        `    repository: ${repository}`,
        "    branch: main",
        `    github: ${github}`,
        ...more,
        "",
      ].join("\n");
    const OWNER = "{ownsRepository: true, protectedBranches: [live], prodBranch: live, reviewerTeams: [admins]}";
    const owning = {
      ...FIXTURE,
      "okta-mmod:delivery": JSON.stringify({
        repository: "acme/okta",
        branch: "live",
        github: { reviewerTeams: ["admins"], ownsRepository: true, protectedBranches: ["live"], prodBranch: "live" },
      }),
    };

    it("another org's stack file in the same repository: runs (exit 0)", async () => {
      const root = projectOf({ "Pulumi.other.yaml": sibling("dev-333333", "{reviewerTeams: [admins]}") });
      const run = await runUnderLanguageHost("fixture", FIXTURE, SECRET_KEYS, root);
      expect({ code: run.code, stderr: run.stderr }).to.deep.equal({ code: 0, stderr: "" });
    });

    it("the same org and a second owner of the repository: exit 32, both files named, no trace, no ciphertext", async () => {
      const root = projectOf({ "Pulumi.other.yaml": sibling("dev-111111", OWNER) });
      const run = await runUnderLanguageHost("fixture", owning, SECRET_KEYS, root);
      expect(run.code).to.equal(EXIT_AFTER_LOGGED_ERROR);
      expect(stackFrames(run.stderr)).to.deep.equal([]);
      expect(run.stderr).to.contain(
        [
          'Stack "fixture" would declare 4 object(s) another stack file declares too; each stack needs its own (its own org, workspace, and exactly one stack with delivery.github.ownsRepository):',
          '  - Pulumi.fixture.yaml and Pulumi.other.yaml both declare pulumi:providers:okta orgName="dev-111111" baseUrl="okta.com"',
          '  - Pulumi.fixture.yaml and Pulumi.other.yaml both declare github:index/repository:Repository owner="acme" name="okta"',
          '  - Pulumi.fixture.yaml and Pulumi.other.yaml both declare github:index/branch:Branch owner="acme" repository="okta" branch="live"',
          '  - Pulumi.fixture.yaml and Pulumi.other.yaml both declare github:index/repositoryEnvironment:RepositoryEnvironment owner="acme" repository="okta" environment="drift-alerts"',
          "",
        ].join("\n"),
      );
      expect(run.stderr).to.not.contain("c2libGluZy1jaXBoZXJ0ZXh0");
      expect(run.registered).to.deep.equal(["pulumi:pulumi:Stack"]);
    });

    it("a repository of the same name under another owner is another repository: both may own theirs (exit 0)", async () => {
      const root = projectOf({ "Pulumi.other.yaml": sibling("dev-333333", OWNER, "other-team/okta") });
      const run = await runUnderLanguageHost("fixture", owning, SECRET_KEYS, root);
      expect({ code: run.code, stderr: run.stderr }).to.deep.equal({ code: 0, stderr: "" });
    });

    it("the same repository spelt in another case is the same repository (GitHub compares names without case)", async () => {
      const root = projectOf({ "Pulumi.other.yaml": sibling("dev-333333", OWNER, "ACME/Okta") });
      const run = await runUnderLanguageHost("fixture", owning, SECRET_KEYS, root);
      expect(run.code).to.equal(EXIT_AFTER_LOGGED_ERROR);
      expect(stackFrames(run.stderr)).to.deep.equal([]);
      expect(run.stderr).to.contain(
        [
          'Stack "fixture" would declare 3 object(s) another stack file declares too; each stack needs its own (its own org, workspace, and exactly one stack with delivery.github.ownsRepository):',
          '  - Pulumi.fixture.yaml and Pulumi.other.yaml both declare github:index/repository:Repository owner="acme" name="okta"',
          '  - Pulumi.fixture.yaml and Pulumi.other.yaml both declare github:index/branch:Branch owner="acme" repository="okta" branch="live"',
          '  - Pulumi.fixture.yaml and Pulumi.other.yaml both declare github:index/repositoryEnvironment:RepositoryEnvironment owner="acme" repository="okta" environment="drift-alerts"',
          "",
        ].join("\n"),
      );
    });

    it("two owners of repositories with Deployments in one Pulumi organization: both would declare its Pulumi Cloud access", async () => {
      const deployments = { organization: "acme-cloud" };
      const withDeployments = {
        ...owning,
        "okta-mmod:delivery": JSON.stringify({ ...JSON.parse(owning["okta-mmod:delivery"] as string), deployments }),
      };
      const root = projectOf({
        "Pulumi.other.yaml": sibling("dev-333333", OWNER, "acme/okta-eu", [
          "    deployments: {organization: acme-cloud}",
        ]),
      });
      const run = await runUnderLanguageHost("fixture", withDeployments, SECRET_KEYS, root);
      expect(run.code).to.equal(EXIT_AFTER_LOGGED_ERROR);
      expect(stackFrames(run.stderr)).to.deep.equal([]);
      // The policy group of the profile both stacks are bound to, the teams and permissions of the one stack file
      // in the folder, and the organization's trust in GitHub's OIDC issuer.
      expect(run.stderr).to.contain(
        [
          'Stack "fixture" would declare 6 object(s) another stack file declares too; each stack needs its own (its own org, workspace, and exactly one stack with delivery.github.ownsRepository):',
          '  - Pulumi.fixture.yaml and Pulumi.other.yaml both declare pulumiservice:index:PolicyGroup organizationName="acme-cloud" name="okta-mmod-prod"',
          '  - Pulumi.fixture.yaml and Pulumi.other.yaml both declare pulumiservice:index:Team organizationName="acme-cloud" name="other-deploy"',
          '  - Pulumi.fixture.yaml and Pulumi.other.yaml both declare pulumiservice:index:TeamStackPermission organization="acme-cloud" project="okta-mmod" stack="other" team="other-deploy"',
          '  - Pulumi.fixture.yaml and Pulumi.other.yaml both declare pulumiservice:index:Team organizationName="acme-cloud" name="other-read"',
          '  - Pulumi.fixture.yaml and Pulumi.other.yaml both declare pulumiservice:index:TeamStackPermission organization="acme-cloud" project="okta-mmod" stack="other" team="other-read"',
          '  - Pulumi.fixture.yaml and Pulumi.other.yaml both declare pulumiservice:index:OidcIssuer organization="acme-cloud" url="https://token.actions.githubusercontent.com"',
          "",
        ].join("\n"),
      );
      expect(run.registered).to.deep.equal(["pulumi:pulumi:Stack"]);
    });

    it("another stack file it cannot read, or whose values do not parse, names nothing: the stack runs", async () => {
      const root = projectOf({
        "Pulumi.broken.yaml": "config:\n  okta-mmod:orgName: [dev-111111\n",
        "Pulumi.odd.yaml": "config:\n  okta-mmod:orgName: dev-444444\n  okta-mmod:delivery: not-an-object\n",
      });
      const run = await runUnderLanguageHost("fixture", owning, SECRET_KEYS, root);
      expect({ code: run.code, stderr: run.stderr }).to.deep.equal({ code: 0, stderr: "" });
    });
  });
});
