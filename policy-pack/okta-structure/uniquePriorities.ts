import { StackFinding, nameOfUrn, stackGuardrail } from "../lib/guardrail";
import { MANDATORY } from "../lib/levels";
import { isUnknown, num } from "../lib/values";
import { referenceOf } from "./identityTypes";

/** Prioritised types and the input that names their parent (undefined: one org-wide sequence per type). */
const PRIORITISED: Readonly<Record<string, string | undefined>> = {
  "okta:auth/serverPolicy:ServerPolicy": "authServerId",
  "okta:auth/serverPolicyRule:ServerPolicyRule": "policyId",
  "okta:index/appSignonPolicyRule:AppSignonPolicyRule": "policyId",
  "okta:policy/ruleSignon:RuleSignon": "policyId",
  "okta:policy/ruleMfa:RuleMfa": "policyId",
  "okta:policy/rulePassword:RulePassword": "policyId",
  "okta:policy/ruleIdpDiscovery:RuleIdpDiscovery": "policyId",
  "okta:policy/signon:Signon": undefined,
  "okta:policy/password:Password": undefined,
  "okta:policy/mfa:Mfa": undefined,
};

export const uniquePriorities = stackGuardrail({
  name: "okta-unique-priorities",
  catalogueId: "S03",
  description: "Policies and rules that share a parent have unique, gap-free priorities 1..N.",
  severity: "medium",
  remediationSteps:
    "Number the siblings 1..N. Repeated or gapped priorities make Okta renumber them, which shows as a diff on every run.",
  levels: MANDATORY,
  check: (resources) => {
    const groups = new Map<string, { type: string; parent: string; priorities: number[] }>();
    for (const r of resources) {
      if (!(r.type in PRIORITISED) || isUnknown(r.props.priority)) continue;
      const priority = num(r.props.priority);
      if (priority === undefined) continue;
      const parentProp = PRIORITISED[r.type];
      const parent = parentProp === undefined ? "the org" : (referenceOf(r, parentProp) ?? "?");
      const key = `${r.type} ${parent}`;
      const group = groups.get(key) ?? { type: r.type, parent, priorities: [] };
      group.priorities.push(priority);
      groups.set(key, group);
    }
    const found: StackFinding[] = [];
    for (const { type, parent, priorities } of groups.values()) {
      const sorted = [...priorities].sort((a, b) => a - b);
      if (sorted.some((p, i) => p !== i + 1)) {
        const where = parent.startsWith("urn:") ? nameOfUrn(parent) : parent;
        // Exemptions name the parent (the policy or server whose children clash): by its URN when it is in the
        // stack, else by the children's type and the parent's id.
        found.push({
          ...(parent.startsWith("urn:") ? { urn: parent } : { type, name: parent }),
          message: `priorities of ${type} under ${where} must be 1..${sorted.length} with no repeats or gaps, got ${sorted.join(", ")}`,
        });
      }
    }
    return found;
  },
});
