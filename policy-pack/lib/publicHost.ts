/**
 * The rule for hosts Okta calls from its own cloud (inline hook endpoints, token URLs, apps' JWKS URLs). It lives in
 * the policy pack, which is published on its own and so imports nothing from the program; the program's
 * configuration check imports it from here, so the check and guardrail G31 apply one rule.
 */

/**
 * Names no public DNS answers for, so Okta's cloud cannot call them: special-use and private-use names (RFC 6761
 * .test and .invalid, RFC 6762 .local, RFC 8375 home.arpa, RFC 9476 .alt, RFC 7686 .onion, ICANN's reserved
 * .internal) and the names ICANN will not delegate because private networks use them (.corp, .home, .lan and the
 * like). A single-label name resolves only through a local search domain.
 */
export const PRIVATE_NAME_SUFFIXES: readonly string[] = [
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
 * Whether Okta, calling from its own cloud, could reach this host: a public name (not localhost, nor a name only a
 * private network resolves), or a public address. The URL parser has already turned `127.1` and `0x7f.1` into dotted quads.
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
