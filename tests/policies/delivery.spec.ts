import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import {
  DEPLOYMENT_ENVIRONMENT_TYPES,
  deploymentsNoEnvironmentVariables,
} from "../../policy-pack/deployments/noEnvironmentVariables";
import { isDailyCron, prodDriftSchedule } from "../../policy-pack/deployments/prodDriftSchedule";
import { oktaSecretsInEnvironments } from "../../policy-pack/github/oktaSecretsInEnvironments";
import { prodBranchAdminsEnforced } from "../../policy-pack/github/prodBranchAdminsEnforced";
import { prodBranchHygiene } from "../../policy-pack/github/prodBranchHygiene";
import { prodBranchNoForcePush } from "../../policy-pack/github/prodBranchNoForcePush";
import { prodBranchReviews } from "../../policy-pack/github/prodBranchReviews";
import { prodBranchReviewsRecommended } from "../../policy-pack/github/prodBranchReviewsRecommended";
import { prodBranchStatusChecks } from "../../policy-pack/github/prodBranchStatusChecks";
import { prodEnvironmentProtection } from "../../policy-pack/github/prodEnvironmentProtection";
import { repositoryPrivate } from "../../policy-pack/github/repositoryPrivate";
import { repositorySecretScanning } from "../../policy-pack/github/secretScanning";
import { variableSensitiveSecrets } from "../../policy-pack/tfc/variableSensitiveSecrets";
import { workspaceDriftAssessments } from "../../policy-pack/tfc/workspaceDriftAssessments";
import { workspaceExplicitBranch } from "../../policy-pack/tfc/workspaceExplicitBranch";
import { workspaceManualApply } from "../../policy-pack/tfc/workspaceManualApply";
import { workspaceNoDestructiveSettings } from "../../policy-pack/tfc/workspaceNoDestructiveSettings";
import { workspaceSpeculativePlans } from "../../policy-pack/tfc/workspaceSpeculativePlans";
import { PROJECT_DIR } from "../support";
import { UNKNOWN, UNKNOWN_LIST, messages, policyCases, resource, verdicts } from "./harness";

const REPO = "github:index/repository:Repository";
const PROTECTION = "github:index/branchProtection:BranchProtection";
const RULESET = "github:index/repositoryRuleset:RepositoryRuleset";
const ENVIRONMENT = "github:index/repositoryEnvironment:RepositoryEnvironment";
const WORKSPACE = "tfe:index/workspace:Workspace";
/** Where the branch-guardrail's message says the expected branch is set, and where the workspace's comes from. */
const BRANCH_SET_IN =
  "the profile's branch: \"branch\" under tfc-workspace-explicit-branch in policy-pack/config/<profile>.json; the workspace follows the stack's okta-mmod:delivery.branch";

const PROD_PROTECTION = {
  repositoryId: "R_1",
  pattern: "prod",
  allowsForcePushes: false,
  allowsDeletions: false,
  enforceAdmins: true,
  requireSignedCommits: true,
  requiredLinearHistory: true,
  requireConversationResolution: true,
  requiredPullRequestReviews: [
    {
      requiredApprovingReviewCount: 2,
      dismissStaleReviews: true,
      requireLastPushApproval: true,
      requireCodeOwnerReviews: true,
    },
  ],
  requiredStatusChecks: [{ strict: true, contexts: ["test", "preview"] }],
};

const PROD_RULESET = {
  name: "prod",
  repository: "okta-mmod",
  target: "branch",
  enforcement: "active",
  conditions: { refName: { includes: ["refs/heads/prod"], excludes: [] } },
  bypassActors: [],
  rules: {
    deletion: true,
    nonFastForward: true,
    requiredSignatures: true,
    requiredLinearHistory: true,
    pullRequest: {
      requiredApprovingReviewCount: 2,
      dismissStaleReviewsOnPush: true,
      requireLastPushApproval: true,
      requireCodeOwnerReview: true,
      requiredReviewThreadResolution: true,
    },
    requiredStatusChecks: {
      strictRequiredStatusChecksPolicy: true,
      requiredChecks: [{ context: "test" }, { context: "preview" }],
    },
  },
};

const PROD_ENVIRONMENT = {
  repository: "okta-mmod",
  environment: "prod",
  reviewers: [{ teams: [42] }],
  preventSelfReview: true,
  canAdminsBypass: false,
  deploymentBranchPolicy: { protectedBranches: true, customBranchPolicies: false },
};

const PROD_WORKSPACE = {
  name: "okta-terraform-ref-prod",
  autoApply: false,
  autoApplyRunTrigger: false,
  speculativeEnabled: true,
  assessmentsEnabled: true,
  allowDestroyPlan: false,
  vcsRepo: { identifier: "org/okta-mmod", branch: "prod", oauthTokenId: "ot-1" },
};

describe("guardrails: GitHub", () => {
  policyCases(repositoryPrivate, REPO, { name: "okta-mmod", visibility: "private" }, [
    {
      name: "reports a public repository",
      change: { visibility: "public" },
      expected: ['visibility is "public": use "private" or "internal"'],
    },
    {
      name: "treats omitted visibility as public",
      change: { visibility: undefined },
      expected: ['visibility is unset, so public: use "private" or "internal"'],
    },
    {
      name: "accepts the deprecated private flag",
      context: { private: true },
      change: { visibility: undefined },
      expected: [],
    },
    { name: "accepts internal", change: { visibility: "internal" }, expected: [] },
  ]);

  policyCases(prodBranchNoForcePush, PROTECTION, PROD_PROTECTION, [
    {
      name: "reports force pushes on prod",
      change: { allowsForcePushes: true },
      expected: ['branch protection "prod" allows force pushes'],
    },
    {
      name: "reports deletion of prod",
      change: { allowsDeletions: true },
      expected: ['branch protection "prod" allows deleting the branch'],
    },
    {
      name: "ignores branches that are not prod",
      context: { pattern: "preview" },
      change: { allowsForcePushes: true },
      expected: [],
    },
  ]);

  policyCases(prodBranchNoForcePush, RULESET, PROD_RULESET, [
    {
      name: "reports a ruleset without the non-fast-forward and deletion rules",
      change: { rules: { pullRequest: PROD_RULESET.rules.pullRequest, deletion: false } },
      expected: ['ruleset "prod" allows force pushes', 'ruleset "prod" allows deleting the branch'],
    },
  ]);

  policyCases(prodBranchReviews, PROTECTION, PROD_PROTECTION, [
    {
      name: "reports missing reviews",
      change: { requiredPullRequestReviews: undefined },
      expected: ['branch protection "prod" does not require pull request reviews'],
    },
    {
      name: "reports reviews without stale dismissal, last-push approval and code owners (omitted: off)",
      change: { requiredPullRequestReviews: [{ requiredApprovingReviewCount: 1 }] },
      expected: [
        'branch protection "prod" keeps approvals after new commits (dismiss stale reviews is off)',
        'branch protection "prod" does not require approval of the most recent push',
        'branch protection "prod" does not require code owner reviews',
      ],
    },
  ]);

  policyCases(prodBranchReviews, RULESET, PROD_RULESET, [
    {
      name: "reports a ruleset requiring no approvals",
      change: {
        rules: {
          ...PROD_RULESET.rules,
          pullRequest: { ...PROD_RULESET.rules.pullRequest, requiredApprovingReviewCount: 0 },
        },
      },
      expected: ['ruleset "prod" requires 0 approving reviews, fewer than 1'],
    },
  ]);

  it("github-prod-branch-reviews checks CODEOWNERS for policy-pack/ and Pulumi.prod.yaml", async () => {
    const file = (content: string) =>
      messages(prodBranchReviews, "github:index/repositoryFile:RepositoryFile", {
        file: ".github/CODEOWNERS",
        content,
      });
    expect(await file("/policy-pack/ @org/identity\nPulumi.prod.yaml @org/identity\n")).to.deep.equal([]);
    expect(await file("* @org/everyone\n")).to.deep.equal([
      "CODEOWNERS has no owner for policy-pack/",
      "CODEOWNERS has no owner for Pulumi.prod.yaml",
    ]);
    expect(
      await messages(prodBranchReviews, "github:index/repositoryFile:RepositoryFile", {
        file: "README.md",
        content: "",
      }),
    ).to.deep.equal([]);
  });

  policyCases(prodBranchReviewsRecommended, PROTECTION, PROD_PROTECTION, [
    {
      name: "recommends two approvals (the provider default is one)",
      change: { requiredPullRequestReviews: [{ dismissStaleReviews: true }] },
      expected: ['branch protection "prod" requires 1 approving reviews, fewer than 2'],
    },
  ]);

  policyCases(prodBranchStatusChecks, PROTECTION, PROD_PROTECTION, [
    {
      name: "reports no status checks",
      change: { requiredStatusChecks: undefined },
      expected: ['branch protection "prod" requires no status checks'],
    },
    {
      name: "reports non-strict checks missing the preview job",
      change: { requiredStatusChecks: [{ contexts: ["test"] }] },
      expected: [
        'branch protection "prod" does not require branches to be up to date (strict) before merging',
        'branch protection "prod" does not require the status checks: preview',
      ],
    },
    {
      name: "checks the configured job names",
      change: {},
      config: { requiredChecks: ["test", "preview", "plan"] },
      expected: ['branch protection "prod" does not require the status checks: plan'],
    },
  ]);

  policyCases(prodBranchAdminsEnforced, PROTECTION, PROD_PROTECTION, [
    {
      name: "reports rules unknown during preview as not verified (advisory) (they are checked again at up)",
      change: { enforceAdmins: UNKNOWN },
      expected: [
        "(advisory) could not be verified at preview: enforceAdmins is unknown (`pulumi up` checks it with the value known)",
      ],
    },
    {
      name: "treats omitted enforceAdmins as off",
      change: { enforceAdmins: undefined },
      expected: ['branch protection "prod" does not apply to administrators'],
    },
    {
      name: "reports bypass actors",
      change: { forcePushBypassers: ["/octocat"] },
      expected: ['branch protection "prod" lets these bypass it: /octocat'],
    },
  ]);

  policyCases(prodBranchAdminsEnforced, RULESET, PROD_RULESET, [
    {
      name: "reports ruleset bypass actors",
      change: { bypassActors: [{ actorId: 5, actorType: "RepositoryRole", bypassMode: "always" }] },
      expected: [
        'ruleset "prod" does not apply to administrators',
        'ruleset "prod" lets these bypass it: RepositoryRole:5',
      ],
    },
  ]);

  policyCases(prodBranchHygiene, PROTECTION, PROD_PROTECTION, [
    {
      name: "treats omitted signed commits as off",
      change: { requireSignedCommits: undefined },
      expected: ['branch protection "prod" does not require signed commits'],
    },
    {
      name: "reports merge commits allowed",
      change: { requiredLinearHistory: false },
      expected: ['branch protection "prod" does not require linear history'],
    },
    {
      name: "treats omitted conversation resolution as off",
      change: { requireConversationResolution: undefined },
      expected: ['branch protection "prod" does not require conversations to be resolved'],
    },
  ]);

  policyCases(prodEnvironmentProtection, ENVIRONMENT, PROD_ENVIRONMENT, [
    {
      name: "reports a prod environment without reviewers",
      change: { reviewers: undefined },
      expected: ['environment "prod" has no required reviewers'],
    },
    {
      name: "treats omitted self-review prevention as off",
      change: { preventSelfReview: undefined },
      expected: ['environment "prod" lets the author of a deployment approve it'],
    },
    {
      name: "treats omitted canAdminsBypass as the provider default, true",
      change: { canAdminsBypass: undefined },
      expected: ['environment "prod" lets admins bypass its protection (canAdminsBypass unset, so true)'],
    },
    {
      name: "reports deployments from any branch",
      change: { deploymentBranchPolicy: undefined },
      expected: [
        'environment "prod" deploys from any branch: set deploymentBranchPolicy.customBranchPolicies (its own branch) or protectedBranches',
      ],
    },
    {
      name: "accepts deployments from the environment's own named branches",
      change: { deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true } },
      expected: [],
    },
    {
      name: "exempts a read-only environment, but no other name",
      context: { environment: "prod-read" },
      change: { reviewers: undefined },
      expected: [],
    },
    {
      name: "needs no reviewers on the drift alerts' environment (a scheduled job nobody approves)",
      context: { environment: "drift-alerts" },
      change: { reviewers: undefined },
      expected: [],
    },
    {
      name: "still refuses admin bypass on the drift alerts' environment",
      context: { environment: "drift-alerts", reviewers: undefined, preventSelfReview: undefined },
      change: { canAdminsBypass: true },
      expected: ['environment "drift-alerts" lets admins bypass its protection (canAdminsBypass true)'],
    },
    {
      name: "still refuses the drift alerts' environment to any branch",
      context: { environment: "drift-alerts", reviewers: undefined, preventSelfReview: undefined },
      change: { deploymentBranchPolicy: undefined },
      expected: [
        'environment "drift-alerts" deploys from any branch: set deploymentBranchPolicy.customBranchPolicies (its own branch) or protectedBranches',
      ],
    },
    {
      name: "checks an environment whose name only contains read",
      context: { environment: "prod-reader" },
      change: { reviewers: undefined },
      expected: ['environment "prod-reader" has no required reviewers'],
    },
    {
      name: "ignores environments that do not deploy to prod (dev profile)",
      context: { environment: "dev" },
      change: { reviewers: undefined },
      config: { prodEnvironments: ["prod"] },
      expected: [],
    },
    {
      name: "checks every environment of a prod stack by default (a second prod org)",
      context: { environment: "prod-eu" },
      change: { reviewers: undefined },
      expected: ['environment "prod-eu" has no required reviewers'],
    },
  ]);

  policyCases(
    repositorySecretScanning,
    REPO,
    {
      name: "okta-mmod",
      visibility: "private",
      securityAndAnalysis: {
        secretScanning: { status: "enabled" },
        secretScanningPushProtection: { status: "enabled" },
      },
    },
    [
      {
        name: "reports scanning off (omitted)",
        change: { securityAndAnalysis: undefined },
        expected: [
          "securityAndAnalysis.secretScanning is not enabled",
          "securityAndAnalysis.secretScanningPushProtection is not enabled",
        ],
      },
      {
        name: "reports settings unknown during preview as not verified (advisory)",
        change: { securityAndAnalysis: UNKNOWN },
        expected: [
          "(advisory) could not be verified at preview: securityAndAnalysis is unknown (`pulumi up` checks it with the value known)",
        ],
      },
    ],
  );

  policyCases(
    oktaSecretsInEnvironments,
    "github:index/actionsSecret:ActionsSecret",
    { repository: "okta-mmod", secretName: "SLACK_WEBHOOK" },
    [
      {
        name: "reports an Okta credential as a repository secret",
        change: { secretName: "OKTA_API_PRIVATE_KEY" },
        expected: [
          "OKTA_API_PRIVATE_KEY is a repository secret: any workflow run can read it; make it an environment secret",
        ],
      },
    ],
  );
});

describe("guardrails: Terraform Cloud", () => {
  policyCases(workspaceManualApply, WORKSPACE, PROD_WORKSPACE, [
    {
      name: "reports auto-apply",
      change: { autoApply: true },
      expected: ["autoApply is true: plans reach the org without review"],
    },
    {
      name: "reports auto-apply on run triggers",
      change: { autoApplyRunTrigger: true },
      expected: ["autoApplyRunTrigger is true: runs started by triggers apply unreviewed"],
    },
  ]);

  policyCases(workspaceSpeculativePlans, WORKSPACE, PROD_WORKSPACE, [
    {
      name: "reports speculative plans off",
      change: { speculativeEnabled: false },
      expected: ["speculativeEnabled is false: pull requests get no plan"],
    },
    { name: "accepts the default (on) when omitted", change: { speculativeEnabled: undefined }, expected: [] },
  ]);

  policyCases(workspaceExplicitBranch, WORKSPACE, PROD_WORKSPACE, [
    {
      name: "reports a VCS connection without a branch",
      change: { vcsRepo: { identifier: "org/okta-mmod", oauthTokenId: "ot-1" } },
      expected: [`vcsRepo.branch is unset: the workspace follows the default branch, set "prod" (${BRANCH_SET_IN})`],
    },
    {
      name: "reports another environment's branch",
      change: { vcsRepo: { ...PROD_WORKSPACE.vcsRepo, branch: "preview" } },
      expected: [`vcsRepo.branch is "preview", expected "prod" (${BRANCH_SET_IN})`],
    },
    {
      name: "accepts the configured branch (dev: preview)",
      change: { vcsRepo: { ...PROD_WORKSPACE.vcsRepo, branch: "preview" } },
      config: { branch: "preview" },
      expected: [],
    },
    {
      name: "reports a branch unknown during preview as not verified (advisory)",
      change: { vcsRepo: { ...PROD_WORKSPACE.vcsRepo, branch: UNKNOWN } },
      expected: [
        "(advisory) could not be verified at preview: vcsRepo.branch is unknown (`pulumi up` checks it with the value known)",
      ],
    },
  ]);

  it("tfc-workspace-drift-assessments passes a workspace with assessments and both notifications", async () => {
    const ws = resource(WORKSPACE, "ws", PROD_WORKSPACE);
    const notify = resource(
      "tfe:index/notificationConfiguration:NotificationConfiguration",
      "notify",
      { workspaceId: UNKNOWN, enabled: true, triggers: ["assessment:drifted", "assessment:failed", "run:errored"] },
      { propertyDependencies: { workspaceId: [ws.urn] } },
    );
    expect(await verdicts(workspaceDriftAssessments, [ws, notify])).to.deep.equal([]);
  });

  it("tfc-workspace-drift-assessments reports notification triggers unknown during preview as not verified", async () => {
    const ws = resource(WORKSPACE, "ws", PROD_WORKSPACE);
    const notify = resource(
      "tfe:index/notificationConfiguration:NotificationConfiguration",
      "notify",
      { workspaceId: UNKNOWN, enabled: true, triggers: UNKNOWN_LIST },
      { propertyDependencies: { workspaceId: [ws.urn] } },
    );
    expect(await verdicts(workspaceDriftAssessments, [ws, notify])).to.deep.equal([
      {
        policy: "tfc-workspace-drift-assessments",
        level: "advisory",
        urn: notify.urn,
        message: "could not be verified at preview: triggers is unknown (`pulumi up` checks it with the value known)",
      },
    ]);
  });

  it("tfc-workspace-drift-assessments reports assessments off and missing or disabled notifications", async () => {
    const ws = resource(WORKSPACE, "ws", { ...PROD_WORKSPACE, assessmentsEnabled: undefined });
    const disabled = resource(
      "tfe:index/notificationConfiguration:NotificationConfiguration",
      "notify",
      { workspaceId: "ws-id", enabled: false, triggers: ["assessment:drifted", "assessment:failed"] },
      { propertyDependencies: { workspaceId: [ws.urn] } },
    );
    const partial = resource("tfe:index/notificationConfiguration:NotificationConfiguration", "notify-2", {
      workspaceId: "ws-id",
      triggers: ["assessment:drifted"],
    });
    const wsWithId = { ...ws, outputs: { ...ws.outputs, id: "ws-id" } };
    expect(
      (await verdicts(workspaceDriftAssessments, [wsWithId, disabled, partial])).map((v) => v.message),
    ).to.deep.equal([
      "workspace ws has health assessments off (assessmentsEnabled)",
      "workspace ws has no enabled notification for assessment:failed",
    ]);
  });

  policyCases(
    variableSensitiveSecrets,
    "tfe:index/variable:Variable",
    { key: "api_token", value: "x", sensitive: true, category: "terraform" },
    [
      {
        name: "reports a token that is not sensitive (omitted: false)",
        change: { sensitive: undefined },
        expected: ["variable api_token holds a credential but is not sensitive"],
      },
      {
        name: "matches keys case-insensitively",
        context: { key: "org_name", sensitive: false },
        change: { key: "OKTA_PRIVATE_KEY" },
        expected: ["variable OKTA_PRIVATE_KEY holds a credential but is not sensitive"],
      },
      { name: "ignores ordinary variables", context: { key: "org_name" }, change: { sensitive: false }, expected: [] },
      {
        name: "reports sensitivity unknown during preview as not verified (advisory)",
        change: { sensitive: UNKNOWN },
        expected: [
          "(advisory) could not be verified at preview: sensitive is unknown (`pulumi up` checks it with the value known)",
        ],
      },
    ],
  );

  policyCases(workspaceNoDestructiveSettings, WORKSPACE, PROD_WORKSPACE, [
    {
      name: "treats omitted allowDestroyPlan as the provider default, true",
      change: { allowDestroyPlan: undefined },
      expected: ["allowDestroyPlan is unset, so true: a destroy plan could delete the org's objects"],
    },
    {
      name: "reports force delete",
      change: { forceDelete: true },
      expected: ["forceDelete is true: the workspace can be deleted while it manages resources"],
    },
    {
      name: "reports allowDestroyPlan unknown during preview as not verified (advisory)",
      change: { allowDestroyPlan: UNKNOWN },
      expected: [
        "(advisory) could not be verified at preview: allowDestroyPlan is unknown (`pulumi up` checks it with the value known)",
      ],
    },
    {
      name: "reports global remote state",
      change: { globalRemoteState: true },
      expected: ["globalRemoteState is true: every workspace of the organization can read this state"],
    },
  ]);
});

describe("guardrails: Pulumi Deployments", () => {
  const settings = resource("pulumiservice:index:DeploymentSettings", "settings", { stack: "prod" });
  const schedule = (props: Record<string, unknown>) => resource("pulumiservice:index:DriftSchedule", "drift", props);

  it("deployments-prod-drift-schedule passes a daily schedule without auto-remediation", async () => {
    expect(
      await verdicts(prodDriftSchedule, [settings, schedule({ scheduleCron: "0 13 * * *", autoRemediate: false })]),
    ).to.deep.equal([]);
    expect(await verdicts(prodDriftSchedule, [])).to.deep.equal([]);
  });

  it("deployments-prod-drift-schedule reports auto-remediation, a non-daily cron and Deployments without a schedule", async () => {
    const found = await verdicts(prodDriftSchedule, [schedule({ scheduleCron: "0 13 * * 1", autoRemediate: true })]);
    expect(found.map((v) => v.message)).to.deep.equal([
      "drift has autoRemediate: true: drift would be reverted without review",
      'drift runs on "0 13 * * 1", not once a day',
    ]);
    expect((await verdicts(prodDriftSchedule, [settings])).map((v) => v.message)).to.deep.equal([
      "the stack uses Pulumi Deployments but declares no DriftSchedule",
    ]);
  });

  it("deployments-prod-drift-schedule with requireSchedule off (the dev profile): no schedule is fine, a bad one is not", async () => {
    const off = { requireSchedule: false };
    expect(await verdicts(prodDriftSchedule, [settings], off)).to.deep.equal([]);
    const found = await verdicts(
      prodDriftSchedule,
      [settings, schedule({ scheduleCron: "0 13 * * *", autoRemediate: true })],
      off,
    );
    expect(found.map((v) => v.message)).to.deep.equal([
      "drift has autoRemediate: true: drift would be reverted without review",
    ]);
  });

  it("recognises daily crons", () => {
    expect(["0 13 * * *", "30 9 * * *", "0 */6 * * *", "0 13 * * 1-5", "@daily"].map(isDailyCron)).to.deep.equal([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe("guardrails: no Deployments environment variables in a program (D02)", () => {
  const SETTINGS = "pulumiservice:index:DeploymentSettings";
  /** The settings as components/delivery/deployments.ts declares them (fields of the SDK's DeploymentSettingsArgs). */
  const OURS = {
    organization: "iatcore",
    project: "okta-mmod",
    stack: "prod",
    sourceContext: { git: { branch: "refs/heads/prod", repoDir: "." } },
    vcs: { provider: "github", repository: "iatcore/okta-mmod", deployCommits: false, previewPullRequests: false },
    operationContext: { options: { skipInstallDependencies: false } },
  };
  const REMEDY =
    "a Deployments variable declared here is kept in the stack's state, which every stack reader decrypts; set it by hand in the stack's Deployments settings instead";
  const check = (type: string, props: Record<string, unknown>) =>
    messages(deploymentsNoEnvironmentVariables, type, props);

  it("passes the program's own settings, and settings whose variables are empty", async () => {
    expect(await check(SETTINGS, OURS)).to.deep.equal([]);
    expect(await check(SETTINGS, { ...OURS, operationContext: { environmentVariables: {} } })).to.deep.equal([]);
    expect(await check(SETTINGS, { ...OURS, operationContext: { environmentVariables: null } })).to.deep.equal([]);
  });

  it("reports variables in the settings, naming them (never their values)", async () => {
    const env = { TFE_TOKEN: "tfe-secret-value", OKTA_API_CLIENT_ID: "0oa1" };
    expect(await check(SETTINGS, { ...OURS, operationContext: { environmentVariables: env } })).to.deep.equal([
      `operationContext.environmentVariables sets OKTA_API_CLIENT_ID, TFE_TOKEN: ${REMEDY}`,
    ]);
  });

  it("reports the REST API's settings, a scheduled deployment's request, other spellings of the key and the type", async () => {
    const env = { GITHUB_TOKEN: "x" };
    expect(
      await check("pulumiservice:api/deployments:Settings", { operationContext: { EnvironmentVariables: env } }),
    ).to.deep.equal([`operationContext.EnvironmentVariables sets GITHUB_TOKEN: ${REMEDY}`]);
    expect(
      await check("pulumiservice:api/deployments:ScheduledDeployment", {
        request: { operationContext: { environment_variables: env } },
      }),
    ).to.deep.equal([`request.operationContext.environment_variables sets GITHUB_TOKEN: ${REMEDY}`]);
    expect(
      await check("PulumiService:Index:DeploymentSettings", { operationContext: { environmentVariables: env } }),
    ).to.deep.equal([`operationContext.environmentVariables sets GITHUB_TOKEN: ${REMEDY}`]);
  });

  it("says it could not verify settings whose operation context is unknown at preview", async () => {
    expect(await check(SETTINGS, { ...OURS, operationContext: UNKNOWN })).to.deep.equal([
      "(advisory) could not be verified at preview: operationContext is unknown (`pulumi up` checks it with the value known)",
    ]);
  });

  it("covers every resource of the installed @pulumi/pulumiservice that takes an operation context or a deployment request", () => {
    const root = path.join(PROJECT_DIR, "node_modules", "@pulumi", "pulumiservice");
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory() && entry.name !== "types") walk(full);
        else if (entry.name.endsWith(".js")) {
          const source = fs.readFileSync(full, "utf8");
          const type = /__pulumiType = '([^']+)'/.exec(source)?.[1];
          if (type !== undefined && /resourceInputs\["(operationContext|request)"\] = args/.test(source)) {
            found.push(type);
          }
        }
      }
    };
    walk(root);
    expect(found.sort()).to.deep.equal([...DEPLOYMENT_ENVIRONMENT_TYPES].sort());
  });
});
