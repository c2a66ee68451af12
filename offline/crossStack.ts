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

/** Every object two or more stacks declare, naming the stack files: one line per object. */
export function duplicateObjects(stacks: readonly DeclaredStack[]): string[] {
  const claimants = new Map<string, string[]>();
  for (const s of stacks) {
    for (const r of s.resources) {
      const identity = identityOf(r.type, r.inputs);
      if (identity === undefined) continue;
      const list = claimants.get(identity) ?? [];
      if (!list.includes(s.stack)) claimants.set(identity, [...list, s.stack]);
    }
  }
  return [...claimants]
    .filter(([, list]) => list.length > 1)
    .map(([identity, list]) => `${list.map((s) => `Pulumi.${s}.yaml`).join(" and ")} both declare ${identity}`);
}
