import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { isUnknown, num, upper } from "../lib/values";
import { PASSWORD_POLICIES } from "./types";

interface Config {
  maxRecoveryTokenMinutes: number;
}

export const passwordPolicyRecovery = resourceGuardrail<Config>({
  name: "okta-password-policy-recovery",
  catalogueId: "G25",
  description:
    "Password policies turn security-question recovery off explicitly, keep SMS and voice-call recovery off, and expire recovery tokens within 60 minutes.",
  severity: "high",
  remediationSteps:
    'Set questionRecovery "INACTIVE", smsRecovery and callRecovery "INACTIVE", recoveryEmailToken <= the limit.',
  levels: PROD_MANDATORY,
  config: {
    maxRecoveryTokenMinutes: {
      type: "integer",
      description: "Longest recovery token lifetime.",
      default: 60,
      minimum: 1,
    },
  },
  resourceTypes: PASSWORD_POLICIES,
  check: ({ props }, config) => {
    const found: string[] = [];
    const question = upper(props.questionRecovery);
    if (!isUnknown(props.questionRecovery) && question !== "INACTIVE") {
      found.push(
        `questionRecovery must be "INACTIVE" explicitly (got ${question === undefined ? "unset, so ACTIVE" : `"${question}"`})`,
      );
    }
    for (const key of ["smsRecovery", "callRecovery"]) {
      if (upper(props[key]) === "ACTIVE")
        found.push(`${key} is "ACTIVE": phone-based recovery can be hijacked (SIM swap)`);
    }
    const token = num(props.recoveryEmailToken) ?? 60;
    if (!isUnknown(props.recoveryEmailToken) && token > config.maxRecoveryTokenMinutes) {
      found.push(`recoveryEmailToken is ${token} minutes, above the limit of ${config.maxRecoveryTokenMinutes}`);
    }
    return found;
  },
});
