import { Props, str, strings } from "../lib/values";

/** Every redirect-like URI of an OAuth app, with the property path it came from. */
export function appUris(props: Props): { where: string; uri: string }[] {
  const list = (key: string) => (strings(props[key]) ?? []).map((uri, i) => ({ where: `${key}[${i}]`, uri }));
  const login = str(props.loginUri);
  return [
    ...list("redirectUris"),
    ...list("postLogoutRedirectUris"),
    ...(login === undefined ? [] : [{ where: "loginUri", uri: login }]),
  ];
}

export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["localhost", "127.0.0.1", "[::1]"]);
