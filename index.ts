import * as pulumi from "@pulumi/pulumi";
import { AppSet } from "./components/appSet";
import { PulumiDeployments } from "./components/delivery/deployments";
import { GitHubDelivery } from "./components/delivery/github";
import { PulumiCloudAccess } from "./components/delivery/pulumiCloud";
import { TerraformCloudWorkspace } from "./components/delivery/terraformCloud";
import { OktaOrg } from "./components/org";
import { EnvironmentName, isProdGrade } from "./config/environments";
import { ProjectFiles, guardrailOwners, projectFiles, readGovernance } from "./config/governance";
import { LoadedStackConfig, asRunError, loadStackConfig } from "./config/load";
import { ConfigError } from "./config/parse";
import { shown } from "./config/messages";
import { tfcProjectName } from "./config/siblings";
import { STACK_PROFILES } from "./config/stackProfiles";
import { APP_CATALOGUE } from "./definitions/apps";
import { REGISTRATION_HOOK, orgBaseline } from "./definitions/baseline";
import { AppCatalogue, appSetDefinition, endpointKeys, keyedAppKeys, trustedOrigins } from "./definitions/catalogue";
import { githubEnvironmentValues, githubReadEnvironmentVariables, workspaceVariables } from "./definitions/delivery";

/**
 * The program: one stack = one Okta org. Reads the stack's config once, declares the org baseline and the
 * app set against that org's explicit provider, then the delivery machinery the stack's config enables
 * (GitHub, Terraform Cloud, Pulumi Deployments), and returns the stack outputs. Exported as a function so
 * the Pulumi runtime (and the offline harness) can run it; the runtime calls it without arguments, so it
 * declares the app catalogue of definitions/apps.ts under the code-owned profile binding of
 * config/stackProfiles.ts, and the tests and the benchmark pass fixtures of their own.
 */
export = function main(
  catalogue: AppCatalogue = APP_CATALOGUE,
  bindings: Readonly<Record<string, EnvironmentName>> = STACK_PROFILES,
  files: ProjectFiles = projectFiles(),
) {
  const stack = loadStackConfig(
    endpointKeys(catalogue),
    bindings,
    catalogue.authServers.map((s) => s.key),
    keyedAppKeys(catalogue),
  );

  const org = new OktaOrg("org", {
    orgName: stack.orgName,
    baseUrl: stack.baseUrl,
    auth: stack.auth,
    rateLimits: stack.rateLimits,
    protect: stack.protectResources,
    threatInsightAction: stack.profile.threatInsightAction,
    baseline: orgBaseline(trustedOrigins(catalogue, stack.apps), {
      registrationHookUrl: stack.registrationHook?.url,
      adminUser: stack.adminUser,
    }),
    inlineHookAuth: stack.registrationHook === undefined ? {} : { [REGISTRATION_HOOK]: stack.registrationHook },
  });

  // Any token that can read a stack can decrypt its state and outputs, and pull-request previews and the drift
  // check hold one: prod-grade apps keep their client secrets in Okta only (README "Credentials and threat model").
  const omitClientSecrets = isProdGrade(stack.environment);
  const apps = new AppSet("apps", {
    provider: org.provider,
    protect: stack.protectResources,
    omitClientSecrets,
    groupIds: org.groupIdsByKey,
    ...appSetDefinition(catalogue, stack.apps, stack.audiences, stack.clientKeys),
  });

  const delivery = stack.delivery;
  if (delivery !== undefined) {
    declareDelivery(stack, delivery, bindings, files);
  }

  return {
    environment: stack.environment,
    orgUrl: org.orgUrl,
    groupIds: org.groupIds,
    clientIds: apps.clientIds,
    appIds: apps.appIds,
    issuers: apps.issuers,
    // Outside prod-grade stacks, apps' deploy pipelines read these with `pulumi stack output --show-secrets`.
    ...(apps.clientSecrets === undefined ? {} : { clientSecrets: pulumi.secret(apps.clientSecrets) }),
  };
};

/** The delivery machinery of one stack: each part only where the stack's config enables it. */
function declareDelivery(
  stack: LoadedStackConfig,
  delivery: NonNullable<LoadedStackConfig["delivery"]>,
  bindings: Readonly<Record<string, EnvironmentName>>,
  files: ProjectFiles,
): void {
  const repository = `${delivery.owner}/${delivery.repository}`;
  if (delivery.github !== undefined) {
    const gh = delivery.github;
    new GitHubDelivery("github", {
      owner: delivery.owner,
      repository: delivery.repository,
      ownsRepository: gh.ownsRepository,
      adoptExistingRepository: gh.adoptExistingRepository,
      protectedBranches: gh.protectedBranches,
      prodBranch: gh.prodBranch,
      defaultBranch: gh.defaultBranch,
      requiredChecks: gh.requiredChecks,
      environment: stack.stack,
      branch: delivery.branch,
      prod: isProdGrade(stack.environment),
      reviewerTeams: gh.reviewerTeams,
      protect: stack.protectResources,
      ...githubEnvironmentValues(stack, delivery.deployments?.deployOnPush ?? false),
      readVariables: githubReadEnvironmentVariables(stack),
    });
  }
  if (delivery.terraformCloud !== undefined) {
    const tfc = delivery.terraformCloud;
    new TerraformCloudWorkspace("tfc", {
      hostname: tfc.hostname,
      organization: tfc.organization,
      project: tfcProjectName(stack.stack),
      workspace: tfc.workspace,
      repository,
      branch: delivery.branch,
      oauthTokenId: tfc.oauthTokenId,
      autoApply: tfc.autoApply,
      assessments: tfc.assessments,
      notification: tfc.notification,
      variables: workspaceVariables(stack),
      protect: stack.protectResources,
    });
  }
  if (delivery.deployments !== undefined) {
    const dep = delivery.deployments;
    const deployments = new PulumiDeployments("deployments", {
      organization: dep.organization,
      project: pulumi.getProject(),
      stack: stack.stack,
      repository,
      branch: delivery.branch,
      deployOnPush: dep.deployOnPush,
      executorImage: dep.executorImage,
      driftSchedule: dep.driftSchedule,
      tags: { environment: stack.environment },
      protect: stack.protectResources,
    });
    // A stack Pulumi Deployments can run `up` for must be in a preventative policy group, which only the
    // repository's owning stack declares: without it Deployments would run without the guardrails.
    if (guardrailOwners(files.stacksDir, dep.organization).length === 0) {
      throw asRunError(
        new ConfigError(stack.stack, [
          {
            path: "okta-mmod:delivery.deployments.organization",
            got: shown(dep.organization),
            expected: `an organization whose policy groups a stack declares: no stack file sets delivery.github.ownsRepository together with deployments in this organization, so stack "${stack.stack}" would be in no preventative policy group and Pulumi Deployments would run up without the guardrails`,
          },
        ]),
      );
    }
    if (delivery.github?.ownsRepository === true) {
      new PulumiCloudAccess("pulumi-cloud", {
        provider: deployments.provider,
        organization: dep.organization,
        project: pulumi.getProject(),
        repository,
        ownerStack: stack.stack,
        ...readGovernance(files, bindings),
        bindings,
        protect: stack.protectResources,
      });
    }
  }
}
