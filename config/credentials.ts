/**
 * Where each write credential lives: never in a stack's config. With Pulumi Cloud's secrets provider, any token
 * that can read a stack can decrypt every secret of it, and pull request previews and the drift check hold such
 * a token. So a credential that can change prod is given to the provider as its own environment variable, set
 * only by the job that runs `pulumi up` (from the stack's protected GitHub environment `<stack>`), and the
 * provider plugin reads it from there: it never passes through the program, the stack config or the state.
 */

/** Where one credential goes instead of the stack config. */
export interface CredentialHome {
  /** The environment variable the provider plugin reads. */
  readonly variable: string;
  /** The GitHub environment secret the deploy job maps to it. */
  readonly secret: string;
}

/**
 * The delivery tokens. Each reaches repository- or organization-wide controls (the prod environment's
 * reviewers, the Terraform Cloud organization, Pulumi Cloud teams and policy groups) whichever stack holds it,
 * so no stack's config may hold one, dev's included. GitHub refuses secret names that start with GITHUB_,
 * hence DELIVERY_GITHUB_TOKEN.
 */
export const DELIVERY_TOKENS = {
  githubToken: { variable: "GITHUB_TOKEN", secret: "DELIVERY_GITHUB_TOKEN" },
  tfeToken: { variable: "TFE_TOKEN", secret: "TFE_TOKEN" },
  pulumiAccessToken: { variable: "PULUMI_ACCESS_TOKEN", secret: "PULUMI_ACCESS_TOKEN" },
} as const satisfies Record<string, CredentialHome>;

/**
 * The Okta service app's keys and the provider's variable for each, which a prod-profile stack takes from the
 * job's environment only: the write app in `<stack>` (deploy), the read-only app (okta.*.read scopes) in
 * `<stack>-read` (previews, drift). A value in the stack config would override the environment's for both, so
 * none of them may be set there. Each environment holds them under the variable's own name.
 */
export const OKTA_PROVIDER_KEYS = {
  clientId: "OKTA_API_CLIENT_ID",
  privateKeyId: "OKTA_API_PRIVATE_KEY_ID",
  scopes: "OKTA_API_SCOPES",
  privateKey: "OKTA_API_PRIVATE_KEY",
  apiToken: "OKTA_API_TOKEN",
} as const;
