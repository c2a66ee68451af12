import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { lowerAll } from "../lib/values";
import { AUTH_SERVER_RULE } from "./rule";

export const authServerRuleNoImplicitGrant = resourceGuardrail({
  name: "okta-auth-server-rule-no-implicit-grant",
  catalogueId: "G14",
  description: "Authorization-server policy rules do not allow the implicit grant.",
  severity: "high",
  remediationSteps: 'Remove "implicit" from grantTypeWhitelists.',
  levels: PROD_MANDATORY,
  resourceTypes: [AUTH_SERVER_RULE],
  check: ({ props }) =>
    (lowerAll(props.grantTypeWhitelists) ?? []).includes("implicit")
      ? ['the rule allows the "implicit" grant (RFC 9700 2.1.2)']
      : [],
});
