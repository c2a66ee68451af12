import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { isUnknown, upper } from "../lib/values";
import { SAML_APP } from "./oauth";

const REQUIRED: readonly [string, unknown][] = [
  ["signatureAlgorithm", "RSA_SHA256"],
  ["digestAlgorithm", "SHA256"],
  ["responseSigned", true],
  ["assertionSigned", true],
];

/** Algorithm names compared as Okta does, regardless of case. */
function same(value: unknown, want: unknown): boolean {
  return typeof want === "string" ? upper(value) === want : value === want;
}

export const samlSha256Signed = resourceGuardrail({
  name: "okta-saml-app-sha256-signed",
  catalogueId: "G11",
  description: "SAML apps sign responses and assertions with SHA-256.",
  severity: "high",
  remediationSteps:
    'Set signatureAlgorithm "RSA_SHA256", digestAlgorithm "SHA256", responseSigned and assertionSigned true.',
  levels: PROD_MANDATORY,
  resourceTypes: [SAML_APP],
  check: ({ props }) =>
    REQUIRED.filter(([key, want]) => !same(props[key], want) && !isUnknown(props[key])).map(
      ([key, want]) =>
        `${key} must be ${JSON.stringify(want)} (got ${props[key] === undefined ? "unset" : JSON.stringify(props[key])})`,
    ),
});
