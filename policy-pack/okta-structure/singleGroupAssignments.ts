import { StackFinding, nameOfUrn, stackGuardrail } from "../lib/guardrail";
import { MANDATORY } from "../lib/levels";
import { referenceOf } from "./identityTypes";

const ASSIGNMENTS = "okta:index/appGroupAssignments:AppGroupAssignments";
const SINGLE = "okta:app/groupAssignment:GroupAssignment";

export const singleGroupAssignments = stackGuardrail({
  name: "okta-app-single-group-assignments",
  catalogueId: "S02",
  description:
    "Each app has at most one okta.AppGroupAssignments (all of its groups in one resource), never mixed with app.GroupAssignment.",
  severity: "high",
  remediationSteps: "Declare all of an app's group assignments in one okta.AppGroupAssignments; remove the others.",
  levels: MANDATORY,
  check: (resources) => {
    const byApp = new Map<string, { plural: string[]; single: string[] }>();
    for (const r of resources.filter((x) => x.type === ASSIGNMENTS || x.type === SINGLE)) {
      const app = referenceOf(r, "appId");
      if (app === undefined) continue;
      const entry = byApp.get(app) ?? { plural: [], single: [] };
      (r.type === ASSIGNMENTS ? entry.plural : entry.single).push(r.urn);
      byApp.set(app, entry);
    }
    const found: StackFinding[] = [];
    for (const [app, { plural, single }] of byApp) {
      const appName = app.startsWith("urn:") ? nameOfUrn(app) : app;
      if (plural.length > 1) {
        found.push({
          urn: plural[1],
          message: `app ${appName} has ${plural.length} AppGroupAssignments (${plural.map(nameOfUrn).join(", ")}): they overwrite each other`,
        });
      }
      if (plural.length > 0 && single.length > 0) {
        found.push({
          urn: single[0],
          message: `app ${appName} mixes AppGroupAssignments with app.GroupAssignment (${single.map(nameOfUrn).join(", ")})`,
        });
      }
    }
    return found;
  },
});
