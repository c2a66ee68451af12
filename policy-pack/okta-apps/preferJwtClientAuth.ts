import { resourceGuardrail } from "../lib/guardrail";
import { ADVISORY } from "../lib/levels";
import { isUnknown, str } from "../lib/values";
import { OAUTH_APP, isPublicClient } from "./oauth";

const SHARED_SECRET_METHODS = new Set(["client_secret_basic", "client_secret_post"]);

export const preferJwtClientAuth = resourceGuardrail({
  name: "okta-oauth-confidential-client-prefer-jwt-auth",
  catalogueId: "G09",
  description:
    "Confidential clients authenticate with private_key_jwt (or client_secret_jwt) rather than a shared secret.",
  severity: "low",
  remediationSteps:
    'Register the client\'s public key (jwks or jwksUri) and set tokenEndpointAuthMethod: "private_key_jwt".',
  levels: ADVISORY,
  resourceTypes: [OAUTH_APP],
  check: ({ props }) => {
    if (isPublicClient(props) || isUnknown(props.tokenEndpointAuthMethod)) return [];
    const method = str(props.tokenEndpointAuthMethod)?.toLowerCase();
    if (method !== undefined && !SHARED_SECRET_METHODS.has(method)) return [];
    const got = method === undefined ? 'unset, so "client_secret_basic"' : `"${method}"`;
    return [
      `confidential client authenticates with a shared secret (tokenEndpointAuthMethod ${got}): prefer "private_key_jwt"`,
    ];
  },
});
