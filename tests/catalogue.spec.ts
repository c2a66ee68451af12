import { expect } from "chai";
import {
  AppCatalogue,
  appSetDefinition,
  checkCatalogue,
  endpointKeys,
  keyedAppKeys,
  trustedOrigins,
} from "../definitions/catalogue";

const MFA = {
  key: "mfa",
  name: "MFA",
  description: "Two factors",
  rules: [
    {
      key: "r",
      name: "R",
      priority: 1,
      access: "ALLOW",
      factorMode: "2FA",
      reAuthenticationFrequency: "PT1H",
    } as const,
  ],
};

/** A catalogue with one app of each shape: a web app wired to a server, a SAML app and a service app. */
const CATALOGUE: AppCatalogue = {
  signOnPolicies: [MFA],
  authServers: [
    {
      key: "api",
      name: "API",
      description: "The API's server",
      scopes: [],
      claims: [],
      policies: [
        {
          key: "web",
          name: "Web",
          description: "Web clients",
          priority: 1,
          rules: [],
        },
      ],
    },
  ],
  apps: [
    {
      key: "portal",
      kind: "oidc",
      label: "Portal",
      type: "web",
      redirectPaths: ["/signin", ""],
      postLogoutRedirectPaths: ["/bye"],
      loginPath: "/signin",
      grantTypes: ["authorization_code"],
      responseTypes: ["code"],
      pkceRequired: true,
      signOnPolicy: "mfa",
      groups: ["everyone"],
      authServerPolicies: [{ server: "api", policy: "web" }],
      trustedOrigin: ["CORS", "REDIRECT"],
    },
    {
      key: "payroll",
      kind: "saml",
      label: "Payroll",
      ssoPath: "/saml/acs",
      recipientPath: "/saml/acs",
      destinationPath: "/saml/acs",
      audiencePath: "",
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
      authServerPolicies: [{ server: "api", policy: "web" }],
    },
  ],
};

const ENDPOINTS = {
  portal: { baseUrl: "https://portal.example.com:8443", extraRedirectUris: ["https://oauth.pstmn.io/v1/callback"] },
  payroll: { baseUrl: "https://payroll.example.com", extraRedirectUris: [] },
};

/** What a stack file gives the catalogue's authorization server. */
const AUDIENCES = { api: ["api://example"] };

describe("app catalogue", () => {
  it("asks the stack files for URLs of the apps that live at one, in catalogue order (not the service app)", () => {
    expect(endpointKeys(CATALOGUE)).to.deep.equal(["portal", "payroll"]);
  });

  it("fills each app's paths with the stack's URLs and wires server policies to the apps that name them", () => {
    expect(appSetDefinition(CATALOGUE, ENDPOINTS, AUDIENCES)).to.deep.equal({
      signOnPolicies: [MFA],
      apps: [
        {
          key: "portal",
          label: "Portal",
          signOnPolicy: "mfa",
          groups: ["everyone"],
          kind: "oidc",
          type: "web",
          grantTypes: ["authorization_code"],
          responseTypes: ["code"],
          redirectUris: [
            "https://portal.example.com:8443/signin",
            "https://portal.example.com:8443",
            "https://oauth.pstmn.io/v1/callback",
          ],
          postLogoutRedirectUris: ["https://portal.example.com:8443/bye"],
          loginUri: "https://portal.example.com:8443/signin",
          pkceRequired: true,
          refreshTokenRotation: undefined,
          consentMethod: undefined,
          clientKey: undefined,
        },
        {
          key: "payroll",
          label: "Payroll",
          signOnPolicy: "mfa",
          groups: ["everyone"],
          kind: "saml",
          ssoUrl: "https://payroll.example.com/saml/acs",
          recipient: "https://payroll.example.com/saml/acs",
          destination: "https://payroll.example.com/saml/acs",
          audience: "https://payroll.example.com",
          subjectNameIdTemplate: undefined,
          subjectNameIdFormat: undefined,
        },
        {
          key: "batch",
          label: "Batch",
          signOnPolicy: undefined,
          groups: [],
          kind: "oidc",
          type: "service",
          grantTypes: ["client_credentials"],
          responseTypes: ["token"],
          redirectUris: undefined,
          postLogoutRedirectUris: undefined,
          loginUri: undefined,
          pkceRequired: false,
          refreshTokenRotation: undefined,
          consentMethod: undefined,
          clientKey: undefined,
        },
      ],
      authServers: [
        {
          key: "api",
          name: "API",
          description: "The API's server",
          audiences: ["api://example"],
          scopes: [],
          claims: [],
          policies: [
            {
              key: "web",
              name: "Web",
              description: "Web clients",
              priority: 1,
              rules: [],
              clients: ["portal", "batch"],
            },
          ],
        },
      ],
    });
  });

  it("asks the stack files for the keys of its confidential apps (web and service), and gives each app its own", () => {
    expect(keyedAppKeys(CATALOGUE)).to.deep.equal(["portal", "batch"]);
    const keys = {
      portal: { jwksUri: "https://portal.example.com/jwks" },
      batch: { jwks: [{ kty: "RSA" as const, kid: "k1", e: "AQAB", n: "n".repeat(342) }] },
    };
    const apps = appSetDefinition(CATALOGUE, ENDPOINTS, AUDIENCES, keys).apps;
    expect(apps.map((a) => (a.kind === "oidc" ? [a.key, a.clientKey] : [a.key]))).to.deep.equal([
      ["portal", keys.portal],
      ["payroll"],
      ["batch", keys.batch],
    ]);
  });

  it("registers trusted origins (scheme, host and port) for the apps that ask for one", () => {
    expect(trustedOrigins(CATALOGUE, ENDPOINTS)).to.deep.equal([
      { key: "portal", name: "portal", origin: "https://portal.example.com:8443", scopes: ["CORS", "REDIRECT"] },
    ]);
  });

  it("reports every inconsistency at once: bad paths and wiring to unknown servers or policies", () => {
    const broken: AppCatalogue = {
      ...CATALOGUE,
      apps: [
        {
          ...(CATALOGUE.apps[0] as AppCatalogue["apps"][number] & { kind: "oidc" }),
          redirectPaths: ["signin", "/ok", "/a b"],
          loginPath: "/x?y=1",
          authServerPolicies: [
            { server: "nope", policy: "web" },
            { server: "api", policy: "nope" },
          ],
        },
        { ...(CATALOGUE.apps[1] as AppCatalogue["apps"][number] & { kind: "saml" }), ssoPath: "https://elsewhere" },
      ],
    };
    const expected = [
      'apps.portal.redirectPaths[0]: "signin" must be "" (the baseUrl itself) or a path starting with "/" (no spaces, query or fragment)',
      'apps.portal.redirectPaths[2]: "/a b" must be "" (the baseUrl itself) or a path starting with "/" (no spaces, query or fragment)',
      'apps.portal.loginPath: "/x?y=1" must be "" (the baseUrl itself) or a path starting with "/" (no spaces, query or fragment)',
      'apps.portal.authServerPolicies: no authorization server with key "nope"',
      'apps.portal.authServerPolicies: authorization server "api" has no policy with key "nope"',
      'apps.payroll.ssoPath: "https://elsewhere" must be "" (the baseUrl itself) or a path starting with "/" (no spaces, query or fragment)',
    ];
    expect(checkCatalogue(broken)).to.deep.equal(expected);
    expect(() => appSetDefinition(broken, ENDPOINTS, AUDIENCES)).to.throw(
      `The app catalogue is inconsistent:\n  - ${expected.join("\n  - ")}`,
    );
    expect(checkCatalogue(CATALOGUE)).to.deep.equal([]);
  });

  it("names the stack file key when an app's URL is missing", () => {
    expect(() => appSetDefinition(CATALOGUE, { portal: ENDPOINTS.portal }, AUDIENCES)).to.throw(
      'okta-mmod:apps has no entry for app "payroll" (its baseUrl in this stack file)',
    );
  });

  it("takes each authorization server's audiences from the stack, and names the key when one is missing", () => {
    const other = { api: ["api://orders.example.org", "https://orders.example.org/api"] };
    expect(appSetDefinition(CATALOGUE, ENDPOINTS, other).authServers.map((s) => [s.key, s.audiences])).to.deep.equal([
      ["api", ["api://orders.example.org", "https://orders.example.org/api"]],
    ]);
    expect(() => appSetDefinition(CATALOGUE, ENDPOINTS, {})).to.throw(
      'okta-mmod:audiences has no entry for authorization server "api"',
    );
  });
});
