import { resourceGuardrail } from "../lib/guardrail";
import { PROD_ONLY } from "../lib/levels";
import { isUnknown, str } from "../lib/values";
import { CLIENT_SECRET_INPUTS, OAUTH_APP } from "./oauth";

/** Token endpoint auth methods whose credential is a secret Okta and the client share (client_secret_jwt signs with it). */
const SHARED_SECRET_METHODS = new Set(["client_secret_basic", "client_secret_post", "client_secret_jwt"]);

/**
 * The only methods with no shared secret: the client signs with its own key, or is public (PKCE). Deny by default:
 * any other value (one Okta adds later, a typo the API might still accept) counts as a shared secret.
 */
const NO_SECRET_METHODS = new Set(["private_key_jwt", "none"]);

/** How omitSecret is described when it is not the boolean true. */
function omitSecretShown(value: unknown): string {
  if (value === undefined || value === null) return "unset (the provider's default, false)";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}, not the boolean true`;
  return JSON.stringify(value);
}

export const oauthClientSecretNotInState = resourceGuardrail({
  name: "okta-oauth-client-secret-not-in-state",
  catalogueId: "G29",
  description:
    "OAuth apps that authenticate with a shared client secret keep it out of the state (omitSecret: true) and are given none as an input, so no stack reader can decrypt it.",
  severity: "high",
  remediationSteps:
    "Set omitSecret: true on the app (the secret then lives only in Okta: read it in the Admin Console or through the apps API with the write credential, and rotate it once, since earlier state versions hold it), remove clientBasicSecret, or authenticate with private_key_jwt, or none with PKCE.",
  levels: PROD_ONLY,
  // Matched without regard to case (lib/guardrail.ts), so okta:app/OAuth:OAuth is checked too.
  resourceTypes: [OAUTH_APP],
  check: ({ props }) => {
    const problems: string[] = [];
    for (const key of CLIENT_SECRET_INPUTS) {
      // Read past the unknown tracking: a secret input unknown at preview is still a secret in the state, so it is
      // a finding, not a check that could not run.
      const value: unknown = Reflect.getOwnPropertyDescriptor(props, key)?.value;
      if (value !== undefined && value !== null && value !== "") {
        problems.push(
          `${key} is set: a client secret given as an input is kept in the state, where every stack reader can decrypt it; let Okta generate the secret and set omitSecret: true`,
        );
      }
    }
    const rawMethod = props.tokenEndpointAuthMethod;
    if (isUnknown(rawMethod)) return problems;
    // Unset is the provider's default, client_secret_basic, whatever the app's type.
    const method = (str(rawMethod) ?? "client_secret_basic").toLowerCase();
    if (NO_SECRET_METHODS.has(method)) return problems;
    const omit = props.omitSecret;
    // Only the boolean itself: a string "true" or an unknown value is not taken on trust (an unknown one is
    // reported as unverified at preview and checked with its value at `up`).
    if (omit === true || isUnknown(omit)) return problems;
    const got =
      rawMethod === undefined
        ? 'unset, so "client_secret_basic"'
        : SHARED_SECRET_METHODS.has(method)
          ? `"${method}"`
          : `${JSON.stringify(rawMethod)} (not ${[...NO_SECRET_METHODS].join(" or ")}, so counted as one)`;
    problems.push(
      `the client secret is kept in the state, where every stack reader can decrypt it: tokenEndpointAuthMethod ${got} uses a shared secret and omitSecret is ${omitSecretShown(omit)}; set omitSecret: true`,
    );
    return problems;
  },
});
