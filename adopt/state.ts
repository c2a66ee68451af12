import { z } from "zod";
import { OAUTH_INLINE_HOOK_TYPE } from "../components/oauthInlineHook";

/** The Okta objects a stack's state holds: what the stack manages, by id, whatever the objects are called now. */
export interface StackState {
  /** The file it was read from, for messages. */
  readonly source: string;
  readonly stack: string;
  readonly project: string;
  /** Every id of an Okta resource in the state (an import id's parts too: `<server id>/<scope id>`). */
  readonly ids: ReadonlySet<string>;
  /** The users whose admin roles the stack manages (USER_ROLE_TYPES): only their role grants count as managed. */
  readonly roleUserIds: ReadonlySet<string>;
  /** How many Okta resources the state holds. */
  readonly resources: number;
}

/** Whether a resource of this type is an Okta object: the provider's, or the program's dynamic inline hook. */
const managesOkta = (type: string) => type.startsWith("okta:") || type === OAUTH_INLINE_HOOK_TYPE;

/** A state file that cannot be used, with every problem. */
export class StateFileError extends Error {}

// `pulumi stack export` writes an apitype.UntypedDeployment ({version, deployment}); version 3 holds a
// DeploymentV3 whose `resources` are ResourceV3 ({urn, custom, delete, id, type, inputs, outputs, parent, ...}).
// Only urn, type and id are read: outputs may hold secrets (encrypted unless exported with --show-secrets), and
// they are neither read nor decrypted.
const resourceSchema = z.object({
  urn: z.string().regex(/^urn:pulumi:[^:]+::[^:]+::.+::.*$/, { error: "a Pulumi URN (urn:pulumi:<stack>::...)" }),
  type: z.string({ error: "the resource's type token" }),
  id: z.string({ error: "the resource's id, a string" }).optional(),
});
const exportSchema = z.object({
  version: z.literal(3, { error: "3 (the format `pulumi stack export` writes)" }),
  deployment: z.object(
    { resources: z.array(z.unknown(), { error: "a list of resources" }).nullish() },
    { error: "the deployment object of `pulumi stack export`" },
  ),
});

const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/**
 * The resource types that manage a user's admin roles (their id is the user's id, as `pulumi import` takes it). A
 * user the code manages is not a user whose roles it manages: a role granted by hand to one stays unmanaged.
 */
export const USER_ROLE_TYPES: readonly string[] = ["okta:index/userAdminRoles:UserAdminRoles"];

/**
 * Reads the output of `pulumi stack export` (one stack). Every problem is reported at once, by its path in the
 * file; values are shown only for the fields read (never an input or an output, which may be secret).
 */
export function parseStateExport(text: string, source: string): StackState {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new StateFileError(
      `${source}: not JSON (${(err as Error).message.slice(0, 120)}): expected the output of \`pulumi stack export --stack <stack>\``,
    );
  }
  const top = exportSchema.safeParse(doc);
  if (!top.success) {
    const problems = top.error.issues.map((i) => `${i.path.join(".") || "the file"}: expected ${i.message}`);
    throw new StateFileError(`${source}: not the output of \`pulumi stack export\`:\n  - ${problems.join("\n  - ")}`);
  }
  const problems: string[] = [];
  const ids = new Set<string>();
  const roleUserIds = new Set<string>();
  const stacks = new Set<string>();
  const projects = new Set<string>();
  let resources = 0;
  (top.data.deployment.resources ?? []).forEach((item, i) => {
    const parsed = resourceSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? "");
        const got = key === "" ? item : (item as Record<string, unknown> | null)?.[key];
        const path = `deployment.resources[${i}]${key === "" ? "" : `.${key}`}`;
        problems.push(`${path}${got === undefined ? "" : ` (got ${show(got)})`}: expected ${issue.message}`);
      }
      return;
    }
    const [stack, project] = parsed.data.urn.slice("urn:pulumi:".length).split("::");
    stacks.add(stack as string);
    projects.add(project as string);
    if (!managesOkta(parsed.data.type) || parsed.data.id === undefined || parsed.data.id === "") return;
    resources += 1;
    for (const part of parsed.data.id.split("/")) ids.add(part);
    if (USER_ROLE_TYPES.includes(parsed.data.type)) roleUserIds.add(parsed.data.id.split("/")[0] as string);
  });
  if (stacks.size > 1 || projects.size > 1) {
    problems.push(
      `the resources belong to more than one stack (${[...stacks].join(", ")}) or project (${[...projects].join(", ")}): export one stack per file`,
    );
  }
  if (problems.length > 0) {
    throw new StateFileError(
      `${source}: ${problems.length} ${problems.length === 1 ? "problem" : "problems"}:\n  - ${problems.join("\n  - ")}`,
    );
  }
  if (stacks.size === 0) {
    throw new StateFileError(
      `${source}: the state holds no resources, so it names no stack: export a stack that has been deployed (a stack that was never deployed manages nothing; leave --state out)`,
    );
  }
  return {
    source,
    stack: [...stacks][0] as string,
    project: [...projects][0] as string,
    ids,
    roleUserIds,
    resources,
  };
}
