import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { bool } from "../lib/values";
import { WORKSPACE } from "./types";

export const workspaceSpeculativePlans = resourceGuardrail({
  name: "tfc-workspace-speculative-plans",
  catalogueId: "T02",
  description: "Workspaces run speculative plans on pull requests.",
  severity: "medium",
  remediationSteps: "Set speculativeEnabled: true (the default).",
  levels: PROD_MANDATORY,
  resourceTypes: [WORKSPACE],
  check: ({ props }) =>
    bool(props.speculativeEnabled) === false ? ["speculativeEnabled is false: pull requests get no plan"] : [],
});
