import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { isUnknown, str } from "../lib/values";
import { OAUTH_APP, SAML_APP } from "./oauth";

export const appRequireSignOnPolicy = resourceGuardrail({
  name: "okta-app-require-sign-on-policy",
  catalogueId: "G10",
  description: "Apps people sign in to (all but service apps) name a managed app sign-on policy, not the org default.",
  severity: "high",
  remediationSteps: "Set authenticationPolicy to the id of an okta.AppSignonPolicy managed in this program.",
  levels: PROD_MANDATORY,
  resourceTypes: [OAUTH_APP, SAML_APP],
  check: ({ type, props }) => {
    if (type === OAUTH_APP && str(props.type) === "service") return [];
    if (isUnknown(props.authenticationPolicy)) return [];
    const policy = str(props.authenticationPolicy);
    return policy === undefined || policy === ""
      ? ["authenticationPolicy is not set: the app falls back to the org's default authentication policy"]
      : [];
  },
});
