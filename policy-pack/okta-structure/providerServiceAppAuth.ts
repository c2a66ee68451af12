import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { isUnknown, num } from "../lib/values";

/** The provider's fallback for `apiToken` (terraform-provider-okta reads it when the stack config has none). */
const API_TOKEN_VARIABLE = "OKTA_API_TOKEN";

interface Config {
  maxApiCapacity: number;
}

export const providerServiceAppAuth = resourceGuardrail<Config>({
  name: "okta-provider-service-app-auth",
  catalogueId: "S06",
  description:
    "The Okta provider authenticates with an OAuth 2.0 service app (private key), not an SSWS API token, and sets maxApiCapacity within the limit.",
  severity: "high",
  remediationSteps:
    "Configure clientId, privateKey (secret) and scopes instead of apiToken, and set rateLimits.maxApiCapacity <= the limit.",
  levels: PROD_MANDATORY,
  config: {
    maxApiCapacity: {
      type: "integer",
      description: "Largest share (percent) of the org's API rate limit the provider may use.",
      default: 50,
      minimum: 1,
    },
  },
  resourceTypes: ["pulumi:providers:okta"],
  check: ({ props }, config) => {
    const found: string[] = [];
    if (props.apiToken !== undefined && props.apiToken !== null && props.apiToken !== "") {
      found.push(
        "the provider authenticates with an SSWS apiToken: use an OAuth 2.0 service app (clientId, privateKey, scopes)",
      );
    } else if ((process.env[API_TOKEN_VARIABLE] ?? "") !== "") {
      // The provider plugin reads the token from the environment the CLI runs in, which the pack shares.
      found.push(
        `${API_TOKEN_VARIABLE} is set in the environment, so the provider authenticates with an SSWS API token: remove it and use an OAuth 2.0 service app`,
      );
    }
    if (!isUnknown(props.maxApiCapacity)) {
      const capacity = num(props.maxApiCapacity);
      if (capacity === undefined || capacity > config.maxApiCapacity) {
        found.push(
          `maxApiCapacity is ${capacity === undefined ? "unset (100%)" : capacity}: set at most ${config.maxApiCapacity}`,
        );
      }
    }
    return found;
  },
});
