import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { matches } from "../lib/glob";
import { str } from "../lib/values";
import { OAUTH_APP, appType } from "./oauth";
import { LOOPBACK_HOSTS, appUris } from "./uris";

interface Config {
  allowLoopback: boolean;
  allowedRedirectHosts: string[];
  profile: string;
}

const POLICY_NAME = "okta-oauth-app-https-redirect-uris";

/**
 * Where a host that is right but not listed gets added. The pack sees only its configuration, never the path it
 * was read from (the CLI's --policy-pack-config, a Pulumi Cloud policy group built from the same file), so each
 * profile's file names its own profile.
 */
function whereToAllow(profile: string): string {
  const key = `"allowedRedirectHosts" under "${POLICY_NAME}"`;
  return profile === ""
    ? `${key} in the policy pack config in force (it sets no "profile" under "${POLICY_NAME}", so this message cannot name the file)`
    : `${key} in policy-pack/config/${profile}.json`;
}

export const oauthAppHttpsRedirectUris = resourceGuardrail<Config>({
  name: POLICY_NAME,
  catalogueId: "G06",
  description:
    "Redirect, post-logout and login URIs are https:// on allowed hosts; loopback only where allowed (dev); custom schemes only for native apps. A private_key_jwt app's jwksUri is on an allowed host too.",
  severity: "high",
  remediationSteps:
    "Use https:// URIs on the environment's own hosts. Loopback URIs belong in a dev stack's config only; " +
    "list the environment's hosts in allowedRedirectHosts (policy-pack/config/<profile>.json of the stack's profile).",
  levels: PROD_MANDATORY,
  config: {
    allowLoopback: {
      type: "boolean",
      description: "Whether localhost / 127.0.0.1 / [::1] URIs (and http:// on them) are allowed.",
      default: false,
    },
    allowedRedirectHosts: {
      type: "array",
      items: { type: "string" },
      description: "Hosts (patterns with *) https URIs may point to; empty allows any host.",
      default: [],
    },
    profile: {
      type: "string",
      description:
        "The profile this file configures (policy-pack/config/<profile>.json), so that a finding names the file to edit.",
      default: "",
    },
  },
  resourceTypes: [OAUTH_APP],
  check: ({ props }, config) => {
    const found: string[] = [];
    const native = appType(props) === "native";
    for (const { where, uri } of appUris(props)) {
      let url: URL;
      try {
        url = new URL(uri);
      } catch {
        found.push(`${where} "${uri}" is not an absolute URI`);
        continue;
      }
      const loopback = LOOPBACK_HOSTS.has(url.hostname);
      if (url.protocol !== "https:" && url.protocol !== "http:") {
        if (!native)
          found.push(`${where} "${uri}" uses the custom scheme "${url.protocol}", allowed only for native apps`);
        continue;
      }
      if (loopback) {
        if (!config.allowLoopback) found.push(`${where} "${uri}" is a loopback URI, not allowed in this environment`);
        continue;
      }
      if (url.protocol === "http:") {
        found.push(`${where} "${uri}" uses http://: use https://`);
        continue;
      }
      const hosts = config.allowedRedirectHosts;
      if (hosts.length > 0 && !hosts.some((h) => matches(h, url.hostname))) {
        found.push(
          `${where} "${uri}" points to ${url.hostname}, not one of the allowed hosts: ${hosts.join(", ")} ` +
            `(if the host is right, add it to ${whereToAllow(config.profile)})`,
        );
      }
    }
    // Whoever publishes keys at the JWKS URL signs client assertions Okta accepts as this app: it is held to the
    // same hosts (an example team's URL left in a stack file would let that team authenticate as the app). Its
    // scheme and reachability are G31's.
    const jwksUri = str(props.jwksUri);
    const jwksHost = jwksUri !== undefined && URL.canParse(jwksUri) ? new URL(jwksUri) : undefined;
    const hosts = config.allowedRedirectHosts;
    if (jwksHost?.protocol === "https:" && hosts.length > 0 && !hosts.some((h) => matches(h, jwksHost.hostname))) {
      found.push(
        `jwksUri "${jwksUri}" points to ${jwksHost.hostname}, not one of the allowed hosts: ${hosts.join(", ")}; ` +
          `whoever publishes keys there can authenticate as this app ` +
          `(if the host is yours, add it to ${whereToAllow(config.profile)})`,
      );
    }
    return found;
  },
});
