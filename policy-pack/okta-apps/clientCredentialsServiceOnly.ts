import { resourceGuardrail } from "../lib/guardrail";
import { MANDATORY } from "../lib/levels";
import { OAUTH_APP, appType, grantTypes } from "./oauth";

export const clientCredentialsServiceOnly = resourceGuardrail({
  name: "okta-oauth-client-credentials-service-only",
  catalogueId: "G08",
  description: "The client_credentials grant is used only by service apps, never by browser or web apps.",
  severity: "high",
  remediationSteps: 'Move machine-to-machine access to a separate app of type "service"; remove the grant here.',
  levels: MANDATORY,
  resourceTypes: [OAUTH_APP],
  check: ({ props }) => {
    const type = appType(props);
    return type !== undefined && type !== "service" && grantTypes(props).includes("client_credentials")
      ? [`grant type "client_credentials" is only for service apps, not type "${type}"`]
      : [];
  },
});
