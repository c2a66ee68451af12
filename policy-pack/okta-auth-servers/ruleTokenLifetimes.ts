import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { isUnknown, num } from "../lib/values";
import { AUTH_SERVER_RULE } from "./rule";

interface Config {
  maxAccessTokenMinutes: number;
  maxRefreshTokenMinutes: number;
  maxRefreshWindowMinutes: number;
}

export const authServerRuleTokenLifetimes = resourceGuardrail<Config>({
  name: "okta-auth-server-rule-token-lifetimes",
  catalogueId: "G15",
  description:
    "Access tokens live at most 60 minutes; refresh tokens have a lifetime of at most 90 days and a window of at most 7 days.",
  severity: "medium",
  remediationSteps:
    "Set accessTokenLifetimeMinutes, refreshTokenLifetimeMinutes and refreshTokenWindowMinutes within the limits.",
  levels: PROD_MANDATORY,
  config: {
    maxAccessTokenMinutes: { type: "integer", description: "Longest access token lifetime.", default: 60, minimum: 5 },
    maxRefreshTokenMinutes: {
      type: "integer",
      description: "Longest refresh token lifetime (90 days).",
      default: 129600,
      minimum: 10,
    },
    maxRefreshWindowMinutes: {
      type: "integer",
      description: "Longest refresh token idle window (7 days).",
      default: 10080,
      minimum: 10,
    },
  },
  resourceTypes: [AUTH_SERVER_RULE],
  check: ({ props }, config) => {
    const found: string[] = [];
    // Provider defaults: access 60, window 10080; an unset refresh lifetime means refresh tokens never expire.
    const access = num(props.accessTokenLifetimeMinutes) ?? 60;
    if (!isUnknown(props.accessTokenLifetimeMinutes) && access > config.maxAccessTokenMinutes) {
      found.push(`accessTokenLifetimeMinutes is ${access}, above the limit of ${config.maxAccessTokenMinutes}`);
    }
    if (!isUnknown(props.refreshTokenLifetimeMinutes)) {
      const refresh = num(props.refreshTokenLifetimeMinutes);
      if (refresh === undefined || refresh === 0) {
        found.push(
          `refreshTokenLifetimeMinutes is unset, so refresh tokens never expire: set at most ${config.maxRefreshTokenMinutes}`,
        );
      } else if (refresh > config.maxRefreshTokenMinutes) {
        found.push(`refreshTokenLifetimeMinutes is ${refresh}, above the limit of ${config.maxRefreshTokenMinutes}`);
      }
    }
    const window = num(props.refreshTokenWindowMinutes) ?? 10080;
    if (!isUnknown(props.refreshTokenWindowMinutes) && window > config.maxRefreshWindowMinutes) {
      found.push(`refreshTokenWindowMinutes is ${window}, above the limit of ${config.maxRefreshWindowMinutes}`);
    }
    return found;
  },
});
