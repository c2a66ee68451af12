import { z } from "zod";
import type { EnvironmentProfile } from "./environments";
import { shown } from "./messages";

/** Hosts that name the machine itself: never reachable from Okta, and only a developer's own machine at all. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * A URL in the one form the program uses: scheme, lower-case host, optional port and path, no trailing slash.
 * Undefined when the text does not parse as a URL.
 */
export function canonicalUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const path = url.pathname === "/" ? "" : url.pathname.replace(/\/$/, "");
  return `${url.protocol}//${url.host}${path}`;
}

/**
 * Whether a URL may be used for an app in this environment (or, with loopback refused, for an endpoint Okta
 * calls). The text must already be in canonical form, so the value checked is the value used: `?`, `#`, spaces,
 * user info, `\@`, `https:host` all change under the URL parser's normalisation and are refused.
 */
export function isAllowedAppUrl(value: string, profile: Pick<EnvironmentProfile, "allowLoopbackUris">): boolean {
  if (value.length > 2048 || canonicalUrl(value) !== value) {
    return false;
  }
  const url = new URL(value);
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (loopback && !profile.allowLoopbackUris) {
    return false;
  }
  return url.protocol === "https:" || (url.protocol === "http:" && loopback);
}

/**
 * A URL-valued setting: `expected` when `allowed` refuses the text, with the canonical form suggested when that
 * one would pass. The suggestion is only a hint: the value used is always the text as written, once allowed.
 */
export function urlSchema(expected: string, allowed: (value: string) => boolean) {
  return z.string({ error: expected }).superRefine((v, ctx) => {
    if (allowed(v)) return;
    const canonical = v.length <= 2048 ? canonicalUrl(v) : undefined;
    const suggestion =
      canonical !== undefined && canonical !== v && allowed(canonical) ? ` (did you mean ${shown(canonical)}?)` : "";
    ctx.addIssue({ code: "custom", message: `${expected}${suggestion}` });
  });
}
