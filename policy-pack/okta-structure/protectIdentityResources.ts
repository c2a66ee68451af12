import { stackGuardrail } from "../lib/guardrail";
import { PROD_ONLY } from "../lib/levels";
import { mustBeProtected } from "./identityTypes";

export const protectIdentityResources = stackGuardrail({
  name: "okta-protect-identity-resources",
  catalogueId: "S05",
  description:
    "Every Okta, GitHub, Terraform Cloud and Pulumi Cloud resource is protected, but for a short reviewed list of types.",
  severity: "high",
  remediationSteps:
    "Keep okta-mmod:protectResources on (the prod default); unprotect a resource only to delete it on purpose.",
  levels: PROD_ONLY,
  check: (resources) =>
    resources
      .filter((r) => mustBeProtected(r.type) && !r.protect)
      .map((r) => ({ urn: r.urn, message: `${r.type} ${r.name} is not protected: a deletion would go through` })),
});
