/**
 * Objects two stacks would both declare. Each stack is one org with its own delivery objects; two stack files
 * that name the same Okta org, repository, workspace or Deployments stack would fight over it (the second
 * `pulumi up` takes it over, the first one's next `up` reverts it). The identity of an object is its type and
 * the inputs that name it where it lives, not the logical name (every stack uses the same logical names).
 */
export const OBJECT_IDENTITY: Readonly<Record<string, readonly string[]>> = {
  "pulumi:providers:okta": ["orgName", "baseUrl"],
  "github:index/repository:Repository": ["name"],
  "github:index/branch:Branch": ["repository", "branch"],
  "github:index/branchProtection:BranchProtection": ["repositoryId", "pattern"],
  "github:index/repositoryEnvironment:RepositoryEnvironment": ["repository", "environment"],
  "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable": ["repository", "environment", "variableName"],
  "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret": ["repository", "environment", "secretName"],
  "tfe:index/project:Project": ["organization", "name"],
  "tfe:index/workspace:Workspace": ["organization", "name"],
  "pulumiservice:index:DeploymentSettings": ["organization", "project", "stack"],
  "pulumiservice:index:DriftSchedule": ["organization", "project", "stack"],
  "pulumiservice:index:StackTag": ["organization", "project", "stack", "name"],
};

/** One stack's declared objects: each resource's type and its inputs (plain values). */
export interface DeclaredStack {
  readonly stack: string;
  readonly resources: readonly { readonly type: string; readonly inputs: Readonly<Record<string, unknown>> }[];
}

/** The identity of an object a stack declares, or undefined for types that live inside another object. */
export function identityOf(type: string, inputs: Readonly<Record<string, unknown>>): string | undefined {
  const keys = OBJECT_IDENTITY[type];
  if (keys === undefined) return undefined;
  return `${type} ${keys.map((k) => `${k}=${JSON.stringify(inputs[k])}`).join(" ")}`;
}

/** Each declared object's identity and the stacks that declare it, in the order given. */
function claimants(stacks: readonly DeclaredStack[]): Map<string, string[]> {
  const claims = new Map<string, string[]>();
  for (const s of stacks) {
    for (const r of s.resources) {
      const identity = identityOf(r.type, r.inputs);
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
