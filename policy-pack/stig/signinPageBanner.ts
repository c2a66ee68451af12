import { stackGuardrail } from "../lib/guardrail";
import { STIG_ONLY } from "../lib/levels";
import { str } from "../lib/values";

const squash = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase();

export const signinPageBanner = stackGuardrail<{ bannerText: string }>({
  name: "okta-signin-page-dod-banner",
  catalogueId: "STIG",
  description: "The customized sign-in page shows the DoD notice and consent banner.",
  severity: "medium",
  remediationSteps:
    "Declare an okta.CustomizedSigninPage whose pageContent contains the Standard Mandatory DoD Notice and Consent Banner.",
  levels: STIG_ONLY,
  config: {
    bannerText: {
      type: "string",
      description: "Text the sign-in page must contain (compared ignoring case and spacing).",
      default:
        "You are accessing a U.S. Government (USG) Information System (IS) that is provided for USG-authorized use only.",
    },
  },
  check: (resources, config) =>
    resources.some(
      (r) =>
        r.type === "okta:index/customizedSigninPage:CustomizedSigninPage" &&
        squash(str(r.props.pageContent) ?? "").includes(squash(config.bannerText)),
    )
      ? []
      : [{ message: "no okta.CustomizedSigninPage shows the DoD notice and consent banner" }],
});
