import { resourceGuardrail } from "../lib/guardrail";
import { MANDATORY } from "../lib/levels";
import { lowerAll } from "../lib/values";
import { AUTH_SERVER_RULE } from "./rule";

export const authServerRuleNoPasswordGrant = resourceGuardrail({
  name: "okta-auth-server-rule-no-password-grant",
  catalogueId: "G14",
  description: "Authorization-server policy rules never allow the password grant.",
  severity: "critical",
  remediationSteps: 'Remove "password" from grantTypeWhitelists.',
  levels: MANDATORY,
  resourceTypes: [AUTH_SERVER_RULE],
  check: ({ props }) =>
    (lowerAll(props.grantTypeWhitelists) ?? []).includes("password")
      ? ['the rule allows the "password" grant, which MUST NOT be used (RFC 9700 2.4)']
      : [],
});
