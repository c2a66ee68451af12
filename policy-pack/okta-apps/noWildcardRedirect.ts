import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { strings, upper } from "../lib/values";
import { OAUTH_APP } from "./oauth";

export const oauthAppNoWildcardRedirect = resourceGuardrail({
  name: "okta-oauth-app-no-wildcard-redirect",
  catalogueId: "G05",
  description: "OAuth apps have wildcard redirects disabled and no * in any redirect or post-logout URI.",
  severity: "high",
  remediationSteps: 'Set wildcardRedirect to "DISABLED" (or leave it unset) and list every redirect URI exactly.',
  levels: PROD_MANDATORY,
  resourceTypes: [OAUTH_APP],
  check: ({ props }) => {
    const found: string[] = [];
    const wildcard = upper(props.wildcardRedirect);
    if (wildcard !== undefined && wildcard !== "DISABLED") {
      found.push(`wildcardRedirect is "${wildcard}": any matching host could receive authorization codes`);
    }
    for (const key of ["redirectUris", "postLogoutRedirectUris"]) {
      (strings(props[key]) ?? []).forEach((uri, i) => {
        if (uri.includes("*")) found.push(`${key}[${i}] "${uri}" contains a wildcard`);
      });
    }
    return found;
  },
});
