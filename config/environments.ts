/**
 * Environment profiles. A stack names its profile with `okta-mmod:environment`; the profile decides the
 * defaults that are security posture (resource protection, API rate-limit share, which URIs are acceptable).
 * Adding an environment (say `staging`) is one entry here; a new org of an existing environment needs no
 * code change at all, only a new `Pulumi.<stack>.yaml`.
 */
export interface EnvironmentProfile {
  /** Whether identity-bearing resources get `protect: true` unless `okta-mmod:protectResources` says otherwise. */
  readonly protectByDefault: boolean;
  /** Default share (percent) of the org's API rate limit the provider may use. */
  readonly maxApiCapacity: number;
  /** Whether `localhost` / 127.0.0.1 / [::1] URIs, and plain `http://` on those hosts, may be configured. */
  readonly allowLoopbackUris: boolean;
  /** What Okta ThreatInsight does with requests from suspicious IPs: log them (`audit`) or block them. */
  readonly threatInsightAction: "audit" | "block";
}

export const ENVIRONMENT_PROFILES = {
  dev: { protectByDefault: false, maxApiCapacity: 100, allowLoopbackUris: true, threatInsightAction: "audit" },
  // Prod leaves half of the org's API rate limit to everything else that calls the Okta API.
  prod: { protectByDefault: true, maxApiCapacity: 50, allowLoopbackUris: false, threatInsightAction: "block" },
} as const satisfies Record<string, EnvironmentProfile>;

export type EnvironmentName = keyof typeof ENVIRONMENT_PROFILES;

export const ENVIRONMENT_NAMES = Object.keys(ENVIRONMENT_PROFILES) as EnvironmentName[];

export function isEnvironmentName(value: string): value is EnvironmentName {
  return Object.prototype.hasOwnProperty.call(ENVIRONMENT_PROFILES, value);
}
