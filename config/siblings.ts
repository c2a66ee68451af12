import { GITHUB_ACTIONS_ISSUER, stacksByProfile } from "../components/delivery/pulumiCloud";
import { DeclaredResource, DeclaredStack, duplicatesOf } from "../offline/crossStack";
import { StackFileError, listStacks, readStackFile } from "../offline/stackFile";
import { DRIFT_ALERTS_ENVIRONMENT, DeliveryConfig, buildDelivery, deliverySchema } from "./delivery";
import type { EnvironmentName } from "./environments";
import { boundProfile } from "./stackProfiles";

/** The Terraform Cloud project of a stack: from the stack's name, so no two stack files share one. */
export function tfcProjectName(stack: string): string {
  return `okta-mmod-${stack}`;
}

/** What names the objects of one stack that live outside it (an org, a repository, a workspace...). */
export interface StackIdentity {
  readonly stack: string;
  readonly project: string;
  readonly orgName: string | undefined;
  readonly baseUrl: string;
  readonly delivery: DeliveryConfig<unknown> | undefined;
}

/** The resource types {@link declaredObjects} covers; of these it names every one the program declares. */
export const SIBLING_CHECKED_TYPES = [
  "pulumi:providers:okta",
  "github:index/repository:Repository",
  "github:index/branch:Branch",
  "github:index/repositoryEnvironment:RepositoryEnvironment",
  "tfe:index/project:Project",
  "tfe:index/workspace:Workspace",
  "pulumiservice:index:DeploymentSettings",
  "pulumiservice:index:PolicyGroup",
  "pulumiservice:index:Team",
  "pulumiservice:index:TeamStackPermission",
  "pulumiservice:index:OidcIssuer",
] as const;

/**
 * The objects a stack's program declares that another stack could also declare, as the types and identity
 * inputs of the resources the program registers for them (offline/crossStack.ts): the Okta org, the repository
 * and its branches (for the owning stack), the GitHub environments, the Terraform Cloud project and workspace and
 * the Deployments settings, and (for the stack that owns the repository and enables Deployments) the Pulumi Cloud
 * policy groups, teams, their stack permissions and the OIDC issuer, which it declares for every stack of the
 * project (`stacks`, each under the profile `bindings` gives it). A test checks this against what the program
 * actually registers.
 */
export function declaredObjects(
  s: StackIdentity,
  stacks: readonly string[],
  bindings: Readonly<Record<string, EnvironmentName>>,
): DeclaredStack {
  const resources: DeclaredResource[] = [];
  if (s.orgName !== undefined) {
    resources.push({ type: "pulumi:providers:okta", inputs: { orgName: s.orgName, baseUrl: s.baseUrl } });
  }
  const d = s.delivery;
  if (d?.github !== undefined) {
    const provider = { owner: d.owner };
    if (d.github.ownsRepository) {
      resources.push({ type: "github:index/repository:Repository", inputs: { name: d.repository }, provider });
      for (const branch of d.github.protectedBranches) {
        resources.push({
          type: "github:index/branch:Branch",
          inputs: { repository: d.repository, branch },
          provider,
        });
      }
    }
    const environments = [s.stack, `${s.stack}-read`, ...(d.github.ownsRepository ? [DRIFT_ALERTS_ENVIRONMENT] : [])];
    for (const environment of environments) {
      resources.push({
        type: "github:index/repositoryEnvironment:RepositoryEnvironment",
        inputs: { repository: d.repository, environment },
        provider,
      });
    }
  }
  if (d?.terraformCloud !== undefined) {
    const organization = d.terraformCloud.organization;
    const provider = { hostname: d.terraformCloud.hostname };
    resources.push({
      type: "tfe:index/project:Project",
      inputs: { organization, name: tfcProjectName(s.stack) },
      provider,
    });
    resources.push({
      type: "tfe:index/workspace:Workspace",
      inputs: { organization, name: d.terraformCloud.workspace },
      provider,
    });
  }
  if (d?.deployments !== undefined) {
    const organization = d.deployments.organization;
    resources.push({
      type: "pulumiservice:index:DeploymentSettings",
      inputs: { organization, project: s.project, stack: s.stack },
    });
    if (d.github?.ownsRepository === true) {
      // components/delivery/pulumiCloud.ts, declared by index.ts for the owner of the repository.
      const bound = stacks.map((stack) => ({ stack, profile: boundProfile(stack, bindings) }));
      for (const profile of stacksByProfile(bound).keys()) {
        resources.push({
          type: "pulumiservice:index:PolicyGroup",
          inputs: { organizationName: organization, name: `${s.project}-${profile}` },
        });
      }
      for (const stack of stacks) {
        for (const team of [`${stack}-deploy`, `${stack}-read`]) {
          resources.push({ type: "pulumiservice:index:Team", inputs: { organizationName: organization, name: team } });
          resources.push({
            type: "pulumiservice:index:TeamStackPermission",
            inputs: { organization, project: s.project, stack, team },
          });
        }
      }
      resources.push({
        type: "pulumiservice:index:OidcIssuer",
        inputs: { organization, url: GITHUB_ACTIONS_ISSUER },
      });
    }
  }
  return { stack: s.stack, resources };
}

/**
 * What another stack file names, from its plain values only: an encrypted value is never decrypted (the program
 * has no key for another stack). A stack file that cannot be read, or whose org or delivery settings do not parse,
 * is left out for what it cannot name: that stack cannot deploy either, and its own preview and the plan say why.
 */
export function stackFileIdentity(
  projectDir: string,
  stack: string,
  project: string,
  bindings: Readonly<Record<string, EnvironmentName>>,
): StackIdentity | undefined {
  let config: Readonly<Record<string, string>>;
  try {
    config = readStackFile(projectDir, stack).config;
  } catch (err) {
    if (err instanceof StackFileError) return undefined;
    throw err;
  }
  const value = (key: string) => config[`okta-mmod:${key}`];
  let delivery: DeliveryConfig<unknown> | undefined;
  const raw = value("delivery");
  if (raw !== undefined) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(raw);
    } catch {
      decoded = undefined;
    }
    const parsed = deliverySchema.safeParse(decoded);
    if (parsed.success && parsed.data !== undefined) {
      delivery = buildDelivery(parsed.data, stack, boundProfile(stack, bindings), () => undefined);
    }
  }
  return { stack, project, orgName: value("orgName"), baseUrl: value("baseUrl") ?? "okta.com", delivery };
}

/**
 * Objects this stack and another stack file in the project directory would both declare, one line per object
 * naming both stack files, in the words of the offline plan. The Pulumi CLI runs one stack at a time; this is
 * how `pulumi up` of a copied stack file learns that it would take over another stack's org or repository.
 */
export function siblingConflicts(
  projectDir: string,
  self: StackIdentity,
  bindings: Readonly<Record<string, EnvironmentName>>,
): string[] {
  const all = listStacks(projectDir);
  const others = all
    .filter((s) => s !== self.stack)
    .flatMap((s) => stackFileIdentity(projectDir, s, self.project, bindings) ?? []);
  const stacks = [self, ...others]
    .sort((a, b) => a.stack.localeCompare(b.stack))
    .map((s) => declaredObjects(s, all, bindings));
  return duplicatesOf(self.stack, stacks);
}
