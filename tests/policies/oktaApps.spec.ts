import { clientCredentialsServiceOnly } from "../../policy-pack/okta-apps/clientCredentialsServiceOnly";
import { oauthAppHttpsRedirectUris } from "../../policy-pack/okta-apps/httpsRedirectUris";
import { oauthAppNoImplicitGrant } from "../../policy-pack/okta-apps/noImplicitGrant";
import { oauthAppNoPasswordGrant } from "../../policy-pack/okta-apps/noPasswordGrant";
import { oauthAppNoWildcardRedirect } from "../../policy-pack/okta-apps/noWildcardRedirect";
import { preferJwtClientAuth } from "../../policy-pack/okta-apps/preferJwtClientAuth";
import { preferSamlOrOidc } from "../../policy-pack/okta-apps/preferSamlOrOidc";
import { publicClientRequirePkce } from "../../policy-pack/okta-apps/publicClientRequirePkce";
import { publicClientRotateRefreshTokens } from "../../policy-pack/okta-apps/publicClientRotateRefreshTokens";
import { appRequireSignOnPolicy } from "../../policy-pack/okta-apps/requireSignOnPolicy";
import { samlHttpsEndpoints } from "../../policy-pack/okta-apps/samlHttpsEndpoints";
import { samlSha256Signed } from "../../policy-pack/okta-apps/samlSha256Signed";
import { webAppRequirePkce } from "../../policy-pack/okta-apps/webAppRequirePkce";
import { expect } from "chai";
import { UNKNOWN, UNKNOWN_LIST, messages, policyCases } from "./harness";

const OAUTH = "okta:app/oAuth:OAuth";
const SAML = "okta:app/saml:Saml";

const WEB_APP = {
  label: "Portal",
  type: "web",
  grantTypes: ["authorization_code", "refresh_token"],
  responseTypes: ["code"],
  redirectUris: ["https://portal.example.com/signin-oidc"],
  postLogoutRedirectUris: ["https://portal.example.com/signout"],
  loginUri: "https://portal.example.com/signin-oidc",
  pkceRequired: true,
  refreshTokenRotation: "ROTATE",
  tokenEndpointAuthMethod: "private_key_jwt",
  authenticationPolicy: "rst-policy",
};

const SPA = {
  label: "SPA",
  type: "browser",
  grantTypes: ["authorization_code", "refresh_token"],
  responseTypes: ["code"],
  redirectUris: ["https://spa.example.com/callback"],
  pkceRequired: true,
  refreshTokenRotation: "ROTATE",
  tokenEndpointAuthMethod: "none",
  authenticationPolicy: "rst-policy",
};

const SAML_APP = {
  label: "Payroll",
  ssoUrl: "https://payroll.example.com/acs",
  recipient: "https://payroll.example.com/acs",
  destination: "https://payroll.example.com/acs",
  acsEndpoints: ["https://payroll.example.com/acs2"],
  signatureAlgorithm: "RSA_SHA256",
  digestAlgorithm: "SHA256",
  responseSigned: true,
  assertionSigned: true,
  authenticationPolicy: "rst-policy",
};

describe("guardrails: Okta apps", () => {
  policyCases(oauthAppNoImplicitGrant, OAUTH, WEB_APP, [
    {
      name: "reports the implicit grant",
      change: { grantTypes: ["implicit", "authorization_code"] },
      expected: ['grant type "implicit" is not allowed: use "authorization_code" with PKCE (RFC 9700 2.1.2)'],
    },
    {
      name: "reports token-only response types",
      change: { responseTypes: ["token", "id_token"] },
      expected: [
        'response types [token, id_token] return tokens from the authorization endpoint: use ["code"] (RFC 9700 2.1.2)',
      ],
    },
    {
      name: "reports the reference's Super Widget once, for its grant (its response types include code)",
      context: { responseTypes: ["code", "token", "id_token"] },
      change: { grantTypes: ["implicit", "authorization_code", "refresh_token"] },
      expected: ['grant type "implicit" is not allowed: use "authorization_code" with PKCE (RFC 9700 2.1.2)'],
    },
    {
      name: "treats omitted grant types as Okta's default, authorization_code",
      change: { grantTypes: undefined },
      expected: [],
    },
    {
      name: "reports grant types unknown during preview as not verified (advisory)",
      change: { grantTypes: UNKNOWN_LIST },
      expected: [
        "(advisory) could not be verified at preview: grantTypes is unknown (`pulumi up` checks it with the value known)",
      ],
    },
  ]);

  policyCases(oauthAppNoPasswordGrant, OAUTH, WEB_APP, [
    {
      name: "reports the password grant",
      change: { grantTypes: ["password"] },
      expected: [
        'grant type "password" is not allowed: the resource owner password credentials grant MUST NOT be used (RFC 9700 2.4)',
      ],
    },
    {
      name: "reports a grant list element unknown during preview as not verified (advisory)",
      change: { grantTypes: [UNKNOWN] },
      expected: [
        "(advisory) could not be verified at preview: grantTypes[0] is unknown (`pulumi up` checks it with the value known)",
      ],
    },
  ]);

  policyCases(publicClientRequirePkce, OAUTH, SPA, [
    {
      name: "reports a browser app without PKCE",
      change: { pkceRequired: false },
      expected: ['public client (type "browser") must set pkceRequired: true explicitly'],
    },
    {
      name: "requires PKCE to be set explicitly on public clients (omitted)",
      change: { pkceRequired: undefined },
      expected: ['public client (type "browser") must set pkceRequired: true explicitly'],
    },
    {
      name: "treats a web app with auth method none as public",
      context: { type: "web" },
      change: { pkceRequired: false },
      expected: ['public client (tokenEndpointAuthMethod "none") must set pkceRequired: true explicitly'],
    },
    {
      name: "leaves confidential web apps to the advisory rule",
      context: { type: "web", tokenEndpointAuthMethod: "client_secret_basic" },
      change: { pkceRequired: false },
      expected: [],
    },
    {
      name: "reports PKCE unknown during preview as not verified (advisory)",
      change: { pkceRequired: UNKNOWN },
      expected: [
        "(advisory) could not be verified at preview: pkceRequired is unknown (`pulumi up` checks it with the value known)",
      ],
    },
  ]);

  policyCases(webAppRequirePkce, OAUTH, WEB_APP, [
    {
      name: "reports a web app with auth code and no PKCE",
      change: { pkceRequired: false },
      expected: ['web app using "authorization_code" should set pkceRequired: true (RFC 9700 2.1.1)'],
    },
    {
      name: "treats omitted PKCE as off",
      change: { pkceRequired: undefined },
      expected: ['web app using "authorization_code" should set pkceRequired: true (RFC 9700 2.1.1)'],
    },
    {
      name: "treats omitted grant types as Okta's default, authorization_code",
      context: { pkceRequired: false, grantTypes: ["client_credentials"] },
      change: { grantTypes: undefined },
      expected: ['web app using "authorization_code" should set pkceRequired: true (RFC 9700 2.1.1)'],
    },
    {
      name: "ignores web apps without the auth code grant",
      context: { grantTypes: ["client_credentials"] },
      change: { pkceRequired: false },
      expected: [],
    },
  ]);

  policyCases(oauthAppNoWildcardRedirect, OAUTH, WEB_APP, [
    {
      name: "reports wildcard redirects turned on",
      change: { wildcardRedirect: "SUBDOMAIN" },
      expected: ['wildcardRedirect is "SUBDOMAIN": any matching host could receive authorization codes'],
    },
    { name: "accepts wildcardRedirect DISABLED", change: { wildcardRedirect: "DISABLED" }, expected: [] },
    {
      name: "reports * in a redirect URI",
      change: { redirectUris: ["https://ok.example.com/cb", "https://*.example.com/cb"] },
      expected: ['redirectUris[1] "https://*.example.com/cb" contains a wildcard'],
    },
    {
      name: "reports * in a post-logout URI",
      change: { postLogoutRedirectUris: ["https://*.example.com/out"] },
      expected: ['postLogoutRedirectUris[0] "https://*.example.com/out" contains a wildcard'],
    },
  ]);

  policyCases(oauthAppHttpsRedirectUris, OAUTH, WEB_APP, [
    {
      name: "reports http:// on a real host",
      change: { redirectUris: ["http://portal.example.com/cb"] },
      expected: ['redirectUris[0] "http://portal.example.com/cb" uses http://: use https://'],
    },
    {
      name: "reports a loopback login URI",
      change: { loginUri: "https://localhost:44369/signin-oidc" },
      expected: ['loginUri "https://localhost:44369/signin-oidc" is a loopback URI, not allowed in this environment'],
    },
    {
      name: "reports a loopback post-logout URI over http",
      change: { postLogoutRedirectUris: ["http://127.0.0.1:3000"] },
      expected: [
        'postLogoutRedirectUris[0] "http://127.0.0.1:3000" is a loopback URI, not allowed in this environment',
      ],
    },
    {
      name: "allows loopback, over http too, where configured (dev)",
      change: { redirectUris: ["http://localhost:3000", "https://[::1]:8443/cb"] },
      config: { allowLoopback: true },
      expected: [],
    },
    {
      name: "reports custom schemes on non-native apps",
      change: { redirectUris: ["com.example.app:/callback"] },
      expected: [
        'redirectUris[0] "com.example.app:/callback" uses the custom scheme "com.example.app:", allowed only for native apps',
      ],
    },
    {
      name: "allows custom schemes on native apps",
      context: { type: "native" },
      change: { redirectUris: ["com.example.app:/callback"] },
      expected: [],
    },
    {
      name: "reports hosts outside the allowed list, naming the key and the file of the profile in force",
      change: { redirectUris: ["https://portal.example.com/cb", "https://evil.example.net/cb"] },
      // A profile of the test's own: the message names its file, not one the pack ships.
      config: { allowedRedirectHosts: ["*.example.com"], profile: "eu-sovereign" },
      expected: [
        'redirectUris[1] "https://evil.example.net/cb" points to evil.example.net, not one of the allowed hosts: *.example.com ' +
          '(if the host is right, add it to "allowedRedirectHosts" under "okta-oauth-app-https-redirect-uris" in ' +
          "policy-pack/config/eu-sovereign.json)",
      ],
    },
    {
      // An example team's JWKS URL left in a stack file: that team could sign client assertions Okta accepts.
      name: "reports a JWKS URL outside the allowed hosts: whoever publishes keys there authenticates as the app",
      context: { tokenEndpointAuthMethod: "private_key_jwt" },
      change: { jwksUri: "https://portal.example.org/.well-known/jwks.json" },
      config: { allowedRedirectHosts: ["*.example.com"], profile: "eu-sovereign" },
      expected: [
        'jwksUri "https://portal.example.org/.well-known/jwks.json" points to portal.example.org, not one of the allowed hosts: *.example.com; ' +
          "whoever publishes keys there can authenticate as this app " +
          '(if the host is yours, add it to "allowedRedirectHosts" under "okta-oauth-app-https-redirect-uris" in ' +
          "policy-pack/config/eu-sovereign.json)",
      ],
    },
    {
      name: "accepts a JWKS URL on an allowed host",
      context: { tokenEndpointAuthMethod: "private_key_jwt" },
      change: { jwksUri: "https://keys.example.com/jwks.json" },
      config: { allowedRedirectHosts: ["*.example.com"] },
      expected: [],
    },
    {
      name: "leaves a JWKS URL on any host alone where the profile lists no hosts (dev)",
      context: { tokenEndpointAuthMethod: "private_key_jwt" },
      change: { jwksUri: "https://keys.example.org/jwks.json" },
      expected: [],
    },
    {
      name: "says it cannot name the file when the config in force names no profile",
      change: { redirectUris: ["https://evil.example.net/cb"] },
      config: { allowedRedirectHosts: ["*.example.com"] },
      expected: [
        'redirectUris[0] "https://evil.example.net/cb" points to evil.example.net, not one of the allowed hosts: *.example.com ' +
          '(if the host is right, add it to "allowedRedirectHosts" under "okta-oauth-app-https-redirect-uris" in the ' +
          'policy pack config in force (it sets no "profile" under "okta-oauth-app-https-redirect-uris", so this message cannot name the file))',
      ],
    },
    {
      name: "reports a value that is not a URI",
      change: { redirectUris: ["/signin-oidc"] },
      expected: ['redirectUris[0] "/signin-oidc" is not an absolute URI'],
    },
    {
      name: "reports redirect URIs unknown during preview as not verified (advisory)",
      change: { redirectUris: UNKNOWN_LIST },
      expected: [
        "(advisory) could not be verified at preview: redirectUris is unknown (`pulumi up` checks it with the value known)",
      ],
    },
    {
      name: "reports a login URI unknown during preview as not verified (advisory)",
      change: { loginUri: UNKNOWN },
      expected: [
        "(advisory) could not be verified at preview: loginUri is unknown (`pulumi up` checks it with the value known)",
      ],
    },
  ]);

  policyCases(publicClientRotateRefreshTokens, OAUTH, SPA, [
    {
      name: "reports static refresh tokens on a public client",
      change: { refreshTokenRotation: "STATIC" },
      expected: [
        'public client (type "browser") with the refresh_token grant must set refreshTokenRotation: "ROTATE" (got "STATIC")',
      ],
    },
    {
      name: "treats omitted rotation as the provider default, STATIC",
      change: { refreshTokenRotation: undefined },
      expected: [
        'public client (type "browser") with the refresh_token grant must set refreshTokenRotation: "ROTATE" (got unset, so STATIC)',
      ],
    },
    {
      name: "ignores public clients without refresh tokens",
      context: { grantTypes: ["authorization_code"] },
      change: { refreshTokenRotation: undefined },
      expected: [],
    },
    {
      name: "reports rotation unknown during preview as not verified (advisory)",
      change: { refreshTokenRotation: UNKNOWN },
      expected: [
        "(advisory) could not be verified at preview: refreshTokenRotation is unknown (`pulumi up` checks it with the value known)",
      ],
    },
  ]);

  policyCases(
    clientCredentialsServiceOnly,
    OAUTH,
    { ...WEB_APP, type: "service", grantTypes: ["client_credentials"] },
    [
      {
        name: "reports client_credentials on a web app",
        context: { grantTypes: ["client_credentials", "authorization_code"] },
        change: { type: "web" },
        expected: ['grant type "client_credentials" is only for service apps, not type "web"'],
      },
      {
        name: "reports client_credentials on a browser app",
        change: { type: "browser" },
        expected: ['grant type "client_credentials" is only for service apps, not type "browser"'],
      },
      {
        name: "reports a type unknown during preview as not verified (advisory)",
        change: { type: UNKNOWN },
        expected: [
          "(advisory) could not be verified at preview: type is unknown (`pulumi up` checks it with the value known)",
        ],
      },
    ],
  );

  policyCases(preferJwtClientAuth, OAUTH, WEB_APP, [
    {
      name: "reports client_secret_post",
      change: { tokenEndpointAuthMethod: "client_secret_post" },
      expected: [
        'confidential client authenticates with a shared secret (tokenEndpointAuthMethod "client_secret_post"): prefer "private_key_jwt"',
      ],
    },
    {
      name: "treats an omitted method as the provider default, client_secret_basic",
      change: { tokenEndpointAuthMethod: undefined },
      expected: [
        'confidential client authenticates with a shared secret (tokenEndpointAuthMethod unset, so "client_secret_basic"): prefer "private_key_jwt"',
      ],
    },
    { name: "accepts client_secret_jwt", change: { tokenEndpointAuthMethod: "client_secret_jwt" }, expected: [] },
    {
      name: "ignores public clients",
      context: { tokenEndpointAuthMethod: "none" },
      change: { type: "browser" },
      expected: [],
    },
  ]);

  policyCases(appRequireSignOnPolicy, OAUTH, WEB_APP, [
    {
      name: "reports an app without a sign-on policy",
      change: { authenticationPolicy: undefined },
      expected: [
        "no authenticationPolicy and no okta.app.AccessPolicyAssignment for this app: it falls back to the org's default authentication policy",
      ],
    },
    {
      name: "ignores service apps (no sign-in)",
      context: { type: "service" },
      change: { authenticationPolicy: undefined },
      expected: [],
    },
    {
      name: "reports a policy id unknown during preview (a policy created in the same run)",
      change: { authenticationPolicy: UNKNOWN },
      expected: [
        "(advisory) could not be verified at preview: authenticationPolicy is unknown (`pulumi up` checks it with the value known)",
      ],
    },
  ]);

  policyCases(appRequireSignOnPolicy, SAML, SAML_APP, [
    {
      name: "reports a SAML app without a sign-on policy",
      change: { authenticationPolicy: "" },
      expected: [
        "no authenticationPolicy and no okta.app.AccessPolicyAssignment for this app: it falls back to the org's default authentication policy",
      ],
    },
  ]);

  policyCases(samlSha256Signed, SAML, SAML_APP, [
    {
      name: "reports SHA-1 signatures",
      change: { signatureAlgorithm: "RSA_SHA1" },
      expected: ['signatureAlgorithm must be "RSA_SHA256" (got "RSA_SHA1")'],
    },
    {
      name: "reports SHA-1 digests",
      change: { digestAlgorithm: "SHA1" },
      expected: ['digestAlgorithm must be "SHA256" (got "SHA1")'],
    },
    {
      name: "reports unsigned responses",
      change: { responseSigned: false },
      expected: ["responseSigned must be true (got false)"],
    },
    {
      name: "treats omitted assertion signing as unsigned",
      change: { assertionSigned: undefined },
      expected: ["assertionSigned must be true (got unset)"],
    },
    {
      name: "reports values unknown during preview as not verified (advisory)",
      change: { signatureAlgorithm: UNKNOWN },
      expected: [
        "(advisory) could not be verified at preview: signatureAlgorithm is unknown (`pulumi up` checks it with the value known)",
      ],
    },
  ]);

  policyCases(samlHttpsEndpoints, SAML, SAML_APP, [
    {
      name: "reports an http recipient",
      change: { recipient: "http://payroll.example.com/acs" },
      expected: ['recipient "http://payroll.example.com/acs" is not https://'],
    },
    {
      name: "reports an http ACS endpoint",
      change: { acsEndpoints: ["https://a.example.com", "http://b.example.com"] },
      expected: ['acsEndpoints[1] "http://b.example.com" is not https://'],
    },
    {
      name: "reports an SSO URL unknown during preview as not verified (advisory)",
      change: { ssoUrl: UNKNOWN },
      expected: [
        "(advisory) could not be verified at preview: ssoUrl is unknown (`pulumi up` checks it with the value known)",
      ],
    },
    {
      name: "reports ACS endpoints unknown during preview as not verified (advisory)",
      change: { acsEndpoints: UNKNOWN_LIST },
      expected: [
        "(advisory) could not be verified at preview: acsEndpoints is unknown (`pulumi up` checks it with the value known)",
      ],
    },
  ]);

  describe("okta-app-prefer-saml-or-oidc", () => {
    it("flags every password-vaulting app type", async () => {
      for (const type of [
        "okta:app/swa:Swa",
        "okta:app/autoLogin:AutoLogin",
        "okta:app/threeField:ThreeField",
        "okta:app/basicAuth:BasicAuth",
        "okta:app/securePasswordStore:SecurePasswordStore",
      ]) {
        expect(await messages(preferSamlOrOidc, type, { label: "Legacy" })).to.deep.equal([
          `${type} stores and replays passwords: prefer a SAML or OpenID Connect integration`,
        ]);
      }
    });

    it("passes OIDC and SAML apps", async () => {
      expect(await messages(preferSamlOrOidc, OAUTH, WEB_APP)).to.deep.equal([]);
      expect(await messages(preferSamlOrOidc, SAML, SAML_APP)).to.deep.equal([]);
    });
  });
});
