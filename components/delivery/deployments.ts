import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "./childOptions";
import * as pulumiservice from "@pulumi/pulumiservice";

/**
 * Files whose change can alter what a stack deploys: what the program runs or reads (its stack-file reader in
 * offline/ included), the stack's own files, and the Node and npm settings of the build. Docs and workflows deploy
 * nothing.
 */
export function deploymentPaths(stack: string): string[] {
  return [
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
    // The configuration check's rule for hosts Okta calls, shared with the guardrails.
    "policy-pack/lib/publicHost.ts",
  ];
}

export interface PulumiDeploymentsArgs {
  /** Pulumi Cloud organization. Required. */
  readonly organization: string;
  /** Pulumi project name. Required. */
  readonly project: string;
  /** The stack these settings drive. Required. */
  readonly stack: string;
  /** owner/name of the GitHub repository. Required. */
  readonly repository: string;
  /** The branch the stack deploys from. Required. */
  readonly branch: string;
  /** Run `pulumi up` on every push to the branch. Default: false (pull requests still get previews). */
  readonly deployOnPush?: boolean;
  /** Cron (UTC) of the drift check (refresh preview, never auto-remediated), or null for none. Default: null. */
  readonly driftSchedule?: string | null;
  /** The executor image (the program needs Node 22). Default: Pulumi's default image. */
  readonly executorImage?: string;
  /** Tags of the stack. Default: none. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Protect the children (components/protection.ts says which types). Default: false. */
  readonly protect?: boolean;
}

/**
 * Pulumi Deployments for one stack: source = the repository and the stack's branch, no pull request previews
 * (they would run unreviewed code with write access to the stack), `up` on push where asked, path filters so that
 * only program changes deploy, an optional daily drift check that reports and never remediates by itself, and the
 * stack's tags.
 */
export class PulumiDeployments extends pulumi.ComponentResource {
  readonly provider: pulumiservice.Provider;

  constructor(name: string, args: PulumiDeploymentsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("okta-mmod:delivery:PulumiDeployments", name, {}, opts);
    // No token input: the plugin reads PULUMI_ACCESS_TOKEN, the deploy job's own login, so it never enters the state.
    this.provider = new pulumiservice.Provider(`${name}-provider`, {}, { parent: this });
    const child = childOptions(this, this.provider, args.protect ?? false);
    const stackId = { organization: args.organization, project: args.project, stack: args.stack };
    const settings = new pulumiservice.DeploymentSettings(
      `${name}-settings`,
      {
        ...stackId,
        sourceContext: { git: { branch: `refs/heads/${args.branch}`, repoDir: "." } },
        vcs: {
          provider: "github",
          repository: args.repository,
          deployCommits: args.deployOnPush ?? false,
          // Never: a Deployments preview runs the pull request's code with a token that can write the stack (and
          // the GitHub App's installation token), so any branch could change or decrypt the stack unreviewed.
          // The pull-request workflow previews with the stack's read-only credentials instead.
          previewPullRequests: false,
          pullRequestTemplate: false,
          paths: deploymentPaths(args.stack),
        },
        // No environmentVariables, ever (guardrail D02): a value here would sit in this stack's state, which every
        // stack reader decrypts. The credentials a Deployments run needs are set by hand in Pulumi Cloud; an
        // update sends no such key and the settings API merges, so it keeps them.
        operationContext: { options: { skipInstallDependencies: false } },
        executorContext: args.executorImage === undefined ? undefined : { executorImage: args.executorImage },
      },
      // Protected in every stack: a replacement (a new organization, project or stack name) deletes the settings
      // first, the variables set by hand with them, so it must stop the update rather than happen on the way.
      child("pulumiservice:index:DeploymentSettings", { protect: true }),
    );
    if (args.driftSchedule !== undefined && args.driftSchedule !== null) {
      new pulumiservice.DriftSchedule(
        `${name}-drift`,
        { ...stackId, scheduleCron: args.driftSchedule, autoRemediate: false },
        child("pulumiservice:index:DriftSchedule", { dependsOn: [settings] }),
      );
    }
    for (const [tag, value] of Object.entries(args.tags ?? {})) {
      new pulumiservice.StackTag(
        `${name}-tag-${tag}`,
        { ...stackId, name: tag, value },
        child("pulumiservice:index:StackTag"),
      );
    }
    this.registerOutputs({});
  }
}
