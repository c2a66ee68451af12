import { resourceGuardrail } from "../lib/guardrail";
import { ADVISORY } from "../lib/levels";
import { bool, isUnknown } from "../lib/values";
import { WORKSPACE } from "./types";

export const workspaceNoDestructiveSettings = resourceGuardrail({
  name: "tfc-workspace-no-destroy-or-global-state",
  catalogueId: "T06",
  description: "Workspaces allow no destroy plans, no force delete, and share no state globally.",
  severity: "medium",
  remediationSteps: "Set allowDestroyPlan: false (the default is true), forceDelete: false, globalRemoteState: false.",
  levels: ADVISORY,
  resourceTypes: [WORKSPACE],
  check: ({ props }) => [
    ...(bool(props.allowDestroyPlan) !== false && !isUnknown(props.allowDestroyPlan)
      ? [
          `allowDestroyPlan is ${props.allowDestroyPlan === undefined ? "unset, so true" : "true"}: a destroy plan could delete the org's objects`,
        ]
      : []),
    ...(bool(props.forceDelete) === true
      ? ["forceDelete is true: the workspace can be deleted while it manages resources"]
      : []),
    ...(bool(props.globalRemoteState) === true
      ? ["globalRemoteState is true: every workspace of the organization can read this state"]
      : []),
  ],
});
