import { expect } from "chai";
import { ConfigError, RawStackConfig, SECRET_KEYS, parseStackConfig } from "../config/parse";
import { MAX_PROBLEMS_SHOWN, didYouMean, isCredentialLike, problemList, shown } from "../config/messages";

// A fixture catalogue of the tests' own: the parser takes the app keys as an argument.
const APP_KEYS = ["portal", "widget"];
const APPS = { portal: { baseUrl: "https://portal.example.com" }, widget: { baseUrl: "https://widget.example.com" } };
const VALID: Record<string, string> = {
  environment: "prod",
  orgName: "acme",
  apps: JSON.stringify(APPS),
  // A prod stack deploys only through a GitHub environment the program manages.
  delivery: JSON.stringify({ repository: "acme/okta", branch: "prod", github: { reviewerTeams: ["admins"] } }),
};
const PROD_URL = "an absolute https:// URL on a non-loopback host with no query, fragment or trailing slash";

function problemsOf(
  values: Record<string, string>,
  options: { otherKeys?: string[]; encrypted?: string[] } = {},
): string[] {
  const encrypted = new Set([
    ...[...SECRET_KEYS].filter((k) => k in values).map((k) => `okta-mmod:${k}`),
    ...(options.encrypted ?? []),
  ]);
  const raw: RawStackConfig = { stack: "fixture", values, encrypted, otherKeys: options.otherKeys ?? [] };
  try {
    parseStackConfig(raw, APP_KEYS, (key) => `<secret ${key}>`, "dev", []);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: got ${p.got}; expected ${p.expected}`);
    throw err;
  }
  return [];
}

const withApp = (url: string) => ({ ...VALID, apps: JSON.stringify({ ...APPS, widget: { baseUrl: url } }) });

describe("configuration errors a user can act on", () => {
  describe("URLs: the value checked is the value used", () => {
    const cases: [string, string, string][] = [
      ["an empty query", "https://widget.example.com?", ' (did you mean "https://widget.example.com"?)'],
      ["an empty fragment", "https://widget.example.com#", ' (did you mean "https://widget.example.com"?)'],
      ["a fragment", "https://widget.example.com/#x", ' (did you mean "https://widget.example.com"?)'],
      ["a space", "https://widget.example.com/a b", ' (did you mean "https://widget.example.com/a%20b"?)'],
      [
        "a backslash before @ (the host is really evil.example)",
        "https://evil.example\\@widget.example.com",
        ' (did you mean "https://evil.example/@widget.example.com"?)',
      ],
      ["no slashes after the scheme", "https:widget.example.com", ' (did you mean "https://widget.example.com"?)'],
      ["an upper-case host", "https://Widget.Example.com", ' (did you mean "https://widget.example.com"?)'],
      ["user info", "https://user@widget.example.com", ' (did you mean "https://widget.example.com"?)'],
    ];
    for (const [what, url, suggestion] of cases) {
      it(`refuses ${what}`, () => {
        const got = JSON.stringify(url).replace("//user@", "//[user info hidden]@");
        expect(problemsOf(withApp(url))).to.deep.equal([
          `okta-mmod:apps.widget.baseUrl: got ${got}; expected ${PROD_URL}${suggestion}`,
        ]);
      });
    }

    it("accepts a canonical URL with a port and a path", () => {
      expect(problemsOf(withApp("https://widget.example.com:8443/app"))).to.deep.equal([]);
    });
  });

  it("refuses orgName: null (YAML's null arrives as the text null)", () => {
    expect(problemsOf({ ...VALID, orgName: "null" })).to.deep.equal([
      `okta-mmod:orgName: got "null"; expected the org's subdomain, e.g. dev-123456 (lowercase letters, digits, hyphens)`,
    ]);
  });

  it("reports keys of provider namespaces, which the program would ignore, with a suggestion", () => {
    expect(
      problemsOf(VALID, { otherKeys: ["okta:orgName", "github:owner", "pulumi:disable-default-providers"] }),
    ).to.deep.equal([
      "okta:orgName: got a value; expected no key in the okta: namespace: the program configures every provider from okta-mmod: keys and would ignore it (did you mean okta-mmod:orgName?)",
      "github:owner: got a value; expected no key in the github: namespace: the program configures every provider from okta-mmod: keys and would ignore it",
    ]);
  });

  it("requires every credential-like key to be encrypted, in any namespace, whether or not its part is on", () => {
    // A dev stack: prod refuses the notification URL whether or not it is encrypted.
    const values = { ...VALID, environment: "dev", tfcNotificationUrl: "" };
    const plain = (key: string) =>
      `${key}: got [secret] stored in plain text; expected an encrypted value: remove it from the stack file, rotate it, and run pulumi config set --secret ${key}`;
    const raw: RawStackConfig = {
      stack: "fixture",
      values,
      encrypted: new Set(["okta-mmod:registrationHookAuth"]),
      otherKeys: ["okta:apiToken", "okta:privateKeyId"],
    };
    let problems: string[] = [];
    try {
      parseStackConfig(raw, APP_KEYS, () => "x", "dev", []);
    } catch (err) {
      problems = (err as ConfigError).problems.map((p) => `${p.path}: got ${p.got}; expected ${p.expected}`);
    }
    expect(problems.filter((p) => p.includes("plain text"))).to.deep.equal([
      plain("okta-mmod:tfcNotificationUrl"),
      plain("okta:apiToken"),
    ]);
  });

  it("never shows a value under a credential-like key, even an unknown one", () => {
    const token = "ghp_plaintext-token-6c1e";
    const delivery = JSON.stringify({ repository: "acme/okta", branch: "prod", github: { token } });
    const problems = problemsOf({ ...VALID, delivery });
    expect(problems.join("\n")).not.to.contain(token);
    expect(problems[0]).to.equal(
      "okta-mmod:delivery.github.token: got [secret]; expected a known key, one of: enabled, ownsRepository, adoptExistingRepository, protectedBranches, prodBranch, defaultBranch, requiredChecks, reviewerTeams; a credential belongs in an encrypted key (pulumi config set --secret), never in a plain object",
    );
  });

  it("suggests the nearest known key for a nested typo", () => {
    const delivery = JSON.stringify({ repository: "acme/okta", branch: "prod", terraformcloud: {} });
    expect(problemsOf({ ...VALID, delivery })).to.deep.equal([
      'okta-mmod:delivery.terraformcloud: got {}; expected a known key, one of: repository, branch, github, terraformCloud, deployments; did you mean "terraformCloud"?',
    ]);
  });

  it("cuts a huge value to its first characters and says how long it was", () => {
    const huge = "a".repeat(5_000_000);
    expect(problemsOf({ ...VALID, orgName: huge })).to.deep.equal([
      `okta-mmod:orgName: got "${"a".repeat(79)}... (5000002 characters); expected a value of at most 65536 characters`,
      `okta-mmod:orgName: got "${"a".repeat(79)}... (5000002 characters); expected the org's subdomain, e.g. dev-123456 (lowercase letters, digits, hyphens)`,
    ]);
  });

  describe("delivery", () => {
    const deliveryWith = (part: Record<string, unknown>) =>
      problemsOf({
        ...VALID,
        environment: "dev",
        delivery: JSON.stringify({ repository: "acme/okta", branch: "main", ...part }),
      });

    it("sends the TFE token only to an allowed Terraform Cloud host", () => {
      expect(
        deliveryWith({
          terraformCloud: { organization: "acme", oauthTokenId: "ot-1", hostname: "tfe.attacker.example" },
        }),
      ).to.deep.equal([
        'okta-mmod:delivery.terraformCloud.hostname: got "tfe.attacker.example"; expected one of app.terraform.io, app.eu.terraform.io (the TFE token is sent there; another host is a code change to config/delivery.ts)',
      ]);
      expect(
        deliveryWith({
          terraformCloud: { organization: "acme", oauthTokenId: "ot-1", hostname: "app.eu.terraform.io" },
        }),
      ).to.deep.equal([]);
    });

    const CRON =
      "a five-field cron schedule in UTC, e.g. 0 13 * * * (minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-7)";
    for (const bad of [
      "99 99 99 99 99",
      "0 24 * * *",
      "60 1 * * *",
      "0 0 0 * *",
      "0 0 * 13 *",
      "0 0 * * 8",
      "5-1 * * * *",
      "*/0 * * * *",
      "0 13 * *",
    ]) {
      it(`refuses the cron ${JSON.stringify(bad)}`, () => {
        expect(deliveryWith({ deployments: { organization: "acme", driftSchedule: bad } })).to.deep.equal([
          `okta-mmod:delivery.deployments.driftSchedule: got ${JSON.stringify(bad)}; expected ${CRON}`,
        ]);
      });
    }
    it("accepts ranges, steps and lists within each field's range", () => {
      expect(
        deliveryWith({ deployments: { organization: "acme", driftSchedule: "*/15 0-23/2 1,15,31 1-12 0-7" } }),
      ).to.deep.equal([]);
    });
  });

  describe("message helpers", () => {
    it("suggests by case, then by at most two edits, and nothing for a far-off key", () => {
      expect(didYouMean("orgname", ["orgName", "baseUrl"])).to.equal("orgName");
      expect(didYouMean("baseUri", ["orgName", "baseUrl"])).to.equal("baseUrl");
      expect(didYouMean("colour", ["orgName", "baseUrl"])).to.equal(undefined);
    });
    it("names credentials, not their identifiers", () => {
      expect(
        [
          "githubToken",
          "okta:apiToken",
          "delivery.github.token",
          "registrationHookAuth",
          "clientSecret",
          "password",
          "authorization",
          "Authorization",
          "bearer",
        ].map(isCredentialLike),
      ).to.deep.equal([true, true, true, true, true, true, true, true, true]);
      expect(["privateKeyId", "oauthTokenId", "clientId", "orgName", "author"].map(isCredentialLike)).to.deep.equal([
        false,
        false,
        false,
        false,
        false,
      ]);
    });
    it("shows short values whole and long ones cut", () => {
      expect(shown("abc")).to.equal('"abc"');
      expect(shown("x".repeat(100))).to.equal(`"${"x".repeat(79)}... (102 characters)`);
    });
    it("lists at most 50 problems, then says how many more there are", () => {
      const problems = (n: number) => Array.from({ length: n }, (_, i) => `p${i + 1}`);
      expect(MAX_PROBLEMS_SHOWN).to.equal(50);
      expect(problemList(["a", "b"])).to.equal("  - a\n  - b");
      expect(problemList(problems(50)).split("\n")).to.have.length(50);
      expect(problemList(problems(51)).split("\n").slice(-2)).to.deep.equal(["  - p50", "  - and 1 more problem"]);
      expect(problemList(problems(10_000)).split("\n").slice(-1)).to.deep.equal(["  - and 9950 more problems"]);
    });
  });
});
