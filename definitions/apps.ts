import type {
  AppSetArgs,
  AuthServerClaimDefinition,
  AuthServerScopeDefinition,
  OidcAppDefinition,
} from "../components/appSet";
import type { AppEndpoints } from "../config/parse";

/**
 * The apps every stack declares. Their URLs differ per org and come from `okta-mmod:apps` in the stack file;
 * everything else is declared once, here. Keys are permanent: they name the Okta resources.
 */
export const APP_KEYS = ["customer-portal", "super-widget", "example-portal", "my-app"] as const;

/** One app's endpoints in this stack (the config loader guarantees every app has them). */
export function endpointsOf(
  endpoints: Readonly<Record<string, AppEndpoints>>,
  key: (typeof APP_KEYS)[number],
): AppEndpoints {
  const found = endpoints[key];
  if (found === undefined) {
    throw new Error(`no endpoints configured for app "${key}"`);
  }
  return found;
}

/** Two factors, re-authentication every two hours: the sign-on rule every shipped app gets. */
const REQUIRE_TWO_FACTORS = {
  key: "require-mfa",
  name: "Require MFA",
  priority: 1,
  access: "ALLOW",
  factorMode: "2FA",
  reAuthenticationFrequency: "PT2H",
} as const;

/** Refresh tokens live at most 90 days and must be used within 7; access tokens expire after an hour. */
const TOKEN_LIFETIMES = {
  accessTokenLifetimeMinutes: 60,
  refreshTokenLifetimeMinutes: 90 * 24 * 60,
  refreshTokenWindowMinutes: 7 * 24 * 60,
} as const;

/** An ASP.NET-style customer portal: sign-in and sign-out callbacks under its base URL, refresh tokens rotated. */
function portalApp(key: string, label: string, endpoints: AppEndpoints): OidcAppDefinition {
  const base = endpoints.baseUrl;
  return {
    kind: "oidc",
    key,
    label,
    type: "web",
    redirectUris: [`${base}/signin-oidc`, `${base}/Customer`, ...endpoints.extraRedirectUris],
    postLogoutRedirectUris: [`${base}/signout-callback-oidc`],
    loginUri: `${base}/signin-oidc`,
    grantTypes: ["authorization_code", "refresh_token"],
    responseTypes: ["code"],
    pkceRequired: true,
    consentMethod: "TRUSTED",
    refreshTokenRotation: "ROTATE",
    signOnPolicy: "customer-apps",
    groups: ["everyone"],
  };
}

/** The scope both authorization servers publish, and the claim they add with it. */
const ACCOUNT_READ_SCOPE: AuthServerScopeDefinition = {
  key: "account-read",
  name: "iat.account.read",
  description: "This allows the app to view your IATCore account information.",
};
const USER_TYPE_CLAIM: AuthServerClaimDefinition = {
  key: "type",
  name: "Type",
  value: "user.userType",
  claimType: "IDENTITY",
  scopes: ["account-read"],
};

/** The app set's definition for one stack, with that stack's app URLs. */
export function appSetDefinition(
  endpoints: Readonly<Record<string, AppEndpoints>>,
): Pick<AppSetArgs, "signOnPolicies" | "apps" | "authServers"> {
  const portal = endpointsOf(endpoints, "customer-portal");
  const widget = endpointsOf(endpoints, "super-widget");
  const example = endpointsOf(endpoints, "example-portal");
  const myApp = endpointsOf(endpoints, "my-app");

  return {
    signOnPolicies: [
      {
        key: "passwordless",
        name: "Passwordless",
        description: "Authentication Policy that supports passwordless.",
        // The reference's rule allowed one factor (1FA); two factors are required here.
        rules: [{ ...REQUIRE_TWO_FACTORS, key: "magic-link", name: "Magic Link" }],
      },
      {
        key: "my-app",
        name: "My App Sign-On Policy",
        description: "Authentication Policy to be used on my app.",
        rules: [REQUIRE_TWO_FACTORS],
      },
      {
        key: "customer-apps",
        name: "Customer Apps Sign-On Policy",
        description: "Authentication Policy for the customer-facing portals.",
        rules: [REQUIRE_TWO_FACTORS],
      },
    ],
    apps: [
      portalApp("customer-portal", "Customer Portal", portal),
      {
        kind: "oidc",
        key: "super-widget",
        label: "Okta Super Widget",
        type: "web",
        redirectUris: [widget.baseUrl, ...widget.extraRedirectUris],
        loginUri: widget.baseUrl,
        grantTypes: ["authorization_code", "refresh_token"],
        responseTypes: ["code"],
        pkceRequired: true,
        consentMethod: "TRUSTED",
        refreshTokenRotation: "ROTATE",
        signOnPolicy: "passwordless",
        groups: ["everyone"],
      },
      portalApp("example-portal", "Example Portal", example),
      {
        kind: "oidc",
        key: "my-app",
        label: "My App",
        type: "web",
        redirectUris: [myApp.baseUrl, ...myApp.extraRedirectUris],
        postLogoutRedirectUris: [myApp.baseUrl],
        grantTypes: ["authorization_code"],
        responseTypes: ["code"],
        pkceRequired: true,
        signOnPolicy: "my-app",
        groups: ["test-group"],
      },
    ],
    authServers: [
      {
        key: "customer-portal",
        name: "Customer Portal",
        description: "Auth Server that handles customer-facing apps",
        audiences: ["api://iatcore.com"],
        issuerMode: "ORG_URL",
        scopes: [ACCOUNT_READ_SCOPE],
        claims: [USER_TYPE_CLAIM],
        policies: [
          {
            key: "customer-portal",
            name: "Customer Portal App policy",
            description: "Allows access to scopes for the customer portal app",
            priority: 1,
            clients: ["customer-portal"],
            rules: [
              {
                key: "default",
                name: "Authorization Code",
                priority: 1,
                groups: ["everyone"],
                grantTypes: ["authorization_code"],
                scopes: ["openid", "profile", "offline_access", "iat.account.read"],
                ...TOKEN_LIFETIMES,
              },
            ],
          },
          {
            key: "default",
            name: "Default policy",
            description: "Default policy used to show authorization server",
            priority: 2,
            clients: ["super-widget"],
            rules: [
              {
                key: "default",
                name: "Default rule",
                priority: 1,
                groups: ["everyone"],
                grantTypes: ["authorization_code"],
                scopes: ["openid", "profile", "offline_access", "iat.account.read"],
                ...TOKEN_LIFETIMES,
              },
            ],
          },
        ],
      },
      {
        key: "test",
        name: "Test \u2018Server",
        description: "Auth Server that handles test apps",
        audiences: ["api://iatcore.com"],
        issuerMode: "ORG_URL",
        scopes: [ACCOUNT_READ_SCOPE],
        claims: [USER_TYPE_CLAIM],
        policies: [],
      },
    ],
  };
}
