import { resourceGuardrail } from "../lib/guardrail";
import { ADVISORY } from "../lib/levels";
import { isUnknown } from "../lib/values";
import { OAUTH_APP, appType, grantTypes, isPublicClient } from "./oauth";

export const webAppRequirePkce = resourceGuardrail({
  name: "okta-oauth-web-app-require-pkce",
  catalogueId: "G04",
  description: "Confidential web apps that use the authorization code grant also require PKCE.",
  severity: "medium",
  remediationSteps: "Set pkceRequired: true; confidential clients benefit from PKCE too (RFC 9700 2.1.1).",
  levels: ADVISORY,
  resourceTypes: [OAUTH_APP],
  check: ({ props }) =>
    appType(props) === "web" &&
    !isPublicClient(props) &&
    grantTypes(props).includes("authorization_code") &&
    props.pkceRequired !== true &&
    !isUnknown(props.pkceRequired)
      ? ['web app using "authorization_code" should set pkceRequired: true (RFC 9700 2.1.1)']
      : [],
});
