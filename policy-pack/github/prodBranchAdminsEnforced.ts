import { PROD_MANDATORY } from "../lib/levels";
import { prodBranchGuardrail } from "./branchRules";

export const prodBranchAdminsEnforced = prodBranchGuardrail({
  name: "github-prod-branch-admins-enforced",
  catalogueId: "P05",
  description: "The prod branch's rules apply to administrators too, with no bypass actors.",
  severity: "high",
  remediationSteps:
    "Set enforceAdmins: true and remove bypass actors (forcePushBypassers, pullRequestBypassers, ruleset bypassActors).",
  levels: PROD_MANDATORY,
  check: (rules) => [
    ...(rules.adminsEnforced ? [] : [`${rules.label} does not apply to administrators`]),
    ...(rules.bypassers.length > 0 ? [`${rules.label} lets these bypass it: ${rules.bypassers.join(", ")}`] : []),
  ],
});
