import type { AppCatalogue, CatalogueAuthServer, CatalogueEntry } from "../definitions/catalogue";

/** Every tenth generated app is a SAML app; the others are web OIDC apps. */
const SAML_EVERY = 10;
/** One custom authorization server per this many generated apps (at least one). */
const APPS_PER_AUTH_SERVER = 100;

/** A generated app catalogue of a given size, and the per-org URLs a stack file would give its apps. */
export interface GeneratedCatalogue {
  readonly catalogue: AppCatalogue;
  /**
   * As a stack's apps file holds them (`stack-apps/<stack>.yaml`, what `okta-mmod:apps` would hold), on hosts as
   * long as a large org's: at 1,000 apps they would not fit in the configuration the CLI can pass.
   */
  readonly endpoints: Readonly<Record<string, { readonly baseUrl: string }>>;
  /** Each authorization server's audiences, as the stack file gives them (`okta-mmod:audiences`). */
  readonly audiences: Readonly<Record<string, readonly string[]>>;
}

/** A host name of a length large orgs have: 56 characters for app-0001. */
export function benchHost(key: string): string {
  return `${key}-customer-portal.apps.eu-west-1.corp-example.com`;
}

export function generatedAppKey(i: number): string {
  return `app-${String(i).padStart(4, "0")}`;
}

/**
 * `count` apps, each with its own sign-on policy (one two-factor rule) and one group assignment, as a large
 * org has them: mostly web OIDC apps, every tenth a SAML app, and a custom authorization server per hundred
 * apps whose access policy names that hundred's OIDC clients.
 */
export function generateCatalogue(count: number): GeneratedCatalogue {
  const keys = Array.from({ length: count }, (_, i) => generatedAppKey(i + 1));
  const serverOf = (i: number) => `bench-server-${Math.floor(i / APPS_PER_AUTH_SERVER) + 1}`;
  const apps: CatalogueEntry[] = keys.map((key, i) => {
    const common = { key, label: `Bench ${key}`, signOnPolicy: key, groups: ["everyone"] };
    return (i + 1) % SAML_EVERY === 0
      ? {
          ...common,
          kind: "saml",
          ssoPath: "/saml/acs",
          recipientPath: "/saml/acs",
          destinationPath: "/saml/acs",
          audiencePath: "",
        }
      : {
          ...common,
          kind: "oidc",
          type: "web",
          redirectPaths: ["/signin-oidc"],
          postLogoutRedirectPaths: ["/signout-callback-oidc"],
          grantTypes: ["authorization_code", "refresh_token"],
          responseTypes: ["code"],
          pkceRequired: true,
          refreshTokenRotation: "ROTATE",
          authServerPolicies: [{ server: serverOf(i), policy: "apps" }],
        };
  });
  const servers = Math.max(1, Math.ceil(count / APPS_PER_AUTH_SERVER));
  const authServers: CatalogueAuthServer[] = Array.from({ length: servers }, (_, s) => ({
    key: `bench-server-${s + 1}`,
    name: `Bench server ${s + 1}`,
    description: "Generated authorization server",
    scopes: [{ key: "read", name: `bench.${s + 1}.read`, description: "Read access" }],
    claims: [{ key: "type", name: "Type", value: "user.userType", claimType: "IDENTITY", scopes: ["read"] }],
    policies: [
      {
        key: "apps",
        name: "Generated apps",
        description: "The generated OIDC apps of this server",
        priority: 1,
        rules: [
          {
            key: "code",
            name: "Authorization code",
            priority: 1,
            groups: ["everyone"],
            grantTypes: ["authorization_code"],
            scopes: ["openid", "profile", `bench.${s + 1}.read`],
            accessTokenLifetimeMinutes: 60,
            refreshTokenLifetimeMinutes: 129600,
            refreshTokenWindowMinutes: 10080,
          },
        ],
      },
    ],
  }));
  const signOnPolicies = keys.map((key) => ({
    key,
    name: `${key} sign-on`,
    description: `Sign-on policy of ${key}`,
    rules: [
      {
        key: "require-mfa",
        name: "Require MFA",
        priority: 1,
        access: "ALLOW" as const,
        factorMode: "2FA" as const,
        reAuthenticationFrequency: "PT2H",
      },
    ],
  }));
  const endpoints = Object.fromEntries(keys.map((key) => [key, { baseUrl: `https://${benchHost(key)}` }]));
  const audiences = Object.fromEntries(authServers.map((s, i) => [s.key, [`api://bench-${i + 1}`]]));
  return { catalogue: { signOnPolicies, authServers, apps }, endpoints, audiences };
}
