import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { matches } from "../lib/glob";
import { strings } from "../lib/values";
import { AUTH_SERVER_RULE } from "./rule";

interface Config {
  privilegedScopes: string[];
  everyoneGroupIds: string[];
}

export const authServerRuleScopes = resourceGuardrail<Config>({
  name: "okta-auth-server-rule-no-wildcard-scope",
  catalogueId: "G16",
  description:
    "Authorization-server rules list their scopes (no *) and do not grant privileged scopes to the Everyone group.",
  severity: "high",
  remediationSteps: "List the scopes the clients need in scopeWhitelists; grant privileged scopes to a specific group.",
  levels: PROD_MANDATORY,
  config: {
    privilegedScopes: {
      type: "array",
      items: { type: "string" },
      description: "Scope patterns (with *) that must not be granted to Everyone.",
      default: ["*.admin", "*.manage", "*.write", "okta.*"],
    },
    everyoneGroupIds: {
      type: "array",
      items: { type: "string" },
      description: "Ids of the org's Everyone group (the literal EVERYONE is always recognised).",
      default: [],
    },
  },
  resourceTypes: [AUTH_SERVER_RULE],
  check: ({ props }, config) => {
    const found: string[] = [];
    const scopes = strings(props.scopeWhitelists) ?? [];
    if (scopes.includes("*")) {
      found.push('scopeWhitelists contains "*": list the scopes the clients need');
    }
    const groups = strings(props.groupWhitelists) ?? [];
    const everyone = groups.some((g) => g === "EVERYONE" || config.everyoneGroupIds.includes(g));
    if (everyone) {
      for (const scope of scopes.filter((s) => s !== "*" && config.privilegedScopes.some((p) => matches(p, s)))) {
        found.push(`privileged scope "${scope}" is granted to the Everyone group`);
      }
    }
    return found;
  },
});
