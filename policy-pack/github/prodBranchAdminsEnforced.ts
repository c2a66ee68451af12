import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { BRANCH_RULE_TYPES, PROD_BRANCHES_CONFIG, prodBranchRules } from "./branchRules";

export const prodBranchAdminsEnforced = resourceGuardrail<{ prodBranches: string[] }>({
  name: "github-prod-branch-admins-enforced",
  catalogueId: "P05",
  description: "The prod branch's rules apply to administrators too, with no bypass actors.",
  severity: "high",
  remediationSteps:
    "Set enforceAdmins: true and remove bypass actors (forcePushBypassers, pullRequestBypassers, ruleset bypassActors).",
  levels: PROD_MANDATORY,
  config: { prodBranches: PROD_BRANCHES_CONFIG },
  resourceTypes: BRANCH_RULE_TYPES,
  check: (resource, config) => {
    const rules = prodBranchRules(resource, config.prodBranches);
    if (rules === undefined) return [];
    return [
      ...(rules.adminsEnforced ? [] : [`${rules.label} does not apply to administrators`]),
      ...(rules.bypassers.length > 0 ? [`${rules.label} lets these bypass it: ${rules.bypassers.join(", ")}`] : []),
    ];
  },
});
