import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { BRANCH_RULE_TYPES, PROD_BRANCHES_CONFIG, prodBranchRules } from "./branchRules";

interface Config {
  prodBranches: string[];
  requiredChecks: string[];
}

export const prodBranchStatusChecks = resourceGuardrail<Config>({
  name: "github-prod-branch-status-checks",
  catalogueId: "P04",
  description: "The prod branch requires strict (up-to-date) status checks, including the test and preview jobs.",
  severity: "high",
  remediationSteps: "Require status checks with strict: true and list the CI test job and the preview job in contexts.",
  levels: PROD_MANDATORY,
  config: {
    prodBranches: PROD_BRANCHES_CONFIG,
    requiredChecks: {
      type: "array",
      items: { type: "string" },
      description: "Status check names (CI job names) that must be required.",
      default: ["test", "preview"],
    },
  },
  resourceTypes: BRANCH_RULE_TYPES,
  check: (resource, config) => {
    const rules = prodBranchRules(resource, config.prodBranches);
    if (rules === undefined) return [];
    if (rules.checks === undefined) return [`${rules.label} requires no status checks`];
    const found: string[] = [];
    if (!rules.checks.strict)
      found.push(`${rules.label} does not require branches to be up to date (strict) before merging`);
    const missing = config.requiredChecks.filter((c) => !rules.checks?.contexts.includes(c));
    if (missing.length > 0) found.push(`${rules.label} does not require the status checks: ${missing.join(", ")}`);
    return found;
  },
});
