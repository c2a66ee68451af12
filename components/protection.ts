/**
 * Resource types that carry identity: deleting or replacing one locks people out, changes who can reach an app,
 * or drops an authentication rule. In a protected stack (prod by default) these are created with
 * `protect: true`, so `pulumi up` refuses to delete them until someone unprotects them on purpose.
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

/** Whether a child of the given type is protected, given the stack's protection switch. */
export function isProtected(type: string, protectIdentity: boolean): boolean {
  return protectIdentity && IDENTITY_BEARING_TYPES.has(type);
}
