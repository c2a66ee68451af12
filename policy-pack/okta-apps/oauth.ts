import { Props, str, strings } from "../lib/values";

export const OAUTH_APP = "okta:app/oAuth:OAuth";
export const SAML_APP = "okta:app/saml:Saml";

/** Browser and native apps, and any app that authenticates with `none`, cannot keep a secret. */
export function isPublicClient(props: Props): boolean {
  const type = str(props.type);
  return type === "browser" || type === "native" || str(props.tokenEndpointAuthMethod) === "none";
}

/** How a public client is described in messages. */
export function publicClientReason(props: Props): string {
  const type = str(props.type);
  return type === "browser" || type === "native" ? `type "${type}"` : `tokenEndpointAuthMethod "none"`;
}

/** The app's grant types; unset means Okta's default for web apps, authorization_code. */
export function grantTypes(props: Props): string[] {
  return strings(props.grantTypes) ?? ["authorization_code"];
}
