/**
 * Objects two stacks would both declare. Each stack is one org with its own delivery objects; two stack files
 * that name the same Okta org, repository, workspace or Deployments stack would fight over it (the second
 * `pulumi up` takes it over, the first one's next `up` reverts it). The identity of an object is its type and
 * the inputs that name it where it lives, not the logical name (every stack uses the same logical names).
 */
export const OBJECT_IDENTITY: Readonly<Record<string, readonly string[]>> = {
  "pulumi:providers:okta": ["orgName", "baseUrl"],
  // A GitHub object lives under the owner its provider names (an organization or a user): the same repository
  // name under two owners is two repositories.
  "github:index/repository:Repository": ["provider.owner", "name"],
  "github:index/branch:Branch": ["provider.owner", "repository", "branch"],
  "github:index/branchProtection:BranchProtection": ["provider.owner", "repositoryId", "pattern"],
  "github:index/repositoryEnvironment:RepositoryEnvironment": ["provider.owner", "repository", "environment"],
  "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable": [
    "provider.owner",
    "repository",
    "environment",
    "variableName",
  ],
  "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret": [
    "provider.owner",
    "repository",
    "environment",
    "secretName",
  ],
  // A Terraform Cloud organization lives on the host its provider names (HCP Terraform in the US or the EU).
  "tfe:index/project:Project": ["provider.hostname", "organization", "name"],
  "tfe:index/workspace:Workspace": ["provider.hostname", "organization", "name"],
  "pulumiservice:index:DeploymentSettings": ["organization", "project", "stack"],
  "pulumiservice:index:DriftSchedule": ["organization", "project", "stack"],
  "pulumiservice:index:StackTag": ["organization", "project", "stack", "name"],
  // Pulumi Cloud access (components/delivery/pulumiCloud.ts): names are unique within the organization.
  "pulumiservice:index:PolicyPack": ["organization", "name"],
  "pulumiservice:index:PolicyGroup": ["organizationName", "name"],
  "pulumiservice:index:Team": ["organizationName", "name"],
  "pulumiservice:index:TeamStackPermission": ["organization", "project", "stack", "team"],
  "pulumiservice:index:OidcIssuer": ["organization", "url"],
};

/**
 * Identity parts the service compares without regard to case: GitHub's owner, repository and environment names
 * (`Acme/Okta` is `acme/okta`; branch names are case-sensitive). Their values are lower-cased before two stacks
 * are compared.
 */
const CASE_INSENSITIVE: Readonly<Record<string, readonly string[]>> = {
  "github:index/repository:Repository": ["provider.owner", "name"],
  "github:index/branch:Branch": ["provider.owner", "repository"],
  "github:index/branchProtection:BranchProtection": ["provider.owner"],
  "github:index/repositoryEnvironment:RepositoryEnvironment": ["provider.owner", "repository", "environment"],
  "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable": ["provider.owner", "repository", "environment"],
  "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret": ["provider.owner", "repository", "environment"],
};

/** One declared resource: its type, its inputs (plain values) and, where it has one, its provider's inputs. */
export interface DeclaredResource {
  readonly type: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly provider?: Readonly<Record<string, unknown>>;
}

/** One stack's declared objects: each resource's type and its inputs (plain values). */
export interface DeclaredStack {
  readonly stack: string;
  readonly resources: readonly DeclaredResource[];
}

/**
 * The identity of an object a stack declares, or undefined for types that live inside another object. A key
 * `provider.<name>` is read from the inputs of the resource's provider.
 */
export function identityOf(
  type: string,
  inputs: Readonly<Record<string, unknown>>,
  provider: Readonly<Record<string, unknown>> = {},
): string | undefined {
  const keys = OBJECT_IDENTITY[type];
  if (keys === undefined) return undefined;
  const folded = CASE_INSENSITIVE[type] ?? [];
  const part = (k: string) => {
    const value = k.startsWith("provider.") ? provider[k.slice("provider.".length)] : inputs[k];
    const shown = folded.includes(k) && typeof value === "string" ? value.toLowerCase() : value;
    return `${k.replace(/^provider\./, "")}=${JSON.stringify(shown)}`;
  };
  return `${type} ${keys.map(part).join(" ")}`;
}

/**
 * A stack's resources as registered (each naming its provider by reference, `<urn>` or `<urn>::<id>`), each with
 * its provider's inputs.
 */
export function withProviders(
  resources: readonly {
    readonly urn: string;
    readonly type: string;
    readonly provider: string | null;
    readonly inputs: Readonly<Record<string, unknown>>;
  }[],
): DeclaredResource[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r.inputs]));
  const providerOf = (ref: string | null) => {
    if (ref === null || ref === "") return undefined;
    return byUrn.get(ref) ?? byUrn.get(ref.slice(0, ref.lastIndexOf("::")));
  };
  return resources.map((r) => {
    const provider = providerOf(r.provider);
    return { type: r.type, inputs: r.inputs, ...(provider !== undefined ? { provider } : {}) };
  });
}

/** Each declared object's identity and the stacks that declare it, in the order given. */
function claimants(stacks: readonly DeclaredStack[]): Map<string, string[]> {
  const claims = new Map<string, string[]>();
  for (const s of stacks) {
    for (const r of s.resources) {
      const identity = identityOf(r.type, r.inputs, r.provider);
      if (identity === undefined) continue;
      const list = claims.get(identity) ?? [];
      if (!list.includes(s.stack)) claims.set(identity, [...list, s.stack]);
    }
  }
  return claims;
}

const line = (identity: string, list: readonly string[]) =>
  `${list.map((s) => `Pulumi.${s}.yaml`).join(" and ")} both declare ${identity}`;

/** Every object two or more stacks declare, naming the stack files: one line per object. */
export function duplicateObjects(stacks: readonly DeclaredStack[]): string[] {
  return [...claimants(stacks)].filter(([, list]) => list.length > 1).map(([identity, list]) => line(identity, list));
}

/** The objects one stack shares with any of the others, in the same words as {@link duplicateObjects}. */
export function duplicatesOf(stack: string, stacks: readonly DeclaredStack[]): string[] {
  return [...claimants(stacks)]
    .filter(([, list]) => list.length > 1 && list.includes(stack))
    .map(([identity, list]) => line(identity, list));
}
