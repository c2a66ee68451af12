import { StackFinding, stackGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { isUnknown, str } from "../lib/values";
import { referenceOf } from "../okta-structure/identityTypes";
import { OAUTH_APP, SAML_APP, appType } from "./oauth";

/** App types whose users sign in through Okta, so an app sign-on (authentication) policy applies to them. */
export const SIGN_IN_APPS = [
  OAUTH_APP,
  SAML_APP,
  "okta:app/bookmark:Bookmark",
  "okta:app/swa:Swa",
  "okta:app/autoLogin:AutoLogin",
  "okta:app/basicAuth:BasicAuth",
  "okta:app/threeField:ThreeField",
  "okta:app/securePasswordStore:SecurePasswordStore",
];
/** Assigns an authentication policy to any app, including the types that have no `authenticationPolicy` input. */
export const ACCESS_POLICY_ASSIGNMENT = "okta:app/accessPolicyAssignment:AccessPolicyAssignment";

export const appRequireSignOnPolicy = stackGuardrail({
  name: "okta-app-require-sign-on-policy",
  catalogueId: "G10",
  description:
    "Apps people sign in to (all but service apps; SWA and basic-auth apps too) use a managed app sign-on policy, not the org default.",
  severity: "high",
  remediationSteps:
    "Set authenticationPolicy to the id of an okta.AppSignonPolicy managed in this program, or (for app types without " +
    "that input: SWA, auto-login, basic auth, three-field, secure password store) declare an " +
    "okta.app.AccessPolicyAssignment for the app.",
  levels: PROD_MANDATORY,
  check: (resources) => {
    const assigned = new Set<string>();
    for (const a of resources.filter((r) => r.type === ACCESS_POLICY_ASSIGNMENT)) {
      // The app's URN when the id comes from an app in the stack (unknown until it exists), else the id itself.
      const app = referenceOf(a, "appId");
      if (app !== undefined) assigned.add(app);
    }
    const found: StackFinding[] = [];
    for (const app of resources.filter((r) => SIGN_IN_APPS.includes(r.type))) {
      if (app.type === OAUTH_APP && appType(app.props) === "service") continue;
      if (isUnknown(app.props.authenticationPolicy) || (str(app.props.authenticationPolicy) ?? "") !== "") continue;
      const id = str(app.props.id);
      if (assigned.has(app.urn) || (id !== undefined && assigned.has(id))) continue;
      found.push({
        urn: app.urn,
        message:
          "no authenticationPolicy and no okta.app.AccessPolicyAssignment for this app: it falls back to the org's default authentication policy",
      });
    }
    return found;
  },
});
