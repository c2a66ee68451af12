import { PROD_MANDATORY } from "../lib/levels";
import { prodBranchGuardrail } from "./branchRules";

export const prodBranchNoForcePush = prodBranchGuardrail({
  name: "github-prod-branch-no-force-push-or-deletion",
  catalogueId: "P02",
  description: "The prod branch allows neither force pushes nor deletion.",
  severity: "critical",
  remediationSteps: "Set allowsForcePushes and allowsDeletions false (rulesets: nonFastForward and deletion rules on).",
  levels: PROD_MANDATORY,
  check: (rules) => [
    ...(rules.forcePushAllowed ? [`${rules.label} allows force pushes`] : []),
    ...(rules.deletionAllowed ? [`${rules.label} allows deleting the branch`] : []),
  ],
});
