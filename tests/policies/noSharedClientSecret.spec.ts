import { expect } from "chai";
import { evaluatePolicies } from "../../offline/policies";
import { ProgramRun, Registration } from "../../offline/run";
import { oktaCalledUrl } from "../../config/baselineValues";
import { jwksUriProblem } from "../../policy-pack/okta-apps/jwksHosts";
import { oauthNoSharedClientSecret } from "../../policy-pack/okta-apps/noSharedClientSecret";
import { policies } from "../../policy-pack/policies";
import { fixturePackConfig, runStack } from "../support";
import { UNKNOWN, UNKNOWN_LIST, messages, policyCases, resource } from "./harness";

const OAUTH = "okta:app/oAuth:OAuth";
const POLICY = oauthNoSharedClientSecret.name;

/** A confidential web app as the program declares it in prod: signed client assertions, keys at a JWKS URL. */
const WEB_APP = {
  label: "Portal",
  type: "web",
  grantTypes: ["authorization_code", "refresh_token"],
  responseTypes: ["code"],
  redirectUris: ["https://portal.example.com/signin-oidc"],
  pkceRequired: true,
  tokenEndpointAuthMethod: "private_key_jwt",
  jwksUri: "https://portal.example.com/.well-known/jwks.json",
  omitSecret: true,
};

/** An RSA public key as the provider's `jwks` input takes it. */
const RSA_KEY = { kty: "RSA", kid: "portal-2026", e: "AQAB", n: "x".repeat(342) };

const shared = (got: string) =>
  `tokenEndpointAuthMethod ${got} is not "private_key_jwt" or "none": the app would authenticate with a shared client secret, which Okta keeps and any admin role with okta.apps.clientCredentials.read can read back; give it its public keys (private_key_jwt)`;
const NO_KEYS =
  'tokenEndpointAuthMethod "private_key_jwt" with neither jwks nor jwksUri: Okta has no key to check the client\'s assertions with; give the app its public keys';
const noPkce = (got: string) =>
  `tokenEndpointAuthMethod "none" (a public client) with pkceRequired ${got}: a public client needs the boolean pkceRequired: true`;
const unverified = (path: string) =>
  `(advisory) could not be verified at preview: ${path} is unknown (\`pulumi up\` checks it with the value known)`;

describe("guardrail G31: no OAuth app has a shared client secret", () => {
  policyCases(oauthNoSharedClientSecret, OAUTH, WEB_APP, [
    {
      name: "reports client_secret_basic, whatever omitSecret says",
      change: { tokenEndpointAuthMethod: "client_secret_basic" },
      expected: [shared('"client_secret_basic"')],
    },
    {
      name: "reports an unset method: the provider's default is client_secret_basic",
      change: { tokenEndpointAuthMethod: undefined },
      expected: [shared('unset, so the provider\'s default "client_secret_basic"')],
    },
    {
      name: "reports client_secret_post and client_secret_jwt (signed with the shared secret)",
      change: { tokenEndpointAuthMethod: "client_secret_jwt" },
      expected: [shared('"client_secret_jwt"')],
    },
    {
      name: "does not take private_key_jwt in another case or padded for the method (Okta's spelling only)",
      change: { tokenEndpointAuthMethod: "Private_Key_JWT " },
      expected: [shared('"Private_Key_JWT "')],
    },
    {
      name: "reports a method it does not know (deny by default)",
      change: { tokenEndpointAuthMethod: "tls_client_auth" },
      expected: [shared('"tls_client_auth"')],
    },
    {
      name: "reports private_key_jwt with neither jwks nor jwksUri",
      change: { jwksUri: undefined },
      expected: [NO_KEYS],
    },
    {
      name: "reports an empty jwksUri",
      change: { jwksUri: "" },
      expected: [NO_KEYS],
    },
    {
      name: "reports a JWKS URL that is not https",
      change: { jwksUri: "http://portal.example.com/.well-known/jwks.json" },
      expected: [
        'jwksUri "http://portal.example.com/.well-known/jwks.json" is not an https:// URL: Okta would fetch the app\'s keys over a channel anyone on the path can change',
      ],
    },
    {
      name: "reports a JWKS URI that is no URL at all",
      change: { jwksUri: "   " },
      expected: [
        'jwksUri "   " is not an https:// URL: Okta would fetch the app\'s keys over a channel anyone on the path can change',
      ],
    },
    ...(
      [
        ["localhost", "https://localhost/.well-known/jwks.json", "localhost"],
        ["a .localhost name", "https://keys.localhost/jwks.json", "keys.localhost"],
        ["a loopback address", "https://127.0.0.1/jwks.json", "127.0.0.1"],
        ["a loopback address in short form", "https://127.1/jwks.json", "127.0.0.1"],
        ["the cloud metadata address", "https://169.254.169.254/latest/meta-data", "169.254.169.254"],
        ["a private address", "https://10.1.2.3/jwks.json", "10.1.2.3"],
        ["IPv6 loopback", "https://[::1]/jwks.json", "[::1]"],
        ["an IPv4-mapped IPv6 address", "https://[::ffff:7f00:1]/jwks.json", "[::ffff:7f00:1]"],
      ] as const
    ).map(([what, uri, host]) => ({
      name: `reports a JWKS URL on ${what}: Okta cannot fetch it`,
      change: { jwksUri: uri },
      expected: [
        `jwksUri ${JSON.stringify(uri)} is on ${host}, a host Okta cannot reach (localhost, a loopback, private, shared, link-local or metadata address, or a name only a private network resolves): Okta fetches the keys from its own cloud, so the app could not authenticate`,
      ],
    })),
    {
      name: "reports a JWKS URL with user info, and never shows it",
      change: { jwksUri: "https://keys:PASSWORD-9d1c@portal.example.com/jwks.json" },
      expected: [
        'jwksUri "https://[user info hidden]@portal.example.com/jwks.json" has user info (user:password@): a credential in a URL is kept in the state; publish the keys where Okta fetches them without one',
      ],
    },
    {
      name: "reports a private key among the keys, and never shows it",
      context: { jwksUri: undefined, jwks: [RSA_KEY] },
      change: { jwks: [RSA_KEY, { ...RSA_KEY, kid: "next", d: "PRIVATE-d-4e7a", qi: "PRIVATE-qi-4e7a" }] },
      expected: [
        'jwks[1] is a private key (it has "d", "qi"; not shown): every input is kept in the state, where every stack reader can read it; give the public key only and replace the key pair',
      ],
    },
    {
      name: "reports an empty key list",
      context: { jwksUri: undefined, jwks: [RSA_KEY] },
      change: { jwks: [] },
      expected: [NO_KEYS],
    },
    {
      name: "reports a client secret given as an input, even with private_key_jwt",
      change: { clientBasicSecret: "s3cret" },
      expected: ["clientBasicSecret is set: a client secret given to the app is a shared secret; remove it"],
    },
    {
      name: "reports a write-only client secret input unknown at preview",
      change: { clientBasicSecretWo: UNKNOWN },
      expected: ["clientBasicSecretWo is set: a client secret given to the app is a shared secret; remove it"],
    },
    {
      name: "reports none without pkceRequired",
      context: { type: "browser", jwksUri: undefined, tokenEndpointAuthMethod: "none" },
      change: { pkceRequired: undefined },
      expected: [noPkce("unset")],
    },
    {
      name: 'does not take the string "true" for pkceRequired',
      context: { type: "browser", jwksUri: undefined, tokenEndpointAuthMethod: "none" },
      change: { pkceRequired: "true" },
      expected: [noPkce('"true"')],
    },
    {
      name: "says the method could not be verified when it is unknown at preview",
      change: { tokenEndpointAuthMethod: UNKNOWN },
      expected: [unverified("tokenEndpointAuthMethod")],
    },
    {
      name: "says the key source could not be verified when it is unknown at preview",
      change: { jwksUri: UNKNOWN },
      expected: [unverified("jwksUri")],
    },
    {
      name: "says the keys could not be verified when the list is unknown at preview",
      context: { jwksUri: undefined, jwks: [RSA_KEY] },
      change: { jwks: UNKNOWN_LIST },
      expected: [unverified("jwks")],
    },
  ]);

  it("passes private_key_jwt with its keys listed, and a public client with PKCE", async () => {
    const listed = { ...WEB_APP, jwksUri: undefined, jwks: [RSA_KEY] };
    expect(await messages(oauthNoSharedClientSecret, OAUTH, listed)).to.deep.equal([]);
    const spa = { ...WEB_APP, type: "browser", jwksUri: undefined, tokenEndpointAuthMethod: "none" };
    expect(await messages(oauthNoSharedClientSecret, OAUTH, spa)).to.deep.equal([]);
  });

  describe("cannot be dodged (the prod profile, the whole pack)", () => {
    const verdictsOf = async (registrations: Registration[], profile = "prod") => {
      const run: ProgramRun = { stack: "test", registrations, invocations: [], packages: [], outputs: {} };
      return (await evaluatePolicies(run, policies, fixturePackConfig(profile)))
        .filter((v) => v.policy === POLICY)
        .map((v) => `${v.level} ${v.urn.split("::").pop()}: ${v.message}`);
    };
    const secretApp = { ...WEB_APP, tokenEndpointAuthMethod: "client_secret_basic", jwksUri: undefined };

    it("a type token spelled in another case", async () => {
      const resources = [
        resource("okta:app/OAuth:OAuth", "upper", secretApp),
        resource("OKTA:APP/OAUTH:OAUTH", "shouting", secretApp),
      ];
      expect(await verdictsOf(resources)).to.deep.equal([
        `mandatory upper: ${shared('"client_secret_basic"')}`,
        `mandatory shouting: ${shared('"client_secret_basic"')}`,
      ]);
    });

    it("unknown at preview is an advisory there and blocks at up once the value is known", async () => {
      expect(
        await verdictsOf([resource(OAUTH, "app", { ...WEB_APP, tokenEndpointAuthMethod: UNKNOWN })]),
      ).to.deep.equal([
        "advisory app: could not be verified at preview: tokenEndpointAuthMethod is unknown (`pulumi up` checks it with the value known)",
      ]);
      expect(await verdictsOf([resource(OAUTH, "app", secretApp)])).to.deep.equal([
        `mandatory app: ${shared('"client_secret_basic"')}`,
      ]);
    });

    it("is off in dev, mandatory in prod and the STIG profile", async () => {
      const app = [resource(OAUTH, "app", secretApp)];
      expect(await verdictsOf(app, "dev")).to.deep.equal([]);
      expect(await verdictsOf(app, "prod")).to.deep.equal([`mandatory app: ${shared('"client_secret_basic"')}`]);
      expect(await verdictsOf(app, "stig")).to.deep.equal([`mandatory app: ${shared('"client_secret_basic"')}`]);
    });
  });

  describe("on the program's own apps", () => {
    it("passes the prod fixture stack and fails the dev stack's shared-secret apps under the prod profile", async () => {
      const check = async (stack: string) =>
        (await evaluatePolicies(await runStack(stack), policies, fixturePackConfig("prod")))
          .filter((v) => v.policy === POLICY)
          .map((v) => `${v.level} ${v.urn.split("::").pop()}`);
      expect(await check("prod")).to.deep.equal([]);
      expect(await check("dev")).to.deep.equal([
        "mandatory apps-app-customer-portal",
        "mandatory apps-app-super-widget",
        "mandatory apps-app-example-portal",
        "mandatory apps-app-my-app",
      ]);
    });
  });

  it("takes the same JWKS hosts as the configuration does for URLs Okta calls (one rule, policy-pack/lib/publicHost.ts)", () => {
    const hosts = [
      "portal.example.com",
      "8.8.8.8",
      "[2001:db8::1]",
      "localhost",
      "keys.localhost",
      "localhost.",
      "127.0.0.1",
      "0.0.0.0",
      "10.0.0.1",
      "100.64.0.1",
      "169.254.169.254",
      "172.16.0.1",
      "172.32.0.1",
      "192.168.1.1",
      "224.0.0.1",
      "[::1]",
      "[::]",
      "[::ffff:7f00:1]",
      "[fd00::1]",
      "[fe80::1]",
      "jwks.internal",
      "keys",
      "keys.corp.local",
      "idp.home.arpa",
      "sso.corp",
      "internal.example.com",
    ];
    const verdicts = hosts.map((host) => {
      const url = `https://${host}/keys`;
      return { host, pack: jwksUriProblem(url) === undefined, config: oktaCalledUrl.safeParse(url).success };
    });
    expect(verdicts.filter((v) => v.pack !== v.config)).to.deep.equal([]);
    expect(verdicts.filter((v) => v.pack).map((v) => v.host)).to.deep.equal([
      "portal.example.com",
      "8.8.8.8",
      "[2001:db8::1]",
      "172.32.0.1",
      "internal.example.com",
    ]);
  });
});
