import { StackResource, stackGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { bool, strings, upper } from "../lib/values";

interface Config {
  maxSuperAdmins: number;
}

const NOTIFICATIONS = "okta:index/securityNotificationEmails:SecurityNotificationEmails";

/**
 * Every resource type that can grant an admin role, and how many Super Administrator grants one holds. Role
 * names are compared without regard to case, as Okta reads them.
 */
export const ADMIN_ROLE_GRANTS: Readonly<Record<string, (r: StackResource) => number>> = {
  "okta:group/role:Role": (r) => (upper(r.props.roleType) === "SUPER_ADMIN" ? 1 : 0),
  "okta:index/userAdminRoles:UserAdminRoles": (r) =>
    (strings(r.props.adminRoles) ?? []).filter((role) => role.toUpperCase() === "SUPER_ADMIN").length,
  "okta:app/oauthRoleAssignment:OauthRoleAssignment": (r) => (upper(r.props.type) === "SUPER_ADMIN" ? 1 : 0),
  "okta:index/oauth2V1ClientsRoleSuperAdmin:Oauth2V1ClientsRoleSuperAdmin": () => 1,
  // Custom roles and the other standard roles granted to OAuth clients are never Super Administrator.
  "okta:index/adminRoleCustomAssignments:AdminRoleCustomAssignments": () => 0,
  ...Object.fromEntries(
    [
      "AccessCertificationsAdmin",
      "AccessRequestsAdmin",
      "ApiAccessManagementAdmin",
      "AppAdmin",
      "Custom",
      "GroupMembershipAdmin",
      "HelpDeskAdmin",
      "OrgAdmin",
      "ReadOnlyAdmin",
      "ReportAdmin",
      "UserAdmin",
      "WorkflowsAdmin",
    ].map((role) => [
      `okta:index/oauth2V1ClientsRole${role}:Oauth2V1ClientsRole${role}`,
      (r: StackResource) => (upper(r.props.type) === "SUPER_ADMIN" ? 1 : 0),
    ]),
  ),
};
const FLAGS = [
  "reportSuspiciousActivityEnabled",
  "sendEmailForFactorEnrollmentEnabled",
  "sendEmailForFactorResetEnabled",
  "sendEmailForNewDeviceEnabled",
  "sendEmailForPasswordChangedEnabled",
];

export const adminNotificationsAndSuperAdmins = stackGuardrail<Config>({
  name: "okta-security-notifications-and-few-super-admins",
  catalogueId: "G28",
  description:
    "All five security notification emails stay on, and at most 3 grants of the Super Administrator role (to groups, users or OAuth clients).",
  severity: "high",
  remediationSteps:
    "Leave every security notification flag true; grant narrower custom admin roles instead of SUPER_ADMIN.",
  levels: PROD_MANDATORY,
  config: {
    maxSuperAdmins: { type: "integer", description: "Most SUPER_ADMIN role assignments.", default: 3, minimum: 1 },
  },
  check: (resources, config) => {
    const found = resources
      .filter((r) => r.type === NOTIFICATIONS)
      .flatMap((r) =>
        FLAGS.filter((f) => bool(r.props[f]) === false).map((f) => ({ urn: r.urn, message: `${f} is false` })),
      );
    const superAdmins = resources.flatMap((r) => {
      const count = ADMIN_ROLE_GRANTS[r.type]?.(r) ?? 0;
      return count === 0 ? [] : [count > 1 ? `${r.name} (${count})` : r.name];
    });
    const total = resources.reduce((sum, r) => sum + (ADMIN_ROLE_GRANTS[r.type]?.(r) ?? 0), 0);
    if (total > config.maxSuperAdmins) {
      found.push({
        urn: "",
        message: `${total} SUPER_ADMIN role assignments (${superAdmins.join(", ")}): at most ${config.maxSuperAdmins}; prefer custom roles`,
      });
    }
    return found;
  },
});
