import { parse } from "yaml";
import { z } from "zod";
// The same glob the guardrails use for hosts and scopes.
import { matches } from "../policy-pack/lib/glob";

export { matches };

/** One reviewed kind of cosmetic drift: a property of a resource type whose differences are not counted. */
export interface AllowlistEntry {
  /** Resource type token; `*` matches any run of characters (`okta:app/*`). */
  readonly type: string;
  /** Property path or its prefix (`logo`, `customProfileAttributes`); `*` as in `type`. */
  readonly property: string;
  readonly reason: string;
}

/**
 * Drift that is never noise: MFA and authenticator settings, redirect URIs, grant types, policy rules, group
 * memberships. A whole type (`*`) or one property of a type. The allowlist refuses any entry that could cover one.
 */
export const GUARDED: readonly { readonly type: string; readonly property: string; readonly what: string }[] = [
  { type: "okta:index/authenticator:Authenticator", property: "*", what: "authenticator settings" },
  { type: "okta:policy/mfa:Mfa", property: "*", what: "MFA policy" },
  { type: "okta:index/policyMfaDefault:PolicyMfaDefault", property: "*", what: "MFA policy" },
  { type: "okta:policy/ruleMfa:RuleMfa", property: "*", what: "MFA policy rule" },
  { type: "okta:policy/ruleSignon:RuleSignon", property: "*", what: "sign-on policy rule" },
  { type: "okta:policy/rulePassword:RulePassword", property: "*", what: "password policy rule" },
  { type: "okta:policy/password:Password", property: "*", what: "password policy" },
  { type: "okta:index/appSignonPolicyRule:AppSignonPolicyRule", property: "*", what: "app sign-on policy rule" },
  { type: "okta:app/signonPolicyRules:SignonPolicyRules", property: "*", what: "app sign-on policy rules" },
  { type: "okta:auth/serverPolicyRule:ServerPolicyRule", property: "*", what: "authorization-server policy rule" },
  { type: "okta:auth/serverPolicy:ServerPolicy", property: "*", what: "authorization-server policy" },
  { type: "okta:index/appGroupAssignments:AppGroupAssignments", property: "*", what: "group membership of an app" },
  { type: "okta:app/groupAssignment:GroupAssignment", property: "*", what: "group membership of an app" },
  { type: "okta:index/groupMemberships:GroupMemberships", property: "*", what: "group membership" },
  { type: "okta:index/userGroupMemberships:UserGroupMemberships", property: "*", what: "group membership" },
  { type: "okta:group/rule:Rule", property: "groupAssignments", what: "group membership rule" },
  { type: "okta:group/rule:Rule", property: "expressionValue", what: "group membership rule" },
  ...["redirectUris", "postLogoutRedirectUris", "loginUri", "wildcardRedirect"].map((property) => ({
    type: "okta:app/oAuth:OAuth",
    property,
    what: "redirect URIs",
  })),
  ...["grantTypes", "responseTypes", "pkceRequired", "tokenEndpointAuthMethod", "authenticationPolicy"].map(
    (property) => ({
      type: "okta:app/oAuth:OAuth",
      property,
      what: "grant types and client authentication",
    }),
  ),
  { type: "okta:app/saml:Saml", property: "authenticationPolicy", what: "sign-on policy" },
];

/** Whether a property path is the entry's property or lies below it (`settings` covers `settings.a`). */
export function coversPath(pattern: string, path: string): boolean {
  return matches(pattern, path) || matches(`${pattern}.*`, path) || matches(`${pattern}[*`, path);
}

/** The guarded rule an entry could cover, if any. */
function guardedBy(entry: AllowlistEntry) {
  return GUARDED.find(
    (g) =>
      (matches(entry.type, g.type) || matches(g.type, entry.type)) &&
      (g.property === "*" ||
        entry.property === "*" ||
        coversPath(entry.property, g.property) ||
        coversPath(g.property, entry.property)),
  );
}

const entrySchema = z.strictObject({
  type: z.string({ error: "a resource type token such as okta:app/oAuth:OAuth" }).min(1),
  property: z.string({ error: "a property path such as logo" }).min(1),
  reason: z
    .string({ error: "why this difference is cosmetic (required)" })
    .trim()
    .min(1, { error: "why this difference is cosmetic (required)" }),
});

/** An allowlist that cannot be used, with every problem. */
export class AllowlistError extends Error {}

/** Reads an allowlist (a YAML list of {type, property, reason}); refuses guarded properties and entries without a reason. */
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
    const guarded = guardedBy(result.data);
    if (guarded !== undefined) {
      problems.push(
        `entry ${i + 1} (${result.data.type} ${result.data.property}) covers a guarded property (${guarded.what}): drift there is never cosmetic`,
      );
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
