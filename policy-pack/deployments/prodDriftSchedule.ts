import { StackFinding, stackGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { bool, isUnknown, str } from "../lib/values";

const DRIFT_SCHEDULE = "pulumiservice:index:DriftSchedule";
const DEPLOYMENT_SETTINGS = "pulumiservice:index:DeploymentSettings";

/** A five-field cron that fires once a day (fixed minute and hour, every day). */
export function isDailyCron(cron: string): boolean {
  const fields = cron.trim().split(/\s+/);
  return (
    fields.length === 5 &&
    /^\d+$/.test(fields[0] ?? "") &&
    /^\d+$/.test(fields[1] ?? "") &&
    fields.slice(2).every((f) => f === "*")
  );
}

interface Config {
  requireSchedule: boolean;
}

export const prodDriftSchedule = stackGuardrail<Config>({
  name: "deployments-prod-drift-schedule",
  catalogueId: "D01",
  description:
    "A stack driven by Pulumi Deployments has a daily drift schedule, and no drift schedule remediates by itself (drift is reviewed, not silently reverted).",
  severity: "high",
  remediationSteps:
    'Declare a pulumiservice DriftSchedule with a daily scheduleCron (e.g. "0 13 * * *") and autoRemediate: false.',
  levels: PROD_MANDATORY,
  config: {
    requireSchedule: {
      type: "boolean",
      description:
        "Whether a stack driven by Pulumi Deployments must declare a drift schedule (off in dev, which has none by design; a schedule it does declare is still checked).",
      default: true,
    },
  },
  check: (resources, config) => {
    const found: StackFinding[] = [];
    const schedules = resources.filter((r) => r.type === DRIFT_SCHEDULE);
    for (const s of schedules) {
      if (bool(s.props.autoRemediate) === true) {
        found.push({
          urn: s.urn,
          message: `${s.name} has autoRemediate: true: drift would be reverted without review`,
        });
      }
      const cron = str(s.props.scheduleCron);
      if (!isUnknown(s.props.scheduleCron) && (cron === undefined || !isDailyCron(cron))) {
        found.push({ urn: s.urn, message: `${s.name} runs on "${cron ?? "no schedule"}", not once a day` });
      }
    }
    if (config.requireSchedule && schedules.length === 0 && resources.some((r) => r.type === DEPLOYMENT_SETTINGS)) {
      found.push({ message: "the stack uses Pulumi Deployments but declares no DriftSchedule" });
    }
    return found;
  },
});
