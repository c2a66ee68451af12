import type { AuthServerClaimDefinition, AuthServerScopeDefinition } from "../components/appSet";
import type { AppCatalogue, OidcCatalogueEntry } from "./catalogue";

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

/** An ASP.NET-style customer portal: sign-in and sign-out callbacks under its base URL, refresh tokens rotated. */
const PORTAL: Omit<OidcCatalogueEntry, "key" | "label"> = {
  kind: "oidc",
  type: "web",
  redirectPaths: ["/signin-oidc", "/Customer"],
  postLogoutRedirectPaths: ["/signout-callback-oidc"],
  loginPath: "/signin-oidc",
  grantTypes: ["authorization_code", "refresh_token"],
  responseTypes: ["code"],
  pkceRequired: true,
  consentMethod: "TRUSTED",
  refreshTokenRotation: "ROTATE",
  signOnPolicy: "customer-apps",
  groups: ["everyone"],
};

/**
 * The app catalogue: every app every stack declares, one entry per app. An entry says everything about its
 * app except where it lives: each stack file gives the app's `baseUrl` (and any extra redirect URIs) under
 * `okta-mmod:apps.<key>`. Adding an app is one entry here plus those URLs; the README walks through it.
 */
export const APP_CATALOGUE: AppCatalogue = {
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
    {
      ...PORTAL,
      key: "customer-portal",
      label: "Customer Portal",
      authServerPolicies: [{ server: "customer-portal", policy: "customer-portal" }],
      trustedOrigin: ["CORS"],
    },
    {
      key: "super-widget",
      kind: "oidc",
      label: "Okta Super Widget",
      type: "web",
      redirectPaths: [""],
      loginPath: "",
      grantTypes: ["authorization_code", "refresh_token"],
      responseTypes: ["code"],
      pkceRequired: true,
      consentMethod: "TRUSTED",
      refreshTokenRotation: "ROTATE",
      signOnPolicy: "passwordless",
      groups: ["everyone"],
      authServerPolicies: [{ server: "customer-portal", policy: "default" }],
      trustedOrigin: ["CORS", "REDIRECT"],
    },
    { ...PORTAL, key: "example-portal", label: "Example Portal" },
    {
      key: "my-app",
      kind: "oidc",
      label: "My App",
      type: "web",
      redirectPaths: [""],
      postLogoutRedirectPaths: [""],
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
      issuerMode: "ORG_URL",
      scopes: [ACCOUNT_READ_SCOPE],
      claims: [USER_TYPE_CLAIM],
      policies: [
        {
          key: "customer-portal",
          name: "Customer Portal App policy",
          description: "Allows access to scopes for the customer portal app",
          priority: 1,
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
      issuerMode: "ORG_URL",
      scopes: [ACCOUNT_READ_SCOPE],
      claims: [USER_TYPE_CLAIM],
      policies: [],
    },
  ],
};
