/**
 * Where Okta may fetch an app's public keys from, for G31. The policy pack is published on its own, so this is its
 * own copy of the program's rule for URLs Okta calls (config/baselineValues.ts, oktaCalledUrl); a test keeps the
 * two in agreement.
 */

/** IPv4 ranges no service on the internet answers from (RFC 6890): this host, private, shared, loopback, link-local. */
const NON_PUBLIC_IPV4: readonly (readonly [number, number, number])[] = [
  [0, 0, 8],
  [10, 0, 8],
  [100, 64, 10],
  [127, 0, 8],
  [169, 254, 16],
  [172, 16, 12],
  [192, 168, 16],
];

/**
 * Names no public DNS answers for: special-use and private-use names (.test, .invalid, .local, home.arpa, .alt,
 * .onion, .internal) and those ICANN will not delegate because private networks use them (.corp, .home, .lan ...).
 */
const PRIVATE_NAME_SUFFIXES: readonly string[] = [
  "local",
  "internal",
  "home.arpa",
  "lan",
  "corp",
  "home",
  "intranet",
  "localdomain",
  "test",
  "invalid",
  "alt",
  "onion",
];

/**
 * Whether Okta, calling from its own cloud, could reach this host (a URL parser's `hostname`, which has already
 * turned `127.1` and `0x7f.1` into dotted quads): a public name (not localhost, not one label, not a name only a
 * private network resolves), or a public address.
 */
export function isPublicHost(hostname: string): boolean {
  const name = hostname.replace(/\.$/, "").toLowerCase();
  if (name === "localhost" || name.endsWith(".localhost")) return false;
  if (!name.startsWith("[") && !name.includes(".")) return false;
  if (PRIVATE_NAME_SUFFIXES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`))) return false;
  const quad = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(name);
  if (quad !== null) {
    const [a, b] = [Number(quad[1]), Number(quad[2])];
    const address = (a << 24) | (b << 16);
    if (a >= 224) return false; // multicast and reserved
    return !NON_PUBLIC_IPV4.some(([x, y, bits]) => {
      const mask = bits === 0 ? 0 : (~0 << (32 - bits)) & ~0;
      return (address & mask) === (((x << 24) | (y << 16)) & mask);
    });
  }
  if (name.startsWith("[")) {
    // IPv6: unspecified, loopback, IPv4-mapped (::ffff:...), unique local (fc00::/7), link-local (fe80::/10).
    return !/^\[(::|f[cd]|fe[89ab])/.test(name);
  }
  return true;
}

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
