import { resourceGuardrail } from "../lib/guardrail";
import { MANDATORY } from "../lib/levels";

const SPLIT_URI_TYPES = [
  "okta:app/oAuthRedirectUri:OAuthRedirectUri",
  "okta:app/oAuthPostLogoutRedirectUri:OAuthPostLogoutRedirectUri",
];

export const noDeprecatedAppResources = resourceGuardrail({
  name: "okta-no-deprecated-app-resources",
  catalogueId: "S04",
  description: "No split redirect-URI resources and no groupsClaim on apps (use authorization-server claims).",
  severity: "medium",
  remediationSteps:
    "List URIs on the app itself (redirectUris, postLogoutRedirectUris); move groups claims to okta.auth.ServerClaim.",
  levels: MANDATORY,
  resourceTypes: [...SPLIT_URI_TYPES, "okta:app/oAuth:OAuth"],
  check: ({ type, props }) => {
    if (SPLIT_URI_TYPES.includes(type)) {
      return [`${type} is deprecated and fights the app's own URI list: list URIs on the app`];
    }
    return props.groupsClaim !== undefined && props.groupsClaim !== null
      ? ["groupsClaim on the app is deprecated: declare the claim on the authorization server (okta.auth.ServerClaim)"]
      : [];
  },
});
