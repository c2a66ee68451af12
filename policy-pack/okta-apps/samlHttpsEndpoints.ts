import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { str, strings } from "../lib/values";
import { SAML_APP } from "./oauth";

export const samlHttpsEndpoints = resourceGuardrail({
  name: "okta-saml-app-https-endpoints",
  catalogueId: "G12",
  description: "SAML SSO URL, recipient, destination and ACS endpoints are https://.",
  severity: "high",
  remediationSteps: "Use the service provider's https:// endpoints.",
  levels: PROD_MANDATORY,
  resourceTypes: [SAML_APP],
  check: ({ props }) => {
    const endpoints = [
      ...["ssoUrl", "recipient", "destination"].flatMap((k) => {
        const v = str(props[k]);
        return v === undefined ? [] : [{ where: k, uri: v }];
      }),
      ...(strings(props.acsEndpoints) ?? []).map((uri, i) => ({ where: `acsEndpoints[${i}]`, uri })),
    ];
    return endpoints
      .filter(({ uri }) => !uri.toLowerCase().startsWith("https://"))
      .map(({ where, uri }) => `${where} "${uri}" is not https://`);
  },
});
