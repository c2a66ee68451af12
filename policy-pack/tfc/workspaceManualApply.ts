import { resourceGuardrail } from "../lib/guardrail";
import { PROD_ONLY } from "../lib/levels";
import { bool } from "../lib/values";
import { WORKSPACE } from "./types";

export const workspaceManualApply = resourceGuardrail({
  name: "tfc-workspace-manual-apply",
  catalogueId: "T01",
  description: "Prod workspaces never apply automatically (neither on VCS changes nor on run triggers).",
  severity: "high",
  remediationSteps: "Set autoApply: false and autoApplyRunTrigger: false; a person confirms each apply.",
  levels: PROD_ONLY,
  resourceTypes: [WORKSPACE],
  check: ({ props }) => [
    ...(bool(props.autoApply) === true ? ["autoApply is true: plans reach the org without review"] : []),
    ...(bool(props.autoApplyRunTrigger) === true
      ? ["autoApplyRunTrigger is true: runs started by triggers apply unreviewed"]
      : []),
  ],
});
