import { ADVISORY } from "../lib/levels";
import { prodBranchGuardrail } from "./branchRules";

export const prodBranchHygiene = prodBranchGuardrail({
  name: "github-prod-branch-signed-linear-resolved",
  catalogueId: "P06",
  description: "The prod branch requires signed commits, linear history and resolved conversations.",
  severity: "low",
  remediationSteps: "Set requireSignedCommits, requiredLinearHistory and requireConversationResolution true.",
  levels: ADVISORY,
  check: (rules) => [
    ...(rules.signedCommits ? [] : [`${rules.label} does not require signed commits`]),
    ...(rules.linearHistory ? [] : [`${rules.label} does not require linear history`]),
    ...(rules.conversationResolution ? [] : [`${rules.label} does not require conversations to be resolved`]),
  ],
});
