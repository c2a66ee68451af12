import { StackFinding, stackGuardrail } from "../lib/guardrail";
import { STIG_ONLY } from "../lib/levels";
import { block, strings, upper } from "../lib/values";
import { referenceOf } from "../okta-structure/identityTypes";

export const apiTokensRestricted = stackGuardrail({
  name: "okta-api-tokens-restricted",
  catalogueId: "STIG",
  description:
    "API tokens are usable only from named network zones, and belong to dedicated accounts, never to a Super Administrator.",
  severity: "high",
  remediationSteps:
    'Set network {connection: "ZONE", includes: [<zone ids>]} on each okta.ApiToken, and issue it for a service account without SUPER_ADMIN.',
  levels: STIG_ONLY,
  check: (resources) => {
    const superAdmins = new Set(
      resources
        .filter(
          (r) =>
            r.type === "okta:index/userAdminRoles:UserAdminRoles" &&
            (strings(r.props.adminRoles) ?? []).some((role) => role.toUpperCase() === "SUPER_ADMIN"),
        )
        .map((r) => referenceOf(r, "userId")),
    );
    const found: StackFinding[] = [];
    for (const token of resources.filter((r) => r.type === "okta:index/apiToken:ApiToken")) {
      const network = block(token.props.network);
      if (upper(network?.connection) !== "ZONE" || (strings(network?.includes) ?? []).length === 0) {
        found.push({ urn: token.urn, message: "the API token is usable from any network: restrict it to named zones" });
      }
      const owner = referenceOf(token, "userId");
      if (owner !== undefined && superAdmins.has(owner)) {
        found.push({
          urn: token.urn,
          message: "the API token belongs to a Super Administrator: issue it for a dedicated account",
        });
      }
    }
    return found;
  },
});
