import { stackGuardrail } from "../lib/guardrail";
import { STIG_ONLY } from "../lib/levels";
import { strings, upper } from "../lib/values";

export const zoneBlocksAnonymizers = stackGuardrail({
  name: "okta-network-zone-block-anonymizers",
  catalogueId: "STIG",
  description: "An active dynamic network zone blocks anonymizing services (Tor, proxies, VPNs).",
  severity: "high",
  remediationSteps:
    'Declare an okta.network.Zone with type "DYNAMIC_V2", usage "BLOCKLIST" and ipServiceCategoriesIncludes ["ALL_ANONYMIZERS"].',
  levels: STIG_ONLY,
  check: (resources) =>
    resources.some(
      (r) =>
        r.type === "okta:network/zone:Zone" &&
        upper(r.props.type) === "DYNAMIC_V2" &&
        upper(r.props.usage) === "BLOCKLIST" &&
        (upper(r.props.status) ?? "ACTIVE") === "ACTIVE" &&
        (strings(r.props.ipServiceCategoriesIncludes) ?? []).some((c) => /ANONYM|PROXY|TOR|VPN/i.test(c)),
    )
      ? []
      : [{ message: "no active DYNAMIC_V2 blocklist zone blocks anonymizers (Tor, proxies, VPNs)" }],
});
