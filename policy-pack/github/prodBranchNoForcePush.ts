import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { BRANCH_RULE_TYPES, PROD_BRANCHES_CONFIG, prodBranchRules } from "./branchRules";

export const prodBranchNoForcePush = resourceGuardrail<{ prodBranches: string[] }>({
  name: "github-prod-branch-no-force-push-or-deletion",
  catalogueId: "P02",
  description: "The prod branch allows neither force pushes nor deletion.",
  severity: "critical",
  remediationSteps: "Set allowsForcePushes and allowsDeletions false (rulesets: nonFastForward and deletion rules on).",
  levels: PROD_MANDATORY,
  config: { prodBranches: PROD_BRANCHES_CONFIG },
  resourceTypes: BRANCH_RULE_TYPES,
  check: (resource, config) => {
    const rules = prodBranchRules(resource, config.prodBranches);
    if (rules === undefined) return [];
    return [
      ...(rules.forcePushAllowed ? [`${rules.label} allows force pushes`] : []),
      ...(rules.deletionAllowed ? [`${rules.label} allows deleting the branch`] : []),
    ];
  },
});
