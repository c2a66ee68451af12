import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { isUnknown, num } from "../lib/values";
import { PASSWORD_POLICIES } from "./types";

interface Config {
  maxLockoutAttempts: number;
  minHistoryCount: number;
}

export const passwordPolicyLockoutHistory = resourceGuardrail<Config>({
  name: "okta-password-policy-lockout-history",
  catalogueId: "G24",
  description:
    "Password policies lock accounts after 1 to 10 failed attempts and remember at least 5 previous passwords.",
  severity: "high",
  remediationSteps: "Set passwordMaxLockoutAttempts between 1 and the limit, and passwordHistoryCount >= the minimum.",
  levels: PROD_MANDATORY,
  config: {
    maxLockoutAttempts: {
      type: "integer",
      description: "Most failed attempts before lockout.",
      default: 10,
      minimum: 1,
    },
    minHistoryCount: { type: "integer", description: "Fewest remembered passwords.", default: 5, minimum: 0 },
  },
  resourceTypes: PASSWORD_POLICIES,
  check: ({ props }, config) => {
    const found: string[] = [];
    const attempts = num(props.passwordMaxLockoutAttempts) ?? 10;
    if (!isUnknown(props.passwordMaxLockoutAttempts) && (attempts < 1 || attempts > config.maxLockoutAttempts)) {
      found.push(
        `passwordMaxLockoutAttempts is ${attempts}${attempts === 0 ? " (no lockout)" : ""}: allowed 1 to ${config.maxLockoutAttempts}`,
      );
    }
    const history = num(props.passwordHistoryCount) ?? 0;
    if (!isUnknown(props.passwordHistoryCount) && history < config.minHistoryCount) {
      found.push(
        `passwordHistoryCount is ${history}${props.passwordHistoryCount === undefined ? " (the default)" : ""}, below ${config.minHistoryCount}`,
      );
    }
    return found;
  },
});
