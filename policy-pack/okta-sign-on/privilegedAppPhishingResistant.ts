import { StackFinding, StackResource, stackGuardrail } from "../lib/guardrail";
import { referenceOf } from "../okta-structure/identityTypes";
import { PROD_MANDATORY } from "../lib/levels";
import { Props, isUnknown, str, strings, upper } from "../lib/values";
import { APP_SIGNON_POLICY, APP_SIGNON_RULE, APP_SIGNON_RULES } from "./types";

interface Config {
  privilegedPolicyIds: string[];
  privilegedPolicyNames: string[];
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
    return parsed.possession?.phishingResistant?.toUpperCase() === "REQUIRED";
  } catch {
    return false;
  }
}

/** Whether a rule belongs to a privileged policy: by configured id, or by the name of the policy it references. */
function isPrivileged(rule: StackResource, byUrn: ReadonlyMap<string, StackResource>, config: Config): boolean {
  const policy = byUrn.get(referenceOf(rule, "policyId") ?? "");
  if (policy === undefined) {
    const id = str(rule.props.policyId);
    return id !== undefined && config.privilegedPolicyIds.includes(id);
  }
  // A policy of the stack: its name is known at preview; its id (read only when ids are configured) from `up` on.
  const name = policy.type === APP_SIGNON_POLICY ? upper(policy.props.name) : undefined;
  if (name !== undefined && config.privilegedPolicyNames.some((n) => n.toUpperCase() === name)) return true;
  const id = config.privilegedPolicyIds.length > 0 ? str(policy.props.id) : undefined;
  return id !== undefined && config.privilegedPolicyIds.includes(id);
}

export const privilegedAppPhishingResistant = stackGuardrail<Config>({
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
    privilegedPolicyNames: {
      type: "array",
      items: { type: "string" },
      description:
        'Names of app sign-on policies that protect privileged apps, compared without regard to case (Okta names the Admin Console\'s built-in policy "Okta Admin Console").',
      default: ["Okta Admin Console"],
    },
    maxReauthenticationMinutes: {
      type: "integer",
      description: "Longest re-authentication interval on privileged apps, minutes.",
      default: 120,
      minimum: 1,
    },
  },
  check: (resources, config) => {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    // A policy's rules are one okta.AppSignonPolicyRule each, or all of them in one okta.app.SignonPolicyRules.
    return resources
      .filter((r) => (r.type === APP_SIGNON_RULE || r.type === APP_SIGNON_RULES) && isPrivileged(r, byUrn, config))
      .flatMap((r) => {
        if (r.type === APP_SIGNON_RULE) {
          return privilegedRuleProblems(r.props, config).map((message): StackFinding => ({ urn: r.urn, message }));
        }
        const rules = Array.isArray(r.props.rules) ? (r.props.rules as unknown[]) : [];
        return rules
          .filter((rule): rule is Props => typeof rule === "object" && rule !== null && !isUnknown(rule))
          .flatMap((rule) =>
            privilegedRuleProblems(rule, config).map((message): StackFinding => ({
              urn: r.urn,
              message: `rule "${str(rule.name) ?? "?"}": ${message}`,
            })),
          );
      });
  },
});

function privilegedRuleProblems(props: StackResource["props"], config: Config): string[] {
  if ((upper(props.access) ?? "ALLOW") !== "ALLOW") return [];
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
}
