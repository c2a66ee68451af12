import { expect } from "chai";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlanDocument, RESOLVED_AT_DEPLOY, StackPlan } from "../offline/plan";
import { MOCK_EVERYONE_GROUP_ID, mockLookupId } from "../offline/run";
import { UNDECRYPTABLE_SECRET } from "../offline/stackFile";
import { EXIT, MISSING_SECRET, plan } from "../tools/plan";
import { listStacks } from "../offline/stackFile";
import type { AppCatalogue } from "../definitions/catalogue";
import { FIXTURE_CATALOGUE } from "./fixtures/catalogue";
import { FIXTURE_DIR, FIXTURE_PLAN_SUBJECT, PROJECT_DIR } from "./support";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const main = require("../index") as (catalogue?: AppCatalogue) => unknown;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the plan in-process on the fixture stacks (or the given --project-dir) with the fixture catalogue. */
async function runPlan(args: string[], tty = false): Promise<Result> {
  let stdout = "";
  let stderr = "";
  const dir = args.includes("--project-dir") ? [] : ["--project-dir", FIXTURE_DIR];
  const io = {
    stdout: { write: (s: string) => (stdout += s), isTTY: tty },
    stderr: { write: (s: string) => (stderr += s) },
  };
  const code = await plan([...args, ...dir], io, FIXTURE_PLAN_SUBJECT);
  return { code, stdout, stderr };
}

/** A project folder with the real Pulumi.yaml and the given stack files. */
function projectWith(stacks: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-plan-"));
  fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  for (const [name, text] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), text);
  return dir;
}

const prodFile = fs.readFileSync(path.join(FIXTURE_DIR, "Pulumi.prod.yaml"), "utf8");
const withKey = (file: string, line: string) => file.replace("config:\n", `config:\n  ${line}\n`);

const RESOURCE_KEYS = ["inputs", "name", "parent", "protect", "provider", "type", "urn"];
/**
 * A prod stack file's secrets, placeholders offline: none. No write credential, no hook secret (private_key_jwt),
 * and its drift notification is an email.
 */
const PLACEHOLDERS: string[] = [];

describe("offline plan (npm run plan)", () => {
  let json: Result;
  let doc: PlanDocument;
  before(async () => {
    json = await runPlan(["--json"]);
    doc = JSON.parse(json.stdout) as PlanDocument;
  });
  const stack = (name: string) => doc.stacks.find((s) => s.stack === name) as StackPlan;

  it("plans every shipped stack with zero mandatory violations and exits 0", () => {
    expect(json.code).to.equal(EXIT.clean);
    expect(doc.stacks.map((s) => [s.stack, s.environment, s.summary.mandatory])).to.deep.equal([
      ["dev", "dev", 0],
      ["prod", "prod", 0],
    ]);
    expect(stack("dev").summary.advisory).to.equal(4);
    // Prod's apps authenticate with private_key_jwt: G09's shared-secret advisories are dev's only.
    expect(stack("prod").summary.advisory).to.equal(3);
  });

  it("prints the documented JSON shape, and nothing else on stdout", () => {
    expect(Object.keys(doc)).to.deep.equal(["stacks", "duplicates"]);
    expect(doc.duplicates).to.deep.equal([]);
    for (const s of doc.stacks) {
      expect(Object.keys(s)).to.deep.equal([
        "stack",
        "environment",
        "placeholders",
        "escEnvironments",
        "resources",
        "violations",
        "summary",
      ]);
      expect(s.resources).to.have.length(s.summary.resources);
      for (const r of s.resources) expect(Object.keys(r).sort()).to.deep.equal(RESOURCE_KEYS);
      for (const v of s.violations) expect(Object.keys(v).sort()).to.deep.equal(["level", "message", "policy", "urn"]);
    }
    expect([stack("dev").summary.resources, stack("prod").summary.resources]).to.deep.equal([74, 98]);
    expect(stack("dev").placeholders).to.deep.equal(["okta-mmod:registrationHookAuth"]);
    expect(stack("prod").placeholders).to.deep.equal([...PLACEHOLDERS]);
    const provider = stack("prod").resources.find((r) => r.type === "pulumi:providers:okta");
    expect(provider).to.deep.equal({
      urn: "urn:pulumi:prod::okta-mmod::okta-mmod:org:OktaOrg$pulumi:providers:okta::org-provider",
      type: "pulumi:providers:okta",
      name: "org-provider",
      parent: "urn:pulumi:prod::okta-mmod::pulumi:pulumi:Stack$okta-mmod:org:OktaOrg::org",
      provider: null,
      protect: false,
      inputs: {
        backoff: "true",
        baseUrl: "okta.com",
        maxApiCapacity: "50",
        maxRetries: "5",
        maxWaitSeconds: "300",
        minWaitSeconds: "30",
        orgName: "dev-987654",
        parallelism: "1",
        requestTimeout: "0",
      },
    });
    const app = stack("prod").resources.find((r) => r.name === "apps-app-my-app");
    expect(app?.provider).to.equal(
      "urn:pulumi:prod::okta-mmod::okta-mmod:org:OktaOrg$pulumi:providers:okta::org-provider",
    );
    expect(app?.protect).to.equal(true);
  });

  it("is stable: two runs print the same document", async () => {
    expect((await runPlan(["--json"])).stdout).to.equal(json.stdout);
  });

  it("masks secrets as [secret] and never prints a placeholder's text", () => {
    const hook = stack("dev").resources.find((r) => r.type === "okta:inline/hook:Hook");
    expect((hook?.inputs.auth as Record<string, unknown>).value).to.equal("[secret]");
    expect(json.stdout).to.not.contain(MISSING_SECRET);
    expect(json.stdout).to.not.contain(UNDECRYPTABLE_SECRET);
  });

  it("masks encrypted stack-file values in both formats", async () => {
    const devFile = fs.readFileSync(path.join(FIXTURE_DIR, "Pulumi.dev.yaml"), "utf8");
    const dir = projectWith({
      dev: withKey(devFile, "okta-mmod:registrationHookAuth:\n    secure: v1:c2VjcmV0LWNpcGhlcnRleHQ="),
      prod: prodFile,
    });
    const asJson = await runPlan(["--json", "--project-dir", dir]);
    const qa = (JSON.parse(asJson.stdout) as PlanDocument).stacks.find((s) => s.stack === "dev") as StackPlan;
    expect(qa.placeholders).to.deep.equal(["okta-mmod:registrationHookAuth"]);
    const hook = qa.resources.find((r) => r.type === "okta:inline/hook:Hook");
    expect((hook?.inputs.auth as Record<string, unknown>).value).to.equal("[secret]");
    const asText = await runPlan(["--project-dir", dir]);
    for (const out of [asJson.stdout, asText.stdout]) {
      expect(out).to.not.contain("v1:c2Vj");
      expect(out).to.not.contain(UNDECRYPTABLE_SECRET);
    }
    expect(asText.stdout).to.contain("placeholder secrets (not available offline): okta-mmod:registrationHookAuth");
  });

  it("prints a readable tree without colour when stdout is not a terminal, and with colour on a terminal", async () => {
    const text = await runPlan(["--stack", "prod"]);
    expect(text.code).to.equal(EXIT.clean);
    expect(text.stdout).to.not.contain("\u001b[");
    expect(text.stdout).to.contain(
      // Prod holds no secret at all, so its tree names no placeholder.
      "Stack prod (environment prod)\n  okta-mmod:apps:AppSet apps\n",
    );
    expect(text.stdout).to.contain(
      [
        "      okta:app/oAuth:OAuth apps-app-my-app [protected]",
        "          label=My App",
        "          type=web",
        '          grantTypes=["authorization_code"]',
        '          redirectUris=["https://myapp.iatcore.com"]',
        "      okta:index/appGroupAssignments:AppGroupAssignments apps-assignments-my-app [protected]\n",
      ].join("\n"),
    );
    expect(text.stdout).to.contain(
      "    okta:auth/serverClaim:ServerClaim apps-claim-customer-portal-type [protected]  name=Type  value=user.userType\n",
    );
    expect(text.stdout).to.contain("  98 resources:\n");
    expect(text.stdout).to.contain("  Guardrails: 0 mandatory, 3 advisory\n");
    expect((await runPlan(["--stack", "prod"], true)).stdout).to.contain("\u001b[");
  });

  it("wraps a long value instead of cutting it: every redirect URI of the dev portal, the dev-only one too", async () => {
    const text = await runPlan(["--stack", "dev"]);
    expect(text.stdout).to.contain(
      [
        "      okta:app/oAuth:OAuth apps-app-customer-portal",
        "          label=Customer Portal",
        "          type=web",
        '          grantTypes=["authorization_code","refresh_token"]',
        "          redirectUris=",
        "            https://localhost:44369/signin-oidc",
        "            https://localhost:44369/Customer",
        "            https://oauth.pstmn.io/v1/callback",
        "",
      ].join("\n"),
    );
    expect(text.stdout).to.not.contain("...");
    for (const line of text.stdout.split("\n").filter((l) => !/^ {4}advisory|^ {2}placeholder/.test(l))) {
      expect(line.length, line).to.be.at.most(120);
    }
  });

  it("wraps a value longer than a line in pieces, every character kept", async () => {
    const long = `https://portal.iatcore.com/${"a".repeat(150)}`;
    const dir = projectWith({
      qa: prodFile.replace("baseUrl: https://portal.iatcore.com", `baseUrl: ${long}`),
    });
    const text = await runPlan(["--project-dir", dir, "--stack", "qa"]);
    const lines = text.stdout.split("\n");
    const at = lines.indexOf("          redirectUris=");
    expect(at).to.be.greaterThan(0);
    expect(lines.slice(at + 1, at + 5).map((l) => l.slice(0, 12))).to.deep.equal([
      "            ",
      "            ",
      "            ",
      "            ",
    ]);
    expect(
      lines
        .slice(at + 1, at + 3)
        .map((l) => l.trim())
        .join(""),
    ).to.equal(`${long}/signin-oidc`);
    expect(
      lines
        .slice(at + 3, at + 5)
        .map((l) => l.trim())
        .join(""),
    ).to.equal(`${long}/Customer`);
  });

  it("never shows a value the offline mocks made up: ids, client ids, issuers and looked-up team ids", async () => {
    const text = await runPlan([]);
    const prod = stack("prod");
    const made = [
      ...doc.stacks.flatMap((s) => s.resources.map((r) => `${r.name}-id`)),
      ...doc.stacks.flatMap((s) => s.resources.map((r) => `${r.name}-client-id`)),
      MOCK_EVERYONE_GROUP_ID,
      "issuer.invalid",
      String(mockLookupId("okta-admins")),
      "T_okta-admins",
    ];
    for (const out of [json.stdout, text.stdout]) {
      for (const value of made) expect(out.split(/[^\w.-]+/), value).to.not.include(value);
      expect(out).to.not.contain("issuer.invalid");
    }
    const environment = prod.resources.find((r) => r.name === "github-environment");
    expect(environment?.inputs.reviewers).to.deep.equal([{ teams: [RESOLVED_AT_DEPLOY] }]);
    const policy = prod.resources.find((r) => r.name === "apps-server-policy-customer-portal-customer-portal");
    expect(policy?.inputs.clientWhitelists).to.deep.equal([RESOLVED_AT_DEPLOY]);
    expect(policy?.inputs.authServerId).to.equal(RESOLVED_AT_DEPLOY);
    // Names that only look like made-up ids stay: a resource named org-schema-client-id is not an id.
    expect(prod.resources.map((r) => r.name)).to.include("org-schema-client-id");
  });

  it("diffs dev and prod for a promotion review", async () => {
    const result = await runPlan(["--json", "--diff", "dev", "prod"]);
    const d = (JSON.parse(result.stdout) as PlanDocument).diff;
    expect(d?.from).to.equal("dev");
    expect(d?.to).to.equal("prod");
    // Only prod declares the repository-wide GitHub and Pulumi Cloud parts, the drift notification and schedule,
    // and the key its registration hook signs with and the hook itself (private_key_jwt, a dynamic resource; dev's
    // hook takes a header secret and is an okta.inline.Hook).
    const cloud = (type: string, names: string[]) => names.map((n) => ({ type, name: `pulumi-cloud${n}` }));
    expect(d?.added).to.deep.equal([
      {
        type: "github:index/actionsRepositoryPermissions:ActionsRepositoryPermissions",
        name: "github-actions-permissions",
      },
      { type: "github:index/branch:Branch", name: "github-branch-preview" },
      { type: "github:index/branch:Branch", name: "github-branch-prod" },
      { type: "github:index/branchProtection:BranchProtection", name: "github-protection-preview" },
      { type: "github:index/branchProtection:BranchProtection", name: "github-protection-prod" },
      { type: "github:index/repository:Repository", name: "github-repository" },
      { type: "github:index/repositoryEnvironment:RepositoryEnvironment", name: "github-alerts-environment" },
      {
        type: "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
        name: "github-alerts-environment-branch",
      },
      {
        type: "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions",
        name: "github-workflow-permissions",
      },
      ...cloud("okta-mmod:delivery:PulumiCloudAccess", [""]),
      { type: "okta:index/hookKey:HookKey", name: "org-hook-key-validate-client-id-registration" },
      { type: "pulumi-nodejs:dynamic/okta:InlineHook", name: "org-hook-validate-client-id-registration" },
      { type: "pulumiservice:index:DriftSchedule", name: "deployments-drift" },
      ...cloud("pulumiservice:index:OidcIssuer", ["-github-oidc"]),
      ...cloud("pulumiservice:index:PolicyGroup", ["-policy-group-dev", "-policy-group-prod"]),
      ...cloud("pulumiservice:index:PolicyPack", ["-policy-pack"]),
      ...cloud("pulumiservice:index:Team", [
        "-team-dev-deploy",
        "-team-dev-read",
        "-team-prod-deploy",
        "-team-prod-read",
      ]),
      ...cloud("pulumiservice:index:TeamStackPermission", [
        "-permission-dev-deploy",
        "-permission-dev-read",
        "-permission-prod-deploy",
        "-permission-prod-read",
      ]),
      { type: "tfe:index/notificationConfiguration:NotificationConfiguration", name: "tfc-drift-notification" },
    ]);
    // Only dev names the Pulumi team its deploy job logs in as (prod's gets an organization token), and only dev's
    // hook is an okta.inline.Hook.
    expect(d?.removed).to.deep.equal([
      {
        type: "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable",
        name: "github-variable-pulumi_team",
      },
      { type: "okta:inline/hook:Hook", name: "org-hook-validate-client-id-registration" },
    ]);
    expect(
      d?.changed
        .filter((c) => !c.name.startsWith("org-") && !c.name.startsWith("apps-"))
        .map((c) => `${c.name}: ${c.changes.map((x) => x.path).join(", ")}`),
    ).to.deep.equal([
      "github-read-variable-okta_base_url: environment, protect",
      "github-read-variable-okta_org_name: environment, protect, value",
      "github-read-variable-pulumi_stack: environment, protect, value",
      "github-read-variable-pulumi_team: environment, protect, value",
      "github-variable-okta_base_url: environment, protect",
      "github-variable-okta_org_name: environment, protect, value",
      "github-variable-pulumi_deployments_run_up: environment, protect, value",
      "github-variable-pulumi_stack: environment, protect, value",
      "github-environment: environment, preventSelfReview, protect, reviewers",
      "github-read-environment: environment, protect",
      "github-environment-branch: branchPattern, environment, protect",
      "deployments-settings: sourceContext.git.branch, stack, vcs.deployCommits, vcs.paths[11], vcs.paths[12]",
      "deployments-tag-environment: stack, value",
      "tfc-project: name, protect",
      "tfc-variable-base-url: protect",
      "tfc-variable-org-name: protect",
      "tfc-workspace: assessmentsEnabled, autoApply, description, name, protect, vcsRepo.branch",
    ]);
    // 43 Okta resources (prod URLs, protection, provider; the hook is added and removed, above) and 17 delivery
    // resources.
    expect(d?.changed).to.have.length(60);
    const changesOf = (name: string) => d?.changed.find((c) => c.name === name)?.changes;
    expect(changesOf("org-provider")).to.deep.equal([
      { path: "maxApiCapacity", kind: "changed", from: "100", to: "50" },
      { path: "orgName", kind: "changed", from: "dev-123456", to: "dev-987654" },
    ]);
    expect(changesOf("apps-app-customer-portal")).to.deep.equal([
      // Prod's app authenticates with private_key_jwt, its keys at a JWKS URL: no client secret at all.
      { path: "jwksUri", kind: "added", to: "https://portal.iatcore.com/.well-known/jwks.json" },
      {
        path: "loginUri",
        kind: "changed",
        from: "https://localhost:44369/signin-oidc",
        to: "https://portal.iatcore.com/signin-oidc",
      },
      // Prod keeps no client secret in the state.
      { path: "omitSecret", kind: "added", to: true },
      {
        path: "postLogoutRedirectUris[0]",
        kind: "changed",
        from: "https://localhost:44369/signout-callback-oidc",
        to: "https://portal.iatcore.com/signout-callback-oidc",
      },
      { path: "protect", kind: "changed", from: false, to: true },
      {
        path: "redirectUris[0]",
        kind: "changed",
        from: "https://localhost:44369/signin-oidc",
        to: "https://portal.iatcore.com/signin-oidc",
      },
      {
        path: "redirectUris[1]",
        kind: "changed",
        from: "https://localhost:44369/Customer",
        to: "https://portal.iatcore.com/Customer",
      },
      { path: "redirectUris[2]", kind: "removed", from: "https://oauth.pstmn.io/v1/callback" },
      { path: "tokenEndpointAuthMethod", kind: "changed", from: "client_secret_basic", to: "private_key_jwt" },
    ]);
    expect(changesOf("org-threat-insight")).to.deep.equal([
      { path: "action", kind: "changed", from: "audit", to: "block" },
      { path: "protect", kind: "changed", from: false, to: true },
    ]);
    // Same zone in both orgs: only prod's protection differs.
    expect(changesOf("org-zone-tor-blocker")).to.deep.equal([
      { path: "protect", kind: "changed", from: false, to: true },
    ]);
    const text = await runPlan(["--stack", "dev", "--diff", "dev", "prod"]);
    expect(text.stdout).to.contain(
      "  ~ okta:app/oAuth:OAuth apps-app-customer-portal\n      jwksUri: (none) -> https://portal.iatcore.com/.well-known/jwks.json\n      loginUri: https://localhost:44369/signin-oidc -> https://portal.iatcore.com/signin-oidc\n",
    );
    expect(text.stdout).to.contain("      redirectUris[2]: https://oauth.pstmn.io/v1/callback -> (none)\n");
    expect(text.stdout).to.contain("  2 only in dev, 26 only in prod, 60 changed\n");
    // Only the differences: no stack tree, no guardrail list.
    expect(text.stdout.startsWith("Diff dev -> prod\n")).to.equal(true);
    expect(text.stdout).to.not.contain("Guardrails:");
  });

  describe("--diff <plan.json>: what a change does to each stack, against a plan saved from main", () => {
    const devFile = fs.readFileSync(path.join(FIXTURE_DIR, "Pulumi.dev.yaml"), "utf8");
    const POSTMAN = "        - https://oauth.pstmn.io/v1/callback\n";
    let dir: string;
    let base: string;
    beforeEach(async () => {
      dir = projectWith({ dev: devFile, prod: prodFile });
      base = path.join(dir, "main-plan.json");
      expect((await runPlan(["--project-dir", dir, "--out", base])).code).to.equal(EXIT.clean);
    });
    const edit = (stack: string, from: string, to: string) => {
      const file = path.join(dir, `Pulumi.${stack}.yaml`);
      const text = fs.readFileSync(file, "utf8");
      expect(text).to.contain(from);
      fs.writeFileSync(file, text.replace(from, to));
    };

    it("prints only the differences: one more redirect URI in dev, nothing else", async () => {
      edit("dev", POSTMAN, `${POSTMAN}        - https://debug.example.com/cb\n`);
      const text = await runPlan(["--project-dir", dir, "--diff", base]);
      expect(text).to.deep.equal({
        code: EXIT.clean,
        stdout: [
          `Changes against ${base}`,
          "Stack dev: 0 added, 0 removed, 1 changed; guardrails: 0 new, 0 gone",
          "  ~ okta:app/oAuth:OAuth apps-app-customer-portal",
          "      redirectUris[3]: (none) -> https://debug.example.com/cb",
          "Stack prod: no changes",
          "",
        ].join("\n"),
        stderr: "",
      });
      const doc = JSON.parse((await runPlan(["--project-dir", dir, "--diff", base, "--json"])).stdout) as PlanDocument;
      expect(doc.changes?.stacks.map((c) => [c.stack, c.status])).to.deep.equal([
        ["dev", "changed"],
        ["prod", "unchanged"],
      ]);
      expect(doc.changes?.stacks[0]?.changed).to.deep.equal([
        {
          type: "okta:app/oAuth:OAuth",
          name: "apps-app-customer-portal",
          changes: [{ path: "redirectUris[3]", kind: "added", to: "https://debug.example.com/cb" }],
        },
      ]);
    });

    it("shows a guardrail verdict the change brings, and exits as the plan does (5)", async () => {
      edit(
        "prod",
        "  okta-mmod:orgName: dev-987654\n",
        "  okta-mmod:orgName: dev-987654\n  okta-mmod:rateLimits:\n    maxApiCapacity: 60\n",
      );
      const text = await runPlan(["--project-dir", dir, "--diff", base]);
      expect(text.code).to.equal(EXIT.mandatoryViolation);
      expect(text.stdout).to.equal(
        [
          `Changes against ${base}`,
          "Stack dev: no changes",
          "Stack prod: 0 added, 0 removed, 1 changed; guardrails: 1 new, 0 gone",
          "  ~ pulumi:providers:okta org-provider",
          "      maxApiCapacity: 50 -> 60",
          "  + mandatory okta-provider-service-app-auth  org-provider: maxApiCapacity is 60: set at most 50",
          "",
        ].join("\n"),
      );
    });

    it("a deleted stack file: every resource of that stack goes; a stack left out with --stack is not compared", async () => {
      const saved = JSON.parse(fs.readFileSync(base, "utf8")) as PlanDocument;
      const devCount = saved.stacks.find((p) => p.stack === "dev")?.resources.length;
      const partial = await runPlan(["--project-dir", dir, "--diff", base, "--stack", "prod", "--json"]);
      expect((JSON.parse(partial.stdout) as PlanDocument).changes?.stacks.map((c) => c.stack)).to.deep.equal(["prod"]);
      fs.unlinkSync(path.join(dir, "Pulumi.dev.yaml"));
      const doc = JSON.parse((await runPlan(["--project-dir", dir, "--diff", base, "--json"])).stdout) as PlanDocument;
      const dev = doc.changes?.stacks.find((c) => c.stack === "dev");
      expect([dev?.status, dev?.removed.length, dev?.added.length]).to.deep.equal(["removed", devCount, 0]);
    });

    it("a stack whose configuration fails now: its error, and the stack marked failing (exit 1)", async () => {
      edit("prod", "  okta-mmod:orgName: dev-987654\n", "  okta-mmod:orgName: Prod_Org\n");
      const text = await runPlan(["--project-dir", dir, "--diff", base]);
      expect(text.code).to.equal(EXIT.configError);
      expect(text.stdout).to.match(/^Stack prod \(environment prod\)|^Stack prod\n/);
      expect(text.stdout).to.contain('  Stack "prod" has 1 configuration problem:\n');
      expect(text.stdout).to.contain("Stack prod: its configuration fails now (see above)\n");
    });

    it("refuses a saved plan it cannot read or that is not a plan document, naming the file and every path (exit 2)", async () => {
      const missing = path.join(dir, "none.json");
      expect(await runPlan(["--project-dir", dir, "--diff", missing])).to.deep.equal({
        code: EXIT.usage,
        stdout: "",
        stderr: `error: cannot read ${missing}: ENOENT\n`,
      });
      const notJson = path.join(dir, "notes.txt");
      fs.writeFileSync(notJson, "token: ghp_not-a-plan-7f3e\n");
      expect(await runPlan(["--project-dir", dir, "--diff", notJson])).to.deep.equal({
        code: EXIT.usage,
        stdout: "",
        stderr: `error: ${notJson} is not JSON: save a plan with npm run plan -- --out <file>\n`,
      });
      const wrong = path.join(dir, "wrong.json");
      fs.writeFileSync(
        wrong,
        JSON.stringify({ stacks: [{ ...JSON.parse(fs.readFileSync(base, "utf8")).stacks[0], stack: 7 }] }),
      );
      expect(await runPlan(["--project-dir", dir, "--diff", wrong])).to.deep.equal({
        code: EXIT.usage,
        stdout: "",
        stderr: `error: ${wrong} is not a plan document (save one with npm run plan -- --out <file>): stacks[0].stack: Invalid input: expected string, received number\n`,
      });
    });
  });

  it("exits 1 with the loader's message, and no stack trace, on a configuration error", async () => {
    const dir = projectWith({
      broken: withKey(prodFile, "okta-mmod:orgName: Prod_Org").replace(/\n {2}okta-mmod:orgName: dev-987654/, ""),
    });
    const expected = [
      'Stack "broken" has 1 configuration problem:',
      `  - okta-mmod:orgName: got "Prod_Org"; expected the org's subdomain, e.g. dev-123456 (lowercase letters, digits, hyphens)`,
    ].join("\n");
    const asJson = await runPlan(["--json", "--project-dir", dir]);
    expect(asJson.code).to.equal(EXIT.configError);
    expect(asJson.stderr).to.equal(`${expected}\n`);
    expect((JSON.parse(asJson.stdout) as PlanDocument).stacks[0]?.error).to.equal(expected);
    const asText = await runPlan(["--project-dir", dir]);
    expect(asText.code).to.equal(EXIT.configError);
    expect(asText.stdout).to.contain(
      expected
        .split("\n")
        .map((l) => `  ${l}`)
        .join("\n"),
    );
    expect(asText.stdout + asText.stderr).to.not.match(/\n\s+at /);
  });

  it("names the keys of the catalogue in use, not the shipped one's, in a configuration error", async () => {
    // A project of the tests' own whose catalogue calls one app "my-apps": the fixture's dev stack still says my-app.
    const catalogue = {
      ...FIXTURE_CATALOGUE,
      apps: FIXTURE_CATALOGUE.apps.map((a) => (a.key === "my-app" ? { ...a, key: "my-apps" } : a)),
    };
    const subject = { ...FIXTURE_PLAN_SUBJECT, program: () => main(catalogue) };
    let stdout = "";
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true } };
    const code = await plan(["--project-dir", FIXTURE_DIR, "--stack", "dev", "--json"], io, subject);
    expect(code).to.equal(EXIT.configError);
    expect((JSON.parse(stdout) as PlanDocument).stacks[0]?.error?.split("\n").slice(1)).to.deep.equal([
      "  - okta-mmod:apps.my-apps: got nothing (the key is not set); expected an object with baseUrl (and optionally extraRedirectUris, and jwksUri or jwks)",
      '  - okta-mmod:apps.my-app: got {"baseUrl":"http://localhost:3000"}; expected a known key, one of: customer-portal, super-widget, example-portal, my-apps; did you mean "my-apps"?',
    ]);
  });

  it("exits 1 with the file and the YAML error for a stack file that is not YAML", async () => {
    const dir = projectWith({ garbled: "config:\n  okta-mmod:orgName: [unclosed\n" });
    const result = await runPlan(["--json", "--project-dir", dir]);
    expect(result.code).to.equal(EXIT.configError);
    const error = (JSON.parse(result.stdout) as PlanDocument).stacks[0]?.error ?? "";
    expect(error.startsWith(`${path.join(dir, "Pulumi.garbled.yaml")}: not valid YAML: `)).to.equal(true);
    expect(result.stderr).to.equal(`${error}\n`);
  });

  it("reports values an ESC environment would supply as unavailable offline", async () => {
    const dir = projectWith({
      esc: "environment:\n  - okta/prod\nconfig:\n  okta-mmod:environment: prod\n",
    });
    const result = await runPlan(["--json", "--project-dir", dir]);
    expect(result.code).to.equal(EXIT.configError);
    const esc = (JSON.parse(result.stdout) as PlanDocument).stacks[0] as StackPlan;
    expect(esc.escEnvironments).to.deep.equal(["okta/prod"]);
    expect(esc.error?.split("\n").slice(-1)).to.deep.equal([
      "(the stack imports the ESC environments okta/prod; values they supply are not available offline)",
    ]);
    expect(esc.error).to.contain("okta-mmod:orgName: got nothing (the key is not set)");
  });

  it("exits 5 on a mandatory violation injected through a stack file", async () => {
    const dir = projectWith({ unprotected: withKey(prodFile, "okta-mmod:protectResources: false") });
    const result = await runPlan(["--json", "--project-dir", dir]);
    expect(result.code).to.equal(EXIT.mandatoryViolation);
    const plan = (JSON.parse(result.stdout) as PlanDocument).stacks[0] as StackPlan;
    // The project holds this one stack, so its Pulumi Cloud part has one policy group and one deploy and one read
    // team (the fixture project's two stacks would give 5 resources more).
    expect(plan.summary.mandatory).to.equal(76);
    expect(new Set(plan.violations.filter((v) => v.level === "mandatory").map((v) => v.policy))).to.deep.equal(
      new Set(["okta-protect-identity-resources"]),
    );
    expect(result.stderr).to.equal("error: mandatory guardrail violations (see above); nothing would be deployed\n");
  });

  it("exits 2 on bad usage, saying what is wrong", async () => {
    const unknownOption = await runPlan(["--stacks", "dev"]);
    expect(unknownOption.code).to.equal(EXIT.usage);
    expect(unknownOption.stderr).to.contain("error: unknown option '--stacks'");
    const unknownStack = await runPlan(["--stack", "staging"]);
    expect(unknownStack.code).to.equal(EXIT.usage);
    expect(unknownStack.stderr).to.equal(
      "error: no such stack: staging (a stack is a Pulumi.<stack>.yaml file; this project has: dev, prod)\n",
    );
    const three = await runPlan(["--diff", "dev", "prod", "qa"]);
    expect(three.code).to.equal(EXIT.usage);
    expect(three.stderr).to.equal(
      "error: --diff takes a saved plan or two stacks (got 3 arguments): --diff <plan.json> or --diff <stackA> <stackB>\n",
    );
    const stray = await runPlan(["dev"]);
    expect(stray.code).to.equal(EXIT.usage);
    expect(stray.stdout).to.equal("");
  });

  it("runs as a command on this project's own stacks: exit code 0 and a pure JSON stdout", () => {
    const script = path.join(PROJECT_DIR, "bin", "tools", "plan.js");
    const out = execFileSync(process.execPath, [script, "--json"], { encoding: "utf8" });
    expect((JSON.parse(out) as PlanDocument).stacks.map((s) => s.stack)).to.deep.equal(listStacks(PROJECT_DIR));
    const bad = spawnSync(process.execPath, [script, "--stack", "nope"], { encoding: "utf8" });
    expect(bad.status).to.equal(EXIT.usage);
    expect(bad.stdout).to.equal("");
  });
});
