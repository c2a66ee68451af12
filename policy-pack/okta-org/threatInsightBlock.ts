import { stackGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { isUnknown, str } from "../lib/values";

interface Config {
  allowedActions: string[];
  requirePresent: boolean;
}

const THREAT_INSIGHT = "okta:index/threatInsightSettings:ThreatInsightSettings";

export const threatInsightBlock = stackGuardrail<Config>({
  name: "okta-threat-insight-block",
  catalogueId: "G27",
  description: "ThreatInsight is managed and blocks requests from suspicious IPs in prod (audit is enough in dev).",
  severity: "high",
  remediationSteps: 'Declare okta.ThreatInsightSettings with action "block" (prod) or "audit" (dev).',
  levels: PROD_MANDATORY,
  config: {
    allowedActions: {
      type: "array",
      items: { type: "string" },
      description: "ThreatInsight actions allowed in this environment.",
      default: ["block"],
    },
    requirePresent: {
      type: "boolean",
      description: "Whether the stack must declare ThreatInsight settings.",
      default: true,
    },
  },
  check: (resources, config) => {
    const settings = resources.filter((r) => r.type === THREAT_INSIGHT);
    if (settings.length === 0) {
      return config.requirePresent ? [{ message: "the stack declares no okta.ThreatInsightSettings" }] : [];
    }
    return settings
      .filter(
        (r) => !isUnknown(r.props.action) && !config.allowedActions.includes(str(r.props.action)?.toLowerCase() ?? ""),
      )
      .map((r) => ({
        urn: r.urn,
        message: `ThreatInsight action is "${str(r.props.action) ?? "unset"}": allowed here: ${config.allowedActions.join(", ")}`,
      }));
  },
});
