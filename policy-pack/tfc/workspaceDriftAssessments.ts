import { StackFinding, StackResource, stackGuardrail } from "../lib/guardrail";
import { PROD_ONLY } from "../lib/levels";
import { bool, isUnknown, strings } from "../lib/values";
import { NOTIFICATION, WORKSPACE } from "./types";

const TRIGGERS = ["assessment:drifted", "assessment:failed"];

/** Whether a notification configuration belongs to a workspace (by reference, or by id once known). */
function belongsTo(notification: StackResource, workspace: StackResource): boolean {
  if ((notification.propertyDependencies.workspaceId ?? []).includes(workspace.urn)) return true;
  const id = workspace.props.id;
  return typeof id === "string" && notification.props.workspaceId === id;
}

export const workspaceDriftAssessments = stackGuardrail({
  name: "tfc-workspace-drift-assessments",
  catalogueId: "T04",
  description:
    "Workspaces run health assessments and notify on drift and on failed assessments (assessment:drifted, assessment:failed).",
  severity: "high",
  remediationSteps:
    "Set assessmentsEnabled: true and declare a tfe NotificationConfiguration for the workspace with both triggers.",
  levels: PROD_ONLY,
  check: (resources) => {
    const found: StackFinding[] = [];
    const notifications = resources.filter((r) => r.type === NOTIFICATION);
    for (const ws of resources.filter((r) => r.type === WORKSPACE)) {
      if (bool(ws.props.assessmentsEnabled) !== true && !isUnknown(ws.props.assessmentsEnabled)) {
        found.push({ urn: ws.urn, message: `workspace ${ws.name} has health assessments off (assessmentsEnabled)` });
      }
      const own = notifications.filter((n) => belongsTo(n, ws));
      // A notification whose triggers are not known yet (preview) is checked again at `up`.
      if (own.some((n) => isUnknown(n.props.triggers) || isUnknown(n.props.enabled))) continue;
      const triggers = new Set(
        own.filter((n) => bool(n.props.enabled) !== false).flatMap((n) => strings(n.props.triggers) ?? []),
      );
      const missing = TRIGGERS.filter((t) => !triggers.has(t));
      if (missing.length > 0) {
        found.push({
          urn: ws.urn,
          message: `workspace ${ws.name} has no enabled notification for ${missing.join(", ")}`,
        });
      }
    }
    return found;
  },
});
