import type { OrgBaseline, TrustedOriginDefinition } from "../components/org";
import type { AdminUser } from "../config/baselineValues";

/** Key of the registration inline hook; how Okta authenticates to it is `okta-mmod:registrationHook.method`. */
export const REGISTRATION_HOOK = "validate-client-id-registration";

/** The baseline's values that name one team, from the stack's config; an absent one declares nothing. */
export interface TeamValues {
  /** The registration inline hook's endpoint (`okta-mmod:registrationHook.url`). */
  readonly registrationHookUrl: string | undefined;
  /** The admin user's login and email (`okta-mmod:adminUser`). */
  readonly adminUser: AdminUser | undefined;
}

/**
 * The org baseline every stack declares: the reference's resources after its Exercises 4 and 5. The trusted
 * origins are the apps' (see `trustedOrigins` in ./catalogue), at this stack's URLs, so no environment's hosts
 * leak into another. The hook's endpoint and the admin user's login are the stack's own (`team`).
 */
export function orgBaseline(trustedOrigins: readonly TrustedOriginDefinition[], team: TeamValues): OrgBaseline {
  const { registrationHookUrl, adminUser } = team;
  return {
    groups: [
      {
        key: "service-accounts",
        name: "Okta Service Accounts",
        description: "Group that contains all users that represent Service Accounts",
      },
      {
        key: "dmz-admins",
        name: "DMZ Server Admins",
        description: "Group that contains employees that are responsible for DMZ Servers",
      },
      // Renamed from "Test Group" in the reference's Exercise 5: same key, so Okta updates it in place.
      { key: "test-group", name: "Renamed Test Group", description: "For testing and demonstration" },
    ],
    groupRules: [
      { key: "dmz-admins", name: "DMZ Admins", expression: 'user.department=="DMZ Ops"', assignTo: ["dmz-admins"] },
      {
        key: "test-rule",
        name: "Test Rule",
        expression: 'String.startsWith(user.firstName,"somename")',
        assignTo: ["test-group"],
      },
    ],
    userSchemaProperties: [
      {
        key: "is-verified",
        index: "isVerified",
        title: "Is Verified?",
        type: "boolean",
        description: "Stores whether the user has been verified as a customer",
        master: "OKTA",
        scope: "SELF",
        permissions: "READ_WRITE",
      },
      {
        key: "client-id",
        index: "clientId",
        title: "Client ID",
        type: "string",
        description: "Stores the customer's account ID",
        master: "OKTA",
        scope: "SELF",
        permissions: "READ_WRITE",
      },
      {
        key: "customer-reference-number",
        index: "customer_reference_number",
        title: "Customer Reference Number",
        type: "string",
        required: false,
        master: "PROFILE_MASTER",
      },
    ],
    networkZones: [
      { key: "blacklisted-countries", name: "Blacklisted Countries", locations: ["AF", "IR", "KP"] },
      { key: "corporate-locations", name: "Corporate Locations", locations: ["BS", "JM"] },
      { key: "tor-blocker", name: "TOR Blocker", proxyType: "TorAnonymizer", usage: "BLOCKLIST" },
    ],
    trustedOrigins,
    adminRoles: [
      {
        key: "app-admin",
        label: "App Admin Role",
        description: "This role users to manage applications",
        permissions: ["okta.apps.manage"],
      },
    ],
    authenticators: [
      {
        key: "email",
        name: "Email",
        authenticatorKey: "okta_email",
        settings: { allowedFor: "any", tokenLifetimeInMinutes: 5 },
      },
      { key: "webauthn", name: "Web AuthN", authenticatorKey: "webauthn" },
    ],
    inlineHooks:
      registrationHookUrl === undefined
        ? []
        : [
            {
              key: REGISTRATION_HOOK,
              name: "Validate Client ID on Registration",
              type: "com.okta.user.pre-registration",
              version: "1.0.0",
              uri: registrationHookUrl,
              authHeader: "Authorization",
            },
          ],
    users:
      adminUser === undefined
        ? []
        : [
            {
              key: "okta-terraform-admin",
              firstName: "Okta",
              lastName: "Terraform Admin",
              login: adminUser.login,
              email: adminUser.email,
              department: "DMZ Ops",
            },
          ],
  };
}
