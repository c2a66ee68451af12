import { parse } from "yaml";
import { z } from "zod";
import { code } from "../drift/markdown";
import { NotOfferedError, OktaObject, OrgReader, POLICY_TYPES } from "./okta";

/** One object of the org, as the unmanaged list shows it. */
export interface OrgObject {
  readonly kind: Kind;
  readonly id: string;
  /** What an admin sees in the Admin Console: a label, a name, `policy / rule`. */
  readonly name: string;
}

export const KINDS = [
  "app",
  "group",
  "group-rule",
  "policy",
  "policy-rule",
  "authorization-server",
  "authorization-server-scope",
  "authorization-server-claim",
  "authorization-server-policy",
  "authorization-server-policy-rule",
  "network-zone",
  "inline-hook",
  "event-hook",
  "trusted-origin",
  "custom-admin-role",
  "user-profile-property",
  "identity-provider",
  "api-token",
  "admin-role-assignment",
  "group-admin-role",
  "app-admin-role",
] as const;
export type Kind = (typeof KINDS)[number];

/**
 * Okta's own apps: the Admin Console, the End-User Dashboard, the browser plugin, Workflows and the Access
 * Requests catalogue exist in every org and cannot be deleted (their `name`, the app's catalogue key).
 */
export const OKTA_OWN_APPS: readonly string[] = [
  "saasure",
  "okta_enduser",
  "okta_browser_plugin",
  "okta_flow_sso",
  "flow",
  "okta_access_requests_resource_catalog",
];

/**
 * The documented rule for Okta's built-in objects, which are never reported:
 * - objects Okta marks `system: true` (default policies and their default rules, system network zones,
 *   the OpenID Connect scopes and claims of an authorization server);
 * - groups whose type is not `OKTA_GROUP` (`BUILT_IN`: Everyone, Okta Administrators; `APP_GROUP`: imported
 *   from a directory or an app, managed there);
 * - Okta's own apps (OKTA_OWN_APPS);
 * - the authorization server named `default` with audience `api://default` (Okta creates it in every org;
 *   what is inside it is listed like any other server's, because admins change it).
 * Nothing else is built in: identity providers, API tokens and admin roles granted to users, groups or service
 * apps are each made by a person (the token the provider uses goes on the ignore list, with its reason).
 */
export function builtIn(kind: Kind, o: OktaObject): boolean {
  if (o.system === true) return true;
  if (kind === "group") return o.type !== "OKTA_GROUP";
  if (kind === "app") return OKTA_OWN_APPS.includes(String(o.name));
  if (kind === "authorization-server") {
    return o.name === "default" && Array.isArray(o.audiences) && o.audiences.includes("api://default");
  }
  return false;
}

const named = (kind: Kind, o: OktaObject, name: unknown): { kind: Kind; o: OktaObject; name: string } => ({
  kind,
  o,
  name: typeof name === "string" && name !== "" ? name : String(o.id),
});

/** Every object of the listed kinds, with the built-ins marked. The reads are what the README's cost table counts. */
export async function listOrg(
  reader: OrgReader,
): Promise<{ objects: OrgObject[]; builtIns: number; notOffered: string[] }> {
  const all: { kind: Kind; o: OktaObject; name: string }[] = [];
  const notOffered: string[] = [];
  const apps = await reader.list("apps");
  for (const o of apps) all.push(named("app", o, o.label));
  const groups = await reader.list("groups");
  for (const o of groups) all.push(named("group", o, groupName(o)));
  for (const o of await reader.list("groupRules")) all.push(named("group-rule", o, o.name));
  for (const type of POLICY_TYPES) {
    let policies: readonly OktaObject[];
    try {
      policies = await reader.list(`policies:${type}`);
    } catch (err) {
      if (!(err instanceof NotOfferedError)) throw err;
      notOffered.push(err.what);
      continue;
    }
    for (const policy of policies) {
      all.push(named("policy", policy, `${type} ${String(policy.name)}`));
      // Rules of built-in policies too: a rule added by hand to the default sign-on policy is what to catch.
      for (const rule of await reader.list("policyRules", String(policy.id))) {
        all.push(named("policy-rule", rule, `${String(policy.name)} / ${String(rule.name)}`));
      }
    }
  }
  for (const server of await reader.list("authServers")) {
    all.push(named("authorization-server", server, server.name));
    const id = String(server.id);
    const under = (o: OktaObject) => `${String(server.name)} / ${String(o.name)}`;
    for (const o of await reader.list("authServerScopes", id))
      all.push(named("authorization-server-scope", o, under(o)));
    for (const o of await reader.list("authServerClaims", id))
      all.push(named("authorization-server-claim", o, under(o)));
    for (const policy of await reader.list("authServerPolicies", id)) {
      all.push(named("authorization-server-policy", policy, under(policy)));
      for (const rule of await reader.list("authServerPolicyRules", `${id}/${String(policy.id)}`)) {
        all.push(named("authorization-server-policy-rule", rule, `${under(policy)} / ${String(rule.name)}`));
      }
    }
  }
  for (const o of await reader.list("networkZones")) all.push(named("network-zone", o, o.name));
  for (const o of await reader.list("inlineHooks")) all.push(named("inline-hook", o, o.name));
  for (const o of await reader.list("eventHooks")) all.push(named("event-hook", o, o.name));
  for (const o of await reader.list("trustedOrigins")) all.push(named("trusted-origin", o, o.name));
  for (const o of await reader.list("customRoles")) all.push(named("custom-admin-role", o, o.label));
  for (const o of await reader.userSchemaProperties()) all.push(named("user-profile-property", o, o.index));
  for (const o of await reader.list("identityProviders")) {
    all.push(named("identity-provider", o, `${String(o.name)} (${String(o.type)})`));
  }
  for (const o of await reader.list("apiTokens")) {
    all.push(named("api-token", o, `${String(o.name)} (user ${String(o.userId)})`));
  }
  for (const o of await reader.list("adminRoleUsers"))
    all.push(named("admin-role-assignment", o, `user ${String(o.id)}`));
  const role = (o: OktaObject) => String(o.label ?? o.type);
  // Every group, built-in ones too: a role granted to Everyone is the assignment to catch.
  for (const group of groups) {
    for (const o of await reader.list("groupRoles", String(group.id))) {
      all.push(named("group-admin-role", o, `${groupName(group)}: ${role(o)}`));
    }
  }
  // Only OAuth service apps (client credentials) can hold admin roles.
  for (const app of apps.filter(isServiceApp)) {
    for (const o of await reader.list("clientRoles", clientIdOf(app))) {
      all.push(named("app-admin-role", o, `${String(app.label)}: ${role(o)}`));
    }
  }
  const objects = all
    .filter((x) => !builtIn(x.kind, x.o))
    .map(({ kind, o, name }) => ({ kind, id: String(o.id), name }));
  return { objects, builtIns: all.length - objects.length, notOffered };
}

const groupName = (o: OktaObject) => (o.profile as { name?: unknown } | undefined)?.name;

function isServiceApp(app: OktaObject): boolean {
  const settings = app.settings as { oauthClient?: { application_type?: unknown } } | undefined;
  return app.signOnMode === "OPENID_CONNECT" && settings?.oauthClient?.application_type === "service";
}

/** An OIDC app's client id (its app id unless set otherwise). */
function clientIdOf(app: OktaObject): string {
  const credentials = app.credentials as { oauthClient?: { client_id?: unknown } } | undefined;
  const clientId = credentials?.oauthClient?.client_id;
  return typeof clientId === "string" && clientId !== "" ? clientId : String(app.id);
}

/** One reviewed object that no stack manages on purpose. */
export interface IgnoreEntry {
  /** `<orgName>.<baseUrl>`: ids are only unique within an org. */
  readonly org: string;
  readonly kind: Kind;
  readonly id: string;
  readonly reason: string;
}

const ignoreSchema = z.strictObject({
  org: z
    .string({ error: "the org, as <orgName>.<baseUrl> (dev-123456.okta.com)" })
    .regex(/^[a-z0-9][a-z0-9-]*\.[a-z0-9.-]+$/i, { error: "the org, as <orgName>.<baseUrl> (dev-123456.okta.com)" }),
  kind: z.enum(KINDS, { error: `one of ${KINDS.join(", ")}` }),
  id: z
    .string({ error: "the object's exact id (no patterns)" })
    .regex(/^[A-Za-z0-9_.@-]+$/, { error: "the object's exact id (no patterns: each object is reviewed on its own)" }),
  reason: z
    .string({ error: "why this object stays outside the code (required)" })
    .trim()
    .min(1, { error: "why this object stays outside the code (required)" }),
});

/** An ignore list that cannot be used, with every problem. */
export class IgnoreListError extends Error {}

/**
 * Reads the ignore list: a YAML list of {org, kind, id, reason}. Deny by default, like the drift allowlist:
 * one exact object per entry (no patterns, no whole kinds), each with the reason it was accepted.
 */
export function parseIgnoreList(text: string, source: string): IgnoreEntry[] {
  let doc: unknown;
  try {
    doc = parse(text) ?? [];
  } catch (err) {
    throw new IgnoreListError(`${source}: not YAML (${(err as Error).message.split("\n")[0]})`);
  }
  if (!Array.isArray(doc)) throw new IgnoreListError(`${source}: expected a list of {org, kind, id, reason} entries`);
  const problems: string[] = [];
  const entries: IgnoreEntry[] = [];
  doc.forEach((item, i) => {
    const result = ignoreSchema.safeParse(item);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.path.join(".") || "entry";
        const got = (item as Record<string, unknown> | null)?.[String(issue.path[0])];
        const shown = got === undefined ? "" : ` (got ${JSON.stringify(got).slice(0, 60)})`;
        problems.push(`entry ${i + 1}: ${field}${shown}: expected ${issue.message}`);
      }
      return;
    }
    entries.push(result.data);
  });
  if (problems.length > 0) {
    throw new IgnoreListError(
      `${source}: ${problems.length} unusable ${problems.length === 1 ? "entry" : "entries"}:\n  - ${problems.join("\n  - ")}`,
    );
  }
  return entries;
}

/** A stack of the project on the org, and how its objects were told apart from the rest. */
export interface ManagingStack {
  readonly stack: string;
  /** `state`: the ids in its state (`--state`); `names`: what its declarations find by name, label or key. */
  readonly matchedBy: "state" | "names";
}

/** What the unmanaged check found in one org. */
export interface UnmanagedReport {
  readonly stack: string;
  readonly org: string;
  /** The stacks whose resources count as managed (every stack of the project on this org). */
  readonly stacks: readonly ManagingStack[];
  readonly managed: number;
  readonly builtIns: number;
  /** Lists the org does not offer (a feature it does not have), so nothing of them was checked. */
  readonly notOffered: readonly string[];
  readonly unmanaged: readonly OrgObject[];
  readonly ignored: readonly (OrgObject & { readonly reason: string })[];
  /** Ignore entries for this org whose object is gone: delete them so the list stays a review record. */
  readonly staleIgnores: readonly IgnoreEntry[];
}

/**
 * Sorts the org's objects into managed (their id is one a stack resolves to), ignored and unmanaged. An admin role
 * held by a user is listed under the user's id, which a stack that manages the user also holds: it counts as
 * managed only for the users whose roles a stack manages (`roleUserIds`), so a role granted by hand to a user of
 * the code (its service user, say) is listed.
 */
export function classify(
  objects: readonly OrgObject[],
  managedIds: ReadonlySet<string>,
  ignores: readonly IgnoreEntry[],
  org: string,
  roleUserIds: ReadonlySet<string> = new Set(),
): Pick<UnmanagedReport, "managed" | "unmanaged" | "ignored" | "staleIgnores"> {
  const mine = ignores.filter((e) => e.org.toLowerCase() === org.toLowerCase());
  const key = (kind: string, id: string) => `${kind} ${id}`;
  const ignoreByKey = new Map(mine.map((e) => [key(e.kind, e.id), e]));
  const seen = new Set(objects.map((o) => key(o.kind, o.id)));
  const order = (a: OrgObject, b: OrgObject) =>
    KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  const isManaged = (o: OrgObject) =>
    o.kind === "admin-role-assignment" ? roleUserIds.has(o.id) : managedIds.has(o.id);
  const notManaged = objects.filter((o) => !isManaged(o));
  return {
    managed: objects.length - notManaged.length,
    unmanaged: notManaged.filter((o) => !ignoreByKey.has(key(o.kind, o.id))).sort(order),
    ignored: notManaged
      .filter((o) => ignoreByKey.has(key(o.kind, o.id)))
      .map((o) => ({ ...o, reason: (ignoreByKey.get(key(o.kind, o.id)) as IgnoreEntry).reason }))
      .sort(order),
    staleIgnores: mine.filter((e) => !seen.has(key(e.kind, e.id))),
  };
}

/**
 * A name or id as the org has it, in a table cell: anyone who may create an object in the org chooses its name, and
 * the table goes into the drift issue, so it is code (no mention, link, image or HTML is rendered), never Markdown.
 */
const cell = (s: string) => code(s, true);

/** The report as Markdown: the job summary and the unmanaged section of the drift issue. */
export function renderUnmanaged(r: UnmanagedReport): string {
  const lines = [`## Unmanaged objects in the org of stack \`${r.stack}\``, ""];
  lines.push(
    `${r.org}: ${r.unmanaged.length} unmanaged, ${r.managed} managed by ${r.stacks.map((s) => `\`${s.stack}\` (${s.matchedBy === "state" ? "by its state" : "by name"})`).join(", ")}, ${r.ignored.length} on the reviewed ignore list, ${r.builtIns} built into Okta.`,
    "",
  );
  if (r.unmanaged.length > 0) {
    lines.push(
      "Made outside the code: bring each one under code (README: Adopt an existing org), delete it, or add it to `unmanaged-ignore.yaml` with a reason.",
      "",
      "| kind | name | id |",
      "|---|---|---|",
      ...r.unmanaged.map((o) => `| ${o.kind} | ${cell(o.name)} | ${cell(o.id)} |`),
      "",
    );
  }
  if (r.notOffered.length > 0) {
    lines.push(`Not offered by this org, so not checked: ${r.notOffered.join(", ")}.`, "");
  }
  if (r.staleIgnores.length > 0) {
    lines.push(
      `Ignore entries whose object is gone (delete them): ${r.staleIgnores.map((e) => `${e.kind} \`${e.id}\``).join(", ")}`,
      "",
    );
  }
  return `${lines.join("\n")}`;
}
