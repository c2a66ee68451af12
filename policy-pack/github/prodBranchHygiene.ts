import { resourceGuardrail } from "../lib/guardrail";
import { ADVISORY } from "../lib/levels";
import { BRANCH_RULE_TYPES, PROD_BRANCHES_CONFIG, prodBranchRules } from "./branchRules";

export const prodBranchHygiene = resourceGuardrail<{ prodBranches: string[] }>({
  name: "github-prod-branch-signed-linear-resolved",
  catalogueId: "P06",
  description: "The prod branch requires signed commits, linear history and resolved conversations.",
  severity: "low",
  remediationSteps: "Set requireSignedCommits, requiredLinearHistory and requireConversationResolution true.",
  levels: ADVISORY,
  config: { prodBranches: PROD_BRANCHES_CONFIG },
  resourceTypes: BRANCH_RULE_TYPES,
  check: (resource, config) => {
    const rules = prodBranchRules(resource, config.prodBranches);
    if (rules === undefined) return [];
    return [
      ...(rules.signedCommits ? [] : [`${rules.label} does not require signed commits`]),
      ...(rules.linearHistory ? [] : [`${rules.label} does not require linear history`]),
      ...(rules.conversationResolution ? [] : [`${rules.label} does not require conversations to be resolved`]),
    ];
  },
});
