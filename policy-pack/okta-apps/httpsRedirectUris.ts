import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { matches } from "../lib/glob";
import { OAUTH_APP, appType } from "./oauth";
import { LOOPBACK_HOSTS, appUris } from "./uris";

interface Config {
  allowLoopback: boolean;
  allowedRedirectHosts: string[];
}

const POLICY_NAME = "okta-oauth-app-https-redirect-uris";

export const oauthAppHttpsRedirectUris = resourceGuardrail<Config>({
  name: POLICY_NAME,
  catalogueId: "G06",
  description:
    "Redirect, post-logout and login URIs are https:// on allowed hosts; loopback only where allowed (dev); custom schemes only for native apps.",
  severity: "high",
  remediationSteps:
    "Use https:// URIs on the environment's own hosts. Loopback URIs belong in a dev stack's config only; " +
    "list the environment's hosts in allowedRedirectHosts (policy-pack/config/<environment>.json).",
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
            `(if the host is right, add it to "allowedRedirectHosts" under "${POLICY_NAME}" in the environment's ` +
            `policy pack config, policy-pack/config/<environment>.json)`,
        );
      }
    }
    return found;
  },
});
