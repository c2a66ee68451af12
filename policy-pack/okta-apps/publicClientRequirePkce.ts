import { resourceGuardrail } from "../lib/guardrail";
import { MANDATORY } from "../lib/levels";
import { isUnknown } from "../lib/values";
import { OAUTH_APP, isPublicClient, publicClientReason } from "./oauth";

export const publicClientRequirePkce = resourceGuardrail({
  name: "okta-oauth-public-client-require-pkce",
  catalogueId: "G03",
  description:
    "Public clients (browser, native, or token endpoint auth method none) set pkceRequired: true explicitly.",
  severity: "high",
  remediationSteps: "Set pkceRequired: true on the app.",
  levels: MANDATORY,
  resourceTypes: [OAUTH_APP],
  check: ({ props }) =>
    isPublicClient(props) && props.pkceRequired !== true && !isUnknown(props.pkceRequired)
      ? [`public client (${publicClientReason(props)}) must set pkceRequired: true explicitly`]
      : [],
});
