import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { bool, isUnknown, strings, upper } from "../lib/values";
import { SIGNON_RULE } from "./types";

export const signonAllowRequiresMfa = resourceGuardrail({
  name: "okta-signon-allow-requires-mfa",
  catalogueId: "G20",
  description:
    "Sign-on rules that allow access require MFA with prompt ALWAYS or SESSION, unless they are explicitly scoped to network zones.",
  severity: "high",
  remediationSteps:
    'Set mfaRequired: true and mfaPrompt "ALWAYS" or "SESSION", or scope the exception to a network zone (networkConnection "ZONE" with networkIncludes).',
  levels: PROD_MANDATORY,
  resourceTypes: [SIGNON_RULE],
  check: ({ props }) => {
    if ((upper(props.access) ?? "ALLOW") !== "ALLOW") return [];
    const zoneScoped = upper(props.networkConnection) === "ZONE" && (strings(props.networkIncludes) ?? []).length > 0;
    if (zoneScoped) return [];
    const found: string[] = [];
    if (!isUnknown(props.mfaRequired) && bool(props.mfaRequired) !== true) {
      found.push("an ALLOW rule must set mfaRequired: true (the provider default is false)");
    }
    const prompt = upper(props.mfaPrompt);
    if (!isUnknown(props.mfaPrompt) && prompt !== "ALWAYS" && prompt !== "SESSION") {
      found.push(`mfaPrompt must be "ALWAYS" or "SESSION" (got ${prompt === undefined ? "unset" : `"${prompt}"`})`);
    }
    return found;
  },
});
