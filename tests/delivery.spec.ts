import { expect } from "chai";
import * as fs from "fs";
import { minimatch } from "minimatch";
import * as path from "path";
import { parse } from "yaml";
import { ProgramRun, Registration, isSecretEnvelope, mockLookupId } from "../offline/run";
import { readStackFile } from "../offline/stackFile";
import { DELIVERY_TOKENS, OKTA_PROVIDER_KEYS } from "../config/credentials";
import {
  FIXTURE_DIR,
  PROJECT_DIR,
  STACK_SECRETS,
  TEST_SECRETS,
  byType,
  countByType,
  find,
  runStack,
  unwrap,
} from "./support";

const TFE_PARAMETER = {
  remote: { url: "registry.opentofu.org/hashicorp/tfe", version: "0.71.0" },
};

/** The objects a registration creates outside Pulumi, by their natural key (what two stacks must not share). */
function naturalKeys(run: ProgramRun): string[] {
  const nameOf = (urn: string | undefined) => run.registrations.find((r) => r.urn === urn)?.inputs.name;
  const i = (r: Registration, k: string) => String(unwrap(r.inputs[k]));
  const keys: string[] = [];
  for (const r of run.registrations) {
    const workspace = () => nameOf(r.propertyDependencies.workspaceId?.[0]);
    const key: Record<string, () => string> = {
      "github:index/repository:Repository": () => `repository ${i(r, "name")}`,
      "github:index/branch:Branch": () => `branch ${i(r, "branch")}`,
      "github:index/branchProtection:BranchProtection": () => `protection ${i(r, "pattern")}`,
      "github:index/repositoryEnvironment:RepositoryEnvironment": () => `environment ${i(r, "environment")}`,
      "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy": () =>
        `environment branch ${i(r, "environment")}/${i(r, "branchPattern")}`,
      "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable": () =>
        `variable ${i(r, "environment")}/${i(r, "variableName")}`,
      "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret": () =>
        `secret ${i(r, "environment")}/${i(r, "secretName")}`,
      "tfe:index/project:Project": () => `tfc project ${i(r, "organization")}/${i(r, "name")}`,
      "tfe:index/workspace:Workspace": () => `tfc workspace ${i(r, "organization")}/${i(r, "name")}`,
      "tfe:index/variable:Variable": () => `tfc variable ${String(workspace())}/${i(r, "key")}`,
      "tfe:index/notificationConfiguration:NotificationConfiguration": () =>
        `tfc notification ${String(workspace())}/${i(r, "name")}`,
      "pulumiservice:index:DeploymentSettings": () => `deployment settings ${i(r, "stack")}`,
      "pulumiservice:index:DriftSchedule": () => `drift schedule ${i(r, "stack")}`,
      "pulumiservice:index:StackTag": () => `stack tag ${i(r, "stack")}/${i(r, "name")}`,
    };
    const make = key[r.type];
    if (make !== undefined) keys.push(make());
  }
  return keys;
}

const DELIVERY_PREFIXES = ["github:", "tfe:", "pulumiservice:"];
const isDelivery = (r: Registration) => DELIVERY_PREFIXES.some((p) => r.type.startsWith(p));

/** The repository files a source file imports by a relative path (import, export ... from, require). */
function localImports(file: string): string[] {
  const text = fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*|import\s+)"(\.{1,2}\/[^"]*)"/g)];
  return specifiers.map(([, spec]) => {
    const base = path.join(path.dirname(file), spec as string);
    const found = [base, `${base}.ts`, `${base}.mjs`, `${base}.js`, path.join(base, "index.ts")].find(
      (candidate) =>
        fs.existsSync(path.join(PROJECT_DIR, candidate)) && fs.statSync(path.join(PROJECT_DIR, candidate)).isFile(),
    );
    if (found === undefined) throw new Error(`${file} imports ${spec}, which resolves to no file`);
    return found.split(path.sep).join("/");
  });
}

/** Every repository file the entry points run, following relative imports. */
function executedFrom(entryPoints: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = [...entryPoints];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    if (/\.(ts|mjs|js)$/.test(file)) queue.push(...localImports(file));
  }
  return [...seen].sort();
}

describe("delivery as code", () => {
  const runs: Record<string, ProgramRun> = {};
  before(async () => {
    runs.dev = await runStack("dev");
    runs.prod = await runStack("prod");
  });
  const run = (stack: string) => runs[stack] as ProgramRun;

  describe("GitHub", () => {
    it("protects the prod branch strictly and the preview branch with reviews and checks", () => {
      const protection = (branch: string) =>
        find(run("prod"), "github:index/branchProtection:BranchProtection", `github-protection-${branch}`);
      const common = {
        repositoryId: "",
        enforceAdmins: true,
        allowsForcePushes: false,
        allowsDeletions: false,
        requireSignedCommits: true,
        requiredLinearHistory: true,
        requireConversationResolution: true,
        requiredStatusChecks: [{ strict: true, contexts: ["test", "preview"] }],
      };
      expect({ ...protection("prod").inputs, repositoryId: "" }).to.deep.equal({
        ...common,
        pattern: "prod",
        requiredPullRequestReviews: [
          {
            requiredApprovingReviewCount: 1,
            dismissStaleReviews: true,
            requireLastPushApproval: true,
            requireCodeOwnerReviews: true,
          },
        ],
      });
      expect({ ...protection("preview").inputs, repositoryId: "" }).to.deep.equal({
        ...common,
        pattern: "preview",
        requiredPullRequestReviews: [
          {
            requiredApprovingReviewCount: 1,
            dismissStaleReviews: true,
            requireLastPushApproval: false,
            requireCodeOwnerReviews: true,
          },
        ],
      });
      expect(protection("prod").propertyDependencies.repositoryId).to.deep.equal([
        find(run("prod"), "github:index/repository:Repository", "github-repository").urn,
      ]);
    });

    it("adopts the existing private repository and its branches, and never deletes the repository", () => {
      const repository = find(run("prod"), "github:index/repository:Repository", "github-repository");
      expect(repository.inputs.visibility).to.equal("private");
      expect(repository.inputs.name).to.equal("okta-mmod");
      expect(repository.protect).to.equal(true);
      const branches = byType(run("prod"), "github:index/branch:Branch").map((b) => [
        b.inputs.branch,
        b.inputs.repository,
      ]);
      expect(branches.sort()).to.deep.equal([
        ["preview", "okta-mmod"],
        ["prod", "okta-mmod"],
      ]);
      expect(byType(run("dev"), "github:index/repository:Repository")).to.deep.equal([]);
    });

    it("gives prod's environment required reviewers, no self-review, no admin bypass, its own branch only", () => {
      const environment = (stack: string) =>
        find(run(stack), "github:index/repositoryEnvironment:RepositoryEnvironment", "github-environment").inputs;
      expect(environment("prod")).to.deep.equal({
        repository: "okta-mmod",
        environment: "prod",
        preventSelfReview: true,
        canAdminsBypass: false,
        reviewers: [{ teams: [mockLookupId("okta-admins")] }],
        deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
      });
      expect(environment("dev")).to.deep.equal({
        repository: "okta-mmod",
        environment: "dev",
        preventSelfReview: false,
        canAdminsBypass: false,
        deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
      });
      // The preview branch is protected too, but cannot deploy to prod: only the stack's own branch can.
      const branchPolicy = (stack: string) =>
        find(
          run(stack),
          "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
          "github-environment-branch",
        ).inputs;
      expect(branchPolicy("prod")).to.deep.equal({
        repository: "okta-mmod",
        environment: "prod",
        branchPattern: "prod",
      });
      expect(branchPolicy("dev")).to.deep.equal({
        repository: "okta-mmod",
        environment: "dev",
        branchPattern: "preview",
      });
    });

    it("declares the drift alerts' environment in the repository owner's stack only, for the default branch alone", async () => {
      const alerts = (r: ProgramRun) =>
        r.registrations
          .filter((x) => x.name.startsWith("github-alerts-environment"))
          .map((x) => ({ name: x.name, inputs: x.inputs }));
      expect(alerts(run("prod"))).to.deep.equal([
        {
          name: "github-alerts-environment",
          inputs: {
            repository: "okta-mmod",
            environment: "drift-alerts",
            canAdminsBypass: false,
            deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
          },
        },
        {
          name: "github-alerts-environment-branch",
          inputs: { repository: "okta-mmod", environment: "drift-alerts", branchPattern: "prod" },
        },
      ]);
      expect(alerts(run("dev"))).to.deep.equal([]);
      // No secret goes there from the program: the webhook is set by hand, so the state never holds it.
      expect(
        run("prod")
          .registrations.filter((r) => r.inputs.environment === "drift-alerts")
          .map((r) => r.type),
      ).to.deep.equal([
        "github:index/repositoryEnvironment:RepositoryEnvironment",
        "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
      ]);
      const preview = await runStack("prod", {
        config: {
          "okta-mmod:delivery": JSON.stringify({
            ...JSON.parse(readStackFile(FIXTURE_DIR, "prod").config["okta-mmod:delivery"] as string),
            github: {
              ownsRepository: true,
              protectedBranches: ["preview", "prod"],
              reviewerTeams: ["okta-admins"],
              defaultBranch: "preview",
            },
          }),
        },
      });
      expect(
        find(
          preview,
          "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
          "github-alerts-environment-branch",
        ).inputs.branchPattern,
      ).to.equal("preview");
    });

    it("limits what a workflow can take, in the repository owner's stack only: read token, no approvals, pinned allowed actions", () => {
      const permissions = (r: ProgramRun) =>
        r.registrations
          .filter((x) => /^github:index\/(workflow|actions)RepositoryPermissions:/.test(x.type))
          .map((x) => ({ name: x.name, protect: x.protect, inputs: x.inputs }));
      expect(permissions(run("prod"))).to.deep.equal([
        {
          name: "github-workflow-permissions",
          protect: true,
          inputs: { repository: "okta-mmod", defaultWorkflowPermissions: "read", canApprovePullRequestReviews: false },
        },
        {
          name: "github-actions-permissions",
          protect: true,
          inputs: {
            repository: "okta-mmod",
            enabled: true,
            allowedActions: "selected",
            allowedActionsConfig: {
              githubOwnedAllowed: true,
              verifiedAllowed: false,
              patternsAlloweds: ["pulumi/actions@*", "pulumi/auth-actions@*"],
            },
            shaPinningRequired: true,
          },
        },
      ]);
      expect(permissions(run("dev"))).to.deep.equal([]);
    });

    it("gives every stack a read environment with no write credentials, for previews and the drift check", () => {
      for (const stack of ["dev", "prod"]) {
        const read = find(
          run(stack),
          "github:index/repositoryEnvironment:RepositoryEnvironment",
          "github-read-environment",
        );
        expect(read.inputs).to.deep.equal({
          repository: "okta-mmod",
          environment: `${stack}-read`,
          canAdminsBypass: false,
        });
        const readValues = run(stack)
          .registrations.filter((r) => r.type.startsWith("github:index/actionsEnvironment"))
          .filter((r) => r.inputs.environment === `${stack}-read`)
          .map((r) => `${r.type.split(":")[2]} ${String(r.inputs.variableName ?? r.inputs.secretName)}`);
        expect(readValues.sort()).to.deep.equal([
          "ActionsEnvironmentVariable OKTA_BASE_URL",
          "ActionsEnvironmentVariable OKTA_ORG_NAME",
          "ActionsEnvironmentVariable PULUMI_STACK",
          "ActionsEnvironmentVariable PULUMI_TEAM",
        ]);
        const team = byType(run(stack), "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable").find(
          (r) => r.inputs.environment === `${stack}-read` && r.inputs.variableName === "PULUMI_TEAM",
        );
        expect(team?.inputs.value).to.equal(`${stack}-read`);
      }
    });

    it("looks the reviewer team up by slug through the explicit GitHub provider", () => {
      const provider = find(run("prod"), "pulumi:providers:github", "github-provider");
      expect(run("prod").invocations.filter((i) => i.token.startsWith("github:"))).to.deep.equal([
        { token: "github:index/getTeam:getTeam", provider: `${provider.urn}::github-provider-id` },
      ]);
    });

    it("puts the org's non-secret values in the environment's variables", () => {
      const variables = (stack: string) =>
        Object.fromEntries(
          byType(run(stack), "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable")
            .filter((v) => v.inputs.environment === stack)
            .map((v) => [v.inputs.variableName, [v.inputs.environment, v.inputs.value]]),
        );
      expect(variables("dev")).to.deep.equal({
        OKTA_ORG_NAME: ["dev", "dev-123456"],
        OKTA_BASE_URL: ["dev", "okta.com"],
        PULUMI_STACK: ["dev", "dev"],
        PULUMI_DEPLOYMENTS_RUN_UP: ["dev", "true"],
        // Prod, which manages Pulumi Cloud's teams, names none: its deploy job gets an organization token.
        PULUMI_TEAM: ["dev", "dev-deploy"],
      });
      expect(variables("prod")).to.deep.equal({
        OKTA_ORG_NAME: ["prod", "dev-987654"],
        OKTA_BASE_URL: ["prod", "okta.com"],
        PULUMI_STACK: ["prod", "prod"],
        PULUMI_DEPLOYMENTS_RUN_UP: ["prod", "false"],
      });
      expect(byType(run("prod"), "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret")).to.deep.equal([]);
    });

    // A dev stack may hold its own org's service app; a prod-profile stack may not (config.spec.ts).
    it("stores the org's credentials as environment secrets when the stack holds them", async () => {
      const oauth = await runStack("dev", {
        config: {
          "okta-mmod:clientId": "0oa1b2c3",
          "okta-mmod:scopes": '["okta.groups.manage"]',
          "okta-mmod:privateKeyId": "kid-7",
        },
        secrets: { ...STACK_SECRETS, "okta-mmod:privateKey": TEST_SECRETS["okta-mmod:privateKey"] },
      });
      const secrets = byType(oauth, "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret");
      expect(secrets.map((s) => [s.name, s.inputs.environment, s.inputs.secretName])).to.deep.equal([
        ["github-secret-okta_api_private_key", "dev", "OKTA_API_PRIVATE_KEY"],
      ]);
      expect(isSecretEnvelope(secrets[0]?.inputs.plaintextValue)).to.equal(true);
      expect(unwrap(secrets[0]?.inputs.plaintextValue)).to.equal(TEST_SECRETS["okta-mmod:privateKey"]);
      const names = byType(oauth, "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable")
        .filter((v) => v.inputs.environment === "dev")
        .map((v) => v.inputs.variableName);
      expect(names.sort()).to.deep.equal([
        "OKTA_API_CLIENT_ID",
        "OKTA_API_PRIVATE_KEY_ID",
        "OKTA_API_SCOPES",
        "OKTA_BASE_URL",
        "OKTA_ORG_NAME",
        "PULUMI_DEPLOYMENTS_RUN_UP",
        "PULUMI_STACK",
        "PULUMI_TEAM",
      ]);
    });

    it("keeps CODEOWNERS over the workflows, every stack file, the guardrails, the profile binding, the drift allowlist, the unmanaged ignore list and the program", () => {
      const codeowners = fs.readFileSync(path.join(PROJECT_DIR, ".github", "CODEOWNERS"), "utf8");
      const owned = codeowners
        .split("\n")
        .filter((l) => l.trim() !== "" && !l.startsWith("#"))
        .map((l) => l.split(/\s+/)[0]);
      expect(owned).to.include.members([
        "/.github/",
        "/Pulumi.*.yaml",
        "/policy-pack/",
        "/config/stackProfiles.ts",
        "/drift-allowlist.yaml",
        "/index.ts",
        "/components/",
        "/definitions/",
        "/config/",
        "/package-lock.json",
        "/tools/",
        "/unmanaged-ignore.yaml",
      ]);
    });
  });

  describe("code owners over everything a credentialed job runs", () => {
    /**
     * What runs where a write credential or an OIDC token is held (deploy, drift): the program and its policy pack
     * (`pulumi up`), the build, and the tools the workflows start, with every repository file they import, and
     * the files that decide how those run (Node version, npm and TypeScript settings, the lock files). A change to
     * any of them reaches prod on the next deploy, so none may merge with a review that is not the code owners'.
     */
    const ENTRY_POINTS = [
      "index.ts",
      "policy-pack/index.ts",
      "tools/transpile.mjs",
      "tools/stacks.ts",
      "tools/drift-report.ts",
      "tools/drift-outcome.ts",
      "tools/unmanaged.ts",
    ];
    const RUN_SETTINGS = [
      "Pulumi.yaml",
      "package.json",
      "package-lock.json",
      "tsconfig.json",
      "tsconfig.pulumi.json",
      ".nvmrc",
      ".npmrc",
      "policy-pack/package.json",
      "policy-pack/package-lock.json",
      "policy-pack/tsconfig.json",
      "policy-pack/.npmrc",
    ];

    const executed = () => executedFrom(ENTRY_POINTS);

    /** Whether a CODEOWNERS line's pattern (as this file writes them: anchored paths and folders) owns a file. */
    function ownedBy(pattern: string, file: string): boolean {
      const anchored = pattern.replace(/^\//, "");
      if (pattern === "*") return true;
      return anchored.endsWith("/") ? file.startsWith(anchored) : minimatch(file, anchored, { dot: true });
    }

    it("owns every file a credentialed job runs or is configured by", () => {
      const patterns = fs
        .readFileSync(path.join(PROJECT_DIR, ".github", "CODEOWNERS"), "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "" && !l.startsWith("#"))
        .map((l) => l.split(/\s+/)[0] as string);
      const files = [...executed(), ...RUN_SETTINGS];
      // The walk reaches beyond the program's own folders (so a file outside them cannot slip through unseen).
      expect(files).to.include.members(["offline/stackFile.ts", "config/governance.ts", "drift/report.ts"]);
      expect(files.filter((f) => !patterns.some((p) => ownedBy(p, f)))).to.deep.equal([]);
    });
  });

  describe("Terraform Cloud", () => {
    const workspace = (stack: string) => find(run(stack), "tfe:index/workspace:Workspace", "tfc-workspace").inputs;

    it("follows each stack's branch, plans pull requests, auto-applies in dev only, assesses prod", () => {
      const common = {
        organization: "iatcore",
        projectId: "tfc-project-id",
        speculativeEnabled: true,
        autoApplyRunTrigger: false,
        allowDestroyPlan: false,
        forceDelete: false,
        globalRemoteState: false,
        queueAllRuns: false,
      };
      expect(workspace("dev")).to.deep.equal({
        ...common,
        name: "okta-terraform-ref-dev",
        description: "Okta org managed by okta-mmod, from the preview branch",
        vcsRepo: { identifier: "iatcore/okta-mmod", branch: "preview", oauthTokenId: "ot-iatcoreGitHubVcs" },
        autoApply: true,
        assessmentsEnabled: false,
      });
      expect(workspace("prod")).to.deep.equal({
        ...common,
        name: "okta-terraform-ref-prod",
        description: "Okta org managed by okta-mmod, from the prod branch",
        vcsRepo: { identifier: "iatcore/okta-mmod", branch: "prod", oauthTokenId: "ot-iatcoreGitHubVcs" },
        autoApply: false,
        assessmentsEnabled: true,
      });
    });

    it("emails prod's drift and failed assessments to Terraform Cloud users: no secret, no URL", () => {
      const notification = find(
        run("prod"),
        "tfe:index/notificationConfiguration:NotificationConfiguration",
        "tfc-drift-notification",
      );
      expect(notification.inputs).to.deep.equal({
        name: "drift and failed assessments",
        workspaceId: "tfc-workspace-id",
        destinationType: "email",
        emailUserIds: ["user-iatcoreOktaAdmin"],
        enabled: true,
        triggers: ["assessment:drifted", "assessment:failed", "assessment:check_failure"],
      });
      // The SDK's own (the token a generic webhook signs with); no URL.
      expect(notification.additionalSecretOutputs).to.deep.equal(["token", "tokenWo"]);
      expect(byType(run("dev"), "tfe:index/notificationConfiguration:NotificationConfiguration")).to.deep.equal([]);
    });

    it("posts a dev stack's drift to its webhook, the URL a secret in inputs and state", async () => {
      const delivery = {
        repository: "iatcore/okta-mmod",
        branch: "preview",
        github: {},
        terraformCloud: {
          organization: "iatcore",
          oauthTokenId: "ot-iatcoreGitHubVcs",
          notification: { type: "slack" },
        },
        deployments: { organization: "iatcore" },
      };
      const dev = await runStack("dev", { config: { "okta-mmod:delivery": JSON.stringify(delivery) } });
      const posted = find(
        dev,
        "tfe:index/notificationConfiguration:NotificationConfiguration",
        "tfc-drift-notification",
      );
      expect(unwrap(posted.inputs)).to.deep.equal({
        name: "drift and failed assessments",
        workspaceId: "tfc-workspace-id",
        destinationType: "slack",
        url: TEST_SECRETS["okta-mmod:tfcNotificationUrl"],
        enabled: true,
        triggers: ["assessment:drifted", "assessment:failed", "assessment:check_failure"],
      });
      expect(isSecretEnvelope(posted.inputs.url)).to.equal(true);
      expect(posted.additionalSecretOutputs).to.deep.equal(["url", "token", "tokenWo"]);
    });

    it("declares the reference's org variables, the token as a sensitive variable", async () => {
      const withToken = await runStack("dev", {
        secrets: { ...STACK_SECRETS, "okta-mmod:apiToken": TEST_SECRETS["okta-mmod:apiToken"] },
      });
      const variables = byType(withToken, "tfe:index/variable:Variable").map((v) => ({
        key: v.inputs.key,
        value: unwrap(v.inputs.value),
        sensitive: v.inputs.sensitive,
        category: v.inputs.category,
      }));
      expect(variables.sort((a, b) => String(a.key).localeCompare(String(b.key)))).to.deep.equal([
        { key: "api_token", value: TEST_SECRETS["okta-mmod:apiToken"], sensitive: true, category: "terraform" },
        { key: "base_url", value: "okta.com", sensitive: false, category: "terraform" },
        { key: "org_name", value: "dev-123456", sensitive: false, category: "terraform" },
      ]);
      for (const v of byType(withToken, "tfe:index/variable:Variable")) {
        expect(isSecretEnvelope(v.inputs.value), String(v.inputs.key)).to.equal(true);
      }
    });

    it("registers the tokens and package reference the generated SDK would", () => {
      const prod = run("prod");
      const tfeTypes = [...new Set(prod.registrations.filter((r) => r.type.includes("tfe")).map((r) => r.type))].sort();
      expect(tfeTypes).to.deep.equal([
        "pulumi:providers:tfe",
        "tfe:index/notificationConfiguration:NotificationConfiguration",
        "tfe:index/project:Project",
        "tfe:index/variable:Variable",
        "tfe:index/workspace:Workspace",
      ]);
      for (const r of prod.registrations.filter((x) => x.type.includes("tfe"))) {
        expect(r.packageRef, r.urn).to.equal("mock-uuid");
      }
      for (const r of prod.registrations.filter((x) => x.type.startsWith("okta:") || x.type.startsWith("github:"))) {
        expect(r.packageRef, r.urn).to.equal("");
      }
      expect(prod.packages).to.have.length(1);
      const pkg = prod.packages[0] as (typeof prod.packages)[number];
      expect({ ...pkg, parameter: JSON.parse(Buffer.from(pkg.parameter, "base64").toString("utf8")) }).to.deep.equal({
        baseProvider: "terraform-provider",
        baseProviderVersion: "1.4.0",
        name: "tfe",
        version: "0.71.0",
        parameter: TFE_PARAMETER,
      });
    });

    it("keeps sdks/tfe/package.json and the Pulumi.yaml packages entry in step with the registration", () => {
      const sdk = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "sdks", "tfe", "package.json"), "utf8")) as {
        name: string;
        main: string;
        scripts: Record<string, string>;
        pulumi: {
          resource: boolean;
          name: string;
          version: string;
          parameterization: { name: string; version: string; value: string };
        };
      };
      expect([sdk.name, sdk.main, sdk.scripts.postinstall]).to.deep.equal(["@pulumi/tfe", "bin/index.js", "tsc"]);
      expect({ ...sdk.pulumi, parameterization: { ...sdk.pulumi.parameterization, value: "" } }).to.deep.equal({
        resource: true,
        name: "terraform-provider",
        version: "1.4.0",
        parameterization: { name: "tfe", version: "0.71.0", value: "" },
      });
      expect(JSON.parse(Buffer.from(sdk.pulumi.parameterization.value, "base64").toString("utf8"))).to.deep.equal(
        TFE_PARAMETER,
      );
      const project = parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8")) as { packages: unknown };
      expect(project.packages).to.deep.equal({
        tfe: { source: "terraform-provider", version: "1.4.0", parameters: ["hashicorp/tfe", "0.71.0"] },
      });
      const root = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as {
        dependencies: Record<string, string>;
      };
      expect(root.dependencies["@pulumi/tfe"]).to.equal("file:sdks/tfe");
    });
  });

  describe("Pulumi Deployments", () => {
    const settings = (stack: string) =>
      find(run(stack), "pulumiservice:index:DeploymentSettings", "deployments-settings").inputs;

    it("never previews pull requests (unreviewed code with a stack write token), deploys on push in dev only, and only for program changes", () => {
      const expected = (stack: string, branch: string, deployCommits: boolean) => ({
        organization: "iatcore",
        project: "okta-mmod",
        stack,
        sourceContext: { git: { branch: `refs/heads/${branch}`, repoDir: "." } },
        vcs: {
          provider: "github",
          repository: "iatcore/okta-mmod",
          deployCommits,
          previewPullRequests: false,
          pullRequestTemplate: false,
          paths: [
            "index.ts",
            "components/**",
            "config/**",
            "definitions/**",
            "offline/**",
            "sdks/**",
            "package.json",
            "package-lock.json",
            "tsconfig.json",
            "tsconfig.pulumi.json",
            "Pulumi.yaml",
            `Pulumi.${stack}.yaml`,
            `stack-apps/${stack}.yaml`,
            ".npmrc",
            ".nvmrc",
            "policy-pack/lib/publicHost.ts",
          ],
        },
        operationContext: { options: { skipInstallDependencies: false } },
      });
      expect(settings("dev")).to.deep.equal(expected("dev", "preview", true));
      expect(settings("prod")).to.deep.equal(expected("prod", "prod", false));
    });

    it("deploys on a change to any file the program runs or reads, and to the stack's own apps file", () => {
      const paths = (settings("dev").vcs as { paths: string[] }).paths;
      const covered = (file: string) => paths.some((p) => minimatch(file, p, { dot: true }));
      const read = [...executedFrom(["index.ts"]), "stack-apps/dev.yaml", ".npmrc", ".nvmrc", "Pulumi.dev.yaml"];
      expect(read).to.include("offline/stackFile.ts");
      expect(read.filter((f) => !covered(f))).to.deep.equal([]);
      expect(covered("stack-apps/prod.yaml")).to.equal(false);
    });

    it("checks prod for drift every day at 09:00 New York (13:00 UTC in summer), never remediating by itself", () => {
      const drift = find(run("prod"), "pulumiservice:index:DriftSchedule", "deployments-drift");
      expect(drift.inputs).to.deep.equal({
        organization: "iatcore",
        project: "okta-mmod",
        stack: "prod",
        scheduleCron: "0 13 * * *",
        autoRemediate: false,
      });
      expect(drift.dependencies).to.include(
        find(run("prod"), "pulumiservice:index:DeploymentSettings", "deployments-settings").urn,
      );
      expect(byType(run("dev"), "pulumiservice:index:DriftSchedule")).to.deep.equal([]);
    });

    it("runs in the configured executor image", async () => {
      const file = parse(fs.readFileSync(path.join(FIXTURE_DIR, "Pulumi.prod.yaml"), "utf8")) as {
        config: Record<string, Record<string, Record<string, unknown>>>;
      };
      const delivery = structuredClone(file.config["okta-mmod:delivery"]) as Record<string, Record<string, unknown>>;
      (delivery.deployments as Record<string, unknown>).executorImage = "pulumi/pulumi-nodejs-22:3.270.0";
      const withImage = await runStack("prod", { config: { "okta-mmod:delivery": JSON.stringify(delivery) } });
      expect(
        find(withImage, "pulumiservice:index:DeploymentSettings", "deployments-settings").inputs.executorContext,
      ).to.deep.equal({
        executorImage: "pulumi/pulumi-nodejs-22:3.270.0",
      });
      expect(settings("prod").executorContext).to.equal(undefined);
    });

    it("tags each stack with its environment", () => {
      for (const stack of ["dev", "prod"]) {
        expect(find(run(stack), "pulumiservice:index:StackTag", "deployments-tag-environment").inputs).to.deep.equal({
          organization: "iatcore",
          project: "okta-mmod",
          stack,
          name: "environment",
          value: stack,
        });
      }
    });
  });

  describe("across stacks", () => {
    it("gives every delivery resource its own system's explicit provider", () => {
      for (const stack of ["dev", "prod"]) {
        const providerOf = (type: string, name: string) => `${find(run(stack), type, name).urn}::${name}-id`;
        const expected: Record<string, string> = {
          github: providerOf("pulumi:providers:github", "github-provider"),
          tfe: providerOf("pulumi:providers:tfe", "tfc-provider"),
          pulumiservice: providerOf("pulumi:providers:pulumiservice", "deployments-provider"),
        };
        const delivery = run(stack).registrations.filter(isDelivery);
        expect(delivery.length).to.equal(stack === "dev" ? 18 : 40);
        for (const r of delivery) {
          expect(r.provider, r.urn).to.equal(expected[r.type.split(":")[0] as string]);
        }
      }
    });

    it("declares no outside object in two stacks", () => {
      const dev = naturalKeys(run("dev"));
      const prod = naturalKeys(run("prod"));
      expect(new Set(dev).size).to.equal(dev.length);
      expect(new Set(prod).size).to.equal(prod.length);
      expect(dev.filter((k) => prod.includes(k))).to.deep.equal([]);
      expect(dev.length + prod.length).to.equal(18 + 26);
    });

    it("gives no provider a write credential, even with the deploy job's variables set: the state never holds one", async () => {
      // The deploy job's environment: @pulumi/github would copy GITHUB_TOKEN into its provider's inputs. Every
      // write credential the deploy job sets (config/credentials.ts), the Okta service app's included: a provider
      // SDK that starts copying one of them into the state fails here.
      const variables: Record<string, string> = {
        GITHUB_TOKEN: "ghp_env-5d1a",
        TFE_TOKEN: "tfe-env-77b0",
        PULUMI_ACCESS_TOKEN: "pul-env-3c9e",
        OKTA_API_CLIENT_ID: "0oa-env-client-41c2",
        OKTA_API_PRIVATE_KEY_ID: "kid-env-0b7e",
        OKTA_API_SCOPES: "okta.groups.manage,okta.apps.manage-env-9a13",
        OKTA_API_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----env-key-6f20-----END PRIVATE KEY-----",
        OKTA_API_TOKEN: "00env-api-token-c58d",
      };
      expect(Object.keys(variables).sort()).to.deep.equal(
        [...Object.values(DELIVERY_TOKENS).map((t) => t.variable), ...Object.values(OKTA_PROVIDER_KEYS)].sort(),
      );
      const saved = Object.fromEntries(Object.keys(variables).map((k) => [k, process.env[k]]));
      Object.assign(process.env, variables);
      let withVariables: ProgramRun;
      let afterRun: string | undefined;
      try {
        withVariables = await runStack("prod");
        afterRun = process.env.GITHUB_TOKEN;
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
      const providers = byType(withVariables, "pulumi:providers:github")
        .concat(byType(withVariables, "pulumi:providers:tfe"), byType(withVariables, "pulumi:providers:pulumiservice"))
        .map((r) => [r.type, Object.keys(r.inputs).filter((k) => /token/i.test(k))]);
      expect(providers).to.deep.equal([
        ["pulumi:providers:github", []],
        ["pulumi:providers:tfe", []],
        ["pulumi:providers:pulumiservice", []],
      ]);
      const everything = JSON.stringify(withVariables.registrations);
      for (const value of Object.values(variables)) expect(everything).not.to.contain(value);
      // The program hides the variable from itself only while it declares the provider.
      expect(afterRun).to.equal(variables.GITHUB_TOKEN);
    });
  });

  describe("toggles", () => {
    // The dev stack: a prod stack may not switch its GitHub environment off (see the last cases).
    const withDelivery = async (change: (d: Record<string, Record<string, unknown>>) => void, stack = "dev") => {
      const file = parse(fs.readFileSync(path.join(FIXTURE_DIR, `Pulumi.${stack}.yaml`), "utf8")) as {
        config: Record<string, unknown>;
      };
      const delivery = structuredClone(file.config["okta-mmod:delivery"]) as Record<string, Record<string, unknown>>;
      change(delivery);
      return runStack(stack, { config: { "okta-mmod:delivery": JSON.stringify(delivery) } });
    };
    const without = (counts: Record<string, number>, prefixes: string[]) =>
      Object.fromEntries(Object.entries(counts).filter(([t]) => !prefixes.some((p) => t.startsWith(p))));

    for (const [part, prefixes] of [
      ["github", ["github:", "pulumi:providers:github", "okta-mmod:delivery:GitHubDelivery"]],
      ["terraformCloud", ["tfe:", "pulumi:providers:tfe", "okta-mmod:delivery:TerraformCloudWorkspace"]],
      ["deployments", ["pulumiservice:", "pulumi:providers:pulumiservice", "okta-mmod:delivery:PulumiDeployments"]],
    ] as const) {
      it(`enabled: false on ${part} removes exactly its part`, async () => {
        const toggled = await withDelivery((d) => {
          (d[part] as Record<string, unknown>).enabled = false;
        });
        const expected = without(countByType(run("dev")), [...prefixes]);
        // Without Pulumi Cloud the two environments name no Pulumi team to log in as.
        const variable = "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable";
        if (part === "deployments") expected[variable] = (expected[variable] ?? 0) - 2;
        expect(countByType(toggled)).to.deep.equal(expected);
      });
    }

    const refusal = async (run: Promise<unknown>): Promise<string> => {
      try {
        await run;
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error("expected the stack to be refused");
    };

    it("refuses a prod stack without its managed GitHub environment, or with deploy on push", async () => {
      expect(
        await refusal(
          withDelivery((d) => {
            (d.github as Record<string, unknown>).enabled = false;
            (d.deployments as Record<string, unknown>).deployOnPush = true;
          }, "prod"),
        ),
      ).to.equal(
        [
          'Stack "prod" has 2 configuration problems:',
          `  - okta-mmod:delivery.github.enabled: got false; expected true or nothing: a prod stack deploys only through a protected GitHub environment the program manages`,
          "  - okta-mmod:delivery.deployments.deployOnPush: got true; expected false or nothing: a prod stack deploys only through its protected GitHub environment, after a reviewer approves",
        ].join("\n"),
      );
      expect(await refusal(runStack("prod", { remove: ["okta-mmod:delivery"] }))).to.equal(
        [
          'Stack "prod" has 1 configuration problem:',
          "  - okta-mmod:delivery: got nothing (the key is not set); expected the stack's delivery settings with a github section (and reviewerTeams): a prod stack deploys only through a protected GitHub environment the program manages",
        ].join("\n"),
      );
    });

    it("without a delivery section a dev stack declares its Okta org only", async () => {
      const okta = await runStack("dev", { remove: ["okta-mmod:delivery"] });
      expect(okta.registrations.filter(isDelivery)).to.deep.equal([]);
      expect(okta.invocations).to.deep.equal([
        {
          token: "okta:group/getEveryoneGroup:getEveryoneGroup",
          provider: `${find(okta, "pulumi:providers:okta", "org-provider").urn}::org-provider-id`,
        },
      ]);
    });
  });
});
