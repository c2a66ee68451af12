import { stackGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { bool, str } from "../lib/values";

interface Config {
  maxSuperAdmins: number;
}

const NOTIFICATIONS = "okta:index/securityNotificationEmails:SecurityNotificationEmails";
const GROUP_ROLE = "okta:group/role:Role";
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
  description: "All five security notification emails stay on, and at most 3 groups hold the Super Administrator role.",
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
    const superAdmins = resources.filter((r) => r.type === GROUP_ROLE && str(r.props.roleType) === "SUPER_ADMIN");
    if (superAdmins.length > config.maxSuperAdmins) {
      found.push({
        urn: "",
        message: `${superAdmins.length} SUPER_ADMIN role assignments (${superAdmins.map((r) => r.name).join(", ")}): at most ${config.maxSuperAdmins}; prefer custom roles`,
      });
    }
    return found;
  },
});
