import { resourceGuardrail } from "../lib/guardrail";
import { ADVISORY } from "../lib/levels";

const PASSWORD_APPS = [
  "okta:app/swa:Swa",
  "okta:app/autoLogin:AutoLogin",
  "okta:app/threeField:ThreeField",
  "okta:app/basicAuth:BasicAuth",
  "okta:app/securePasswordStore:SecurePasswordStore",
];

export const preferSamlOrOidc = resourceGuardrail({
  name: "okta-app-prefer-saml-or-oidc",
  catalogueId: "G13",
  description: "Password-vaulting apps (SWA, auto-login, three-field, basic auth) are flagged: prefer SAML or OIDC.",
  severity: "low",
  remediationSteps: "Integrate the app with SAML 2.0 or OpenID Connect if it supports either.",
  levels: ADVISORY,
  resourceTypes: PASSWORD_APPS,
  check: ({ type }) => [`${type} stores and replays passwords: prefer a SAML or OpenID Connect integration`],
});
