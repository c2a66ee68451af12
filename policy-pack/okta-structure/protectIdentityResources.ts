import { stackGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { IDENTITY_BEARING_TYPES } from "./identityTypes";

export const protectIdentityResources = stackGuardrail({
  name: "okta-protect-identity-resources",
  catalogueId: "S05",
  description:
    "Identity-bearing resources (apps, auth servers, groups, schema properties, users, policies) are protected.",
  severity: "high",
  remediationSteps:
    "Keep okta-mmod:protectResources on (the prod default); unprotect a resource only to delete it on purpose.",
  levels: PROD_MANDATORY,
  check: (resources) =>
    resources
      .filter((r) => IDENTITY_BEARING_TYPES.has(r.type) && !r.protect)
      .map((r) => ({ urn: r.urn, message: `${r.type} ${r.name} is not protected: a deletion would go through` })),
});
