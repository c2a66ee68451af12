import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";
import type { OktaAuth, RateLimits } from "../config/parse";
import { OktaComponent } from "./oktaComponent";
import { OAUTH_INLINE_HOOK_TYPE, OAuthInlineHook } from "./oauthInlineHook";
import { assertUniqueKeys, DefinitionProblems, definitionError } from "./definitionChecks";
import { problemList } from "../config/messages";

/** A group of the org. */
export interface GroupDefinition {
  /** Stable key: the resource's logical name derives from it, so it never changes (a rename is a replacement). */
  readonly key: string;
  readonly name: string;
  readonly description: string;
}

/** A group rule that puts users matching an Okta expression into groups of this baseline. */
export interface GroupRuleDefinition {
  readonly key: string;
  readonly name: string;
  /** An Okta expression language expression (`urn:okta:expression:1.0`). */
  readonly expression: string;
  /** Keys of the groups the rule assigns. */
  readonly assignTo: readonly string[];
}

/** A custom property of the default user profile. */
export interface UserSchemaPropertyDefinition {
  readonly key: string;
  /** The property's variable name in the profile (`user.<index>`). */
  readonly index: string;
  readonly title: string;
  readonly type: "string" | "boolean" | "integer" | "number";
  readonly description?: string;
  /** Default: false. */
  readonly required?: boolean;
  readonly master: "OKTA" | "PROFILE_MASTER";
  /** Default: NONE. */
  readonly scope?: "SELF" | "NONE";
  /** Default: READ_ONLY. */
  readonly permissions?: "READ_WRITE" | "READ_ONLY" | "HIDE";
}

/** A dynamic network zone (by country or by proxy type). */
export interface NetworkZoneDefinition {
  readonly key: string;
  readonly name: string;
  /** ISO country codes. Default: none. */
  readonly locations?: readonly string[];
  /** Default: none. */
  readonly proxyType?: "TorAnonymizer" | "NotTorAnonymizer" | "Any";
  /** Default: POLICY. */
  readonly usage?: "POLICY" | "BLOCKLIST";
}

export interface TrustedOriginDefinition {
  readonly key: string;
  readonly name: string;
  /** `scheme://host[:port]`. */
  readonly origin: string;
  readonly scopes: readonly ("CORS" | "REDIRECT" | "IFRAME_EMBED")[];
}

export interface AdminRoleDefinition {
  readonly key: string;
  readonly label: string;
  readonly description: string;
  readonly permissions: readonly string[];
}

export interface AuthenticatorDefinition {
  readonly key: string;
  readonly name: string;
  /** Okta's authenticator key (`okta_email`, `webauthn`, ...). */
  readonly authenticatorKey: string;
  /** Authenticator settings, sent as JSON. Default: Okta's. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** An inline hook; how Okta authenticates to its endpoint is the stack's (see `OktaOrgArgs.inlineHookAuth`). */
export interface InlineHookDefinition {
  readonly key: string;
  readonly name: string;
  /** The hook type, e.g. `com.okta.user.pre-registration`. */
  readonly type: string;
  readonly version: string;
  readonly uri: string;
  /** Header that carries the secret when the hook authenticates with a header. */
  readonly authHeader: string;
}

export interface UserDefinition {
  readonly key: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly login: string;
  readonly email: string;
  /** Default: none. */
  readonly department?: string;
}

/** Everything an org holds besides its apps. */
export interface OrgBaseline {
  readonly groups: readonly GroupDefinition[];
  readonly groupRules: readonly GroupRuleDefinition[];
  readonly userSchemaProperties: readonly UserSchemaPropertyDefinition[];
  readonly networkZones: readonly NetworkZoneDefinition[];
  readonly trustedOrigins: readonly TrustedOriginDefinition[];
  readonly adminRoles: readonly AdminRoleDefinition[];
  readonly authenticators: readonly AuthenticatorDefinition[];
  readonly inlineHooks: readonly InlineHookDefinition[];
  readonly users: readonly UserDefinition[];
}

/**
 * How Okta authenticates to an inline hook's endpoint: a secret header value, or OAuth 2.0 `private_key_jwt`,
 * where Okta signs a client assertion with a key pair it generates and keeps (an `okta.HookKey` the component
 * declares) and gets an access token from the endpoint owner's token URL. The second holds no secret anywhere.
 */
export type InlineHookAuth =
  | { readonly method: "header"; readonly value: pulumi.Input<string> }
  | {
      readonly method: "private_key_jwt";
      readonly clientId: string;
      readonly tokenUrl: string;
      readonly scope: string | undefined;
      /** An existing hook's id to take over at create instead of creating one. Default: none. */
      readonly adoptId?: string | undefined;
    };

export interface OktaOrgArgs {
  /** The org's subdomain (`dev-123456` for https://dev-123456.okta.com). Required. */
  readonly orgName: string;
  /** The Okta domain (`okta.com`, `oktapreview.com`, ...). Required. */
  readonly baseUrl: string;
  /** How the provider authenticates. Required; `{method: "environment"}` defers to the `OKTA_*` variables. */
  readonly auth: OktaAuth<pulumi.Input<string>>;
  /** The provider's rate-limit knobs. Required. */
  readonly rateLimits: RateLimits;
  /** Protect identity-bearing resources (groups, group rules, schema properties, users, authenticators). Default: false. */
  readonly protect?: boolean;
  /** The org baseline to declare. Required. */
  readonly baseline: OrgBaseline;
  /** What ThreatInsight does with requests from suspicious IPs: `audit` logs them, `block` denies them. Required. */
  readonly threatInsightAction: "audit" | "block";
  /** How Okta authenticates to each inline hook, by hook key. Required for every hook; pass header values as secrets. */
  readonly inlineHookAuth: Readonly<Record<string, InlineHookAuth>>;
}

/** Problems in a baseline definition (duplicate keys, dangling references), all at once. */
export function checkOrgBaseline(baseline: OrgBaseline, inlineHookKeys: readonly string[]): string[] {
  const problems = new DefinitionProblems();
  const groupKeys = new Set(baseline.groups.map((g) => g.key));
  assertUniqueKeys(problems, "groups", baseline.groups);
  if (groupKeys.has("everyone")) {
    problems.add(`groups: the key "everyone" is reserved for Okta's built-in Everyone group`);
  }
  assertUniqueKeys(problems, "groupRules", baseline.groupRules);
  for (const rule of baseline.groupRules) {
    for (const target of rule.assignTo) {
      if (!groupKeys.has(target)) {
        problems.add(`groupRules.${rule.key}.assignTo: no group with key "${target}"`);
      }
    }
  }
  assertUniqueKeys(problems, "userSchemaProperties", baseline.userSchemaProperties);
  assertUniqueKeys(problems, "networkZones", baseline.networkZones);
  assertUniqueKeys(problems, "trustedOrigins", baseline.trustedOrigins);
  assertUniqueKeys(problems, "adminRoles", baseline.adminRoles);
  assertUniqueKeys(problems, "authenticators", baseline.authenticators);
  assertUniqueKeys(problems, "inlineHooks", baseline.inlineHooks);
  for (const hook of baseline.inlineHooks) {
    if (!inlineHookKeys.includes(hook.key)) {
      problems.add(`inlineHooks.${hook.key}: no authentication was passed in inlineHookAuth`);
    }
  }
  assertUniqueKeys(problems, "users", baseline.users);
  return problems.list;
}

/**
 * One Okta org: the explicit provider for it, its ThreatInsight setting and the org baseline (groups, group
 * rules, user schema, network zones, trusted origins, admin roles, authenticators, inline hooks, users).
 */
export class OktaOrg extends OktaComponent {
  /** The explicit provider for this org; every Okta resource of the stack uses it. */
  readonly provider: okta.Provider;
  /** Group ids by group key, one output per group (for wiring apps and rules). */
  readonly groupIdsByKey: Readonly<Record<string, pulumi.Output<string>>>;
  /** Group ids by group key, as one output (for stack outputs). */
  readonly groupIds: pulumi.Output<Record<string, string>>;
  /** `https://<orgName>.<baseUrl>` */
  readonly orgUrl: string;

  constructor(name: string, args: OktaOrgArgs, opts?: pulumi.ComponentResourceOptions) {
    super("okta-mmod:org:OktaOrg", name, args.protect ?? false, opts);
    const problems = checkOrgBaseline(args.baseline, Object.keys(args.inlineHookAuth));
    if (problems.length > 0) {
      throw definitionError(`OktaOrg "${name}": invalid baseline:\n${problemList(problems)}`);
    }
    const { baseline } = args;
    this.orgUrl = `https://${args.orgName}.${args.baseUrl}`;

    const auth = args.auth;
    this.provider = new okta.Provider(
      `${name}-provider`,
      {
        orgName: args.orgName,
        baseUrl: args.baseUrl,
        ...(auth.method === "oauth"
          ? {
              clientId: auth.clientId,
              privateKeyId: auth.privateKeyId,
              privateKey: pulumi.secret(auth.privateKey),
              scopes: [...auth.scopes],
            }
          : {}),
        ...(auth.method === "apiToken" ? { apiToken: pulumi.secret(auth.apiToken) } : {}),
        maxApiCapacity: args.rateLimits.maxApiCapacity,
        backoff: args.rateLimits.backoff,
        minWaitSeconds: args.rateLimits.minWaitSeconds,
        maxWaitSeconds: args.rateLimits.maxWaitSeconds,
        maxRetries: args.rateLimits.maxRetries,
        requestTimeout: args.rateLimits.requestTimeout,
        parallelism: args.rateLimits.parallelism,
      },
      { parent: this },
    );

    const groups: Record<string, okta.group.Group> = {};
    for (const g of baseline.groups) {
      groups[g.key] = new okta.group.Group(
        `${name}-group-${g.key}`,
        { name: g.name, description: g.description },
        this.childOpts("okta:group/group:Group"),
      );
    }
    const groupId = (key: string) => (groups[key] as okta.group.Group).id;

    for (const rule of baseline.groupRules) {
      new okta.group.Rule(
        `${name}-group-rule-${rule.key}`,
        {
          name: rule.name,
          status: "ACTIVE",
          expressionType: "urn:okta:expression:1.0",
          expressionValue: rule.expression,
          groupAssignments: rule.assignTo.map(groupId),
        },
        this.childOpts("okta:group/rule:Rule"),
      );
    }

    for (const p of baseline.userSchemaProperties) {
      new okta.UserSchemaProperty(
        `${name}-schema-${p.key}`,
        {
          index: p.index,
          title: p.title,
          type: p.type,
          description: p.description,
          required: p.required ?? false,
          master: p.master,
          scope: p.scope ?? "NONE",
          permissions: p.permissions ?? "READ_ONLY",
        },
        this.childOpts("okta:index/userSchemaProperty:UserSchemaProperty"),
      );
    }

    for (const zone of baseline.networkZones) {
      new okta.network.Zone(
        `${name}-zone-${zone.key}`,
        {
          name: zone.name,
          type: "DYNAMIC",
          dynamicLocations: zone.locations ? [...zone.locations] : undefined,
          dynamicProxyType: zone.proxyType,
          usage: zone.usage ?? "POLICY",
        },
        this.childOpts("okta:network/zone:Zone"),
      );
    }

    for (const origin of baseline.trustedOrigins) {
      new okta.trustedorigin.Origin(
        `${name}-origin-${origin.key}`,
        { name: origin.name, origin: origin.origin, scopes: origin.scopes.map((type) => ({ type })) },
        this.childOpts("okta:trustedorigin/origin:Origin"),
      );
    }

    for (const role of baseline.adminRoles) {
      new okta.AdminRoleCustom(
        `${name}-admin-role-${role.key}`,
        { label: role.label, description: role.description, permissions: [...role.permissions] },
        this.childOpts("okta:index/adminRoleCustom:AdminRoleCustom"),
      );
    }

    for (const a of baseline.authenticators) {
      new okta.Authenticator(
        `${name}-authenticator-${a.key}`,
        {
          name: a.name,
          key: a.authenticatorKey,
          settings: a.settings === undefined ? undefined : JSON.stringify(a.settings),
        },
        this.childOpts("okta:index/authenticator:Authenticator"),
      );
    }

    for (const hook of baseline.inlineHooks) {
      const auth = args.inlineHookAuth[hook.key] as InlineHookAuth;
      const base = { name: hook.name, type: hook.type, version: hook.version, status: "ACTIVE" };
      const hookName = `${name}-hook-${hook.key}`;
      if (auth.method === "header") {
        new okta.inline.Hook(
          hookName,
          {
            ...base,
            channel: { type: "HTTP", version: hook.version, uri: hook.uri, method: "POST" },
            auth: { key: hook.authHeader, type: "HEADER", value: pulumi.secret(auth.value) },
          },
          // The provider does not mark `auth` secret in state by itself.
          this.childOpts("okta:inline/hook:Hook", { additionalSecretOutputs: ["auth"] }),
        );
        continue;
      }
      // Okta generates the key pair and keeps the private key: only its id and public half ever leave Okta.
      const key = new okta.HookKey(
        `${name}-hook-key-${hook.key}`,
        { name: hook.name },
        this.childOpts("okta:index/hookKey:HookKey"),
      );
      // Not okta.inline.Hook: its provider drops hookKeyId (components/oauthInlineHook.ts says why and until when).
      new OAuthInlineHook(
        hookName,
        {
          ...base,
          status: "ACTIVE" as const,
          orgUrl: this.orgUrl,
          channel: {
            type: "OAUTH",
            version: hook.version,
            config: {
              uri: hook.uri,
              method: "POST",
              authType: "private_key_jwt",
              hookKeyId: key.id,
              clientId: auth.clientId,
              tokenUrl: auth.tokenUrl,
              ...(auth.scope === undefined ? {} : { scope: auth.scope }),
            },
          },
          ...(auth.adoptId === undefined ? {} : { adoptId: auth.adoptId }),
        },
        this.dynamicChildOpts(OAUTH_INLINE_HOOK_TYPE),
      );
    }

    new okta.ThreatInsightSettings(
      `${name}-threat-insight`,
      { action: args.threatInsightAction },
      this.childOpts("okta:index/threatInsightSettings:ThreatInsightSettings"),
    );

    for (const u of baseline.users) {
      new okta.user.User(
        `${name}-user-${u.key}`,
        {
          firstName: u.firstName,
          lastName: u.lastName,
          login: u.login,
          email: u.email,
          department: u.department,
          status: "ACTIVE",
        },
        this.childOpts("okta:user/user:User"),
      );
    }

    this.groupIdsByKey = Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, g.id]));
    this.groupIds = pulumi.output(this.groupIdsByKey);
    this.registerOutputs({ orgUrl: this.orgUrl, groupIds: this.groupIds });
  }

  protected get oktaProvider(): pulumi.ProviderResource {
    return this.provider;
  }
}
