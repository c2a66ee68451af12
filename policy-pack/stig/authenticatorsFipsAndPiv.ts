import { StackFinding, stackGuardrail } from "../lib/guardrail";
import { STIG_ONLY } from "../lib/levels";
import { isUnknown, str, upper } from "../lib/values";

const AUTHENTICATOR = "okta:index/authenticator:Authenticator";

function fipsRequired(settings: string | undefined): boolean {
  try {
    const parsed = JSON.parse(settings ?? "{}") as { compliance?: { fips?: string } };
    return parsed.compliance?.fips?.toUpperCase() === "REQUIRED";
  } catch {
    return false;
  }
}

export const authenticatorsFipsAndPiv = stackGuardrail({
  name: "okta-authenticators-fips-and-piv",
  catalogueId: "STIG",
  description:
    "Okta Verify is active and accepts only FIPS-compliant devices, and the smart card (PIV/CAC) authenticator is active.",
  severity: "high",
  remediationSteps:
    'Declare okta.Authenticator "okta_verify" with settings {"compliance":{"fips":"REQUIRED"}} and okta.Authenticator "smart_card_idp", both status "ACTIVE".',
  levels: STIG_ONLY,
  check: (resources) => {
    const found: StackFinding[] = [];
    const byKey = (key: string) =>
      resources.filter((r) => r.type === AUTHENTICATOR && str(r.props.key)?.toLowerCase() === key);
    const active = (r: (typeof resources)[number]) => (upper(r.props.status) ?? "ACTIVE") === "ACTIVE";
    const verify = byKey("okta_verify");
    if (!verify.some(active)) found.push({ message: 'the stack declares no active "okta_verify" authenticator' });
    for (const r of verify.filter((v) => active(v) && !isUnknown(v.props.settings))) {
      if (!fipsRequired(str(r.props.settings))) {
        found.push({
          urn: r.urn,
          message: 'Okta Verify accepts devices that are not FIPS-compliant: set compliance.fips "REQUIRED"',
        });
      }
    }
    if (!byKey("smart_card_idp").some(active)) {
      found.push({ message: 'the stack declares no active "smart_card_idp" (PIV/CAC) authenticator' });
    }
    return found;
  },
});
