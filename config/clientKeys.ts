import { z } from "zod";
import { strictObject } from "./schema";

/**
 * Where Okta finds the public keys a confidential OIDC app signs its client assertions with (private_key_jwt):
 * per org, beside the app's other per-stack values (`okta-mmod:apps.<key>.jwksUri` or `.jwks`). With a key source
 * the app has no client secret at all; prod-grade stacks must give one for every confidential app.
 */

/** A public JWK as @pulumi/okta's `OAuthJwk` takes it (app/oauth.d.ts): RSA `e`, `n`; EC `x`, `y`. */
export type PublicJwk =
  | { readonly kty: "RSA"; readonly kid: string; readonly e: string; readonly n: string }
  | { readonly kty: "EC"; readonly kid: string; readonly crv: EcCurve; readonly x: string; readonly y: string };

/** The app's key source: a JWKS URL Okta fetches, or the public keys themselves. */
export type ClientKeySource = { readonly jwksUri: string } | { readonly jwks: readonly PublicJwk[] };

/** The members that make a JWK private (RFC 7518 6.2.2, 6.3.2, 6.4.1): d, the RSA primes and CRT values, oct's k. */
export const PRIVATE_JWK_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] as const;

/** How a pasted private key is shown in every message: never its value. */
export const PRIVATE_KEY_SHOWN_AS = "a private key (not shown)";

const EC_COORDINATE_BYTES = { "P-256": 32, "P-384": 48, "P-521": 66 } as const;
type EcCurve = keyof typeof EC_COORDINATE_BYTES;

/** Smallest RSA modulus taken: 2048 bits, NIST SP 800-131A's floor for signatures. */
const MIN_RSA_BYTES = 256;

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const KID = 'the key id the client puts in its assertions\' "kid" header: 1 to 255 printable characters, no spaces';

/** Bytes a base64url text without padding decodes to. */
function decodedBytes(text: string): number {
  return Math.floor((text.length * 3) / 4);
}

const base64url = (what: string) => z.string({ error: what }).regex(BASE64URL, { error: what });

const rsaJwk = strictObject(
  {
    kty: z.literal("RSA"),
    kid: z.string({ error: KID }).regex(/^[\x21-\x7E]{1,255}$/, { error: KID }),
    e: base64url('the public exponent, base64url (usually "AQAB")'),
    n: base64url(`the modulus, base64url, of at least ${MIN_RSA_BYTES * 8} bits`).refine(
      (n) => decodedBytes(n) >= MIN_RSA_BYTES,
      { error: `the modulus, base64url, of at least ${MIN_RSA_BYTES * 8} bits` },
    ),
  },
  "an RSA public JWK: kty, kid, e, n",
);

const ecJwk = strictObject(
  {
    kty: z.literal("EC"),
    kid: z.string({ error: KID }).regex(/^[\x21-\x7E]{1,255}$/, { error: KID }),
    crv: z.enum(["P-256", "P-384", "P-521"], { error: 'the curve: "P-256", "P-384" or "P-521"' }),
    x: base64url("the x coordinate, base64url"),
    y: base64url("the y coordinate, base64url"),
  },
  "an EC public JWK: kty, kid, crv, x, y",
).superRefine((key, ctx) => {
  const bytes = EC_COORDINATE_BYTES[key.crv];
  for (const coordinate of ["x", "y"] as const) {
    if (decodedBytes(key[coordinate]) !== bytes) {
      ctx.addIssue({
        code: "custom",
        path: [coordinate],
        message: `the ${coordinate} coordinate of a ${key.crv} key: ${bytes} bytes, base64url (${Math.ceil((bytes * 4) / 3)} characters)`,
      });
    }
  }
});

const PUBLIC_JWK = "a public JWK whose kty is RSA (kty, kid, e, n) or EC (kty, kid, crv, x, y)";

/** The `jwks` setting: one or more public keys with distinct key ids (a second one is the next key, for rotation). */
export const jwksSchema = z
  .array(z.discriminatedUnion("kty", [rsaJwk, ecJwk], { error: PUBLIC_JWK }), {
    error: `a list of public JWKs, each ${PUBLIC_JWK}`,
  })
  .min(1, { error: `a list of at least one public JWK, each ${PUBLIC_JWK}` })
  .superRefine((keys, ctx) => {
    const seen = new Set<string>();
    for (const [i, key] of keys.entries()) {
      if (seen.has(key.kid)) {
        ctx.addIssue({
          code: "custom",
          path: [i, "kid"],
          message: "a key id no other key of the app has: Okta picks the key by it",
        });
      }
      seen.add(key.kid);
    }
  });

/** A JSON text with a private JWK member (`"d": ...`): a key pasted as a string instead of a YAML object. */
const PRIVATE_MEMBER_IN_TEXT = new RegExp(`"(${PRIVATE_JWK_MEMBERS.join("|")})"\\s*:`);

/**
 * Whether a value holds a private key anywhere: PEM text saying PRIVATE KEY (PKCS#1, PKCS#8, SEC1, OpenSSH, encrypted
 * or not), a JWK with a private member, or either as JSON text. Such a value is never shown in a message, whatever
 * key it was pasted under: the start of an EC key's PEM is its private scalar.
 */
export function holdsPrivateKey(value: unknown): boolean {
  if (typeof value === "string") return /PRIVATE KEY/i.test(value) || PRIVATE_MEMBER_IN_TEXT.test(value);
  if (Array.isArray(value)) return value.some(holdsPrivateKey);
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value as Record<string, unknown>).some(
    ([k, v]) => (PRIVATE_JWK_MEMBERS as readonly string[]).includes(k) || holdsPrivateKey(v),
  );
}

/** A private key found where a public one belongs, with where it was. */
export interface PastedPrivateKey {
  /** Path inside `okta-mmod:apps`: `[app, "jwks", 0]`. */
  readonly path: readonly PropertyKey[];
  readonly expected: string;
}

const REPLACE =
  "remove it and replace the key pair (whoever can read the stack file or the repository has read it); give the public key only: a JWK with kty, kid and e, n (RSA) or crv, x, y (EC), or a jwksUri where the app publishes it";

/**
 * Every private key in a stack's apps map (a JWK with a private member, or PEM text saying PRIVATE KEY), and the map
 * without them, so that no later message can show a piece of one. Searched in the whole of each app's entry, so a
 * private key under a mistyped key is found too.
 */
export function withoutPrivateKeys(apps: unknown): { value: unknown; found: PastedPrivateKey[] } {
  const found: PastedPrivateKey[] = [];
  const clean = (node: unknown, path: PropertyKey[]): unknown => {
    if (typeof node === "string") {
      if (!/PRIVATE KEY/i.test(node)) return node;
      found.push({ path, expected: `a public key or URL: a private key (PEM) was pasted here; ${REPLACE}` });
      return undefined;
    }
    if (Array.isArray(node)) return node.map((v, i) => clean(v, [...path, i]));
    if (node === null || typeof node !== "object") return node;
    const entries = Object.entries(node as Record<string, unknown>);
    const members = entries.map(([k]) => k).filter((k) => (PRIVATE_JWK_MEMBERS as readonly string[]).includes(k));
    if (members.length > 0) {
      const named = members.map((m) => `"${m}"`).join(", ");
      found.push({
        path,
        expected: `a public JWK: a private key was pasted here (it has the private ${members.length === 1 ? "member" : "members"} ${named}); ${REPLACE}`,
      });
      return Object.fromEntries(entries.filter(([k]) => !members.includes(k)));
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, clean(v, [...path, k])]));
  };
  if (apps === null || typeof apps !== "object" || Array.isArray(apps)) return { value: apps, found };
  return { value: clean(apps, []), found };
}
