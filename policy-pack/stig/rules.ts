/**
 * The DISA Okta IDaaS STIG, Version 1 Release 2 (29 rules), and how this pack covers each: the policies that
 * enforce it under the `stig` profile (config/stig.json), or why no @pulumi/okta 7.0.0 resource can express it.
 * The README's STIG coverage table is generated from this list (tools/stig-coverage.ts).
 */
export interface StigRule {
  readonly id: string;
  readonly vuln: string;
  readonly title: string;
  /** Policies that enforce the rule under the stig profile, with the threshold it sets where there is one. */
  readonly policies?: readonly string[];
  /** Why the rule cannot be checked in code: what the org setting is and that no resource manages it. */
  readonly notExpressible?: string;
}

const NO_RESOURCE = "not expressible in @pulumi/okta";

export const STIG_RULES: readonly StigRule[] = [
  {
    id: "OKTA-APP-000020",
    vuln: "V-273186",
    title: "Global session idle timeout of 15 minutes or less",
    policies: ["okta-signon-session-idle", "okta-password-and-session-policies-managed"],
  },
  {
    id: "OKTA-APP-000025",
    vuln: "V-273187",
    title: "Admin Console app session idle timeout of 15 minutes or less",
    notExpressible: `${NO_RESOURCE}: the Admin Console's first-party app settings have no resource in 7.0.0`,
  },
  {
    id: "OKTA-APP-000090",
    vuln: "V-273188",
    title: "Disable accounts after 35 days of inactivity",
    notExpressible: `${NO_RESOURCE}: it is an Okta Workflows automation, which no resource manages`,
  },
  {
    id: "OKTA-APP-000170",
    vuln: "V-273189",
    title: "Lock accounts after 3 failed sign-in attempts",
    policies: ["okta-password-policy-lockout-history", "okta-password-and-session-policies-managed"],
  },
  {
    id: "OKTA-APP-000180",
    vuln: "V-273190",
    title: "Dashboard requires phishing-resistant authentication",
    policies: ["okta-privileged-app-signon-phishing-resistant", "okta-admin-console-and-dashboard-2fa"],
  },
  {
    id: "OKTA-APP-000190",
    vuln: "V-273191",
    title: "Admin Console requires phishing-resistant authentication",
    policies: ["okta-privileged-app-signon-phishing-resistant", "okta-admin-console-and-dashboard-2fa"],
  },
  {
    id: "OKTA-APP-000200",
    vuln: "V-273192",
    title: "DoD notice and consent banner before sign-in",
    policies: ["okta-signin-page-dod-banner"],
  },
  {
    id: "OKTA-APP-000560",
    vuln: "V-273193",
    title: "Admin Console requires multifactor authentication",
    policies: ["okta-admin-console-and-dashboard-2fa"],
  },
  {
    id: "OKTA-APP-000570",
    vuln: "V-273194",
    title: "Dashboard requires multifactor authentication",
    policies: ["okta-admin-console-and-dashboard-2fa"],
  },
  {
    id: "OKTA-APP-000650",
    vuln: "V-273195",
    title: "Passwords of at least 15 characters",
    policies: ["okta-password-policy-strength", "okta-password-and-session-policies-managed"],
  },
  {
    id: "OKTA-APP-000670",
    vuln: "V-273196",
    title: "Passwords contain an upper-case letter",
    policies: ["okta-password-policy-character-classes", "okta-password-and-session-policies-managed"],
  },
  {
    id: "OKTA-APP-000680",
    vuln: "V-273197",
    title: "Passwords contain a lower-case letter",
    policies: ["okta-password-policy-character-classes", "okta-password-and-session-policies-managed"],
  },
  {
    id: "OKTA-APP-000690",
    vuln: "V-273198",
    title: "Passwords contain a number",
    policies: ["okta-password-policy-character-classes", "okta-password-and-session-policies-managed"],
  },
  {
    id: "OKTA-APP-000700",
    vuln: "V-273199",
    title: "Passwords contain a special character",
    policies: ["okta-password-policy-character-classes", "okta-password-and-session-policies-managed"],
  },
  {
    id: "OKTA-APP-000740",
    vuln: "V-273200",
    title: "Minimum password age of 24 hours",
    policies: ["okta-password-policy-lockout-recommended", "okta-password-and-session-policies-managed"],
  },
  {
    id: "OKTA-APP-000745",
    vuln: "V-273201",
    title: "Maximum password age of 60 days",
    policies: ["okta-password-policy-max-age", "okta-password-and-session-policies-managed"],
  },
  {
    id: "OKTA-APP-001430",
    vuln: "V-273202",
    title: "Off-load audit records (log streaming)",
    policies: ["okta-log-stream-active"],
  },
  {
    id: "OKTA-APP-001665",
    vuln: "V-273203",
    title: "Global session lifetime of 18 hours or less",
    policies: ["okta-signon-session-lifetime", "okta-password-and-session-policies-managed"],
  },
  {
    id: "OKTA-APP-001670",
    vuln: "V-273204",
    title: "Accept PIV credentials (smart card authenticator)",
    policies: ["okta-authenticators-fips-and-piv"],
  },
  {
    id: "OKTA-APP-001700",
    vuln: "V-273205",
    title: "Okta Verify accepts FIPS-compliant devices only",
    policies: ["okta-authenticators-fips-and-piv"],
  },
  {
    id: "OKTA-APP-001710",
    vuln: "V-273206",
    title: "No persistent global session cookies",
    policies: ["okta-signon-no-persistent-cookies", "okta-password-and-session-policies-managed"],
  },
  {
    id: "OKTA-APP-001920",
    vuln: "V-273207",
    title: "Smart card identity provider trusts DoD-approved certificate authorities only",
    notExpressible: `${NO_RESOURCE}: 7.0.0 has no resource for the smart card (X.509) identity provider and its issuer`,
  },
  {
    id: "OKTA-APP-002980",
    vuln: "V-273208",
    title: "Check passwords against common passwords",
    policies: ["okta-password-policy-strength", "okta-password-and-session-policies-managed"],
  },
  {
    id: "OKTA-APP-003010",
    vuln: "V-273209",
    title: "Prohibit reuse of the last 5 passwords",
    policies: ["okta-password-policy-lockout-history", "okta-password-and-session-policies-managed"],
  },
  {
    id: "OKTA-APP-003240",
    vuln: "V-279689",
    title: "API tokens restricted to network zones",
    policies: ["okta-api-tokens-restricted"],
  },
  {
    id: "OKTA-APP-003241",
    vuln: "V-279690",
    title: "API tokens belong to dedicated accounts",
    policies: ["okta-api-tokens-restricted"],
  },
  {
    id: "OKTA-APP-003242",
    vuln: "V-279691",
    title: "Global session policy restricted to network zones",
    policies: ["okta-signon-rule-network-zone", "okta-password-and-session-policies-managed"],
  },
  {
    id: "OKTA-APP-003243",
    vuln: "V-279692",
    title: "Block anonymizing proxies with a dynamic zone",
    policies: ["okta-network-zone-block-anonymizers"],
  },
  {
    id: "OKTA-APP-003244",
    vuln: "V-279693",
    title: "App authentication policies restricted to network zones",
    policies: ["okta-app-signon-rule-network-zone"],
  },
];
