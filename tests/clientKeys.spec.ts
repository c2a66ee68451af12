import { expect } from "chai";
import { stringify } from "yaml";
import type { EnvironmentName } from "../config/environments";
import { ConfigError, RawStackConfig, StackConfig, parseStackConfig } from "../config/parse";
import { APP_CATALOGUE } from "../definitions/apps";
import { AppCatalogue, endpointKeys, keyedAppKeys } from "../definitions/catalogue";
import { EXIT } from "../tools/plan";
import { planOneStack, stackFrames, testApps, testAudiences } from "./support";

/**
 * A catalogue of the tests' own: a confidential web app (at a URL), a browser app (a public client) and a service
 * app (confidential, at no URL). Only the web and service apps may give keys.
 */
const CATALOGUE: AppCatalogue = {
  signOnPolicies: [],
  authServers: [],
  apps: [
    {
      key: "portal",
      kind: "oidc",
      label: "Portal",
      type: "web",
      redirectPaths: ["/signin"],
      grantTypes: ["authorization_code"],
      responseTypes: ["code"],
      pkceRequired: true,
      signOnPolicy: "mfa",
      groups: ["everyone"],
    },
    {
      key: "spa",
      kind: "oidc",
      label: "SPA",
      type: "browser",
      redirectPaths: ["/callback"],
      grantTypes: ["authorization_code"],
      responseTypes: ["code"],
      pkceRequired: true,
      signOnPolicy: "mfa",
      groups: ["everyone"],
    },
    {
      key: "batch",
      kind: "oidc",
      label: "Batch",
      type: "service",
      grantTypes: ["client_credentials"],
      responseTypes: ["token"],
      pkceRequired: false,
      groups: [],
    },
  ],
};

/** Test keys: public RSA (2048-bit modulus length) and EC P-256 JWKs, made of placeholder characters. */
const RSA = { kty: "RSA", kid: "portal-2026", e: "AQAB", n: "n".repeat(342) };
const EC = { kty: "EC", kid: "batch-2026", crv: "P-256", x: "x".repeat(43), y: "y".repeat(43) };
/** A private member's value the tests paste: it must never appear in a message. */
const PRIVATE_VALUE = "PRIVATE-d-value-5c1e9a";
const PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC-pasted-7f3b\n-----END PRIVATE KEY-----";

const BASE = {
  orgName: "acme",
  delivery: JSON.stringify({ repository: "acme/okta", branch: "prod", github: { reviewerTeams: ["admins"] } }),
};

function parse(apps: unknown, environment: EnvironmentName): StackConfig<string> {
  const raw: RawStackConfig = {
    stack: "test",
    values: { ...BASE, environment, apps: JSON.stringify(apps) },
    encrypted: new Set(),
  };
  return parseStackConfig(raw, endpointKeys(CATALOGUE), () => "[secret]", "dev", [], keyedAppKeys(CATALOGUE));
}

function problemsOf(apps: unknown, environment: EnvironmentName): string[] {
  try {
    parse(apps, environment);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: got ${p.got}; expected ${p.expected}`);
    throw err;
  }
  throw new Error("expected a ConfigError");
}

const URLS = { portal: { baseUrl: "https://portal.example.com" }, spa: { baseUrl: "https://spa.example.com" } };
const MISSING = (app: string) =>
  `okta-mmod:apps.${app}.jwksUri: got nothing (the key is not set); expected the app's public keys: jwksUri (an https:// URL on a host Okta can reach, where the app publishes its JWKS) or jwks beside it (a list of public JWKs: RSA kty, kid, e, n or EC kty, kid, crv, x, y); in a prod-grade stack a confidential app authenticates with private_key_jwt, never with a shared client secret`;
const PASTED =
  "remove it and replace the key pair (whoever can read the stack file or the repository has read it); give the public key only: a JWK with kty, kid and e, n (RSA) or crv, x, y (EC), or a jwksUri where the app publishes it";

describe("a catalogue without authorization servers (a team's own, like this one)", () => {
  it("needs no okta-mmod:audiences, and refuses an entry saying why, not with an empty list of keys", () => {
    const keyed = { ...URLS, portal: { ...URLS.portal, jwks: [RSA] }, batch: { jwks: [EC] } };
    expect(parse(keyed, "prod").audiences).to.deep.equal({});
    const raw: RawStackConfig = {
      stack: "test",
      values: {
        ...BASE,
        environment: "prod",
        apps: JSON.stringify(keyed),
        audiences: JSON.stringify({ "billing-api": ["api://billing.example.com"] }),
      },
      encrypted: new Set(),
    };
    expect(() =>
      parseStackConfig(raw, endpointKeys(CATALOGUE), () => "[secret]", "dev", [], keyedAppKeys(CATALOGUE)),
    ).to.throw(
      'okta-mmod:audiences.billing-api: got ["api://billing.example.com"]; expected no entry: the app catalogue (definitions/apps.ts) has no authorization server, so there is no audience to give; remove the entry, or add the server to APP_CATALOGUE.authServers first',
    );
  });
});

describe("the public keys of confidential apps (okta-mmod:apps.<key>.jwksUri / .jwks)", () => {
  it("asks only the confidential apps (web, service) for keys", () => {
    expect(keyedAppKeys(CATALOGUE)).to.deep.equal(["portal", "batch"]);
  });

  it("takes a JWKS URL or a list of public keys, per app", () => {
    const config = parse(
      {
        portal: { ...URLS.portal, jwksUri: "https://portal.example.com/.well-known/jwks.json" },
        spa: URLS.spa,
        batch: { jwks: [RSA, EC] },
      },
      "prod",
    );
    expect(config.clientKeys).to.deep.equal({
      portal: { jwksUri: "https://portal.example.com/.well-known/jwks.json" },
      batch: { jwks: [RSA, EC] },
    });
    expect(config.apps).to.deep.equal({
      portal: { baseUrl: "https://portal.example.com", extraRedirectUris: [] },
      spa: { baseUrl: "https://spa.example.com", extraRedirectUris: [] },
    });
  });

  it("a dev stack may give none (its apps keep a shared secret); a service app then needs no entry", () => {
    expect(parse(URLS, "dev").clientKeys).to.deep.equal({});
  });

  it("a prod stack must give keys for every confidential app: all of them named at once", () => {
    expect(problemsOf(URLS, "prod")).to.deep.equal([MISSING("portal"), MISSING("batch")]);
  });

  it("refuses keys on a public client (a browser app keeps none), saying why, in dev and prod", () => {
    const why =
      "no value: this app is not a confidential OIDC app (a browser or native app is a public client, signing in with PKCE and no client authentication; a SAML app has no token endpoint), so it has no client keys; only a web or service app's entry takes jwksUri or jwks";
    expect(problemsOf({ ...URLS, spa: { ...URLS.spa, jwks: [RSA] } }, "dev")).to.deep.equal([
      `okta-mmod:apps.spa.jwks: got [{"kty":"RSA","kid":"portal-2026","e":"AQAB","n":"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnn... (395 characters); expected ${why}`,
    ]);
    const keyed = {
      portal: { ...URLS.portal, jwksUri: "https://portal.example.com/jwks" },
      spa: { ...URLS.spa, jwksUri: "https://spa.example.com/jwks" },
      batch: { jwks: [EC] },
    };
    expect(problemsOf(keyed, "prod")).to.deep.equal([
      `okta-mmod:apps.spa.jwksUri: got "https://spa.example.com/jwks"; expected ${why}`,
    ]);
    // Any other unknown key still lists only the keys the entry takes.
    expect(problemsOf({ ...URLS, spa: { ...URLS.spa, jwksURI: "https://spa.example.com/jwks" } }, "dev")).to.deep.equal(
      [
        'okta-mmod:apps.spa.jwksURI: got "https://spa.example.com/jwks"; expected a known key, one of: baseUrl, extraRedirectUris',
      ],
    );
  });

  it("refuses a JWKS URL on a name only a private network resolves (Okta fetches it from its own cloud)", () => {
    const apps = (uri: string) => ({ ...URLS, portal: { ...URLS.portal, jwksUri: uri }, batch: { jwks: [EC] } });
    for (const uri of ["https://jwks.internal/keys", "https://keys/jwks", "https://portal.corp.local/jwks"]) {
      expect(problemsOf(apps(uri), "prod")).to.deep.equal([
        `okta-mmod:apps.portal.jwksUri: got ${JSON.stringify(uri)}; expected an absolute https:// URL on a host Okta can reach (a public name or address: not localhost, nor a loopback, private, link-local or unspecified address, nor a name only a private network resolves: one label, or under .local, .internal, .home.arpa, .lan, .corp, .home, .intranet, .localdomain, .test, .invalid, .alt or .onion) with no query, fragment or trailing slash, at most 1024 characters`,
      ]);
    }
  });

  it("refuses a JWKS URL Okta cannot reach, and both sources at once", () => {
    const apps = {
      portal: { ...URLS.portal, jwksUri: "https://10.0.0.8/jwks" },
      spa: URLS.spa,
      batch: { jwksUri: "https://batch.example.com/jwks", jwks: [RSA] },
    };
    expect(problemsOf(apps, "dev")).to.deep.equal([
      "okta-mmod:apps.batch.jwks: got a list of keys beside jwksUri; expected no value while jwksUri is set: Okta takes the app's keys from one place, the JWKS URL or this list",
      'okta-mmod:apps.portal.jwksUri: got "https://10.0.0.8/jwks"; expected an absolute https:// URL on a host Okta can reach (a public name or address: not localhost, nor a loopback, private, link-local or unspecified address, nor a name only a private network resolves: one label, or under .local, .internal, .home.arpa, .lan, .corp, .home, .intranet, .localdomain, .test, .invalid, .alt or .onion) with no query, fragment or trailing slash, at most 1024 characters',
    ]);
  });

  it("checks each key: its type, members, size, curve coordinates and a key id of its own", () => {
    const apps = {
      ...URLS,
      batch: {
        jwks: [
          { ...RSA, n: "n".repeat(171) },
          { ...EC, kid: RSA.kid, x: "x".repeat(64) },
          { kty: "OKP", kid: "ed", x: "x" },
          { ...RSA, kid: "with-alg", alg: "RS256" },
        ],
      },
    };
    expect(problemsOf(apps, "dev")).to.deep.equal([
      `okta-mmod:apps.batch.jwks[0].n: got "${"n".repeat(79)}... (173 characters); expected the modulus, base64url, of at least 2048 bits`,
      `okta-mmod:apps.batch.jwks[1].x: got "${"x".repeat(64)}"; expected the x coordinate of a P-256 key: 32 bytes, base64url (43 characters)`,
      'okta-mmod:apps.batch.jwks[2].kty: got "OKP"; expected a public JWK whose kty is RSA (kty, kid, e, n) or EC (kty, kid, crv, x, y)',
      'okta-mmod:apps.batch.jwks[3].alg: got "RS256"; expected a known key, one of: kty, kid, e, n',
    ]);
    const duplicate = { ...URLS, batch: { jwks: [RSA, { ...RSA }] } };
    expect(problemsOf(duplicate, "dev")).to.deep.equal([
      'okta-mmod:apps.batch.jwks[1].kid: got "portal-2026"; expected a key id no other key of the app has: Okta picks the key by it',
    ]);
  });

  it("refuses a pasted private key by its path, and never shows it: a JWK's private members, PEM text", () => {
    const apps = {
      portal: { ...URLS.portal, jwks: [{ ...RSA, d: PRIVATE_VALUE, p: PRIVATE_VALUE, qi: PRIVATE_VALUE }] },
      spa: URLS.spa,
      batch: { jwksUri: PEM },
    };
    let message = "";
    try {
      parse(apps, "prod");
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split("\n")).to.deep.equal([
      'Stack "test" has 2 configuration problems:',
      `  - okta-mmod:apps.portal.jwks[0]: got a private key (not shown); expected a public JWK: a private key was pasted here (it has the private members "d", "p", "qi"); ${PASTED}`,
      `  - okta-mmod:apps.batch.jwksUri: got a private key (not shown); expected a public key or URL: a private key (PEM) was pasted here; ${PASTED}`,
    ]);
  });

  it("finds a private key under any key of the entry, and shows no part of it in any other problem", () => {
    const privateJwk = { kty: "oct", k: PRIVATE_VALUE };
    // "jwk", a near miss of "jwks": its value would be shown with the suggestion.
    const apps = { portal: { ...URLS.portal, jwk: privateJwk }, spa: URLS.spa };
    const problems = problemsOf(apps, "dev");
    expect(problems).to.deep.equal([
      `okta-mmod:apps.portal.jwk: got a private key (not shown); expected a public JWK: a private key was pasted here (it has the private member "k"); ${PASTED}`,
      'okta-mmod:apps.portal.jwk: got {"kty":"oct"}; expected a known key, one of: baseUrl, extraRedirectUris, jwksUri, jwks; did you mean "jwks"?',
    ]);
  });

  describe("through the real plan command", function () {
    this.timeout(120_000);
    const planStack = (config: Record<string, unknown>) => planOneStack("live", config);

    // "live" has no entry in the code-owned binding, so it is bound to prod.
    const apps = testApps(APP_CATALOGUE);
    const prod = {
      "okta-mmod:environment": "prod",
      "okta-mmod:orgName": "acme",
      "okta-mmod:apps": apps,
      "okta-mmod:audiences": testAudiences(APP_CATALOGUE),
      "okta-mmod:delivery": { repository: "acme/okta", branch: "live", github: { reviewerTeams: ["admins"] } },
    };
    const first = keyedAppKeys(APP_CATALOGUE)[0] as string;

    it("plans the stack with a key source for each confidential app: no configuration problem", () => {
      const r = planStack(prod);
      expect(r.stdout + r.stderr).not.to.contain("configuration problem");
      expect(r.status).not.to.equal(EXIT.configError);
    });

    it("a private JWK pasted for an app's key: exit 1, the path named, no key material, no trace", () => {
      const pasted = { ...apps, [first]: { ...apps[first], jwksUri: undefined, jwks: [{ ...RSA, d: PRIVATE_VALUE }] } };
      const r = planStack({ ...prod, "okta-mmod:apps": pasted });
      const out = r.stdout + r.stderr;
      expect(r.status).to.equal(EXIT.configError);
      expect(stackFrames(out)).to.deep.equal([]);
      expect(out).not.to.contain(PRIVATE_VALUE);
      expect(r.stdout).to.contain(
        `okta-mmod:apps.${first}.jwks[0]: got a private key (not shown); expected a public JWK: a private key was pasted here (it has the private member "d")`,
      );
      expect(r.stdout).to.contain('Stack "live" has 1 configuration problem:');
    });

    it("a private key pasted under any other key: exit 1, the key named, no part of the key shown", () => {
      // A SEC1 EC key's PEM: its private scalar follows 9 characters of header, inside the 80 a message shows.
      const ecPem = `-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI${PRIVATE_VALUE}\n-----END EC PRIVATE KEY-----`;
      const r = planStack({
        ...prod,
        "okta-mmod:adminUser": { login: ecPem, email: "admin@acme.example" },
        // A list of strings that every stack file has, whatever the catalogue holds.
        "okta-mmod:delivery": {
          ...prod["okta-mmod:delivery"],
          github: { reviewerTeams: [JSON.stringify({ kty: "EC", d: PRIVATE_VALUE })] },
          key: { d: PRIVATE_VALUE, ...RSA },
        },
      });
      const out = r.stdout + r.stderr;
      expect(r.status).to.equal(EXIT.configError);
      expect(stackFrames(out)).to.deep.equal([]);
      expect(out).not.to.contain(PRIVATE_VALUE);
      expect(out).not.to.contain("MHcCAQEEI");
      const problems = r.stdout.split("\n").filter((l) => l.startsWith("    - "));
      expect(problems).to.deep.equal([
        "    - okta-mmod:adminUser.login: got a private key (not shown); expected the admin user's Okta login: an email address on your own domain, at most 100 characters",
        "    - okta-mmod:delivery.github.reviewerTeams[0]: got a private key (not shown); expected GitHub team slug",
        "    - okta-mmod:delivery.key: got a private key (not shown); expected a known key, one of: repository, branch, github, terraformCloud, deployments",
      ]);
    });

    it("a confidential app without keys in a prod stack's apps file: the file's own key path, no okta-mmod: path", () => {
      const without = Object.fromEntries(
        Object.entries(apps).map(([k, v]) => [k, k === first ? { baseUrl: v.baseUrl } : v]),
      );
      const config = { ...prod, "okta-mmod:apps": undefined, "okta-mmod:appsFile": "stack-apps/live.yaml" };
      const r = planOneStack("live", config, { files: { "stack-apps/live.yaml": stringify(without) } });
      expect(r.status).to.equal(EXIT.configError);
      expect(stackFrames(r.stdout + r.stderr)).to.deep.equal([]);
      expect(r.stdout).to.contain(
        `  Stack "live" has 1 configuration problem:\n    - stack-apps/live.yaml: ${MISSING(first).slice("okta-mmod:apps.".length)}\n`,
      );
      expect(r.stdout).not.to.contain("okta-mmod:apps.");
    });

    it("a JWKS URL left on a host the prod profile does not list (another team's): exit 5, the guardrail names it", () => {
      const uri = "https://keys.other-team.example.net/.well-known/jwks.json";
      const r = planStack({ ...prod, "okta-mmod:apps": { ...apps, [first]: { ...apps[first], jwksUri: uri } } });
      expect(r.status).to.equal(EXIT.mandatoryViolation);
      expect(stackFrames(r.stdout + r.stderr)).to.deep.equal([]);
      const line = r.stdout.split("\n").find((l) => l.includes(`jwksUri "${uri}"`)) ?? "";
      expect(line).to.match(
        new RegExp(
          `^ +mandatory okta-oauth-app-https-redirect-uris +apps-app-${first}: jwksUri "${uri.replace(/[.]/g, "\\.")}" points to keys\\.other-team\\.example\\.net, not one of the allowed hosts: .+; whoever publishes keys there can authenticate as this app \\(if the host is yours, add it to "allowedRedirectHosts" under "okta-oauth-app-https-redirect-uris" in policy-pack/config/prod\\.json\\)$`,
        ),
      );
    });

    it("a confidential app without keys in a prod stack: exit 1, the keys named, no trace", () => {
      const without = Object.fromEntries(
        Object.entries(apps).map(([k, v]) => [k, k === first ? { baseUrl: v.baseUrl } : v]),
      );
      const r = planStack({ ...prod, "okta-mmod:apps": without });
      expect(r.status).to.equal(EXIT.configError);
      expect(stackFrames(r.stdout + r.stderr)).to.deep.equal([]);
      expect(r.stdout).to.contain(`  Stack "live" has 1 configuration problem:\n    - ${MISSING(first)}\n`);
    });
  });
});
