import { resourceGuardrail } from "../lib/guardrail";
import { MANDATORY } from "../lib/levels";
import { OAUTH_APP, grantTypes } from "./oauth";

export const oauthAppNoPasswordGrant = resourceGuardrail({
  name: "okta-oauth-app-no-password-grant",
  catalogueId: "G02",
  description: "OAuth apps never use the resource owner password credentials grant.",
  severity: "critical",
  remediationSteps: 'Remove "password" from grantTypes; use "authorization_code" with PKCE (RFC 9700 2.4).',
  levels: MANDATORY,
  resourceTypes: [OAUTH_APP],
  check: ({ props }) =>
    grantTypes(props).includes("password")
      ? [
          'grant type "password" is not allowed: the resource owner password credentials grant MUST NOT be used (RFC 9700 2.4)',
        ]
      : [],
});
