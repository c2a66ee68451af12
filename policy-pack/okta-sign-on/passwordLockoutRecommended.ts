import { resourceGuardrail } from "../lib/guardrail";
import { ADVISORY } from "../lib/levels";
import { isUnknown, num } from "../lib/values";
import { PASSWORD_POLICIES } from "./types";

interface Config {
  maxLockoutAttempts: number;
  minAgeMinutes: number;
}

export const passwordPolicyLockoutRecommended = resourceGuardrail<Config>({
  name: "okta-password-policy-lockout-recommended",
  catalogueId: "G24",
  description: "Password policies lock accounts after at most 5 failed attempts and keep a password at least a day.",
  severity: "low",
  remediationSteps: "Set passwordMaxLockoutAttempts <= 5 and passwordMinAgeMinutes >= 1440.",
  levels: ADVISORY,
  config: {
    maxLockoutAttempts: { type: "integer", description: "Recommended most failed attempts.", default: 5, minimum: 1 },
    minAgeMinutes: {
      type: "integer",
      description: "Recommended minimum password age, minutes.",
      default: 1440,
      minimum: 0,
    },
  },
  resourceTypes: PASSWORD_POLICIES,
  check: ({ props }, config) => {
    const found: string[] = [];
    const attempts = num(props.passwordMaxLockoutAttempts) ?? 10;
    if (!isUnknown(props.passwordMaxLockoutAttempts) && attempts > config.maxLockoutAttempts) {
      found.push(`passwordMaxLockoutAttempts is ${attempts}, above the recommended ${config.maxLockoutAttempts}`);
    }
    const age = num(props.passwordMinAgeMinutes) ?? 0;
    if (!isUnknown(props.passwordMinAgeMinutes) && age < config.minAgeMinutes) {
      found.push(`passwordMinAgeMinutes is ${age}, below the recommended ${config.minAgeMinutes}`);
    }
    return found;
  },
});
