export const SIGNON_RULE = "okta:policy/ruleSignon:RuleSignon";
export const APP_SIGNON_RULE = "okta:index/appSignonPolicyRule:AppSignonPolicyRule";
export const APP_SIGNON_RULES = "okta:app/signonPolicyRules:SignonPolicyRules";
export const PASSWORD_POLICIES = [
  "okta:policy/password:Password",
  "okta:index/policyPasswordDefault:PolicyPasswordDefault",
];
export const MFA_POLICIES = ["okta:policy/mfa:Mfa", "okta:index/policyMfaDefault:PolicyMfaDefault"];
export const APP_SIGNON_POLICY = "okta:index/appSignonPolicy:AppSignonPolicy";
