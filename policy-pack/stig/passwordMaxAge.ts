import { resourceGuardrail } from "../lib/guardrail";
import { STIG_ONLY } from "../lib/levels";
import { isUnknown, num } from "../lib/values";
import { PASSWORD_POLICIES } from "../okta-sign-on/types";

export const passwordMaxAge = resourceGuardrail<{ maxAgeDays: number }>({
  name: "okta-password-policy-max-age",
  catalogueId: "STIG",
  description: "Passwords expire within 60 days (0, the provider default, means they never expire).",
  severity: "medium",
  remediationSteps: "Set passwordMaxAgeDays between 1 and the limit.",
  levels: STIG_ONLY,
  config: { maxAgeDays: { type: "integer", description: "Longest password lifetime, days.", default: 60, minimum: 1 } },
  resourceTypes: PASSWORD_POLICIES,
  check: ({ props }, config) => {
    if (isUnknown(props.passwordMaxAgeDays)) return [];
    const days = num(props.passwordMaxAgeDays) ?? 0;
    if (days === 0)
      return [
        `passwordMaxAgeDays is ${props.passwordMaxAgeDays === undefined ? "unset, so 0" : "0"}: passwords never expire; set at most ${config.maxAgeDays}`,
      ];
    return days > config.maxAgeDays ? [`passwordMaxAgeDays is ${days}, above the limit of ${config.maxAgeDays}`] : [];
  },
});
