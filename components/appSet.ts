import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";
import { App } from "./app";
import { APPS_PER_BATCH, declaring, inBatches, withoutStackCapture } from "./declaration";
import { assertPriorities, assertUniqueKeys, DefinitionProblems, definitionError } from "./definitionChecks";
import { OktaComponent } from "./oktaComponent";
import type { ClientKeySource } from "../config/clientKeys";
import { problemList } from "../config/messages";

/** The key that stands for Okta's built-in Everyone group wherever a group key is expected. */
export const EVERYONE = "everyone";

/** Scopes every Okta authorization server has without declaring them. */
export const SYSTEM_SCOPES: ReadonlySet<string> = new Set([
  "openid",
  "profile",
  "email",
  "address",
  "phone",
  "offline_access",
  "device_sso",
]);

/** A rule of an app sign-on (authentication) policy. */
export interface SignOnRuleDefinition {
  readonly key: string;
  readonly name: string;
  /** 1..N within its policy, no repeats or gaps. */
  readonly priority: number;
  readonly access: "ALLOW" | "DENY";
  /** `2FA` for any two factor types, `1FA` for one. */
  readonly factorMode: "1FA" | "2FA";
  /** Authenticator constraints (Okta's JSON objects). Default: none. */
  readonly constraints?: readonly Readonly<Record<string, unknown>>[];
  /** ISO 8601 duration after which users re-authenticate (`PT2H`). */
  readonly reAuthenticationFrequency: string;
  /** Group keys the rule applies to. Default: everyone the policy applies to. */
  readonly groupsIncluded?: readonly string[];
}

/** An app sign-on (authentication) policy; apps name it by key. */
export interface SignOnPolicyDefinition {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly rules: readonly SignOnRuleDefinition[];
}

interface AppCommon {
  readonly key: string;
  readonly label: string;
  /** Key of the app's sign-on policy. Required for every app people sign in to; not allowed on `service` apps. */
  readonly signOnPolicy?: string;
  /** Keys of the groups assigned to the app (`everyone` for Okta's Everyone group). Empty for `service` apps. */
  readonly groups: readonly string[];
}

/** An OpenID Connect / OAuth 2.0 app. */
export interface OidcAppDefinition extends AppCommon {
  readonly kind: "oidc";
  readonly type: "web" | "browser" | "native" | "service";
  readonly grantTypes: readonly string[];
  readonly responseTypes: readonly string[];
  /** Default: none. */
  readonly redirectUris?: readonly string[];
  /** Default: none. */
  readonly postLogoutRedirectUris?: readonly string[];
  /** Default: none. */
  readonly loginUri?: string;
  /** Default: true for browser and native apps; set it for the others. */
  readonly pkceRequired: boolean;
  /** Default: STATIC (the provider's default). */
  readonly refreshTokenRotation?: "ROTATE" | "STATIC";
  /** Default: TRUSTED (the provider's default: first-party apps show no consent screen). */
  readonly consentMethod?: "REQUIRED" | "TRUSTED";
  /**
   * The public keys a confidential (web or service) app signs its client assertions with: given, the app
   * authenticates with private_key_jwt and has no client secret. Default: none (a shared client secret,
   * client_secret_basic). Not allowed on browser and native apps, which are public clients (none, with PKCE).
   */
  readonly clientKey?: ClientKeySource;
}

/** A SAML 2.0 app, always with SHA-256 signatures and signed responses and assertions. */
export interface SamlAppDefinition extends AppCommon {
  readonly kind: "saml";
  readonly ssoUrl: string;
  readonly recipient: string;
  readonly destination: string;
  readonly audience: string;
  /** Default: `${user.userName}`. */
  readonly subjectNameIdTemplate?: string;
  /** Default: unspecified. */
  readonly subjectNameIdFormat?: string;
}

export type AppDefinition = OidcAppDefinition | SamlAppDefinition;

export interface AuthServerScopeDefinition {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  /** Default: IMPLICIT. */
  readonly consent?: "IMPLICIT" | "REQUIRED";
}

export interface AuthServerClaimDefinition {
  readonly key: string;
  readonly name: string;
  /** Okta expression for the claim's value. */
  readonly value: string;
  readonly claimType: "IDENTITY" | "RESOURCE";
  /** Keys of this server's scopes the claim is included with. */
  readonly scopes: readonly string[];
}

export interface AuthServerRuleDefinition {
  readonly key: string;
  readonly name: string;
  /** 1..N within its policy. */
  readonly priority: number;
  /** Group keys (`everyone` for the Everyone group). */
  readonly groups: readonly string[];
  readonly grantTypes: readonly string[];
  /** Scope names: system scopes (openid, profile, ...) or names of this server's scopes. */
  readonly scopes: readonly string[];
  readonly accessTokenLifetimeMinutes: number;
  readonly refreshTokenLifetimeMinutes: number;
  readonly refreshTokenWindowMinutes: number;
}

export interface AuthServerPolicyDefinition {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  /** 1..N within its server. */
  readonly priority: number;
  /** Keys of the OIDC apps the policy applies to. */
  readonly clients: readonly string[];
  readonly rules: readonly AuthServerRuleDefinition[];
}

export interface AuthServerDefinition {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly audiences: readonly string[];
  /** Default: ORG_URL. */
  readonly issuerMode?: "ORG_URL" | "CUSTOM_URL" | "DYNAMIC";
  readonly scopes: readonly AuthServerScopeDefinition[];
  readonly claims: readonly AuthServerClaimDefinition[];
  readonly policies: readonly AuthServerPolicyDefinition[];
}

export interface AppSetArgs {
  /** The org's explicit Okta provider. Required. */
  readonly provider: pulumi.ProviderResource;
  /** Protect apps, sign-on policies, authorization servers and their children. Default: false. */
  readonly protect?: boolean;
  /**
   * Keep the OIDC apps' client secrets out of the state (`omitSecret: true`); the set then has no `clientSecrets`.
   * Default: false.
   */
  readonly omitClientSecrets?: boolean;
  /** Ids of the org's groups by key; apps and rules name groups by these keys. Required. */
  readonly groupIds: Readonly<Record<string, pulumi.Input<string>>>;
  /** App sign-on policies. Required (may be empty). */
  readonly signOnPolicies: readonly SignOnPolicyDefinition[];
  /** The apps. Required (may be empty). */
  readonly apps: readonly AppDefinition[];
  /** Custom authorization servers. Required (may be empty). */
  readonly authServers: readonly AuthServerDefinition[];
}

/** Problems in an app set definition (keys, references, priorities, app-type rules), all at once. */
export function checkAppSet(
  args: Pick<AppSetArgs, "signOnPolicies" | "apps" | "authServers">,
  groupKeys: readonly string[],
): string[] {
  const problems = new DefinitionProblems();
  const groups = new Set([...groupKeys, EVERYONE]);
  const checkGroups = (where: string, keys: readonly string[]) => {
    for (const g of keys) {
      if (!groups.has(g)) problems.add(`${where}: no group with key "${g}"`);
    }
  };

  assertUniqueKeys(problems, "signOnPolicies", args.signOnPolicies);
  const policyKeys = new Set(args.signOnPolicies.map((p) => p.key));
  for (const policy of args.signOnPolicies) {
    assertUniqueKeys(problems, `signOnPolicies.${policy.key}.rules`, policy.rules);
    assertPriorities(problems, `signOnPolicies.${policy.key}.rules`, policy.rules);
    for (const rule of policy.rules) {
      checkGroups(`signOnPolicies.${policy.key}.rules.${rule.key}.groupsIncluded`, rule.groupsIncluded ?? []);
    }
  }

  assertUniqueKeys(problems, "apps", args.apps);
  const oidcKeys = new Set(args.apps.filter((a) => a.kind === "oidc").map((a) => a.key));
  for (const app of args.apps) {
    const where = `apps.${app.key}`;
    const isService = app.kind === "oidc" && app.type === "service";
    if (isService) {
      if (app.signOnPolicy !== undefined)
        problems.add(`${where}.signOnPolicy: service apps have no sign-in, so no sign-on policy`);
      if (app.groups.length > 0) problems.add(`${where}.groups: service apps cannot be assigned to groups`);
    } else {
      if (app.signOnPolicy === undefined) {
        problems.add(`${where}.signOnPolicy: required (an app without one falls back to the org's default policy)`);
      } else if (!policyKeys.has(app.signOnPolicy)) {
        problems.add(`${where}.signOnPolicy: no sign-on policy with key "${app.signOnPolicy}"`);
      }
      if (app.groups.length === 0) problems.add(`${where}.groups: at least one group (nobody could use the app)`);
    }
    checkGroups(`${where}.groups`, app.groups);
    if (app.kind === "oidc" && (app.type === "browser" || app.type === "native") && app.clientKey !== undefined) {
      problems.add(
        `${where}.clientKey: a ${app.type} app is a public client (none, with PKCE): it keeps no key, so it signs no client assertion`,
      );
    }
  }

  assertUniqueKeys(problems, "authServers", args.authServers);
  for (const server of args.authServers) {
    const where = `authServers.${server.key}`;
    assertUniqueKeys(problems, `${where}.scopes`, server.scopes);
    assertUniqueKeys(problems, `${where}.claims`, server.claims);
    assertUniqueKeys(problems, `${where}.policies`, server.policies);
    assertPriorities(problems, `${where}.policies`, server.policies);
    const scopeKeys = new Set(server.scopes.map((s) => s.key));
    const scopeNames = new Set(server.scopes.map((s) => s.name));
    for (const claim of server.claims) {
      for (const s of claim.scopes) {
        if (!scopeKeys.has(s)) problems.add(`${where}.claims.${claim.key}.scopes: no scope with key "${s}"`);
      }
    }
    for (const policy of server.policies) {
      const pw = `${where}.policies.${policy.key}`;
      for (const c of policy.clients) {
        if (!oidcKeys.has(c)) problems.add(`${pw}.clients: no OIDC app with key "${c}"`);
      }
      assertUniqueKeys(problems, `${pw}.rules`, policy.rules);
      assertPriorities(problems, `${pw}.rules`, policy.rules);
      for (const rule of policy.rules) {
        checkGroups(`${pw}.rules.${rule.key}.groups`, rule.groups);
        for (const s of rule.scopes) {
          if (!SYSTEM_SCOPES.has(s) && !scopeNames.has(s)) {
            problems.add(`${pw}.rules.${rule.key}.scopes: "${s}" is neither a system scope nor a scope of this server`);
          }
        }
      }
    }
  }
  return problems.list;
}

const APP_SET_TYPE = "okta-mmod:apps:AppSet";

/**
 * The app set: app sign-on policies and their rules, one {@link App} component per app (the app linked to its
 * sign-on policy, and exactly one group assignment resource), and custom authorization servers with their
 * scopes, claims, policies and rules. Everything is wired by reference: policies name apps' client ids, rules
 * name group ids.
 */
export class AppSet extends OktaComponent {
  /** OIDC client ids by app key. */
  readonly clientIds: pulumi.Output<Record<string, string>>;
  /**
   * Client secrets of confidential OIDC apps by app key; always a Pulumi secret. Undefined when the set keeps no
   * secret in the state (`omitClientSecrets`).
   */
  readonly clientSecrets: pulumi.Output<Record<string, string>> | undefined;
  /** App ids (OIDC and SAML) by app key. */
  readonly appIds: pulumi.Output<Record<string, string>>;
  /** Issuer URL by authorization server key. */
  readonly issuers: pulumi.Output<Record<string, string>>;

  private readonly providerRef: pulumi.ProviderResource;

  constructor(name: string, args: AppSetArgs, opts?: pulumi.ComponentResourceOptions) {
    super(APP_SET_TYPE, name, args.protect ?? false, opts);
    this.providerRef = args.provider;
    const problems = checkAppSet(args, Object.keys(args.groupIds));
    if (problems.length > 0) {
      throw definitionError(`AppSet "${name}": invalid definition:\n${problemList(problems)}`);
    }

    const where = `AppSet "${name}"`;
    // This component's URN, known without waiting for the engine when its parent is the stack (the program's
    // case): the apps' aliases name their former URNs under it directly (components/app.ts, `formerParent`).
    const formerParent: pulumi.Resource | string =
      opts?.parent === undefined
        ? `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${APP_SET_TYPE}::${name}`
        : this;
    // Declared with stack capture off, policies and apps in batches: see components/declaration.ts.
    const declared = withoutStackCapture(async () => {
      const everyone = okta.group.getEveryoneGroupOutput({}, { parent: this, provider: args.provider });
      const groupId = (key: string): pulumi.Input<string> =>
        key === EVERYONE ? everyone.id : (args.groupIds[key] as pulumi.Input<string>);

      const policies: Record<string, okta.AppSignonPolicy> = {};
      await inBatches(args.signOnPolicies, APPS_PER_BATCH, (p) =>
        declaring(`${where}: signOnPolicies.${p.key}`, () => {
          const policy = new okta.AppSignonPolicy(
            `${name}-signon-policy-${p.key}`,
            { name: p.name, description: p.description },
            this.childOpts("okta:index/appSignonPolicy:AppSignonPolicy"),
          );
          policies[p.key] = policy;
          for (const r of p.rules) {
            new okta.AppSignonPolicyRule(
              `${name}-signon-rule-${p.key}-${r.key}`,
              {
                policyId: policy.id,
                name: r.name,
                priority: r.priority,
                access: r.access,
                factorMode: r.factorMode,
                type: "ASSURANCE",
                constraints: r.constraints?.map((c) => JSON.stringify(c)),
                reAuthenticationFrequency: r.reAuthenticationFrequency,
                groupsIncluded: r.groupsIncluded?.map(groupId),
              },
              this.childOpts("okta:index/appSignonPolicyRule:AppSignonPolicyRule"),
            );
          }
        }),
      );

      const clientIds: Record<string, pulumi.Output<string>> = {};
      const clientSecrets: Record<string, pulumi.Output<string>> = {};
      const appIds: Record<string, pulumi.Output<string>> = {};
      await inBatches(args.apps, APPS_PER_BATCH, (definition) => {
        const app = declaring(
          `${where}: apps.${definition.key}`,
          () =>
            new App(
              `${name}-${definition.key}`,
              {
                provider: args.provider,
                protect: args.protect,
                omitSecret: args.omitClientSecrets ?? false,
                definition,
                authenticationPolicy:
                  definition.signOnPolicy === undefined ? undefined : policies[definition.signOnPolicy]?.id,
                groupIds: definition.groups.map(groupId),
                childNamePrefix: name,
                formerParent,
              },
              { parent: this },
            ),
        );
        appIds[definition.key] = app.appId;
        if (app.clientId !== undefined) clientIds[definition.key] = app.clientId;
        if (app.clientSecret !== undefined) clientSecrets[definition.key] = app.clientSecret;
      });

      const issuers: Record<string, pulumi.Output<string>> = {};
      for (const s of args.authServers) {
        declaring(`${where}: authServers.${s.key}`, () => {
          const server = new okta.auth.Server(
            `${name}-authserver-${s.key}`,
            {
              name: s.name,
              description: s.description,
              audiences: [...s.audiences],
              issuerMode: s.issuerMode ?? "ORG_URL",
              status: "ACTIVE",
            },
            this.childOpts("okta:auth/server:Server"),
          );
          issuers[s.key] = server.issuer;

          const scopes: Record<string, okta.auth.ServerScope> = {};
          for (const sc of s.scopes) {
            scopes[sc.key] = new okta.auth.ServerScope(
              `${name}-scope-${s.key}-${sc.key}`,
              {
                authServerId: server.id,
                name: sc.name,
                description: sc.description,
                consent: sc.consent ?? "IMPLICIT",
                metadataPublish: "NO_CLIENTS",
              },
              this.childOpts("okta:auth/serverScope:ServerScope"),
            );
          }
          const scopeByName = new Map(s.scopes.map((sc) => [sc.name, scopes[sc.key] as okta.auth.ServerScope]));

          for (const c of s.claims) {
            new okta.auth.ServerClaim(
              `${name}-claim-${s.key}-${c.key}`,
              {
                authServerId: server.id,
                name: c.name,
                value: c.value,
                valueType: "EXPRESSION",
                claimType: c.claimType,
                scopes: c.scopes.map((k) => (scopes[k] as okta.auth.ServerScope).name),
              },
              this.childOpts("okta:auth/serverClaim:ServerClaim"),
            );
          }

          for (const p of s.policies) {
            const policy = new okta.auth.ServerPolicy(
              `${name}-server-policy-${s.key}-${p.key}`,
              {
                authServerId: server.id,
                name: p.name,
                description: p.description,
                priority: p.priority,
                status: "ACTIVE",
                clientWhitelists: p.clients.map((k) => clientIds[k] as pulumi.Output<string>),
              },
              this.childOpts("okta:auth/serverPolicy:ServerPolicy"),
            );
            for (const r of p.rules) {
              const customScopes = r.scopes.flatMap((n) => scopeByName.get(n) ?? []);
              new okta.auth.ServerPolicyRule(
                `${name}-server-rule-${s.key}-${p.key}-${r.key}`,
                {
                  authServerId: server.id,
                  policyId: policy.id,
                  name: r.name,
                  priority: r.priority,
                  status: "ACTIVE",
                  groupWhitelists: r.groups.map(groupId),
                  grantTypeWhitelists: [...r.grantTypes],
                  scopeWhitelists: [...r.scopes],
                  accessTokenLifetimeMinutes: r.accessTokenLifetimeMinutes,
                  refreshTokenLifetimeMinutes: r.refreshTokenLifetimeMinutes,
                  refreshTokenWindowMinutes: r.refreshTokenWindowMinutes,
                },
                // A rule may only name scopes that exist: create it after the server's custom scopes it names.
                this.childOpts("okta:auth/serverPolicyRule:ServerPolicyRule", { dependsOn: customScopes }),
              );
            }
          }
        });
      }
      return { clientIds, clientSecrets, appIds, issuers };
    });

    this.clientIds = pulumi.output(declared.then((d) => d.clientIds));
    this.clientSecrets = args.omitClientSecrets ? undefined : pulumi.secret(declared.then((d) => d.clientSecrets));
    this.appIds = pulumi.output(declared.then((d) => d.appIds));
    this.issuers = pulumi.output(declared.then((d) => d.issuers));
    this.registerOutputs({
      clientIds: this.clientIds,
      clientSecrets: this.clientSecrets,
      appIds: this.appIds,
      issuers: this.issuers,
    });
  }

  protected get oktaProvider(): pulumi.ProviderResource {
    return this.providerRef;
  }
}
