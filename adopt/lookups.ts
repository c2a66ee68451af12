import { ListKind, OktaObject, OrgReader } from "./okta";

/** What a lookup may use: the org, and the object ids of the resources this one refers to. */
export interface LookupContext {
  readonly reader: OrgReader;
  /**
   * The Okta object id of the resource an input refers to (`authServerId` -> the server's id), once that
   * resource has been found; undefined when it was not, or the input refers to no resource of the stack.
   */
  ref(input: string): string | undefined;
}

/** How one `@pulumi/okta` type is found in an org and imported. */
export interface Lookup {
  /** The id `pulumi import` takes, as the provider documents it. */
  readonly idFormat: string;
  /** Where an admin reads the id by hand. */
  readonly hint: string;
  /** Inputs naming other resources of the stack that must be found first. */
  readonly refs: readonly string[];
  /** What is looked for, for the report: `group "DMZ Server Admins"`. */
  describe(inputs: Readonly<Record<string, unknown>>): string;
  /** The import ids of every object that matches (none: a miss; two or more: ambiguous). */
  find(inputs: Readonly<Record<string, unknown>>, ctx: LookupContext): Promise<string[]>;
}

const text = (inputs: Readonly<Record<string, unknown>>, key: string): string =>
  typeof inputs[key] === "string" ? (inputs[key] as string) : "";

/** Objects of a list whose `field` (a dotted path) equals the value. */
async function byField(
  ctx: LookupContext,
  kind: ListKind,
  field: string,
  value: string,
  parentId?: string,
): Promise<OktaObject[]> {
  const objects = await ctx.reader.list(kind, parentId);
  return objects.filter((o) => fieldOf(o, field) === value);
}

/** A dotted path into an object (`profile.name`). */
export function fieldOf(object: OktaObject, path: string): unknown {
  return path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], object);
}

const ids = (objects: readonly OktaObject[], prefix = ""): string[] => objects.map((o) => `${prefix}${String(o.id)}`);

const quoted = (value: string) => JSON.stringify(value);

/**
 * Every Okta type the program declares, with its import id (from the provider's documentation) and how it is
 * found read-only. A type missing here is reported by the import file as "no lookup", never skipped silently.
 */
export const LOOKUPS: Readonly<Record<string, Lookup>> = {
  "okta:app/oAuth:OAuth": {
    idFormat: "<app id>",
    hint: "Admin Console: Applications > Applications > the app; the id is in the URL (/admin/app/oidc_client/instance/<id>). API: GET /api/v1/apps?q=<label>",
    refs: [],
    describe: (i) => `app labelled ${quoted(text(i, "label"))}`,
    find: async (i, ctx) => ids(await byField(ctx, "apps", "label", text(i, "label"))),
  },
  "okta:index/appGroupAssignments:AppGroupAssignments": {
    idFormat: "<app id>",
    hint: "The id of the app the assignments belong to (see okta:app/oAuth:OAuth).",
    refs: ["appId"],
    describe: () => "the group assignments of the app",
    find: async (_i, ctx) => {
      const appId = ctx.ref("appId");
      return appId === undefined ? [] : [appId];
    },
  },
  "okta:index/appSignonPolicy:AppSignonPolicy": {
    idFormat: "<policy id>",
    hint: "Admin Console: Security > Authentication Policies > the policy; the id is in the URL. API: GET /api/v1/policies?type=ACCESS_POLICY",
    refs: [],
    describe: (i) => `authentication policy ${quoted(text(i, "name"))}`,
    find: async (i, ctx) => ids(await byField(ctx, "policies:ACCESS_POLICY", "name", text(i, "name"))),
  },
  "okta:index/appSignonPolicyRule:AppSignonPolicyRule": {
    idFormat: "<policy id>/<rule id>",
    hint: "API: GET /api/v1/policies/<policy id>/rules (the rule's id)",
    refs: ["policyId"],
    describe: (i) => `rule ${quoted(text(i, "name"))} of its authentication policy`,
    find: async (i, ctx) => {
      const policyId = ctx.ref("policyId");
      if (policyId === undefined) return [];
      return ids(await byField(ctx, "policyRules", "name", text(i, "name"), policyId), `${policyId}/`);
    },
  },
  "okta:auth/server:Server": {
    idFormat: "<authorization server id>",
    hint: "Admin Console: Security > API > Authorization Servers > the server; the id is in the URL and its issuer. API: GET /api/v1/authorizationServers",
    refs: [],
    describe: (i) => `authorization server named ${quoted(text(i, "name"))}`,
    find: async (i, ctx) => ids(await byField(ctx, "authServers", "name", text(i, "name"))),
  },
  "okta:auth/serverScope:ServerScope": {
    idFormat: "<authorization server id>/<scope id>",
    hint: "API: GET /api/v1/authorizationServers/<server id>/scopes",
    refs: ["authServerId"],
    describe: (i) => `scope ${quoted(text(i, "name"))} of its authorization server`,
    find: async (i, ctx) => {
      const server = ctx.ref("authServerId");
      if (server === undefined) return [];
      return ids(await byField(ctx, "authServerScopes", "name", text(i, "name"), server), `${server}/`);
    },
  },
  "okta:auth/serverClaim:ServerClaim": {
    idFormat: "<authorization server id>/<claim id>",
    hint: "API: GET /api/v1/authorizationServers/<server id>/claims",
    refs: ["authServerId"],
    describe: (i) =>
      `${text(i, "claimType") || "RESOURCE"} claim ${quoted(text(i, "name"))} of its authorization server`,
    find: async (i, ctx) => {
      const server = ctx.ref("authServerId");
      if (server === undefined) return [];
      // One name may be both an ID-token and an access-token claim: the claim type tells them apart.
      const claimType = text(i, "claimType") || "RESOURCE";
      const named = await byField(ctx, "authServerClaims", "name", text(i, "name"), server);
      return ids(
        named.filter((c) => c.claimType === claimType),
        `${server}/`,
      );
    },
  },
  "okta:auth/serverPolicy:ServerPolicy": {
    idFormat: "<authorization server id>/<policy id>",
    hint: "API: GET /api/v1/authorizationServers/<server id>/policies",
    refs: ["authServerId"],
    describe: (i) => `access policy ${quoted(text(i, "name"))} of its authorization server`,
    find: async (i, ctx) => {
      const server = ctx.ref("authServerId");
      if (server === undefined) return [];
      return ids(await byField(ctx, "authServerPolicies", "name", text(i, "name"), server), `${server}/`);
    },
  },
  "okta:auth/serverPolicyRule:ServerPolicyRule": {
    idFormat: "<authorization server id>/<policy id>/<rule id>",
    hint: "API: GET /api/v1/authorizationServers/<server id>/policies/<policy id>/rules",
    refs: ["authServerId", "policyId"],
    describe: (i) => `rule ${quoted(text(i, "name"))} of its access policy`,
    find: async (i, ctx) => {
      const server = ctx.ref("authServerId");
      const policy = ctx.ref("policyId");
      if (server === undefined || policy === undefined) return [];
      return ids(
        await byField(ctx, "authServerPolicyRules", "name", text(i, "name"), `${server}/${policy}`),
        `${server}/${policy}/`,
      );
    },
  },
  "okta:group/group:Group": {
    idFormat: "<group id>",
    hint: "Admin Console: Directory > Groups > the group; the id is in the URL. API: GET /api/v1/groups?q=<name>",
    refs: [],
    describe: (i) => `group named ${quoted(text(i, "name"))}`,
    find: async (i, ctx) =>
      ids((await byField(ctx, "groups", "profile.name", text(i, "name"))).filter((g) => g.type === "OKTA_GROUP")),
  },
  "okta:group/rule:Rule": {
    idFormat: "<group rule id>",
    hint: "Admin Console: Directory > Groups > Rules. API: GET /api/v1/groups/rules",
    refs: [],
    describe: (i) => `group rule named ${quoted(text(i, "name"))}`,
    find: async (i, ctx) => ids(await byField(ctx, "groupRules", "name", text(i, "name"))),
  },
  "okta:index/adminRoleCustom:AdminRoleCustom": {
    idFormat: "<custom role id>",
    hint: "Admin Console: Security > Administrators > Roles. API: GET /api/v1/iam/roles",
    refs: [],
    describe: (i) => `custom admin role labelled ${quoted(text(i, "label"))}`,
    find: async (i, ctx) => ids(await byField(ctx, "customRoles", "label", text(i, "label"))),
  },
  "okta:index/authenticator:Authenticator": {
    idFormat: "<authenticator id>",
    hint: "Admin Console: Security > Authenticators. API: GET /api/v1/authenticators (match the key)",
    refs: [],
    describe: (i) => `authenticator with key ${quoted(text(i, "key"))}`,
    find: async (i, ctx) => ids(await byField(ctx, "authenticators", "key", text(i, "key"))),
  },
  "okta:index/threatInsightSettings:ThreatInsightSettings": {
    idFormat: "_",
    hint: "One per org: the provider takes any id; `_` is the documented one.",
    refs: [],
    describe: () => "the org's ThreatInsight settings",
    find: () => Promise.resolve(["_"]),
  },
  "okta:index/userSchemaProperty:UserSchemaProperty": {
    idFormat: "<property index>",
    hint: "Admin Console: Directory > Profile Editor > User (default) > the attribute's variable name. API: GET /api/v1/meta/schemas/user/default",
    refs: [],
    describe: (i) => `custom user profile property ${quoted(text(i, "index"))}`,
    find: async (i, ctx) => ids((await ctx.reader.userSchemaProperties()).filter((p) => p.index === text(i, "index"))),
  },
  "okta:index/hookKey:HookKey": {
    idFormat: "<hook key id>",
    hint: "Admin Console: Workflow > Key Management. API: GET /api/v1/hook-keys (the id, not the keyId)",
    refs: [],
    describe: (i) => `hook key named ${quoted(text(i, "name"))}`,
    find: async (i, ctx) => ids(await byField(ctx, "hookKeys", "name", text(i, "name"))),
  },
  "okta:inline/hook:Hook": {
    idFormat: "<inline hook id>",
    hint: "Admin Console: Workflow > Inline Hooks. API: GET /api/v1/inlineHooks",
    refs: [],
    describe: (i) => `inline hook named ${quoted(text(i, "name"))}`,
    find: async (i, ctx) => ids(await byField(ctx, "inlineHooks", "name", text(i, "name"))),
  },
  "okta:network/zone:Zone": {
    idFormat: "<network zone id>",
    hint: "Admin Console: Security > Networks. API: GET /api/v1/zones",
    refs: [],
    describe: (i) => `network zone named ${quoted(text(i, "name"))}`,
    find: async (i, ctx) => ids(await byField(ctx, "networkZones", "name", text(i, "name"))),
  },
  "okta:trustedorigin/origin:Origin": {
    idFormat: "<trusted origin id>",
    hint: "Admin Console: Security > API > Trusted Origins. API: GET /api/v1/trustedOrigins",
    refs: [],
    describe: (i) => `trusted origin named ${quoted(text(i, "name"))}`,
    find: async (i, ctx) => ids(await byField(ctx, "trustedOrigins", "name", text(i, "name"))),
  },
  "okta:user/user:User": {
    idFormat: "<user id>",
    hint: "Admin Console: Directory > People > the user; the id is in the URL. API: GET /api/v1/users/<login>",
    refs: [],
    describe: (i) => `user with login ${quoted(text(i, "login"))}`,
    find: async (i, ctx) => {
      const user = await ctx.reader.userByLogin(text(i, "login"));
      return user === undefined ? [] : [String(user.id)];
    },
  },
};
