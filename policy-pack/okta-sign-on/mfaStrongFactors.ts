import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { Props, isUnknown, upper } from "../lib/values";
import { MFA_POLICIES } from "./types";

interface Config {
  forbidOptionalWeakFactors: boolean;
}

const WEAK_FACTORS = ["oktaSms", "oktaCall", "oktaEmail", "oktaQuestion", "phoneNumber", "securityQuestion"];
const STRONG_FACTORS = ["oktaVerify", "fidoWebauthn", "webauthn"];

function enrollOf(props: Props, factor: string): string | undefined {
  const settings = props[factor];
  return typeof settings === "object" && settings !== null ? upper((settings as Props).enroll) : undefined;
}

export const mfaPolicyStrongFactors = resourceGuardrail<Config>({
  name: "okta-mfa-policy-strong-factors",
  catalogueId: "G26",
  description:
    "MFA enrollment policies never require weak factors (SMS, call, email, security question; in prod not even optional) and require Okta Verify or WebAuthn.",
  severity: "high",
  remediationSteps: 'Set weak factors to enroll "NOT_ALLOWED" and oktaVerify or webauthn to enroll "REQUIRED".',
  levels: PROD_MANDATORY,
  config: {
    forbidOptionalWeakFactors: {
      type: "boolean",
      description: "Whether weak factors may not even be OPTIONAL.",
      default: true,
    },
  },
  resourceTypes: MFA_POLICIES,
  check: ({ props }, config) => {
    if ([...WEAK_FACTORS, ...STRONG_FACTORS].some((f) => isUnknown(props[f]))) return [];
    const found: string[] = [];
    for (const factor of WEAK_FACTORS) {
      const enroll = enrollOf(props, factor);
      if (enroll === "REQUIRED" || (enroll === "OPTIONAL" && config.forbidOptionalWeakFactors)) {
        found.push(
          `${factor} is ${enroll}: weak factors must be NOT_ALLOWED${config.forbidOptionalWeakFactors ? "" : " or OPTIONAL"}`,
        );
      }
    }
    if (!STRONG_FACTORS.some((f) => enrollOf(props, f) === "REQUIRED")) {
      found.push(`none of ${STRONG_FACTORS.join(", ")} is REQUIRED`);
    }
    return found;
  },
});
