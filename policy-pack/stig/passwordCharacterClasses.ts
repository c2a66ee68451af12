import { resourceGuardrail } from "../lib/guardrail";
import { STIG_ONLY } from "../lib/levels";
import { isUnknown, num } from "../lib/values";
import { PASSWORD_POLICIES } from "../okta-sign-on/types";

/** Each character class and the provider's default when the property is unset. */
const CLASSES: readonly [string, number][] = [
  ["passwordMinUppercase", 1],
  ["passwordMinLowercase", 1],
  ["passwordMinNumber", 1],
  ["passwordMinSymbol", 0],
];

export const passwordCharacterClasses = resourceGuardrail({
  name: "okta-password-policy-character-classes",
  catalogueId: "STIG",
  description: "Password policies require at least one upper-case letter, lower-case letter, number and symbol.",
  severity: "medium",
  remediationSteps:
    "Set passwordMinUppercase, passwordMinLowercase, passwordMinNumber and passwordMinSymbol to 1 or more.",
  levels: STIG_ONLY,
  resourceTypes: PASSWORD_POLICIES,
  check: ({ props }) =>
    CLASSES.filter(([key, byDefault]) => !isUnknown(props[key]) && (num(props[key]) ?? byDefault) < 1).map(
      ([key]) => `${key} is ${num(props[key]) ?? "unset, so 0"}: require at least 1`,
    ),
});
