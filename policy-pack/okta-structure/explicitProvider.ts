import { nameOfUrn, stackGuardrail } from "../lib/guardrail";
import { MANDATORY } from "../lib/levels";

export const oktaExplicitProvider = stackGuardrail({
  name: "okta-explicit-provider",
  catalogueId: "S01",
  description: "Every Okta resource uses the stack's one explicit Okta provider, never a default provider.",
  severity: "critical",
  remediationSteps:
    "Pass the stack's okta.Provider to every Okta resource ({provider}), and keep pulumi:disable-default-providers: [okta] in the stack file.",
  levels: MANDATORY,
  check: (resources) => {
    const found = [];
    const okta = resources.filter((r) => r.type.startsWith("okta:"));
    const used = new Set<string>();
    for (const r of okta) {
      if (r.providerUrn === undefined) {
        found.push({ urn: r.urn, message: "no provider: the resource would use the default Okta provider" });
      } else if (nameOfUrn(r.providerUrn).startsWith("default")) {
        found.push({ urn: r.urn, message: `uses the default Okta provider (${nameOfUrn(r.providerUrn)})` });
      } else {
        used.add(r.providerUrn);
      }
    }
    if (used.size > 1) {
      found.push({
        message: `Okta resources use ${used.size} providers (${[...used].map(nameOfUrn).sort().join(", ")}): a stack manages one org`,
      });
    }
    return found;
  },
});
