import { parse } from "yaml";
import { z } from "zod";
import { matches } from "../policy-pack/lib/glob";

/** One reviewed kind of cosmetic drift: a property of a resource type whose differences are listed, not counted. */
export interface AllowlistEntry {
  /** Resource type token, exactly (`okta:app/oAuth:OAuth`). */
  readonly type: string;
  /** A property the catalogue lists as cosmetic for the type; its nested paths are covered too. */
  readonly property: string;
  readonly reason: string;
}

/**
 * The only properties an allowlist may name: per type, the ones whose drift is noise by nature (Okta re-encodes
 * logos, moves users through lifecycle states, never returns write-only fields). Everything else is denied, so a
 * new resource type or a cleverly spelled property is never hidden by default.
 */
export const COSMETIC: Readonly<Record<string, readonly string[]>> = {
  "okta:app/oAuth:OAuth": ["logo", "logoUrl"],
  "okta:app/saml:Saml": ["logo", "logoUrl"],
  "okta:group/group:Group": ["description"],
  "okta:user/user:User": ["status", "password", "oldPassword", "recoveryAnswer", "passwordHash"],
};

/**
 * Drift that is a security event, whatever an allowlist says: named in the refusal so the reviewer knows why.
 * Patterns use the policy pack's glob (`*` for any run of characters).
 */
export const GUARDED: readonly { readonly type: string; readonly what: string }[] = [
  { type: "okta:inline/hook:Hook", what: "inline hooks (where Okta sends tokens and registrations)" },
  // The private_key_jwt hook, a dynamic resource (components/oauthInlineHook.ts).
  { type: "pulumi-nodejs:dynamic/okta:InlineHook", what: "inline hooks (where Okta sends tokens and registrations)" },
  {
    type: "okta:index/hookKey:HookKey",
    what: "hook keys (the key Okta signs a private_key_jwt hook's assertion with)",
  },
  { type: "okta:index/eventHook:EventHook", what: "event hooks" },
  { type: "okta:index/threatInsightSettings:ThreatInsightSettings", what: "ThreatInsight" },
  { type: "okta:index/adminRole*", what: "admin roles and their permissions" },
  { type: "okta:index/userAdminRoles:UserAdminRoles", what: "admin roles and their permissions" },
  { type: "okta:group/role:Role", what: "admin roles and their permissions" },
  { type: "okta:app/oauthRoleAssignment:*", what: "admin roles and their permissions" },
  { type: "okta:index/resourceSet:ResourceSet", what: "admin roles and their permissions" },
  { type: "okta:index/roleSubscription:RoleSubscription", what: "admin roles and their permissions" },
  { type: "okta:network/zone:Zone", what: "network zones" },
  { type: "okta:policy/*", what: "policies and their rules" },
  { type: "okta:index/*olicy*", what: "policies and their rules" },
  { type: "okta:app/signonPolicyRules:SignonPolicyRules", what: "policies and their rules" },
  { type: "okta:auth/serverPolicy*", what: "policies and their rules" },
  { type: "okta:index/authenticator*", what: "authenticators" },
  { type: "okta:factor/*", what: "authenticators" },
  { type: "okta:index/factorTotp:FactorTotp", what: "authenticators" },
  { type: "okta:index/behaviour:Behaviour", what: "behavior detection" },
  { type: "okta:app/*", what: "apps' redirect, grant and authentication settings" },
  { type: "okta:group/rule:Rule", what: "group membership rules" },
  { type: "okta:index/*Memberships*", what: "group memberships" },
  { type: "okta:index/appGroupAssignments:*", what: "group memberships" },
];

/** Whether a property path is the property or lies below it (`settings` covers `settings.a` and `settings[0]`). */
function coversPath(property: string, path: string): boolean {
  return path === property || path.startsWith(`${property}.`) || path.startsWith(`${property}[`);
}

function isCosmetic(type: string, property: string): boolean {
  return Object.hasOwn(COSMETIC, type) && (COSMETIC[type] ?? []).includes(property);
}

/** The entries that apply to a type, each able to say whether it covers a property path. */
export function allowlistFor(
  allowlist: readonly AllowlistEntry[],
  type: string,
): { readonly reason: string; covers(path: string): boolean }[] {
  return allowlist
    .filter((e) => e.type === type && isCosmetic(e.type, e.property))
    .map((e) => ({ reason: e.reason, covers: (path: string) => coversPath(e.property, path) }));
}

function refusal(type: string): string {
  const guarded = GUARDED.find((g) => matches(g.type, type));
  const allowed = Object.hasOwn(COSMETIC, type) ? (COSMETIC[type] ?? []) : [];
  const cosmetic = allowed.length > 0 ? ` (this type's cosmetic properties: ${allowed.join(", ")})` : "";
  if (guarded !== undefined) return `guarded (${guarded.what}): drift there is never cosmetic${cosmetic}`;
  return `not a property the drift check knows to be cosmetic${
    cosmetic ||
    ` (only ${Object.entries(COSMETIC)
      .map(([t, ps]) => `${t}: ${ps.join(", ")}`)
      .join("; ")})`
  }`;
}

const entrySchema = z.strictObject({
  type: z.string({ error: "a resource type token such as okta:app/oAuth:OAuth" }).min(1),
  property: z.string({ error: "a property name such as logo" }).min(1),
  reason: z
    .string({ error: "why this difference is cosmetic (required)" })
    .trim()
    .min(1, { error: "why this difference is cosmetic (required)" }),
});

/** An allowlist that cannot be used, with every problem. */
export class AllowlistError extends Error {}

function clip(text: string): string {
  const flat = JSON.stringify(text);
  return flat.length > 80 ? `${flat.slice(0, 77)}..."` : flat;
}

/** Reads an allowlist (a YAML list of {type, property, reason}); refuses anything the catalogue does not list as cosmetic. */
export function parseAllowlist(text: string, source: string): AllowlistEntry[] {
  let doc: unknown;
  try {
    doc = parse(text) ?? [];
  } catch (err) {
    throw new AllowlistError(`${source}: not YAML (${(err as Error).message.split("\n")[0]})`);
  }
  if (!Array.isArray(doc)) {
    throw new AllowlistError(`${source}: expected a list of {type, property, reason} entries`);
  }
  const problems: string[] = [];
  const entries: AllowlistEntry[] = [];
  doc.forEach((item, i) => {
    const result = entrySchema.safeParse(item);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.path.join(".") || "entry";
        problems.push(`entry ${i + 1}: ${field}: expected ${issue.message}`);
      }
      return;
    }
    const { type, property } = result.data;
    if (!isCosmetic(type, property)) {
      problems.push(`entry ${i + 1} (${clip(type)} ${clip(property)}): ${refusal(type)}`);
      return;
    }
    entries.push(result.data);
  });
  if (problems.length > 0) {
    throw new AllowlistError(
      `${source}: ${problems.length} unusable ${problems.length === 1 ? "entry" : "entries"}:\n  - ${problems.join("\n  - ")}`,
    );
  }
  return entries;
}
