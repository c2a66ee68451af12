import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { DELIVERY_TOKENS } from "../../config/credentials";
import { ALLOWED_ACTIONS, DRIFT_ALERTS_ENVIRONMENT } from "../../config/delivery";
import { childOptions } from "./childOptions";

export interface GitHubDeliveryArgs {
  /** Repository owner (organization or user). Required. */
  readonly owner: string;
  /** Repository name. Required. */
  readonly repository: string;
  /**
   * Whether this stack declares the repository-wide parts: the repository, its long-lived branches and their
   * protection. Exactly one stack does. Default: false.
   */
  readonly ownsRepository?: boolean;
  /** With ownsRepository: adopt (import) the existing repository and branches instead of creating them. Default: true. */
  readonly adoptExistingRepository?: boolean;
  /** With ownsRepository: the long-lived branches to create and protect. Default: none. */
  readonly protectedBranches?: readonly string[];
  /** The branch that deploys to prod: its protection also requires code owners and last-push approval. Default: prod. */
  readonly prodBranch?: string;
  /**
   * With ownsRepository: the repository's default branch, where the scheduled drift check runs; the only branch the
   * `drift-alerts` environment (the drift issue and the Slack webhook) admits. Default: the prod branch.
   */
  readonly defaultBranch?: string;
  /** Status checks (CI job names) every protected branch requires. Default: none. */
  readonly requiredChecks?: readonly string[];
  /**
   * The write environment of this stack (its name). Required. Deployments to it come only from `branch`; a
   * second environment `<environment>-read` holds the read-only credentials previews and the drift check use.
   */
  readonly environment: string;
  /** The branch this stack deploys from: the only branch its write environment accepts deployments from. Required. */
  readonly branch: string;
  /** Whether the environment deploys to prod: required reviewers and no self-review. Default: false. */
  readonly prod?: boolean;
  /** Slugs of the teams that approve deployments to this environment. Required when prod; default: none. */
  readonly reviewerTeams?: readonly string[];
  /** Environment secrets by name (the org's credentials). Default: none. */
  readonly secrets?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Environment variables by name (non-secret values). Default: none. */
  readonly variables?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Variables of the read environment (its read-only credentials are set by hand: see README). Default: none. */
  readonly readVariables?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Protect the repository-wide parts from deletion. Default: false (the repository itself is always kept). */
  readonly protect?: boolean;
}

/**
 * The GitHub side of delivery: (for the owning stack) the private repository, its long-lived branches and their
 * protection; (for every stack) its GitHub environment with deployment protection, secrets and variables.
 */
export class GitHubDelivery extends pulumi.ComponentResource {
  readonly provider: github.Provider;
  /** The environment's name. */
  readonly environmentName: pulumi.Output<string>;

  constructor(name: string, args: GitHubDeliveryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("okta-mmod:delivery:GitHubDelivery", name, {}, opts);
    if (args.prod === true && (args.reviewerTeams ?? []).length === 0) {
      throw new Error(`GitHubDelivery "${name}": a prod environment needs at least one reviewer team`);
    }
    // The token is the plugin's GITHUB_TOKEN, set only where `up` runs. The SDK would copy that variable into
    // the provider's inputs, which the state keeps where any stack reader can decrypt them: it is hidden while
    // the provider is declared (the plugin, a process of its own, still reads it).
    this.provider = withoutVariable(
      DELIVERY_TOKENS.githubToken.variable,
      () => new github.Provider(`${name}-provider`, { owner: args.owner }, { parent: this }),
    );
    const child = childOptions(this, this.provider, args.protect ?? false);
    const adopt = args.adoptExistingRepository ?? true;
    const prodBranch = args.prodBranch ?? "prod";
    const checks = [...(args.requiredChecks ?? [])];

    let repositoryName: pulumi.Input<string> = args.repository;
    if (args.ownsRepository === true) {
      const repository = new github.Repository(
        `${name}-repository`,
        {
          name: args.repository,
          description: "Okta orgs managed as code (okta-mmod)",
          visibility: "private",
          autoInit: adopt ? undefined : true,
          hasIssues: true,
          hasWiki: false,
          allowMergeCommit: false,
          allowRebaseMerge: false,
          allowSquashMerge: true,
          deleteBranchOnMerge: true,
          vulnerabilityAlerts: true,
        },
        // Never delete the repository from code: it holds the history of every change to the orgs.
        child("github:index/repository:Repository", {
          protect: true,
          retainOnDelete: true,
          import: adopt ? args.repository : undefined,
        }),
      );
      repositoryName = repository.name;
      for (const branchName of args.protectedBranches ?? []) {
        const branch = new github.Branch(
          `${name}-branch-${branchName}`,
          { repository: repository.name, branch: branchName },
          child("github:index/branch:Branch", {
            retainOnDelete: true,
            import: adopt ? `${args.repository}:${branchName}` : undefined,
          }),
        );
        const prod = branchName === prodBranch;
        new github.BranchProtection(
          `${name}-protection-${branchName}`,
          {
            repositoryId: repository.nodeId,
            pattern: branchName,
            enforceAdmins: true,
            allowsForcePushes: false,
            allowsDeletions: false,
            requireSignedCommits: true,
            requiredLinearHistory: true,
            requireConversationResolution: true,
            requiredPullRequestReviews: [
              {
                requiredApprovingReviewCount: 1,
                dismissStaleReviews: true,
                requireLastPushApproval: prod,
                // Every long-lived branch: a change to a workflow, the profile binding or a stack file needs the
                // code owners' approval wherever it merges.
                requireCodeOwnerReviews: true,
              },
            ],
            requiredStatusChecks: [{ strict: true, contexts: checks }],
          },
          child("github:index/branchProtection:BranchProtection", { dependsOn: [branch] }),
        );
      }
      // What a branch's own workflow can take: its GITHUB_TOKEN is read-only unless the workflow file asks for more
      // (a pull request from this repository runs the branch's copy, so that is the branch's choice: README "A
      // branch's own workflows"); Actions never approve a pull request, so no workflow can supply the review branch
      // protection requires; only GitHub's actions and the reviewed list run, each pinned to a full commit SHA.
      new github.WorkflowRepositoryPermissions(
        `${name}-workflow-permissions`,
        { repository: repository.name, defaultWorkflowPermissions: "read", canApprovePullRequestReviews: false },
        child("github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions"),
      );
      new github.ActionsRepositoryPermissions(
        `${name}-actions-permissions`,
        {
          repository: repository.name,
          enabled: true,
          allowedActions: "selected",
          allowedActionsConfig: {
            githubOwnedAllowed: true,
            verifiedAllowed: false,
            patternsAlloweds: [...ALLOWED_ACTIONS],
          },
          shaPinningRequired: true,
        },
        child("github:index/actionsRepositoryPermissions:ActionsRepositoryPermissions"),
      );
      // The drift alerts' webhook is kept here, set by hand (never from config, which the state would keep):
      // only the default branch's workflow reaches it, never a branch's edited copy.
      const alerts = new github.RepositoryEnvironment(
        `${name}-alerts-environment`,
        {
          repository: repository.name,
          environment: DRIFT_ALERTS_ENVIRONMENT,
          canAdminsBypass: false,
          deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
        },
        child("github:index/repositoryEnvironment:RepositoryEnvironment"),
      );
      new github.RepositoryEnvironmentDeploymentPolicy(
        `${name}-alerts-environment-branch`,
        {
          repository: repository.name,
          environment: alerts.environment,
          branchPattern: args.defaultBranch ?? prodBranch,
        },
        child("github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy"),
      );
    }

    const teamIds = (args.reviewerTeams ?? []).map(
      (slug) => github.getTeamOutput({ slug }, { parent: this, provider: this.provider }).id,
    );
    const environment = new github.RepositoryEnvironment(
      `${name}-environment`,
      {
        repository: repositoryName,
        environment: args.environment,
        preventSelfReview: args.prod === true,
        canAdminsBypass: false,
        reviewers: teamIds.length > 0 ? [{ teams: teamIds.map((id) => id.apply(Number)) }] : undefined,
        // Only the stack's own branch: another protected branch (preview, for prod) cannot reach these credentials.
        deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
      },
      child("github:index/repositoryEnvironment:RepositoryEnvironment"),
    );
    new github.RepositoryEnvironmentDeploymentPolicy(
      `${name}-environment-branch`,
      { repository: repositoryName, environment: environment.environment, branchPattern: args.branch },
      child("github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy"),
    );
    // Read-only credentials, reachable from pull requests of this repository: no reviewers, any branch.
    const readEnvironment = new github.RepositoryEnvironment(
      `${name}-read-environment`,
      { repository: repositoryName, environment: `${args.environment}-read`, canAdminsBypass: false },
      child("github:index/repositoryEnvironment:RepositoryEnvironment"),
    );
    for (const [variableName, value] of Object.entries(args.readVariables ?? {})) {
      new github.ActionsEnvironmentVariable(
        `${name}-read-variable-${variableName.toLowerCase()}`,
        { repository: repositoryName, environment: readEnvironment.environment, variableName, value },
        child("github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable"),
      );
    }
    this.environmentName = environment.environment;

    for (const [secretName, value] of Object.entries(args.secrets ?? {})) {
      new github.ActionsEnvironmentSecret(
        `${name}-secret-${secretName.toLowerCase()}`,
        {
          repository: repositoryName,
          environment: environment.environment,
          secretName,
          plaintextValue: pulumi.secret(value),
        },
        child("github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret"),
      );
    }
    for (const [variableName, value] of Object.entries(args.variables ?? {})) {
      new github.ActionsEnvironmentVariable(
        `${name}-variable-${variableName.toLowerCase()}`,
        { repository: repositoryName, environment: environment.environment, variableName, value },
        child("github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable"),
      );
    }
    this.registerOutputs({ environmentName: this.environmentName });
  }
}

/** Runs `build` with one environment variable hidden from this process, and puts it back. */
function withoutVariable<T>(variable: string, build: () => T): T {
  const value = process.env[variable];
  delete process.env[variable];
  try {
    return build();
  } finally {
    if (value !== undefined) process.env[variable] = value;
  }
}
