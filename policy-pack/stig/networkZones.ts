import { resourceGuardrail } from "../lib/guardrail";
import { STIG_ONLY } from "../lib/levels";
import { Props, isUnknown, num, str, strings, upper } from "../lib/values";
import { APP_SIGNON_RULE, APP_SIGNON_RULES, SIGNON_RULE } from "../okta-sign-on/types";

/** Why a rule's network condition does not restrict it to network zones, or undefined when it does. */
function notZoned(props: Props): string | undefined {
  if (isUnknown(props.networkConnection)) return undefined;
  const connection = upper(props.networkConnection) ?? "ANYWHERE";
  if (connection === "ANYWHERE")
    return `networkConnection is ${props.networkConnection === undefined ? "unset, so ANYWHERE" : '"ANYWHERE"'}`;
  const zones = [...(strings(props.networkIncludes) ?? []), ...(strings(props.networkExcludes) ?? [])];
  return connection === "ZONE" && zones.length === 0 ? 'networkConnection is "ZONE" but names no zone' : undefined;
}

export const signonRuleNetworkZone = resourceGuardrail({
  name: "okta-signon-rule-network-zone",
  catalogueId: "STIG",
  description: "The first (priority 1) rule of each global session policy applies only to named network zones.",
  severity: "medium",
  remediationSteps: 'Set networkConnection "ZONE" with networkIncludes (or networkExcludes) on the priority 1 rule.',
  levels: STIG_ONLY,
  resourceTypes: [SIGNON_RULE],
  check: ({ props }) => {
    if (num(props.priority) !== 1) return [];
    const why = notZoned(props);
    return why === undefined ? [] : [`the priority 1 rule is not restricted to network zones: ${why}`];
  },
});

export const appSignonRuleNetworkZone = resourceGuardrail({
  name: "okta-app-signon-rule-network-zone",
  catalogueId: "STIG",
  description:
    "App authentication policy rules apply only to named network zones, and the catch-all rule denies access.",
  severity: "medium",
  remediationSteps:
    'Set networkConnection "ZONE" with networkIncludes (or networkExcludes) on each rule; set access "DENY" on the "Catch-all Rule".',
  levels: STIG_ONLY,
  resourceTypes: [APP_SIGNON_RULE, APP_SIGNON_RULES],
  check: ({ type, props }) => {
    if (type === APP_SIGNON_RULE) return appRuleProblems(props);
    // okta.app.SignonPolicyRules: every rule of the policy in one resource.
    const rules = Array.isArray(props.rules) ? (props.rules as unknown[]) : [];
    return rules
      .filter((rule): rule is Props => typeof rule === "object" && rule !== null && !isUnknown(rule))
      .flatMap((rule) => appRuleProblems(rule).map((m) => `rule "${str(rule.name) ?? "?"}": ${m}`));
  },
});

function appRuleProblems(props: Props): string[] {
  if (upper(props.name) === "CATCH-ALL RULE") {
    return (upper(props.access) ?? "ALLOW") === "DENY" ? [] : ['the "Catch-all Rule" must deny access'];
  }
  const why = notZoned(props);
  return why === undefined ? [] : [`the rule is not restricted to network zones: ${why}`];
}
