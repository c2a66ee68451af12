/**
 * Environment profiles. A stack names its profile with `okta-mmod:environment`; the profile decides the
 * defaults that are security posture (resource protection, API rate-limit share, which URIs are acceptable).
 * Adding an environment (say `staging`) is one entry here; a new org of an existing environment needs no
 * code change at all, only a new `Pulumi.<stack>.yaml`.
 */
export interface EnvironmentProfile {
  /** Rank among the profiles: a stack may claim a profile of equal or higher rank than its binding gives it. */
  readonly strictness: number;
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
  dev: {
    strictness: 0,
    protectByDefault: false,
    maxApiCapacity: 100,
    allowLoopbackUris: true,
    threatInsightAction: "audit",
  },
  // Prod leaves half of the org's API rate limit to everything else that calls the Okta API.
  prod: {
    strictness: 1,
    protectByDefault: true,
    maxApiCapacity: 50,
    allowLoopbackUris: false,
    threatInsightAction: "block",
  },
} as const satisfies Record<string, EnvironmentProfile>;

export type EnvironmentName = keyof typeof ENVIRONMENT_PROFILES;

export const ENVIRONMENT_NAMES = Object.keys(ENVIRONMENT_PROFILES) as EnvironmentName[];

export function isEnvironmentName(value: string): value is EnvironmentName {
  return Object.prototype.hasOwnProperty.call(ENVIRONMENT_PROFILES, value);
}

/** The strictest profile: what a stack gets when nothing binds it to another. */
export const STRICTEST_ENVIRONMENT: EnvironmentName = ENVIRONMENT_NAMES.reduce((a, b) =>
  ENVIRONMENT_PROFILES[b].strictness > ENVIRONMENT_PROFILES[a].strictness ? b : a,
);

/** Whether profile `a` is at least as strict as profile `b`. */
export function atLeastAsStrict(a: EnvironmentName, b: EnvironmentName): boolean {
  return ENVIRONMENT_PROFILES[a].strictness >= ENVIRONMENT_PROFILES[b].strictness;
}

/**
 * Whether a profile gets prod's delivery rules (a managed GitHub environment with reviewers, no deploy on push, drift
 * notifications). Decided by rank, not by name, so a stricter profile added later cannot lose them.
 */
export function isProdGrade(environment: EnvironmentName): boolean {
  return atLeastAsStrict(environment, "prod");
}
