export const AUTH_SERVER_RULE = "okta:auth/serverPolicyRule:ServerPolicyRule";
