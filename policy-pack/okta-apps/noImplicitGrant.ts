import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { lowerAll } from "../lib/values";
import { OAUTH_APP, grantTypes } from "./oauth";

export const oauthAppNoImplicitGrant = resourceGuardrail({
  name: "okta-oauth-app-no-implicit-grant",
  catalogueId: "G01",
  description:
    "OAuth apps use neither the implicit grant nor response types that return tokens from the authorization endpoint.",
  severity: "high",
  remediationSteps:
    'Remove "implicit" from grantTypes and use "authorization_code" with PKCE; set responseTypes to ["code"] (RFC 9700 2.1.2).',
  levels: PROD_MANDATORY,
  resourceTypes: [OAUTH_APP],
  check: ({ props }) => {
    const found: string[] = [];
    if (grantTypes(props).includes("implicit")) {
      found.push('grant type "implicit" is not allowed: use "authorization_code" with PKCE (RFC 9700 2.1.2)');
    }
    const responses = lowerAll(props.responseTypes) ?? [];
    if (responses.length > 0 && !responses.includes("code")) {
      found.push(
        `response types [${responses.join(", ")}] return tokens from the authorization endpoint: use ["code"] (RFC 9700 2.1.2)`,
      );
    }
    return found;
  },
});
