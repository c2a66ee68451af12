import { resourceGuardrail } from "../lib/guardrail";
import { MANDATORY } from "../lib/levels";
import { isUnknown, upper } from "../lib/values";
import { OAUTH_APP, grantTypes, isPublicClient, publicClientReason } from "./oauth";

export const publicClientRotateRefreshTokens = resourceGuardrail({
  name: "okta-oauth-public-client-rotate-refresh-tokens",
  catalogueId: "G07",
  description: "Public clients with the refresh_token grant rotate refresh tokens.",
  severity: "high",
  remediationSteps: 'Set refreshTokenRotation: "ROTATE" (the provider default is STATIC).',
  levels: MANDATORY,
  resourceTypes: [OAUTH_APP],
  check: ({ props }) => {
    if (
      !isPublicClient(props) ||
      !grantTypes(props).includes("refresh_token") ||
      isUnknown(props.refreshTokenRotation)
    ) {
      return [];
    }
    const rotation = upper(props.refreshTokenRotation);
    if (rotation === "ROTATE") return [];
    const got = rotation === undefined ? "unset, so STATIC" : `"${rotation}"`;
    return [
      `public client (${publicClientReason(props)}) with the refresh_token grant must set refreshTokenRotation: "ROTATE" (got ${got})`,
    ];
  },
});
