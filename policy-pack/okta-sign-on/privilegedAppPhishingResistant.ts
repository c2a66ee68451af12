import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { isUnknown, str, strings } from "../lib/values";
import { APP_SIGNON_RULE } from "./types";

interface Config {
  privilegedPolicyIds: string[];
  maxReauthenticationMinutes: number;
}

/** Minutes of an ISO 8601 duration such as PT2H or PT30M (undefined when it is not one). */
export function durationMinutes(value: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value);
  if (m === null || value === "P" || value === "PT") return undefined;
  const [, d, h, min, s] = m;
  return Number(d ?? 0) * 1440 + Number(h ?? 0) * 60 + Number(min ?? 0) + Number(s ?? 0) / 60;
}

function phishingResistant(constraint: string): boolean {
  try {
    const parsed = JSON.parse(constraint) as { possession?: { phishingResistant?: string } };
    return parsed.possession?.phishingResistant === "REQUIRED";
  } catch {
    return false;
  }
}

export const privilegedAppPhishingResistant = resourceGuardrail<Config>({
  name: "okta-privileged-app-signon-phishing-resistant",
  catalogueId: "G22",
  description:
    "Rules of privileged app sign-on policies (admin console, admin apps) require a phishing-resistant possession factor and bounded re-authentication.",
  severity: "critical",
  remediationSteps:
    'Add a constraint {"possession":{"phishingResistant":"REQUIRED"}} and set reAuthenticationFrequency no longer than the limit.',
  levels: PROD_MANDATORY,
  config: {
    privilegedPolicyIds: {
      type: "array",
      items: { type: "string" },
      description: "Ids of the app sign-on policies that protect privileged apps (the Okta Admin Console's, ...).",
      default: [],
    },
    maxReauthenticationMinutes: {
      type: "integer",
      description: "Longest re-authentication interval on privileged apps, minutes.",
      default: 120,
      minimum: 1,
    },
  },
  resourceTypes: [APP_SIGNON_RULE],
  check: ({ props }, config) => {
    const policyId = str(props.policyId);
    if (policyId === undefined || !config.privilegedPolicyIds.includes(policyId)) return [];
    if ((str(props.access) ?? "ALLOW") !== "ALLOW") return [];
    const found: string[] = [];
    if (!isUnknown(props.constraints) && !(strings(props.constraints) ?? []).some(phishingResistant)) {
      found.push(
        'a privileged app\'s rule must require a phishing-resistant possession factor ({"possession":{"phishingResistant":"REQUIRED"}})',
      );
    }
    const frequency = str(props.reAuthenticationFrequency);
    const minutes = frequency === undefined ? undefined : durationMinutes(frequency);
    if (
      !isUnknown(props.reAuthenticationFrequency) &&
      (minutes === undefined || minutes > config.maxReauthenticationMinutes)
    ) {
      found.push(
        `reAuthenticationFrequency must be at most ${config.maxReauthenticationMinutes} minutes (got ${frequency === undefined ? "unset" : `"${frequency}"`})`,
      );
    }
    return found;
  },
});
