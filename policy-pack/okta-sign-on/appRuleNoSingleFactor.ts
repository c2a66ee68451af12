import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { Props, str, upper } from "../lib/values";
import { APP_SIGNON_RULE, APP_SIGNON_RULES } from "./types";

function singleFactor(rule: Props): boolean {
  return (upper(rule.access) ?? "ALLOW") === "ALLOW" && upper(rule.factorMode) === "1FA";
}

export const appSignonRuleNoSingleFactor = resourceGuardrail({
  name: "okta-app-signon-rule-no-single-factor",
  catalogueId: "G21",
  description: "App sign-on rules that allow access require two factors (factor mode not 1FA; Checkov CKV_OKTA_1).",
  severity: "high",
  remediationSteps: 'Set factorMode "2FA" on ALLOW rules.',
  levels: PROD_MANDATORY,
  resourceTypes: [APP_SIGNON_RULE, APP_SIGNON_RULES],
  check: ({ type, props }) => {
    if (type === APP_SIGNON_RULE) {
      return singleFactor(props) ? ['an ALLOW rule with factorMode "1FA" lets one factor in: use "2FA"'] : [];
    }
    const rules = Array.isArray(props.rules) ? (props.rules as Props[]) : [];
    return rules
      .filter((r) => typeof r === "object" && r !== null && singleFactor(r))
      .map((r) => `rule "${str(r.name) ?? "?"}" allows access with factorMode "1FA": use "2FA"`);
  },
});
