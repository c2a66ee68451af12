import { str } from "../lib/values";

/**
 * Identity-bearing Okta resource types (apps, sign-on policies and rules, authorization servers and their
 * parts, groups and group rules, schema properties, users, authenticators). The program protects exactly
 * these in prod; a test keeps this list equal to the program's own (the pack cannot import the program:
 * it is published on its own).
 */
export const IDENTITY_BEARING_TYPES: ReadonlySet<string> = new Set([
  "okta:app/oAuth:OAuth",
  "okta:app/saml:Saml",
  "okta:index/appSignonPolicy:AppSignonPolicy",
  "okta:index/appSignonPolicyRule:AppSignonPolicyRule",
  "okta:auth/server:Server",
  "okta:auth/serverScope:ServerScope",
  "okta:auth/serverClaim:ServerClaim",
  "okta:auth/serverPolicy:ServerPolicy",
  "okta:auth/serverPolicyRule:ServerPolicyRule",
  "okta:group/group:Group",
  "okta:group/rule:Rule",
  "okta:index/userSchemaProperty:UserSchemaProperty",
  "okta:user/user:User",
  "okta:index/authenticator:Authenticator",
]);

/** The first resource an input property came from, by URN, or the property's own value. */
export function referenceOf(
  r: { props: Readonly<Record<string, unknown>>; propertyDependencies: Readonly<Record<string, readonly string[]>> },
  property: string,
): string | undefined {
  const from = r.propertyDependencies[property]?.[0];
  if (from !== undefined) return from;
  return str(r.props[property]);
}
