import type {
  AppDefinition,
  AppSetArgs,
  AuthServerDefinition,
  AuthServerPolicyDefinition,
  OidcAppDefinition,
  SamlAppDefinition,
  SignOnPolicyDefinition,
} from "../components/appSet";
import { definitionError } from "../components/definitionChecks";
import type { TrustedOriginDefinition } from "../components/org";
import type { ClientKeySource } from "../config/clientKeys";
import type { AppEndpoints } from "../config/parse";
import { problemList } from "../config/messages";

/**
 * Paths are appended to the app's per-org `baseUrl` (from `okta-mmod:apps.<key>.baseUrl` in the stack file):
 * `"/signin-oidc"` becomes `https://portal.example.com/signin-oidc`, and `""` is the base URL itself. Only the
 * host differs between orgs, so the paths are declared once, here, and each stack file holds its own hosts.
 */
type Path = string;

interface CatalogueEntryCommon {
  /** Permanent: it names the app's Okta resources and its entry in each stack file's `okta-mmod:apps`. */
  readonly key: string;
  readonly label: string;
  /** Key of a sign-on policy of the catalogue. Required for every app people sign in to; not on `service` apps. */
  readonly signOnPolicy?: string;
  /** Keys of the groups assigned to the app (`everyone` for Okta's Everyone group). Empty for `service` apps. */
  readonly groups: readonly string[];
  /** Register the app's origin (scheme, host, port of its baseUrl) as a trusted origin. Default: not registered. */
  readonly trustedOrigin?: TrustedOriginDefinition["scopes"];
}

/** An OpenID Connect / OAuth 2.0 app of the catalogue. */
export interface OidcCatalogueEntry
  extends
    CatalogueEntryCommon,
    Omit<
      OidcAppDefinition,
      "redirectUris" | "postLogoutRedirectUris" | "loginUri" | "clientKey" | keyof CatalogueEntryCommon
    > {
  /** Redirect URIs as paths under the baseUrl; the stack file's `extraRedirectUris` are added. Default: none. */
  readonly redirectPaths?: readonly Path[];
  /** Default: none. */
  readonly postLogoutRedirectPaths?: readonly Path[];
  /** Default: no login URI. */
  readonly loginPath?: Path;
  /** Authorization-server policies whose client list includes this app. Default: none. */
  readonly authServerPolicies?: readonly { readonly server: string; readonly policy: string }[];
}

/** A SAML 2.0 app of the catalogue; its endpoints are paths under the baseUrl. */
export interface SamlCatalogueEntry
  extends
    CatalogueEntryCommon,
    Omit<SamlAppDefinition, "ssoUrl" | "recipient" | "destination" | "audience" | keyof CatalogueEntryCommon> {
  readonly ssoPath: Path;
  readonly recipientPath: Path;
  readonly destinationPath: Path;
  /** The service provider's entity id, as a path under the baseUrl. */
  readonly audiencePath: Path;
}

export type CatalogueEntry = OidcCatalogueEntry | SamlCatalogueEntry;

/**
 * An authorization server of the catalogue: its policies' client lists come from the apps' entries, and its
 * audiences, which name each org's API, from each stack file's `okta-mmod:audiences.<key>`.
 */
export interface CatalogueAuthServer extends Omit<AuthServerDefinition, "policies" | "audiences"> {
  readonly policies: readonly Omit<AuthServerPolicyDefinition, "clients">[];
}

/**
 * Everything the app set declares, in one place per app: each app's entry carries its kind, label, sign-on
 * policy, groups, authorization-server wiring and trusted origin. Sign-on policies and authorization servers
 * are shared by apps, so they are listed once and named by key.
 */
export interface AppCatalogue {
  readonly signOnPolicies: readonly SignOnPolicyDefinition[];
  readonly authServers: readonly CatalogueAuthServer[];
  readonly apps: readonly CatalogueEntry[];
}

function pathsOf(entry: CatalogueEntry): { where: string; path: Path }[] {
  const at = (field: string, paths: readonly Path[] | undefined) =>
    (paths ?? []).map((path, i) => ({ where: paths && paths.length > 1 ? `${field}[${i}]` : field, path }));
  if (entry.kind === "oidc") {
    return [
      ...at("redirectPaths", entry.redirectPaths),
      ...at("postLogoutRedirectPaths", entry.postLogoutRedirectPaths),
      ...at("loginPath", entry.loginPath === undefined ? undefined : [entry.loginPath]),
    ];
  }
  return [
    ...at("ssoPath", [entry.ssoPath]),
    ...at("recipientPath", [entry.recipientPath]),
    ...at("destinationPath", [entry.destinationPath]),
    ...at("audiencePath", [entry.audiencePath]),
  ];
}

/** Whether the app lives at a URL, so that every stack file must give its `baseUrl`. Service apps do not. */
export function needsEndpoints(entry: CatalogueEntry): boolean {
  return pathsOf(entry).length > 0 || entry.trustedOrigin !== undefined;
}

/** The app keys every stack file lists under `okta-mmod:apps`, in catalogue order. */
export function endpointKeys(catalogue: AppCatalogue): string[] {
  return catalogue.apps.filter(needsEndpoints).map((a) => a.key);
}

/** Whether the app is a confidential OIDC client (web or service), which authenticates at the token endpoint. */
export function isConfidential(entry: CatalogueEntry): boolean {
  return entry.kind === "oidc" && (entry.type === "web" || entry.type === "service");
}

/** The confidential apps, whose public keys a stack file may (and a prod-grade one must) give, in catalogue order. */
export function keyedAppKeys(catalogue: AppCatalogue): string[] {
  return catalogue.apps.filter(isConfidential).map((a) => a.key);
}

/**
 * Problems a catalogue has on its own, before any stack's URLs are known (the app set checks the rest: keys,
 * sign-on policies, groups, priorities, scopes). All of them at once.
 */
export function checkCatalogue(catalogue: AppCatalogue): string[] {
  const problems: string[] = [];
  for (const app of catalogue.apps) {
    const where = `apps.${app.key}`;
    for (const { where: field, path } of pathsOf(app)) {
      if (path !== "" && !/^\/[^\s?#]*$/.test(path)) {
        problems.push(
          `${where}.${field}: "${path}" must be "" (the baseUrl itself) or a path starting with "/" (no spaces, query or fragment)`,
        );
      }
    }
    if (app.kind !== "oidc") continue;
    for (const { server, policy } of app.authServerPolicies ?? []) {
      const found = catalogue.authServers.find((s) => s.key === server);
      if (found === undefined) {
        problems.push(`${where}.authServerPolicies: no authorization server with key "${server}"`);
      } else if (!found.policies.some((p) => p.key === policy)) {
        problems.push(
          `${where}.authServerPolicies: authorization server "${server}" has no policy with key "${policy}"`,
        );
      }
    }
  }
  return problems;
}

/** One app's endpoints; the config loader guarantees that every app needing them has them. */
function endpointsOf(endpoints: Readonly<Record<string, AppEndpoints>>, key: string): AppEndpoints {
  const found = Object.hasOwn(endpoints, key) ? endpoints[key] : undefined;
  if (found === undefined) {
    throw definitionError(`okta-mmod:apps has no entry for app "${key}" (its baseUrl in this stack file)`);
  }
  return found;
}

function resolveApp(
  entry: CatalogueEntry,
  endpoints: Readonly<Record<string, AppEndpoints>>,
  clientKeys: Readonly<Record<string, ClientKeySource>>,
): AppDefinition {
  const base = needsEndpoints(entry) ? endpointsOf(endpoints, entry.key) : undefined;
  const url = (path: Path) => `${base?.baseUrl ?? ""}${path}`;
  const common = { key: entry.key, label: entry.label, signOnPolicy: entry.signOnPolicy, groups: entry.groups };
  if (entry.kind === "saml") {
    return {
      ...common,
      kind: "saml",
      ssoUrl: url(entry.ssoPath),
      recipient: url(entry.recipientPath),
      destination: url(entry.destinationPath),
      audience: url(entry.audiencePath),
      subjectNameIdTemplate: entry.subjectNameIdTemplate,
      subjectNameIdFormat: entry.subjectNameIdFormat,
    };
  }
  const redirectUris = [...(entry.redirectPaths ?? []).map(url), ...(base?.extraRedirectUris ?? [])];
  return {
    ...common,
    kind: "oidc",
    type: entry.type,
    grantTypes: entry.grantTypes,
    responseTypes: entry.responseTypes,
    redirectUris: redirectUris.length > 0 ? redirectUris : undefined,
    postLogoutRedirectUris: entry.postLogoutRedirectPaths?.map(url),
    loginUri: entry.loginPath === undefined ? undefined : url(entry.loginPath),
    pkceRequired: entry.pkceRequired,
    refreshTokenRotation: entry.refreshTokenRotation,
    consentMethod: entry.consentMethod,
    clientKey: Object.hasOwn(clientKeys, entry.key) ? clientKeys[entry.key] : undefined,
  };
}

/** One authorization server's audiences; the config loader guarantees every server of the catalogue has them. */
function audiencesOf(audiences: Readonly<Record<string, readonly string[]>>, key: string): readonly string[] {
  const found = Object.hasOwn(audiences, key) ? audiences[key] : undefined;
  if (found === undefined) {
    throw definitionError(`okta-mmod:audiences has no entry for authorization server "${key}"`);
  }
  return found;
}

/**
 * The app set's definition for one stack: the catalogue with that stack's app URLs and authorization-server
 * audiences filled in (and the public keys of each confidential app that gives them), and each authorization-server policy's clients taken from the apps that name it (in
 * catalogue order). Throws when the catalogue itself is inconsistent (see {@link checkCatalogue}).
 */
export function appSetDefinition(
  catalogue: AppCatalogue,
  endpoints: Readonly<Record<string, AppEndpoints>>,
  audiences: Readonly<Record<string, readonly string[]>>,
  clientKeys: Readonly<Record<string, ClientKeySource>> = {},
): Pick<AppSetArgs, "signOnPolicies" | "apps" | "authServers"> {
  const problems = checkCatalogue(catalogue);
  if (problems.length > 0) {
    throw definitionError(`The app catalogue is inconsistent:\n${problemList(problems)}`);
  }
  const clientsOf = (server: string, policy: string) =>
    catalogue.apps
      .filter(
        (a) =>
          a.kind === "oidc" && (a.authServerPolicies ?? []).some((w) => w.server === server && w.policy === policy),
      )
      .map((a) => a.key);
  return {
    signOnPolicies: catalogue.signOnPolicies,
    apps: catalogue.apps.map((a) => resolveApp(a, endpoints, clientKeys)),
    authServers: catalogue.authServers.map((s) => ({
      ...s,
      audiences: audiencesOf(audiences, s.key),
      policies: s.policies.map((p) => ({ ...p, clients: clientsOf(s.key, p.key) })),
    })),
  };
}

/** `scheme://host[:port]` of a URL: what Okta stores for a trusted origin. */
function originOf(url: string): string {
  return new URL(url).origin;
}

/** The trusted origins the catalogue's apps ask for, at this stack's URLs, keyed and named by app key. */
export function trustedOrigins(
  catalogue: AppCatalogue,
  endpoints: Readonly<Record<string, AppEndpoints>>,
): TrustedOriginDefinition[] {
  return catalogue.apps.flatMap((a) =>
    a.trustedOrigin === undefined
      ? []
      : [
          {
            key: a.key,
            name: a.key,
            origin: originOf(endpointsOf(endpoints, a.key).baseUrl),
            scopes: [...a.trustedOrigin],
          },
        ],
  );
}
