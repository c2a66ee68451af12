import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { EXIT } from "../tools/plan";
import { ConfigError, parseStackConfig, RawStackConfig, SECRET_KEYS, StackConfig } from "../config/parse";
import { endpointKeys } from "../definitions/catalogue";
import { FIXTURE_CATALOGUE } from "./fixtures/catalogue";
import {
  ENVIRONMENT_PROFILES,
  EnvironmentName,
  EnvironmentProfile,
  STRICTEST_ENVIRONMENT,
  atLeastAsStrict,
  isEnvironmentName,
} from "../config/environments";
import { STACK_PROFILES, boundProfile } from "../config/stackProfiles";
import { listStacks, readStackFile } from "../offline/stackFile";
import { APP_CATALOGUE } from "../definitions/apps";
import { PROJECT_DIR, planOneStack, stackFrames, testApps, testAudiences } from "./support";

const APPS = {
  "customer-portal": { baseUrl: "https://portal.example.com" },
  "super-widget": { baseUrl: "https://widget.example.com" },
  "example-portal": { baseUrl: "https://example.example.com" },
  "my-app": { baseUrl: "https://myapp.example.com" },
};

/** The fixture catalogue's authorization servers, each with the audience this org's tokens name. */
const AUDIENCES = { "customer-portal": ["api://portal.example.com"], test: ["https://api.example.com/test"] };
const SERVER_KEYS = FIXTURE_CATALOGUE.authServers.map((s) => s.key);

const VALID: Record<string, string> = {
  environment: "prod",
  orgName: "dev-987654",
  apps: JSON.stringify(APPS),
  audiences: JSON.stringify(AUDIENCES),
  // A prod stack deploys only through a GitHub environment the program manages.
  delivery: JSON.stringify({
    repository: "iatcore/okta-mmod",
    branch: "prod",
    github: { reviewerTeams: ["okta-admins"] },
  }),
};

/** A dev stack: it may hold its Okta service app in its config (a prod-profile stack may not). */
const DEV: Record<string, string> = { ...VALID, environment: "dev" };

/** Secret keys are encrypted unless a test says otherwise. */
function raw(values: Record<string, string | undefined>, plainSecrets: string[] = []): RawStackConfig {
  const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  const encrypted = new Set(
    [...SECRET_KEYS].filter((k) => k in defined && !plainSecrets.includes(k)).map((k) => `okta-mmod:${k}`),
  );
  return { stack: "test", values: defined, encrypted };
}

// The fixture stack "test" is bound to the least strict profile, so these cases exercise the stack file alone;
// the binding has its own cases below.
const parse = (values: Record<string, string | undefined>, plainSecrets: string[] = []): StackConfig<string> =>
  parseStackConfig(
    raw(values, plainSecrets),
    endpointKeys(FIXTURE_CATALOGUE),
    (key) => `<secret ${key}>`,
    "dev",
    SERVER_KEYS,
  );

/** The problems a config produces, as the lines users read. */
function problemsOf(values: Record<string, string | undefined>, plainSecrets: string[] = []): string[] {
  try {
    parse(values, plainSecrets);
  } catch (err) {
    if (err instanceof ConfigError) {
      return err.problems.map((p) => `${p.path}: got ${p.got}; expected ${p.expected}`);
    }
    throw err;
  }
  throw new Error("expected a ConfigError");
}

const RATE_KEYS = "maxApiCapacity, backoff, minWaitSeconds, maxWaitSeconds, maxRetries, requestTimeout, parallelism";
const PROD_URL = "an absolute https:// URL on a non-loopback host with no query, fragment or trailing slash";

describe("config loader", () => {
  describe("valid configuration", () => {
    it("takes each authorization server's audiences from the stack file, as given", () => {
      expect(parse(VALID).audiences).to.deep.equal(AUDIENCES);
    });

    it("applies the prod profile's defaults: protected, half the API capacity, provider defaults", () => {
      const config = parse(VALID);
      expect(config.environment).to.equal("prod");
      expect(config.protectResources).to.equal(true);
      expect(config.baseUrl).to.equal("okta.com");
      expect(config.orgUrl).to.equal("https://dev-987654.okta.com");
      expect(config.rateLimits).to.deep.equal({
        maxApiCapacity: 50,
        backoff: true,
        minWaitSeconds: 30,
        maxWaitSeconds: 300,
        maxRetries: 5,
        requestTimeout: 0,
        parallelism: 1,
      });
      expect(config.auth).to.deep.equal({ method: "environment" });
      expect(config.apps["my-app"]).to.deep.equal({ baseUrl: "https://myapp.example.com", extraRedirectUris: [] });
    });

    it("applies the dev profile's defaults: unprotected, full API capacity, loopback URIs allowed", () => {
      const apps = { ...APPS, "my-app": { baseUrl: "http://localhost:3000" } };
      const config = parse({ ...VALID, environment: "dev", apps: JSON.stringify(apps) });
      expect(config.protectResources).to.equal(false);
      expect(config.rateLimits.maxApiCapacity).to.equal(100);
      expect(config.apps["my-app"]?.baseUrl).to.equal("http://localhost:3000");
    });

    it("takes explicit values over defaults", () => {
      const config = parse({
        ...VALID,
        baseUrl: "oktapreview.com",
        protectResources: "false",
        rateLimits: JSON.stringify({ maxApiCapacity: 25, maxRetries: 0, parallelism: 4 }),
      });
      expect(config.protectResources).to.equal(false);
      expect(config.orgUrl).to.equal("https://dev-987654.oktapreview.com");
      expect(config.rateLimits.maxApiCapacity).to.equal(25);
      expect(config.rateLimits.maxRetries).to.equal(0);
      expect(config.rateLimits.parallelism).to.equal(4);
      expect(config.rateLimits.minWaitSeconds).to.equal(30);
    });

    it("reads OAuth 2.0 service app authentication, with the private key as a secret", () => {
      const config = parse({
        ...DEV,
        clientId: "0oa1b2c3d4e5f6g7h8i9",
        privateKeyId: "kid-1",
        privateKey: "",
        scopes: JSON.stringify(["okta.groups.manage", "okta.apps.manage"]),
      });
      expect(config.auth).to.deep.equal({
        method: "oauth",
        clientId: "0oa1b2c3d4e5f6g7h8i9",
        privateKeyId: "kid-1",
        privateKey: "<secret privateKey>",
        scopes: ["okta.groups.manage", "okta.apps.manage"],
      });
    });

    it("reads the legacy API token as a secret", () => {
      expect(parse({ ...DEV, apiToken: "" }).auth).to.deep.equal({
        method: "apiToken",
        apiToken: "<secret apiToken>",
      });
    });
  });

  describe("bad configuration: one problem each, with key path, value and what is allowed", () => {
    const cases: { name: string; values: Record<string, string | undefined>; plain?: string[]; expected: string[] }[] =
      [
        {
          name: "environment not set",
          values: { ...VALID, environment: undefined },
          expected: ["okta-mmod:environment: got nothing (the key is not set); expected one of: dev, prod"],
        },
        {
          name: "unknown environment",
          values: { ...VALID, environment: "staging" },
          expected: ['okta-mmod:environment: got "staging"; expected one of: dev, prod'],
        },
        {
          name: "org name with capitals and underscore",
          values: { ...VALID, orgName: "Dev_123" },
          expected: [
            `okta-mmod:orgName: got "Dev_123"; expected the org's subdomain, e.g. dev-123456 (lowercase letters, digits, hyphens)`,
          ],
        },
        {
          name: "base URL with a scheme",
          values: { ...VALID, baseUrl: "https://okta.com" },
          expected: [
            'okta-mmod:baseUrl: got "https://okta.com"; expected an Okta domain without scheme or path, one of: okta.com, oktapreview.com, okta-emea.com, okta-gov.com, okta.mil, okta-miltest.com, trexcloud.com',
          ],
        },
        {
          name: "API capacity above 100",
          values: { ...VALID, rateLimits: '{"maxApiCapacity":150}' },
          expected: [
            "okta-mmod:rateLimits.maxApiCapacity: got 150; expected an integer from 1 to 100 (percent of the org's API rate limit the provider may use)",
          ],
        },
        {
          name: "fractional retry count",
          values: { ...VALID, rateLimits: '{"maxRetries":2.5}' },
          expected: ["okta-mmod:rateLimits.maxRetries: got 2.5; expected an integer from 0 to 100"],
        },
        {
          name: "backoff as a string",
          values: { ...VALID, rateLimits: '{"backoff":"yes"}' },
          expected: ['okta-mmod:rateLimits.backoff: got "yes"; expected true or false'],
        },
        {
          name: "misspelt rate-limit key",
          values: { ...VALID, rateLimits: '{"maxApiCap":5}' },
          expected: [`okta-mmod:rateLimits.maxApiCap: got 5; expected a known key, one of: ${RATE_KEYS}`],
        },
        {
          name: "max wait below min wait",
          values: { ...VALID, rateLimits: '{"minWaitSeconds":60,"maxWaitSeconds":30}' },
          expected: [
            "okta-mmod:rateLimits.maxWaitSeconds: got 30; expected an integer no smaller than minWaitSeconds (60)",
          ],
        },
        {
          name: "rate limits that are not an object",
          values: { ...VALID, rateLimits: "fast" },
          expected: [
            'okta-mmod:rateLimits: got "fast"; expected an object of rate-limit settings (set it as structured YAML, or with --path)',
          ],
        },
        {
          name: "audiences not set",
          values: { ...VALID, audiences: undefined },
          expected: [
            "okta-mmod:audiences: got nothing (the key is not set); expected an object with the audience of each authorization server of the catalogue: customer-portal, test",
          ],
        },
        {
          name: "audiences that are not structured",
          values: { ...VALID, audiences: "api://portal.example.com" },
          expected: [
            'okta-mmod:audiences: got "api://portal.example.com"; expected an object with the audience of each authorization server (set it as structured YAML, or with --path)',
          ],
        },
        {
          name: "a server missing and an unknown server",
          values: {
            ...VALID,
            audiences: JSON.stringify({ ...AUDIENCES, test: undefined, tests: ["api://t.example"] }),
          },
          expected: [
            'okta-mmod:audiences.test: got nothing (the key is not set); expected a list of exactly one audience (an Okta authorization server takes a single audience), an absolute URI of at most 1024 ASCII characters, without spaces, e.g. "api://example.com"',
            'okta-mmod:audiences.tests: got ["api://t.example"]; expected a known key, one of: customer-portal, test; did you mean "test"?',
          ],
        },
        {
          name: "audiences that are no absolute URI, or two for one server (Okta takes a single audience)",
          values: {
            ...VALID,
            audiences: JSON.stringify({
              "customer-portal": ["api://portal.example.com", "api://partners.example.com"],
              test: ["api:// portal"],
              other: ["portal.example.com"],
            }),
          },
          expected: [
            'okta-mmod:audiences.customer-portal: got ["api://portal.example.com","api://partners.example.com"]; expected a list of exactly one audience (an Okta authorization server takes a single audience), an absolute URI of at most 1024 ASCII characters, without spaces, e.g. "api://example.com"',
            'okta-mmod:audiences.test[0]: got "api:// portal"; expected an absolute URI of at most 1024 ASCII characters, without spaces, e.g. "api://example.com"',
            'okta-mmod:audiences.other: got ["portal.example.com"]; expected a known key, one of: customer-portal, test',
          ],
        },
        {
          name: "one audience twice, and one that is not text",
          values: {
            ...VALID,
            audiences: JSON.stringify({
              "customer-portal": ["api://portal.example.com", "api://portal.example.com"],
              test: [42],
            }),
          },
          expected: [
            'okta-mmod:audiences.customer-portal: got ["api://portal.example.com","api://portal.example.com"]; expected a list of exactly one audience (an Okta authorization server takes a single audience), an absolute URI of at most 1024 ASCII characters, without spaces, e.g. "api://example.com"',
            'okta-mmod:audiences.test[0]: got 42; expected an absolute URI of at most 1024 ASCII characters, without spaces, e.g. "api://example.com"',
          ],
        },
        {
          name: "a single audience not given as a list",
          values: { ...VALID, audiences: JSON.stringify({ ...AUDIENCES, test: "api://test.example.com" }) },
          expected: [
            'okta-mmod:audiences.test: got "api://test.example.com"; expected a list of exactly one audience (an Okta authorization server takes a single audience), an absolute URI of at most 1024 ASCII characters, without spaces, e.g. "api://example.com"',
          ],
        },
        {
          name: "an empty list of audiences",
          values: { ...VALID, audiences: JSON.stringify({ ...AUDIENCES, test: [] }) },
          expected: [
            'okta-mmod:audiences.test: got []; expected a list of exactly one audience (an Okta authorization server takes a single audience), an absolute URI of at most 1024 ASCII characters, without spaces, e.g. "api://example.com"',
          ],
        },
        {
          name: "apps not set",
          values: { ...VALID, apps: undefined },
          expected: [
            "okta-mmod:apps: got nothing (the key is not set); expected an object with one entry per app: customer-portal, super-widget, example-portal, my-app",
          ],
        },
        {
          name: "an app missing and an unknown app",
          values: {
            ...VALID,
            apps: JSON.stringify({ ...APPS, "my-app": undefined, "my-ap": { baseUrl: "https://x.example.com" } }),
          },
          expected: [
            "okta-mmod:apps.my-app: got nothing (the key is not set); expected an object with baseUrl (and optionally extraRedirectUris)",
            'okta-mmod:apps.my-ap: got {"baseUrl":"https://x.example.com"}; expected a known key, one of: customer-portal, super-widget, example-portal, my-app; did you mean "my-app"?',
          ],
        },
        {
          name: "plain http in prod",
          values: { ...VALID, apps: JSON.stringify({ ...APPS, "my-app": { baseUrl: "http://myapp.example.com" } }) },
          expected: [`okta-mmod:apps.my-app.baseUrl: got "http://myapp.example.com"; expected ${PROD_URL}`],
        },
        {
          name: "loopback in prod, even over https",
          values: {
            ...VALID,
            apps: JSON.stringify({
              ...APPS,
              "customer-portal": {
                baseUrl: "https://portal.example.com",
                extraRedirectUris: ["https://127.0.0.1:8443/cb"],
              },
            }),
          },
          expected: [
            `okta-mmod:apps.customer-portal.extraRedirectUris[0]: got "https://127.0.0.1:8443/cb"; expected ${PROD_URL}`,
          ],
        },
        {
          name: "plain http on a real host in dev",
          values: {
            ...VALID,
            environment: "dev",
            apps: JSON.stringify({ ...APPS, "my-app": { baseUrl: "http://myapp.example.com" } }),
          },
          expected: [
            'okta-mmod:apps.my-app.baseUrl: got "http://myapp.example.com"; expected an absolute https:// URL (http:// only on localhost, 127.0.0.1 or [::1]) with no query, fragment or trailing slash',
          ],
        },
        {
          name: "trailing slash and query string",
          values: {
            ...VALID,
            apps: JSON.stringify({
              ...APPS,
              "super-widget": { baseUrl: "https://widget.example.com/" },
              "my-app": { baseUrl: "https://myapp.example.com?x=1" },
            }),
          },
          expected: [
            `okta-mmod:apps.super-widget.baseUrl: got "https://widget.example.com/"; expected ${PROD_URL} (did you mean "https://widget.example.com"?)`,
            `okta-mmod:apps.my-app.baseUrl: got "https://myapp.example.com?x=1"; expected ${PROD_URL} (did you mean "https://myapp.example.com"?)`,
          ],
        },
        {
          name: "unknown app field",
          values: {
            ...VALID,
            apps: JSON.stringify({ ...APPS, "my-app": { baseUrl: "https://a.example.com", url: 1 } }),
          },
          expected: ["okta-mmod:apps.my-app.url: got 1; expected a known key, one of: baseUrl, extraRedirectUris"],
        },
        {
          name: "a secret stored in plain text (its value is never shown)",
          values: { ...DEV, apiToken: "" },
          plain: ["apiToken"],
          expected: [
            "okta-mmod:apiToken: got [secret] stored in plain text; expected an encrypted value: remove it from the stack file, rotate it, and run pulumi config set --secret okta-mmod:apiToken",
          ],
        },
        {
          name: "OAuth client id without key and scopes",
          values: { ...DEV, clientId: "0oa1b2c3" },
          expected: [
            "okta-mmod:privateKey: got nothing (the key is not set); expected a value: the OAuth 2.0 service app needs clientId, privateKey (secret) and scopes together",
            "okta-mmod:scopes: got nothing (the key is not set); expected a value: the OAuth 2.0 service app needs clientId, privateKey (secret) and scopes together",
          ],
        },
        {
          name: "OAuth keys and an API token together",
          values: { ...DEV, clientId: "0oa1b2c3", privateKey: "", scopes: '["okta.apps.manage"]', apiToken: "" },
          expected: [
            "okta-mmod:apiToken: got [secret]; expected no value when the OAuth 2.0 service app keys are set (use one method)",
          ],
        },
        {
          name: "scopes that are not Okta API scopes",
          values: { ...DEV, clientId: "0oa1b2c3", privateKey: "", scopes: '["okta.apps.manage","groups"]' },
          expected: ['okta-mmod:scopes[1]: got "groups"; expected an Okta API scope such as "okta.groups.manage"'],
        },
        {
          name: "empty scope list",
          values: { ...DEV, clientId: "0oa1b2c3", privateKey: "", scopes: "[]" },
          expected: ["okta-mmod:scopes: got []; expected at least one Okta API scope"],
        },
        {
          name: "protection switch that is not a boolean",
          values: { ...VALID, protectResources: "yes" },
          expected: ['okta-mmod:protectResources: got "yes"; expected true or false'],
        },
        {
          name: "hook secret not set for a header-authenticated hook",
          values: { ...DEV, registrationHook: '{"url":"https://hooks.example.com/registration","method":"header"}' },
          expected: [
            'okta-mmod:registrationHookAuth: got nothing (the key is not set); expected the registration inline hook\'s Authorization header value, because okta-mmod:registrationHook.method is "header": pulumi config set --secret okta-mmod:registrationHookAuth',
          ],
        },
        {
          name: "a misspelt key",
          values: { ...VALID, orgname: "dev-1" },
          expected: [
            "okta-mmod:orgname: got a value; expected one of the program's keys: environment, orgName, baseUrl, clientId, privateKeyId, scopes, rateLimits, apps, appsFile, audiences, protectResources, registrationHook, adminUser, delivery, privateKey, apiToken, registrationHookAuth, githubToken, tfeToken, tfcNotificationUrl, pulumiAccessToken; did you mean okta-mmod:orgName?",
          ],
        },
      ];

    for (const c of cases) {
      it(c.name, () => {
        expect(problemsOf(c.values, c.plain)).to.deep.equal(c.expected);
      });
    }
  });

  describe("delivery settings", () => {
    const DELIVERY = {
      repository: "iatcore/okta-mmod",
      branch: "prod",
      github: { ownsRepository: true, protectedBranches: ["preview", "prod"], reviewerTeams: ["okta-admins"] },
      terraformCloud: {
        organization: "iatcore",
        oauthTokenId: "ot-abc123",
        notification: { type: "email", emailUserIds: ["user-A1b2C3"] },
      },
      deployments: { organization: "iatcore" },
    };
    // Prod's notification is an email: it needs no secret.
    const TOKENS = {};
    const WEBHOOK_URL = { tfcNotificationUrl: "" };
    const URL_REFUSED =
      "okta-mmod:tfcNotificationUrl: got [secret]; expected no value in a prod-profile stack's config: any token that can read the stack (a pull request's preview, the drift check) can decrypt it, and the webhook URL is its own credential. Send prod's drift notification by email instead (okta-mmod:delivery.terraformCloud.notification: {type: email, emailUserIds: [user-...]}), remove this key (pulumi config rm okta-mmod:tfcNotificationUrl) and revoke the webhook: earlier versions of the state hold it";
    const webhookRefused = (type: string) =>
      `okta-mmod:delivery.terraformCloud.notification.type: got "${type}"; expected email (with emailUserIds): a prod-grade stack's notification needs no secret. A ${type} webhook's URL is a bearer secret kept in the stack's config and state, where every token that can read the stack (a pull request's preview, the drift check) can decrypt it`;
    const withDelivery = (delivery: unknown, extra: Record<string, string | undefined> = TOKENS) => ({
      ...VALID,
      ...extra,
      delivery: JSON.stringify(delivery),
    });

    it("applies prod's delivery defaults", () => {
      const config = parse(withDelivery(DELIVERY));
      expect(config.delivery).to.deep.equal({
        owner: "iatcore",
        repository: "okta-mmod",
        branch: "prod",
        github: {
          ownsRepository: true,
          adoptExistingRepository: true,
          protectedBranches: ["preview", "prod"],
          prodBranch: "prod",
          defaultBranch: "prod",
          requiredChecks: ["test", "preview"],
          reviewerTeams: ["okta-admins"],
        },
        terraformCloud: {
          organization: "iatcore",
          hostname: "app.terraform.io",
          oauthTokenId: "ot-abc123",
          workspace: "okta-terraform-ref-test",
          autoApply: false,
          assessments: true,
          notification: { type: "email", emailUserIds: ["user-A1b2C3"] },
        },
        deployments: {
          organization: "iatcore",
          deployOnPush: false,
          executorImage: undefined,
          driftSchedule: "0 13 * * *",
        },
      });
    });

    it("applies dev's delivery defaults: auto-apply, deploy on push, no drift schedule", () => {
      const dev = parse(
        withDelivery(
          {
            ...DELIVERY,
            branch: "preview",
            github: {},
            terraformCloud: { organization: "iatcore", oauthTokenId: "ot-abc123" },
          },
          {
            ...TOKENS,
            environment: "dev",
            tfcNotificationUrl: undefined,
          },
        ),
      );
      expect(dev.delivery?.terraformCloud?.autoApply).to.equal(true);
      expect(dev.delivery?.terraformCloud?.assessments).to.equal(false);
      expect(dev.delivery?.deployments).to.deep.equal({
        organization: "iatcore",
        deployOnPush: true,
        executorImage: undefined,
        driftSchedule: null,
      });
    });

    const cases: { name: string; delivery: unknown; extra?: Record<string, string | undefined>; expected: string[] }[] =
      [
        {
          name: "prod without reviewers, an owner without its prod branch, prod's workspace without notifications",
          delivery: {
            ...DELIVERY,
            github: { ownsRepository: true, protectedBranches: ["preview"] },
            terraformCloud: { organization: "iatcore", oauthTokenId: "ot-abc123" },
          },
          extra: { ...TOKENS, tfcNotificationUrl: undefined },
          expected: [
            'okta-mmod:delivery.github.protectedBranches: got ["preview"]; expected a list that includes the prod branch "prod"',
            "okta-mmod:delivery.github.reviewerTeams: got nothing (the key is not set); expected at least one GitHub team slug: prod deployments need required reviewers",
            "okta-mmod:delivery.terraformCloud.notification: got nothing (the key is not set); expected a notification ({type: email, emailUserIds: [user-...]}): prod reports drift and failed assessments",
          ],
        },
        {
          name: "a repository owner with no branches to protect",
          delivery: { ...DELIVERY, github: { ownsRepository: true, reviewerTeams: ["okta-admins"] } },
          expected: [
            "okta-mmod:delivery.github.protectedBranches: got nothing (the key is not set); expected the long-lived branches to protect (e.g. [preview, prod]): this stack owns the repository",
          ],
        },
        {
          name: "a dev webhook notification's URL missing",
          delivery: { ...DELIVERY, terraformCloud: { ...DELIVERY.terraformCloud, notification: { type: "slack" } } },
          extra: { environment: "dev" },
          expected: [
            "okta-mmod:tfcNotificationUrl: got nothing (the key is not set); expected a value, because okta-mmod:delivery enables the part that uses it: pulumi config set --secret okta-mmod:tfcNotificationUrl",
          ],
        },
        {
          name: "dev keeps its webhooks: slack, generic and microsoft-teams with the URL",
          delivery: {
            ...DELIVERY,
            terraformCloud: { ...DELIVERY.terraformCloud, notification: { type: "microsoft-teams" } },
          },
          extra: { ...WEBHOOK_URL, environment: "dev" },
          expected: [],
        },
        {
          name: "prod refuses a webhook and its URL, both named at once",
          delivery: { ...DELIVERY, terraformCloud: { ...DELIVERY.terraformCloud, notification: { type: "slack" } } },
          extra: WEBHOOK_URL,
          expected: [URL_REFUSED, webhookRefused("slack")],
        },
        {
          name: "prod refuses a generic webhook without asking for the URL it may not hold",
          delivery: { ...DELIVERY, terraformCloud: { ...DELIVERY.terraformCloud, notification: { type: "generic" } } },
          extra: {},
          expected: [webhookRefused("generic")],
        },
        {
          name: "prod refuses a Teams webhook",
          delivery: {
            ...DELIVERY,
            terraformCloud: { ...DELIVERY.terraformCloud, notification: { type: "microsoft-teams" } },
          },
          extra: {},
          expected: [webhookRefused("microsoft-teams")],
        },
        {
          name: "a leftover notification URL in prod's config, with an email notification",
          delivery: DELIVERY,
          extra: WEBHOOK_URL,
          expected: [URL_REFUSED],
        },
        {
          name: "an email to nobody",
          delivery: {
            ...DELIVERY,
            terraformCloud: { ...DELIVERY.terraformCloud, notification: { type: "email", emailUserIds: [] } },
          },
          extra: {},
          expected: [
            "okta-mmod:delivery.terraformCloud.notification.emailUserIds: got []; expected at least one Terraform Cloud user id (user-..., from the organization's Users page): who the email goes to",
          ],
        },
        {
          name: "a malformed user id and an address where an id belongs",
          delivery: {
            ...DELIVERY,
            terraformCloud: {
              ...DELIVERY.terraformCloud,
              notification: { type: "email", emailUserIds: ["user-ok1", "admin@iatcore.com"] },
            },
          },
          extra: {},
          expected: [
            'okta-mmod:delivery.terraformCloud.notification.emailUserIds[1]: got "admin@iatcore.com"; expected a Terraform Cloud user id, user-...',
          ],
        },
        {
          name: "an unknown destination type",
          delivery: {
            ...DELIVERY,
            terraformCloud: { ...DELIVERY.terraformCloud, notification: { type: "pagerduty" } },
          },
          extra: {},
          expected: [
            'okta-mmod:delivery.terraformCloud.notification.type: got "pagerduty"; expected slack, generic, microsoft-teams, email',
          ],
        },
        {
          name: "user ids on a dev webhook",
          delivery: {
            ...DELIVERY,
            terraformCloud: {
              ...DELIVERY.terraformCloud,
              notification: { type: "slack", emailUserIds: ["user-A1b2C3"] },
            },
          },
          extra: { ...WEBHOOK_URL, environment: "dev" },
          expected: [
            'okta-mmod:delivery.terraformCloud.notification.emailUserIds: got ["user-A1b2C3"]; expected nothing: a slack notification posts to the URL okta-mmod:tfcNotificationUrl, not to users (type email sends to users)',
          ],
        },
        {
          name: "a default branch anyone may push to (the drift alerts' environment admits it)",
          delivery: { ...DELIVERY, github: { ...DELIVERY.github, defaultBranch: "main" } },
          expected: [
            'okta-mmod:delivery.github.defaultBranch: got "main"; expected one of the protected branches (preview, prod): the drift alerts\' environment "drift-alerts" admits the default branch, and a branch anyone could push to would hand its own copy of the drift workflow the Slack webhook (default: the prod branch)',
          ],
        },
        {
          name: "a disabled part needs no secret",
          delivery: { ...DELIVERY, terraformCloud: { ...DELIVERY.terraformCloud, enabled: false } },
          extra: {},
          expected: [],
        },
        {
          name: "prod with its GitHub environment switched off, and deploying on push",
          delivery: {
            ...DELIVERY,
            github: { ...DELIVERY.github, enabled: false },
            deployments: { organization: "iatcore", deployOnPush: true },
          },
          extra: TOKENS,
          expected: [
            `okta-mmod:delivery.github.enabled: got false; expected true or nothing: a prod stack deploys only through a protected GitHub environment the program manages`,
            "okta-mmod:delivery.deployments.deployOnPush: got true; expected false or nothing: a prod stack deploys only through its protected GitHub environment, after a reviewer approves",
          ],
        },
        {
          name: "prod without a github section",
          delivery: { repository: "iatcore/okta-mmod", branch: "prod" },
          extra: {},
          expected: [
            "okta-mmod:delivery.github: got nothing (the key is not set); expected the stack's GitHub environment settings (with reviewerTeams): a prod stack deploys only through a protected GitHub environment the program manages",
          ],
        },
        {
          name: "malformed values, an unknown key, a bad cron",
          delivery: {
            ...DELIVERY,
            repository: "okta-mmod",
            github: { ...DELIVERY.github, owner: "iatcore" },
            terraformCloud: { ...DELIVERY.terraformCloud, oauthTokenId: "token-1" },
            deployments: { organization: "iatcore", driftSchedule: "daily", executorImage: "Not An Image" },
          },
          expected: [
            'okta-mmod:delivery.repository: got "okta-mmod"; expected the GitHub repository as owner/name, e.g. iatcore/okta-mmod',
            'okta-mmod:delivery.github.owner: got "iatcore"; expected a known key, one of: enabled, ownsRepository, adoptExistingRepository, protectedBranches, prodBranch, defaultBranch, requiredChecks, reviewerTeams',
            `okta-mmod:delivery.terraformCloud.oauthTokenId: got "token-1"; expected the id of the organization's VCS OAuth token, ot-...`,
            'okta-mmod:delivery.deployments.executorImage: got "Not An Image"; expected a container image reference, e.g. pulumi/pulumi-nodejs-22:latest',
            'okta-mmod:delivery.deployments.driftSchedule: got "daily"; expected a five-field cron schedule in UTC, e.g. 0 13 * * * (minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-7)',
          ],
        },
      ];
    for (const c of cases) {
      it(c.name, () => {
        const values = withDelivery(c.delivery, c.extra);
        if (c.expected.length === 0) {
          expect(() => parse(values)).to.not.throw();
        } else {
          expect(problemsOf(values)).to.deep.equal(c.expected);
        }
      });
    }

    it("gives prod's delivery rules to any profile at least as strict as prod, by rank, not by name", () => {
      // A team adds a stricter profile (the README invites it); it must not lose prod's reviewers and no-push rule.
      const profiles = ENVIRONMENT_PROFILES as unknown as Record<string, EnvironmentProfile>;
      profiles.critical = { ...ENVIRONMENT_PROFILES.prod, strictness: ENVIRONMENT_PROFILES.prod.strictness + 1 };
      try {
        const values = withDelivery({
          ...DELIVERY,
          github: { ...DELIVERY.github, enabled: false },
          deployments: { organization: "iatcore", deployOnPush: true },
        });
        const problems = (bound: string) => {
          try {
            parseStackConfig(
              raw({ ...values, environment: bound }),
              endpointKeys(FIXTURE_CATALOGUE),
              (key) => `<secret ${key}>`,
              bound as EnvironmentName,
              SERVER_KEYS,
            );
          } catch (err) {
            if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: expected ${p.expected}`);
            throw err;
          }
          return [];
        };
        expect(problems("critical")).to.deep.equal([
          "okta-mmod:delivery.github.enabled: expected true or nothing: a prod stack deploys only through a protected GitHub environment the program manages",
          "okta-mmod:delivery.deployments.deployOnPush: expected false or nothing: a prod stack deploys only through its protected GitHub environment, after a reviewer approves",
        ]);
        expect(problems("critical")).to.deep.equal(problems("prod"));
      } finally {
        delete profiles.critical;
      }
    });
  });

  it("reports every problem at once, in one message", () => {
    let error: unknown;
    try {
      parse({
        environment: "qa",
        orgName: "",
        apps: JSON.stringify({ ...APPS, "my-app": { baseUrl: "ftp://x" } }),
        rateLimits: '{"parallelism":0}',
        audiences: JSON.stringify({ ...AUDIENCES, test: ["api:// test"] }),
      });
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as ConfigError).message).to.equal(
      [
        'Stack "test" has 5 configuration problems:',
        '  - okta-mmod:environment: got "qa"; expected one of: dev, prod',
        `  - okta-mmod:orgName: got ""; expected the org's subdomain, e.g. dev-123456 (lowercase letters, digits, hyphens)`,
        "  - okta-mmod:rateLimits.parallelism: got 0; expected an integer from 1 to 32",
        `  - okta-mmod:apps.my-app.baseUrl: got "ftp://x"; expected ${PROD_URL}`,
        '  - okta-mmod:audiences.test[0]: got "api:// test"; expected an absolute URI of at most 1024 ASCII characters, without spaces, e.g. "api://example.com"',
      ].join("\n"),
    );
  });

  it("never reads a secret's value: a secret that fails validation is reported without it", () => {
    // The raw config carries no secret values at all; this proves the message cannot contain one.
    const problems = problemsOf({ ...DEV, privateKey: "", apiToken: "" }, ["privateKey"]);
    expect(problems).to.deep.equal([
      "okta-mmod:privateKey: got [secret] stored in plain text; expected an encrypted value: remove it from the stack file, rotate it, and run pulumi config set --secret okta-mmod:privateKey",
      "okta-mmod:clientId: got nothing (the key is not set); expected a value: the OAuth 2.0 service app needs clientId, privateKey (secret) and scopes together",
      "okta-mmod:scopes: got nothing (the key is not set); expected a value: the OAuth 2.0 service app needs clientId, privateKey (secret) and scopes together",
      "okta-mmod:apiToken: got [secret]; expected no value when the OAuth 2.0 service app keys are set (use one method)",
    ]);
  });
});

describe("profile binding (which stacks are prod is decided by code owners)", () => {
  const bound = (values: Record<string, string | undefined>, profile: EnvironmentName) =>
    parseStackConfig(raw(values), endpointKeys(FIXTURE_CATALOGUE), (key) => `<secret ${key}>`, profile, SERVER_KEYS);

  it("refuses a stack file that claims a weaker profile than its binding", () => {
    const dev = { ...VALID, environment: "dev", apps: JSON.stringify(APPS) };
    expect(() => bound(dev, "prod")).to.throw(
      ConfigError,
      [
        'Stack "test" has 1 configuration problem:',
        '  - okta-mmod:environment: got "dev"; expected one of: prod: config/stackProfiles.ts (code-owned) binds stack "test" to the prod profile, and a stack file may only restate or strengthen it',
      ].join("\n"),
    );
  });

  it("accepts a stack file that restates or strengthens its binding", () => {
    expect(bound(VALID, "prod").environment).to.equal("prod");
    expect(bound(VALID, "dev").environment).to.equal("prod");
  });

  it("requires a prod stack to declare its delivery, so its GitHub environment is managed", () => {
    expect(() => bound({ ...VALID, delivery: undefined }, "prod")).to.throw(
      ConfigError,
      "  - okta-mmod:delivery: got nothing (the key is not set); expected the stack's delivery settings with a github section (and reviewerTeams): a prod stack deploys only through a protected GitHub environment the program manages",
    );
  });

  it("binds a listed stack to its entry and an unlisted one to the strictest profile", () => {
    const fixture = { lab: "dev", live: "prod" } as const;
    expect(["lab", "live", "new-org", "toString"].map((s) => boundProfile(s, fixture))).to.deep.equal([
      "dev",
      "prod",
      "prod",
      "prod",
    ]);
    expect(STRICTEST_ENVIRONMENT).to.equal("prod");
  });

  it("binds only to profiles that exist, and every stack file restates or strengthens its binding", () => {
    for (const profile of Object.values(STACK_PROFILES)) expect(isEnvironmentName(profile), profile).to.equal(true);
    for (const stack of listStacks(PROJECT_DIR)) {
      const claimed = readStackFile(PROJECT_DIR, stack).config["okta-mmod:environment"] ?? "";
      expect(isEnvironmentName(claimed) && atLeastAsStrict(claimed, boundProfile(stack)), stack).to.equal(true);
    }
  });
});

describe("write credentials are never in a stack's config (a stack reader can decrypt it)", () => {
  const problemsFor = (values: Record<string, string | undefined>, profile: EnvironmentName, plain: string[] = []) => {
    try {
      parseStackConfig(
        raw(values, plain),
        endpointKeys(FIXTURE_CATALOGUE),
        (key) => `<secret ${key}>`,
        profile,
        SERVER_KEYS,
      );
    } catch (err) {
      if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: got ${p.got}; expected ${p.expected}`);
      throw err;
    }
    return [];
  };
  const DECRYPTABLE = "any token that can read the stack (a pull request's preview, the drift check) can decrypt it";
  const token = (key: string, secret: string, variable: string, got = "[secret]") =>
    `okta-mmod:${key}: got ${got}; expected no value in any stack's config: ${DECRYPTABLE}, and it reaches the controls of every stack, prod's included. Remove it (pulumi config rm okta-mmod:${key}), rotate it, and set it as the secret ${secret} of the protected GitHub environment "test": the deploy job gives it to the provider as ${variable}`;
  const oktaSecret = (key: string, variable: string) =>
    `okta-mmod:${key}: got [secret]; expected no value in a prod-profile stack's config: ${DECRYPTABLE}. Remove it (pulumi config rm okta-mmod:${key}), rotate it, and set the write app's as the secret ${variable} of the protected GitHub environment "test" (the read-only app's goes in "test-read"): the provider reads ${variable}`;
  const oktaPlain = (key: string, got: string, variable: string) =>
    `okta-mmod:${key}: got ${got}; expected no value in a prod-profile stack's config: the Okta provider takes the service app from the job's environment (${variable}: the write app's in the protected GitHub environment "test", the read-only app's in "test-read"), and a value here would override both. Remove it (pulumi config rm okta-mmod:${key}) and set the variable ${variable} in each environment`;
  const TOKENS = { githubToken: "", tfeToken: "", pulumiAccessToken: "" };
  const OKTA_APP = { clientId: "0oa1b2c3", privateKeyId: "kid-1", privateKey: "", scopes: '["okta.apps.manage"]' };

  it("refuses the delivery tokens in a dev stack too: each reaches prod's controls", () => {
    expect(problemsFor({ ...DEV, ...TOKENS }, "dev")).to.deep.equal([
      token("githubToken", "DELIVERY_GITHUB_TOKEN", "GITHUB_TOKEN"),
      token("tfeToken", "TFE_TOKEN", "TFE_TOKEN"),
      token("pulumiAccessToken", "PULUMI_ACCESS_TOKEN", "PULUMI_ACCESS_TOKEN"),
    ]);
  });

  // In the order the stack file sets them.
  it("refuses the Okta service app's keys in a prod stack, every one at once, and shows no secret", () => {
    expect(problemsFor({ ...VALID, ...OKTA_APP, apiToken: "" }, "prod")).to.deep.equal([
      oktaPlain("clientId", '"0oa1b2c3"', "OKTA_API_CLIENT_ID"),
      oktaPlain("privateKeyId", '"kid-1"', "OKTA_API_PRIVATE_KEY_ID"),
      oktaSecret("privateKey", "OKTA_API_PRIVATE_KEY"),
      oktaPlain("scopes", '"[\\"okta.apps.manage\\"]"', "OKTA_API_SCOPES"),
      oktaSecret("apiToken", "OKTA_API_TOKEN"),
    ]);
  });

  it("says a refused key stored in plain text is in plain text, once", () => {
    expect(problemsFor({ ...VALID, githubToken: "" }, "prod", ["githubToken"])).to.deep.equal([
      token("githubToken", "DELIVERY_GITHUB_TOKEN", "GITHUB_TOKEN", "[secret] stored in plain text"),
    ]);
  });

  it("cannot be dodged by claiming a weaker profile than the binding", () => {
    const problems = problemsFor({ ...DEV, privateKey: "" }, "prod");
    expect(problems[0]).to.equal(oktaSecret("privateKey", "OKTA_API_PRIVATE_KEY"));
    expect(problems).to.have.length(2);
    expect(problems[1]).to.match(/^okta-mmod:environment: got "dev"; expected one of: prod: /);
  });

  it("lets a dev stack keep its own org's service app, and a prod stack take it from the environment", () => {
    expect(parse({ ...DEV, ...OKTA_APP }).auth.method).to.equal("oauth");
    expect(parse(VALID).auth).to.deep.equal({ method: "environment" });
  });
});

describe("an authorization server's audience, through the real plan command", function () {
  this.timeout(120_000);

  it("a stack file giving a server two audiences: exit 1, the key, the value and why, no trace", function () {
    const prod = parseYaml(
      fs.readFileSync(path.join(PROJECT_DIR, "tests", "fixtures", "project", "Pulumi.prod.yaml"), "utf8"),
    ) as { config: Record<string, unknown> };
    // The command declares the repository's catalogue, whatever apps and servers a team has put in it.
    const server = APP_CATALOGUE.authServers[0]?.key;
    if (server === undefined) this.skip();
    const audiences = {
      ...testAudiences(APP_CATALOGUE),
      [server]: ["api://portal.example.com", "api://partners.example.com"],
    };
    const config = { ...prod.config, "okta-mmod:apps": testApps(APP_CATALOGUE), "okta-mmod:audiences": audiences };
    // "live" has no entry in the code-owned binding: it is held to prod.
    const r = planOneStack("live", config, { args: ["--stack", "live"] });
    const out = r.stdout + r.stderr;
    expect(r.status).to.equal(EXIT.configError);
    expect(stackFrames(out)).to.deep.equal([]);
    expect(out).to.contain(
      [
        '  Stack "live" has 1 configuration problem:',
        `    - okta-mmod:audiences.${server}: got ["api://portal.example.com","api://partners.example.com"]; expected a list of exactly one audience (an Okta authorization server takes a single audience), an absolute URI of at most 1024 ASCII characters, without spaces, e.g. "api://example.com"`,
      ].join("\n"),
    );
  });
});
