import { Levels, resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { bool, isUnknown, num } from "../lib/values";
import { PASSWORD_POLICIES } from "./types";

interface Config {
  minLength: number;
}

export function passwordStrength(name: string, minLength: number, levels: Levels, full: boolean) {
  return resourceGuardrail<Config>({
    name,
    catalogueId: "G23",
    description: full
      ? `Password policies require at least ${minLength} characters, check the common-password dictionary and exclude the username.`
      : `Password policies require at least ${minLength} characters.`,
    severity: full ? "high" : "low",
    remediationSteps: full
      ? `Set passwordMinLength >= ${minLength}, passwordDictionaryLookup: true and passwordExcludeUsername: true.`
      : `Set passwordMinLength >= ${minLength}.`,
    levels,
    config: {
      minLength: { type: "integer", description: "Shortest password allowed.", default: minLength, minimum: 1 },
    },
    resourceTypes: PASSWORD_POLICIES,
    check: ({ props }, config) => {
      const found: string[] = [];
      const length = num(props.passwordMinLength) ?? 8;
      if (!isUnknown(props.passwordMinLength) && length < config.minLength) {
        found.push(
          `passwordMinLength is ${length}${props.passwordMinLength === undefined ? " (the default)" : ""}, below ${config.minLength}`,
        );
      }
      if (!full) return found;
      if (!isUnknown(props.passwordDictionaryLookup) && bool(props.passwordDictionaryLookup) !== true) {
        found.push("passwordDictionaryLookup must be true (the provider default is false)");
      }
      if (bool(props.passwordExcludeUsername) === false) {
        found.push("passwordExcludeUsername must not be false");
      }
      return found;
    },
  });
}

export const passwordPolicyStrength = passwordStrength("okta-password-policy-strength", 12, PROD_MANDATORY, true);
