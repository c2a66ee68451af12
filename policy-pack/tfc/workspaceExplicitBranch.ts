import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { block, isUnknown, str } from "../lib/values";
import { WORKSPACE } from "./types";

export const workspaceExplicitBranch = resourceGuardrail<{ branch: string }>({
  name: "tfc-workspace-explicit-branch",
  catalogueId: "T03",
  description:
    "VCS-connected workspaces name their branch explicitly (the environment's branch), never the default branch.",
  severity: "high",
  remediationSteps: "Set vcsRepo.branch to the environment's branch.",
  levels: PROD_MANDATORY,
  config: {
    branch: { type: "string", description: "The branch this environment's workspaces follow.", default: "prod" },
  },
  resourceTypes: [WORKSPACE],
  check: ({ props }, config) => {
    // Where the expected branch is set, and where the workspace's comes from: a team that names its branches
    // otherwise changes both.
    const where =
      "the profile's branch: \"branch\" under tfc-workspace-explicit-branch in policy-pack/config/<profile>.json; the workspace follows the stack's okta-mmod:delivery.branch";
    const vcs = block(props.vcsRepo);
    if (vcs === undefined || isUnknown(vcs.branch)) return [];
    const branch = str(vcs.branch);
    if (branch === undefined || branch === "")
      return [`vcsRepo.branch is unset: the workspace follows the default branch, set "${config.branch}" (${where})`];
    return branch === config.branch ? [] : [`vcsRepo.branch is "${branch}", expected "${config.branch}" (${where})`];
  },
});
