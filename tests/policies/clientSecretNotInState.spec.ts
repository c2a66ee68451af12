import { expect } from "chai";
import { evaluatePolicies } from "../../offline/policies";
import { ProgramRun, Registration } from "../../offline/run";
import { oauthClientSecretNotInState } from "../../policy-pack/okta-apps/clientSecretNotInState";
import { policies } from "../../policy-pack/policies";
import { fixturePackConfig, runStack } from "../support";
import { UNKNOWN, messages, policyCases, resource } from "./harness";

const OAUTH = "okta:app/oAuth:OAuth";
const POLICY = oauthClientSecretNotInState.name;

/** A confidential web app as the program declares it in prod: a shared secret, kept out of the state. */
const WEB_APP = {
  label: "Portal",
  type: "web",
  grantTypes: ["authorization_code", "refresh_token"],
  responseTypes: ["code"],
  redirectUris: ["https://portal.example.com/signin-oidc"],
  pkceRequired: true,
  tokenEndpointAuthMethod: "client_secret_basic",
  omitSecret: true,
};

const inState = (method: string, omit: string) =>
  `the client secret is kept in the state, where every stack reader can decrypt it: tokenEndpointAuthMethod ${method} uses a shared secret and omitSecret is ${omit}; set omitSecret: true`;
const givenSecret = (key: string) =>
  `${key} is set: a client secret given as an input is kept in the state, where every stack reader can decrypt it; let Okta generate the secret and set omitSecret: true`;

describe("guardrail G29: no OAuth client secret in the state", () => {
  policyCases(oauthClientSecretNotInState, OAUTH, WEB_APP, [
    {
      name: "reports omitSecret false",
      change: { omitSecret: false },
      expected: [inState('"client_secret_basic"', "false")],
    },
    {
      name: "reports omitSecret unset (the provider keeps the secret by default)",
      change: { omitSecret: undefined },
      expected: [inState('"client_secret_basic"', "unset (the provider's default, false)")],
    },
    {
      name: 'does not take the string "true" for the boolean',
      change: { omitSecret: "true" },
      expected: [inState('"client_secret_basic"', 'the string "true", not the boolean true')],
    },
    {
      name: "treats an unset method as the provider's default, client_secret_basic",
      context: { omitSecret: true },
      change: { tokenEndpointAuthMethod: undefined },
      expected: [],
    },
    {
      name: "an unset method with no omitSecret is a shared secret kept in the state",
      context: { omitSecret: undefined, tokenEndpointAuthMethod: "private_key_jwt" },
      change: { tokenEndpointAuthMethod: undefined },
      expected: [inState('unset, so "client_secret_basic"', "unset (the provider's default, false)")],
    },
    {
      name: "counts client_secret_post and client_secret_jwt (signed with the shared secret), in any case",
      context: { omitSecret: undefined, tokenEndpointAuthMethod: "private_key_jwt" },
      change: { tokenEndpointAuthMethod: "Client_Secret_JWT" },
      expected: [inState('"client_secret_jwt"', "unset (the provider's default, false)")],
    },
    {
      name: "counts a method it does not know as a shared secret (deny by default): only private_key_jwt and none pass",
      context: { omitSecret: undefined, tokenEndpointAuthMethod: "private_key_jwt" },
      change: { tokenEndpointAuthMethod: "tls_client_auth" },
      expected: [
        inState(
          '"tls_client_auth" (not private_key_jwt or none, so counted as one)',
          "unset (the provider's default, false)",
        ),
      ],
    },
    {
      name: "does not read a padded private_key_jwt as the method",
      context: { omitSecret: false, tokenEndpointAuthMethod: "private_key_jwt" },
      change: { tokenEndpointAuthMethod: " private_key_jwt" },
      expected: [inState('" private_key_jwt" (not private_key_jwt or none, so counted as one)', "false")],
    },
    {
      name: "passes a method it does not know when omitSecret is true",
      change: { tokenEndpointAuthMethod: "tls_client_auth" },
      expected: [],
    },
    {
      name: "reports a client secret given as an input, whatever omitSecret says",
      change: { clientBasicSecret: "s3cret" },
      expected: [givenSecret("clientBasicSecret")],
    },
    {
      name: "reports a write-only client secret input (Pulumi keeps every input in the state)",
      change: { clientBasicSecretWo: "s3cret" },
      expected: [givenSecret("clientBasicSecretWo")],
    },
    {
      name: "reports a client secret input whose value is unknown at preview",
      change: { clientBasicSecret: UNKNOWN },
      expected: [givenSecret("clientBasicSecret")],
    },
    {
      name: "says omitSecret could not be verified when it is unknown at preview",
      change: { omitSecret: UNKNOWN },
      expected: [
        "(advisory) could not be verified at preview: omitSecret is unknown (`pulumi up` checks it with the value known)",
      ],
    },
    {
      name: "says the method could not be verified when it is unknown at preview",
      context: { omitSecret: undefined, tokenEndpointAuthMethod: "private_key_jwt" },
      change: { tokenEndpointAuthMethod: UNKNOWN },
      expected: [
        "(advisory) could not be verified at preview: tokenEndpointAuthMethod is unknown (`pulumi up` checks it with the value known)",
      ],
    },
  ]);

  it("passes clients without a shared secret: private_key_jwt, and public clients (none)", async () => {
    const keeping = { ...WEB_APP, omitSecret: false };
    const jwt = { ...keeping, tokenEndpointAuthMethod: "private_key_jwt" };
    expect(await messages(oauthClientSecretNotInState, OAUTH, jwt)).to.deep.equal([]);
    const spa = { ...keeping, type: "browser", tokenEndpointAuthMethod: "none" };
    expect(await messages(oauthClientSecretNotInState, OAUTH, spa)).to.deep.equal([]);
  });

  describe("cannot be dodged (the prod profile, the whole pack)", () => {
    const PROD = fixturePackConfig("prod");
    const verdictsOf = async (registrations: Registration[]) => {
      const run: ProgramRun = { stack: "test", registrations, invocations: [], packages: [], outputs: {} };
      return (await evaluatePolicies(run, policies, PROD))
        .filter((v) => v.policy === POLICY)
        .map((v) => `${v.level} ${v.urn.split("::").pop()}: ${v.message}`);
    };
    const keeping = { ...WEB_APP, omitSecret: false };

    it("a type token spelled in another case", async () => {
      const resources = [
        resource("okta:app/OAuth:OAuth", "upper", keeping),
        resource("OKTA:APP/OAUTH:OAUTH", "shouting", keeping),
      ];
      expect(await verdictsOf(resources)).to.deep.equal([
        `mandatory upper: ${inState('"client_secret_basic"', "false")}`,
        `mandatory shouting: ${inState('"client_secret_basic"', "false")}`,
      ]);
    });

    it("an app declared as the child of another component, under an alias to a former URN", async () => {
      const parent = "urn:pulumi:test::okta-mmod::okta-mmod:apps:App::apps-portal";
      const app = resource(OAUTH, "apps-app-portal", keeping, {
        urn: `urn:pulumi:test::okta-mmod::okta-mmod:apps:App$${OAUTH}::apps-app-portal`,
        parent,
        aliases: [{ urn: `urn:pulumi:test::okta-mmod::okta-mmod:apps:AppSet$${OAUTH}::apps-app-portal` }],
      });
      expect(await verdictsOf([app])).to.deep.equal([
        `mandatory apps-app-portal: ${inState('"client_secret_basic"', "false")}`,
      ]);
    });

    it("unknown at preview is an advisory there and blocks at up once the value is known to be false", async () => {
      const preview = resource(OAUTH, "app", { ...WEB_APP, omitSecret: UNKNOWN });
      expect(await verdictsOf([preview])).to.deep.equal([
        "advisory app: could not be verified at preview: omitSecret is unknown (`pulumi up` checks it with the value known)",
      ]);
      const up = resource(OAUTH, "app", { ...WEB_APP, omitSecret: false });
      expect(await verdictsOf([up])).to.deep.equal([`mandatory app: ${inState('"client_secret_basic"', "false")}`]);
    });

    it("is off in dev, mandatory in prod and the STIG profile", async () => {
      const app = resource(OAUTH, "app", keeping);
      const run: ProgramRun = { stack: "test", registrations: [app], invocations: [], packages: [], outputs: {} };
      const levels = async (profile: string) =>
        (await evaluatePolicies(run, policies, fixturePackConfig(profile)))
          .filter((v) => v.policy === POLICY)
          .map((v) => v.level);
      expect(await levels("dev")).to.deep.equal([]);
      expect(await levels("prod")).to.deep.equal(["mandatory"]);
      expect(await levels("stig")).to.deep.equal(["mandatory"]);
    });
  });

  describe("on the program's own apps", () => {
    it("passes the prod fixture stack and fails the dev stack's apps under the prod profile", async () => {
      const check = async (stack: string) =>
        (await evaluatePolicies(await runStack(stack), policies, fixturePackConfig("prod")))
          .filter((v) => v.policy === POLICY)
          .map((v) => `${v.level} ${v.urn.split("::").pop()}`);
      expect(await check("prod")).to.deep.equal([]);
      // Dev keeps its client secrets in the state: the prod profile refuses every confidential app of it.
      expect(await check("dev")).to.deep.equal([
        "mandatory apps-app-customer-portal",
        "mandatory apps-app-super-widget",
        "mandatory apps-app-example-portal",
        "mandatory apps-app-my-app",
      ]);
    });
  });
});
