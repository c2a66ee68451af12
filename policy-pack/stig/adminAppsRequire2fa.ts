import { StackFinding, stackGuardrail } from "../lib/guardrail";
import { STIG_ONLY } from "../lib/levels";
import { isUnknown, upper } from "../lib/values";
import { APP_SIGNON_POLICY, APP_SIGNON_RULE } from "../okta-sign-on/types";
import { referenceOf } from "../okta-structure/identityTypes";

export const adminAppsRequire2fa = stackGuardrail<{ policyNames: string[] }>({
  name: "okta-admin-console-and-dashboard-2fa",
  catalogueId: "STIG",
  description:
    "The stack manages the Okta Admin Console's and the Okta Dashboard's authentication policies, and every rule of them that allows access requires two factors.",
  severity: "critical",
  remediationSteps:
    'Import Okta\'s built-in "Okta Admin Console" and "Okta Dashboard" policies (okta.AppSignonPolicy) and their rules, and set factorMode "2FA" on each ALLOW rule.',
  levels: STIG_ONLY,
  config: {
    policyNames: {
      type: "array",
      items: { type: "string" },
      description: "Names of the built-in authentication policies that must be managed and require 2FA.",
      default: ["Okta Admin Console", "Okta Dashboard"],
    },
  },
  check: (resources, config) => {
    const found: StackFinding[] = [];
    for (const wanted of config.policyNames) {
      const policy = resources.find(
        (r) => r.type === APP_SIGNON_POLICY && upper(r.props.name) === wanted.toUpperCase(),
      );
      if (policy === undefined) {
        found.push({
          message: `the stack manages no app sign-on policy named "${wanted}", so its rules are unchecked`,
        });
        continue;
      }
      const rules = resources.filter((r) => r.type === APP_SIGNON_RULE && referenceOf(r, "policyId") === policy.urn);
      if (rules.length === 0) found.push({ urn: policy.urn, message: `"${wanted}" has no managed rules` });
      for (const rule of rules) {
        if ((upper(rule.props.access) ?? "ALLOW") !== "ALLOW" || isUnknown(rule.props.factorMode)) continue;
        const mode = upper(rule.props.factorMode);
        if (mode !== "2FA") {
          found.push({
            urn: rule.urn,
            message: `a rule of "${wanted}" allows access with factorMode ${mode === undefined ? "unset" : `"${mode}"`}: require "2FA"`,
          });
        }
      }
    }
    return found;
  },
});
