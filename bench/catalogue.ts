import type { AppDefinition, AppSetArgs, AuthServerDefinition, SignOnPolicyDefinition } from "../components/appSet";
import type { AppEndpoints } from "../config/parse";

/** Every tenth generated app is a SAML app; the others are web OIDC apps. */
const SAML_EVERY = 10;
/** One custom authorization server per this many generated apps (at least one). */
const APPS_PER_AUTH_SERVER = 100;

/** A generated app catalogue of a given size, shaped like the shipped one. */
export interface GeneratedCatalogue {
  /** Keys of the generated apps, in declaration order. */
  readonly appKeys: readonly string[];
  /** Per-org URLs of the generated apps, as `okta-mmod:apps` holds them in a stack file. */
  readonly endpoints: Readonly<Record<string, AppEndpoints>>;
  readonly definition: Pick<AppSetArgs, "signOnPolicies" | "apps" | "authServers">;
}

export function generatedAppKey(i: number): string {
  return `bench-app-${String(i).padStart(4, "0")}`;
}

/**
 * `count` apps, each with its own sign-on policy (one two-factor rule) and one group assignment, as a large
 * org has them: mostly web OIDC apps, every tenth a SAML app, and a custom authorization server per hundred
 * apps whose access policy names that hundred's OIDC clients.
 */
export function generateCatalogue(count: number): GeneratedCatalogue {
  const appKeys = Array.from({ length: count }, (_, i) => generatedAppKey(i + 1));
  const endpoints = Object.fromEntries(
    appKeys.map((key) => [key, { baseUrl: `https://${key}.bench.example.com`, extraRedirectUris: [] }]),
  );
  const signOnPolicies: SignOnPolicyDefinition[] = appKeys.map((key) => ({
    key,
    name: `${key} sign-on`,
    description: `Sign-on policy of ${key}`,
    rules: [
      {
        key: "require-mfa",
        name: "Require MFA",
        priority: 1,
        access: "ALLOW",
        factorMode: "2FA",
        reAuthenticationFrequency: "PT2H",
      },
    ],
  }));
  const apps: AppDefinition[] = appKeys.map((key, i) => {
    const base = `https://${key}.bench.example.com`;
    const common = { key, label: `Bench ${key}`, signOnPolicy: key, groups: ["everyone"] };
    return (i + 1) % SAML_EVERY === 0
      ? {
          ...common,
          kind: "saml",
          ssoUrl: `${base}/saml/acs`,
          recipient: `${base}/saml/acs`,
          destination: `${base}/saml/acs`,
          audience: base,
        }
      : {
          ...common,
          kind: "oidc",
          type: "web",
          redirectUris: [`${base}/signin-oidc`],
          postLogoutRedirectUris: [`${base}/signout-callback-oidc`],
          grantTypes: ["authorization_code", "refresh_token"],
          responseTypes: ["code"],
          pkceRequired: true,
          refreshTokenRotation: "ROTATE",
        };
  });
  const servers = Math.max(1, Math.ceil(count / APPS_PER_AUTH_SERVER));
  const authServers: AuthServerDefinition[] = Array.from({ length: servers }, (_, s) => {
    const clients = apps
      .slice(s * APPS_PER_AUTH_SERVER, (s + 1) * APPS_PER_AUTH_SERVER)
      .filter((a) => a.kind === "oidc")
      .map((a) => a.key);
    return {
      key: `bench-server-${s + 1}`,
      name: `Bench server ${s + 1}`,
      description: "Generated authorization server",
      audiences: [`api://bench-${s + 1}`],
      scopes: [{ key: "read", name: `bench.${s + 1}.read`, description: "Read access" }],
      claims: [{ key: "type", name: "Type", value: "user.userType", claimType: "IDENTITY", scopes: ["read"] }],
      policies:
        clients.length === 0
          ? []
          : [
              {
                key: "apps",
                name: "Generated apps",
                description: "The generated OIDC apps of this server",
                priority: 1,
                clients,
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
    };
  });
  return { appKeys, endpoints, definition: { signOnPolicies, apps, authServers } };
}
