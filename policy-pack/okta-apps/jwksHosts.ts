/** Where Okta may fetch an app's public keys from, for G31: the hosts rule the configuration check uses too. */
import { isPublicHost } from "../lib/publicHost";

/**
 * Why Okta must not fetch an app's keys from this JWKS URL, or undefined when it may: an absolute https URL with no
 * user info, on a host Okta can reach.
 */
export function jwksUriProblem(value: string): string | undefined {
  if (!URL.canParse(value) || new URL(value).protocol !== "https:") {
    return "is not an https:// URL: Okta would fetch the app's keys over a channel anyone on the path can change";
  }
  const url = new URL(value);
  if (url.username !== "" || url.password !== "") {
    return "has user info (user:password@): a credential in a URL is kept in the state; publish the keys where Okta fetches them without one";
  }
  if (!isPublicHost(url.hostname)) {
    return `is on ${url.hostname}, a host Okta cannot reach (localhost, a loopback, private, shared, link-local or metadata address, or a name only a private network resolves): Okta fetches the keys from its own cloud, so the app could not authenticate`;
  }
  return undefined;
}
