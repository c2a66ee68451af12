import { Props, lowerAll, str } from "../lib/values";

export const OAUTH_APP = "okta:app/oAuth:OAuth";
export const SAML_APP = "okta:app/saml:Saml";

/** Inputs that hand an OAuth app a client secret: Pulumi keeps every input in the state, whatever omitSecret says. */
export const CLIENT_SECRET_INPUTS = ["clientBasicSecret", "clientBasicSecretWo"] as const;

/** Browser and native apps, and any app that authenticates with `none`, cannot keep a secret. */
export function isPublicClient(props: Props): boolean {
  const type = appType(props);
  return type === "browser" || type === "native" || str(props.tokenEndpointAuthMethod)?.toLowerCase() === "none";
}

/** The OAuth app's type in lower case: Okta reads `Browser` as `browser`. */
export function appType(props: Props): string | undefined {
  return str(props.type)?.toLowerCase();
}

/** How a public client is described in messages. */
export function publicClientReason(props: Props): string {
  const type = appType(props);
  return type === "browser" || type === "native" ? `type "${type}"` : `tokenEndpointAuthMethod "none"`;
}

/** The app's grant types in lower case; unset means Okta's default for web apps, authorization_code. */
export function grantTypes(props: Props): string[] {
  return lowerAll(props.grantTypes) ?? ["authorization_code"];
}
