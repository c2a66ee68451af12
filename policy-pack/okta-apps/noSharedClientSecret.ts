import { resourceGuardrail } from "../lib/guardrail";
import { PROD_ONLY } from "../lib/levels";
import { containsUnknown, isUnknown, str } from "../lib/values";
import { jwksUriProblem } from "./jwksHosts";
import { CLIENT_SECRET_INPUTS, OAUTH_APP } from "./oauth";

const present = (value: unknown) => value !== undefined && value !== null && value !== "";

/** Whether `jwks` holds at least one key: a non-empty list (the provider's `OAuthJwk` blocks). */
function hasJwks(jwks: unknown): boolean {
  return Array.isArray(jwks) && jwks.length > 0;
}

/** The members that make a JWK private (RFC 7518 6.2.2, 6.3.2, 6.4.1): never an input, since inputs are kept in the state. */
const PRIVATE_JWK_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

export const oauthNoSharedClientSecret = resourceGuardrail({
  name: "okta-oauth-no-shared-client-secret",
  catalogueId: "G31",
  description:
    "No OAuth app has a shared client secret: confidential apps authenticate with private_key_jwt and register their public keys (jwks with no private member, or a jwksUri on https, a host Okta can reach and no user info); public clients use none with pkceRequired: true. A secret Okta keeps can be read back by any admin role with okta.apps.clientCredentials.read, the read-only one included.",
  severity: "high",
  remediationSteps:
    'Give the app its public keys (okta-mmod:apps.<key>.jwksUri or .jwks in the stack file) so it authenticates with tokenEndpointAuthMethod "private_key_jwt"; a browser or native app uses "none" with pkceRequired: true. README "Moving a prod app to private_key_jwt".',
  levels: PROD_ONLY,
  // Matched without regard to case (lib/guardrail.ts), so okta:app/OAuth:OAuth is checked too.
  resourceTypes: [OAUTH_APP],
  check: ({ props }) => {
    const problems: string[] = [];
    for (const key of CLIENT_SECRET_INPUTS) {
      // Read past the unknown tracking: a secret input unknown at preview is still a shared secret.
      if (present(Reflect.getOwnPropertyDescriptor(props, key)?.value)) {
        problems.push(`${key} is set: a client secret given to the app is a shared secret; remove it`);
      }
    }
    const rawMethod = props.tokenEndpointAuthMethod;
    if (isUnknown(rawMethod)) return problems;
    // Compared as Okta spells them: a method in another case or padded is not taken for one that has no secret.
    const method = str(rawMethod);
    if (method === "private_key_jwt") {
      const jwks = props.jwks;
      const jwksUri = props.jwksUri;
      if (containsUnknown(jwks) || isUnknown(jwksUri)) return problems;
      if (Array.isArray(jwks)) {
        for (const [i, key] of jwks.entries()) {
          const members = PRIVATE_JWK_MEMBERS.filter(
            (m) => typeof key === "object" && key !== null && present((key as Record<string, unknown>)[m]),
          );
          if (members.length > 0) {
            problems.push(
              `jwks[${i}] is a private key (it has ${members.map((m) => `"${m}"`).join(", ")}; not shown): every input is kept in the state, where every stack reader can read it; give the public key only and replace the key pair`,
            );
          }
        }
      }
      const uri = str(jwksUri);
      const uriProblem = present(uri) ? jwksUriProblem(uri as string) : undefined;
      if (uriProblem !== undefined) {
        // A URL's user info is a credential: never shown.
        const shownUri = JSON.stringify(uri).replace(/(\/\/)[^/\\@\s"]*@/g, "$1[user info hidden]@");
        problems.push(`jwksUri ${shownUri} ${uriProblem}`);
      } else if (!hasJwks(jwks) && !present(uri)) {
        problems.push(
          'tokenEndpointAuthMethod "private_key_jwt" with neither jwks nor jwksUri: Okta has no key to check the client\'s assertions with; give the app its public keys',
        );
      }
      return problems;
    }
    if (method === "none") {
      const pkce = props.pkceRequired;
      if (pkce !== true && !isUnknown(pkce)) {
        problems.push(
          `tokenEndpointAuthMethod "none" (a public client) with pkceRequired ${pkce === undefined ? "unset" : JSON.stringify(pkce)}: a public client needs the boolean pkceRequired: true`,
        );
      }
      return problems;
    }
    const got =
      rawMethod === undefined || rawMethod === null
        ? 'unset, so the provider\'s default "client_secret_basic"'
        : JSON.stringify(rawMethod);
    problems.push(
      `tokenEndpointAuthMethod ${got} is not "private_key_jwt" or "none": the app would authenticate with a shared client secret, which Okta keeps and any admin role with okta.apps.clientCredentials.read can read back; give it its public keys (private_key_jwt)`,
    );
    return problems;
  },
});
