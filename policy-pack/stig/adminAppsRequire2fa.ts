import { StackFinding, stackGuardrail } from "../lib/guardrail";
import { STIG_ONLY } from "../lib/levels";
import { Props, isUnknown, str, upper } from "../lib/values";
import { APP_SIGNON_POLICY, APP_SIGNON_RULE, APP_SIGNON_RULES } from "../okta-sign-on/types";
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
      // Its rules: one okta.AppSignonPolicyRule each, or all of them in an okta.app.SignonPolicyRules.
      const rules: { urn: string; label: string; props: Props }[] = [];
      for (const r of resources) {
        if (referenceOf(r, "policyId") !== policy.urn) continue;
        if (r.type === APP_SIGNON_RULE) rules.push({ urn: r.urn, label: "a rule", props: r.props });
        if (r.type !== APP_SIGNON_RULES || !Array.isArray(r.props.rules)) continue;
        for (const rule of r.props.rules as unknown[]) {
          if (typeof rule !== "object" || rule === null || isUnknown(rule)) continue;
          const props = rule as Props;
          rules.push({ urn: r.urn, label: `rule "${str(props.name) ?? "?"}"`, props });
        }
      }
      if (rules.length === 0) found.push({ urn: policy.urn, message: `"${wanted}" has no managed rules` });
      for (const { urn, label, props } of rules) {
        if ((upper(props.access) ?? "ALLOW") !== "ALLOW" || isUnknown(props.factorMode)) continue;
        const mode = upper(props.factorMode);
        if (mode !== "2FA") {
          found.push({
            urn,
            message: `${label} of "${wanted}" allows access with factorMode ${mode === undefined ? "unset" : `"${mode}"`}: require "2FA"`,
          });
        }
      }
    }
    return found;
  },
});
