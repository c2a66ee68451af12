import * as okta from "@pulumi/okta";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ENVIRONMENT_NAMES } from "../../config/environments";
import { PackConfig, Verdict, evaluatePolicies } from "../../offline/policies";
import { ProgramRun, runProgram } from "../../offline/run";
import { Guardrail } from "../../policy-pack/lib/guardrail";
import { oauthAppNoImplicitGrant } from "../../policy-pack/okta-apps/noImplicitGrant";
import { uniquePriorities } from "../../policy-pack/okta-structure/uniquePriorities";
import { policies } from "../../policy-pack/policies";
import { PROJECT, PROJECT_DIR, fixturePackConfig, runStack } from "../support";
import { UNKNOWN, resource } from "./harness";

const PACK_DIR = path.join(PROJECT_DIR, "policy-pack");
const profile = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(PACK_DIR, "config", `${name}.json`), "utf8")) as Record<
    string,
    Record<string, unknown>
  >;

const REDIRECT_HOSTS = "okta-oauth-app-https-redirect-uris";

const CATALOGUE = [
  ...Array.from({ length: 31 }, (_, i) => `G${String(i + 1).padStart(2, "0")}`),
  ...["S01", "S02", "S03", "S04", "S05", "S06"],
  ...["P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P10"],
  ...["T01", "T02", "T03", "T04", "T05", "T06"],
  "D01",
  "D02",
  // Policies written for the DISA Okta IDaaS STIG alone (policy-pack/stig/).
  "STIG",
];
const guardrails = policies.filter((p) => p.catalogueId !== "-");

/** Verdicts as `level policy resource: message`, sorted. */
const lines = (verdicts: Verdict[]) =>
  verdicts
    .map((v) => `${v.level} ${v.policy} ${v.urn === "" ? "stack" : v.urn.split("::").pop()}: ${v.message}`)
    .sort();

function countBy(verdicts: Verdict[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of verdicts) out[`${v.level} ${v.policy}`] = (out[`${v.level} ${v.policy}`] ?? 0) + 1;
  return out;
}

describe("policy pack", () => {
  it("covers every rule of the catalogue (54) with 60 guardrails, 11 more for the STIG, each reporting its own exemptions", () => {
    expect(CATALOGUE).to.have.length(55);
    expect([...new Set(guardrails.map((p) => p.catalogueId))].sort()).to.deep.equal([...CATALOGUE].sort());
    expect(guardrails.filter((p) => p.catalogueId !== "STIG")).to.have.length(60);
    expect(policies).to.have.length(71);
    for (const p of policies) expect(Object.keys(p.configSchema?.properties ?? {}), p.name).to.include("exemptions");
  });

  it("gives every policy a unique kebab-case name, a description, severity and remediation, in the house property order", () => {
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).to.equal(names.length);
    for (const p of guardrails) {
      expect(p.name, p.name).to.match(/^[a-z0-9]+(-[a-z0-9]+)+$/);
      expect(p.description.startsWith(`${p.catalogueId}: `), p.name).to.equal(true);
      expect(p.severity, p.name).to.be.oneOf(["low", "medium", "high", "critical"]);
      expect(p.remediationSteps?.length ?? 0, p.name).to.be.greaterThan(10);
      const validate = "validateResource" in p ? "validateResource" : "validateStack";
      expect(Object.keys(p).slice(0, 5), p.name).to.deep.equal([
        "name",
        "description",
        "configSchema",
        "enforcementLevel",
        validate,
      ]);
      expect(p.enforcementLevel, p.name).to.equal(p.levels.prod);
    }
  });

  it("implements the stack-level rules as stack policies", () => {
    const stackIds = guardrails
      .filter((p) => "validateStack" in p)
      .map((p) => p.catalogueId)
      .sort();
    expect(stackIds).to.deep.equal([
      ...["D01", "G10", "G22", "G27", "G28", "S01", "S02", "S03", "S05"],
      ...Array<string>(7).fill("STIG"),
      "T04",
    ]);
  });

  for (const name of ["dev", "prod"] as const) {
    it(`config/${name}.json gives every policy its ${name} level and only config the policy declares`, () => {
      const config = profile(name);
      expect(Object.keys(config)).to.deep.equal(policies.map((p) => p.name));
      for (const p of policies) {
        const entry = config[p.name] as Record<string, unknown>;
        const level = (p as Partial<Guardrail>).levels?.[name] ?? "advisory";
        expect(entry.enforcementLevel, p.name).to.equal(level);
        const declared = Object.keys(p.configSchema?.properties ?? {});
        for (const key of Object.keys(entry).filter((k) => k !== "enforcementLevel")) {
          expect(declared, `${p.name}.${key}`).to.include(key);
        }
      }
    });
  }

  it("names, in every profile's file, that profile: the redirect-host guardrail's message sends the user there", () => {
    const files = fs.readdirSync(path.join(PACK_DIR, "config")).filter((f) => f.endsWith(".json"));
    expect(files.length).to.be.greaterThan(0);
    const wrong = files
      .map((f) => ({ f, profile: profile(f.slice(0, -".json".length))[REDIRECT_HOSTS]?.profile }))
      .filter(({ f, profile }) => profile !== f.slice(0, -".json".length))
      .map(({ f, profile }) => `policy-pack/config/${f}: "${REDIRECT_HOSTS}".profile is ${JSON.stringify(profile)}`);
    expect(wrong).to.deep.equal([]);
  });

  it("has a guardrail profile for every environment the program knows", () => {
    const files = fs.readdirSync(path.join(PACK_DIR, "config")).sort();
    // Plus the stig profile, which is not an environment: any stack can be judged by it (plan --profile stig).
    expect(files).to.deep.equal([...ENVIRONMENT_NAMES, "stig"].map((e) => `${e}.json`).sort());
  });

  it("is self-contained: imports stay in the pack, packages are its own dependencies", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === "node_modules" || entry.name === "config") continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith(".ts")) sources.push(full);
      }
    };
    walk(PACK_DIR);
    expect(sources.length).to.be.greaterThan(60);
    const problems: string[] = [];
    for (const file of sources) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(/(?:from|require\()\s*"([^"]+)"/g)) {
        const spec = m[1] as string;
        if (spec.startsWith(".")) {
          const target = path.resolve(path.dirname(file), spec);
          if (!target.startsWith(PACK_DIR + path.sep))
            problems.push(`${path.relative(PACK_DIR, file)} imports ${spec}`);
        } else {
          const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] as string);
          if (pkg.dependencies[name] === undefined) problems.push(`${path.relative(PACK_DIR, file)} needs ${name}`);
        }
      }
    }
    expect(problems).to.deep.equal([]);
  });

  it("keeps index.ts, PulumiPolicy.yaml and package.json consistent with the policies module", () => {
    const index = fs.readFileSync(path.join(PACK_DIR, "index.ts"), "utf8");
    expect(index).to.contain('import { policies } from "./policies";');
    expect(index).to.match(/new PolicyPack\("okta-mmod-guardrails", \{ policies, enforcementLevel: "advisory" \}\);/);
    expect(index.match(/new PolicyPack/g)).to.have.length(1);
    const yaml = parse(fs.readFileSync(path.join(PACK_DIR, "PulumiPolicy.yaml"), "utf8")) as Record<string, unknown>;
    expect(yaml.runtime).to.equal("nodejs");
    const pkg = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as {
      version: string;
      dependencies: Record<string, string>;
    };
    const root = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.version).to.match(/^\d+\.\d+\.\d+$/);
    expect(pkg.dependencies["@pulumi/policy"]).to.equal(root.devDependencies["@pulumi/policy"]);
    expect(pkg.dependencies["@pulumi/pulumi"]).to.equal(root.dependencies["@pulumi/pulumi"]);
  });

  it("lists every guardrail in the README with its dev and prod level", () => {
    const readme = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
    const rows = readme
      .split("\n")
      .map((line) => line.split("|").map((cell) => cell.trim()))
      .filter((cells) => /^([GSPTD]\d\d|STIG)$/.test(cells[1] ?? "") && /^`[a-z0-9-]+`$/.test(cells[2] ?? ""))
      .map((cells) => [cells[1], (cells[2] as string).slice(1, -1), cells[3], cells[4]].join(" "));
    expect(rows).to.deep.equal(
      policies.map((p) => {
        const g = p as Partial<Guardrail>;
        return [g.catalogueId, p.name, g.levels?.dev, g.levels?.prod].join(" ");
      }),
    );
  });

  describe("on the fixture stacks, under their own profile", () => {
    const runs: Record<string, ProgramRun> = {};
    before(async () => {
      runs.dev = await runStack("dev");
      runs.prod = await runStack("prod");
    });

    it("prod has no mandatory violation, no app with a shared secret; advisories for secret scanning and a second reviewer", async () => {
      const verdicts = await evaluatePolicies(runs.prod as ProgramRun, policies, fixturePackConfig("prod"));
      expect(verdicts.filter((v) => v.level === "mandatory")).to.deep.equal([]);
      expect(countBy(verdicts)).to.deep.equal({
        "advisory github-prod-branch-two-reviews-recommended": 1,
        "advisory github-repository-secret-scanning": 2,
      });
    });

    it("dev has no mandatory violation, and no advisory for what its profile turns off on purpose", async () => {
      const verdicts = await evaluatePolicies(runs.dev as ProgramRun, policies, fixturePackConfig("dev"));
      expect(verdicts.filter((v) => v.level === "mandatory")).to.deep.equal([]);
      // Unprotected resources, auto-apply, no assessments, no drift schedule and a 100% API share are the dev
      // profile's own choices; what the dev apps would carry to prod is still reported.
      expect(countBy(verdicts)).to.deep.equal({ "advisory okta-oauth-confidential-client-prefer-jwt-auth": 4 });
    });

    it("dev still sees what its profile does not accept: an SSWS token, an over-share, an auto-remediating schedule", async () => {
      const dev = runs.dev as ProgramRun;
      const changed: ProgramRun = {
        ...dev,
        registrations: [
          ...dev.registrations.map((r) =>
            r.type === "pulumi:providers:okta" ? { ...r, inputs: { ...r.inputs, maxApiCapacity: "101" } } : r,
          ),
          resource("pulumiservice:index:DriftSchedule", "deployments-drift", {
            scheduleCron: "0 13 * * *",
            autoRemediate: true,
          }),
        ],
      };
      const verdicts = await evaluatePolicies(changed, policies, fixturePackConfig("dev"));
      expect(lines(verdicts).filter((l) => !l.includes("prefer-jwt-auth"))).to.deep.equal([
        "advisory deployments-prod-drift-schedule deployments-drift: deployments-drift has autoRemediate: true: drift would be reverted without review",
        "advisory okta-provider-service-app-auth org-provider: maxApiCapacity is 101: set at most 100",
      ]);
    });

    it("never crashes, nor defers to the runtime, when every input and output is unknown (preview)", async () => {
      const prod = runs.prod as ProgramRun;
      const unknownAll = (o: Readonly<Record<string, unknown>>) =>
        Object.fromEntries(Object.keys(o).map((k) => [k, UNKNOWN]));
      const blind: ProgramRun = {
        ...prod,
        registrations: prod.registrations.map((r) => ({
          ...r,
          inputs: unknownAll(r.inputs),
          outputs: unknownAll(r.outputs),
        })),
      };
      const verdicts = await evaluatePolicies(blind, policies, fixturePackConfig("prod"));
      expect(verdicts.filter((v) => v.message.startsWith("can't run"))).to.deep.equal([]);
      // Unknown is not a violation: nothing mandatory appears that the known stack does not have.
      expect(verdicts.filter((v) => v.level === "mandatory")).to.deep.equal([]);
    });
  });

  it("treats every property unknown at preview as unknown: no crash, no sentinel printed as a value", async () => {
    // A resource whose every property is unknown, as the runtime presents it during preview.
    const unknownProps = new Proxy({} as Record<string, unknown>, {
      get: (_t, key) => (key === "__getSpecialProxyTarget" ? undefined : UNKNOWN),
    });
    const args = (type: string) => ({
      type,
      props: unknownProps,
      urn: `urn:pulumi:test::okta-mmod::${type}::subject`,
      name: "subject",
      opts: {
        protect: true,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
      },
      stackTags: new Map<string, string>(),
      isType: () => false,
      asType: () => undefined,
      getConfig: <T extends object>() => ({}) as T,
      notApplicable: (): never => {
        throw new Error("not applicable");
      },
    });
    let checked = 0;
    const reported: string[] = [];
    const unverified = new Set<string>();
    type Violation = string | { message: string; enforcementLevel: string };
    for (const policy of guardrails.filter((p) => "validateResource" in p)) {
      for (const type of policy.resourceTypes ?? []) {
        const validate = (policy as { validateResource: (a: unknown, r: (m: Violation) => void) => void })
          .validateResource;
        validate(args(type), (m) => {
          if (typeof m === "object" && m.enforcementLevel === "advisory") unverified.add(`${policy.name} ${type}`);
          else reported.push(`${policy.name} ${type}: ${String(m)}`);
        });
        checked++;
      }
    }
    // Every (resource policy, resource type) pair of the pack; each that reads a property says it could not verify it.
    expect(checked).to.equal(103);
    // Only the checks that read no property at all: G13 and S04 flag the resource type itself.
    const readNothing = guardrails
      .flatMap((p) => (p.resourceTypes ?? []).map((t) => `${p.name} ${t}`))
      .filter((pair) => !unverified.has(pair));
    expect(readNothing).to.deep.equal([
      "okta-app-prefer-saml-or-oidc okta:app/swa:Swa",
      "okta-app-prefer-saml-or-oidc okta:app/autoLogin:AutoLogin",
      "okta-app-prefer-saml-or-oidc okta:app/threeField:ThreeField",
      "okta-app-prefer-saml-or-oidc okta:app/basicAuth:BasicAuth",
      "okta-app-prefer-saml-or-oidc okta:app/securePasswordStore:SecurePasswordStore",
      "okta-no-deprecated-app-resources okta:app/oAuthRedirectUri:OAuthRedirectUri",
      "okta-no-deprecated-app-resources okta:app/oAuthPostLogoutRedirectUri:OAuthPostLogoutRedirectUri",
    ]);
    expect(reported.filter((r) => r.includes(UNKNOWN))).to.deep.equal([]);
    // Only findings that hold whatever the value: the type itself (G13, S04's split URI resources), or a credential
    // or claim being set at all (S06's apiToken, S04's groupsClaim).
    expect(
      reported.filter((r) => !r.includes("stores and replays passwords") && !r.includes("is deprecated")),
    ).to.deep.equal([
      "okta-provider-service-app-auth pulumi:providers:okta: the provider authenticates with an SSWS apiToken: use an OAuth 2.0 service app (clientId, privateKey, scopes)",
    ]);
  });

  describe("the reference's unfixed Super Widget (implicit grant)", () => {
    let run: ProgramRun;
    before(async () => {
      run = await runProgram({
        project: PROJECT,
        stack: "reference",
        config: {},
        secretKeys: [],
        program: () => {
          const provider = new okta.Provider("org-provider", { orgName: "dev-987654", baseUrl: "okta.com" });
          new okta.app.OAuth(
            "okta-super-widget",
            {
              label: "Okta Super Widget",
              type: "web",
              redirectUris: ["https://super-widget.oktaprise.com"],
              loginUri: "https://super-widget.oktaprise.com",
              grantTypes: ["implicit", "authorization_code", "refresh_token"],
              responseTypes: ["code", "token", "id_token"],
              consentMethod: "TRUSTED",
              refreshTokenRotation: "ROTATE",
              authenticationPolicy: "rst-passwordless",
            },
            { provider },
          );
        },
      });
    });

    const g01 = (verdicts: Verdict[]) => lines(verdicts.filter((v) => v.policy === oauthAppNoImplicitGrant.name));

    it("is a mandatory violation under prod", async () => {
      expect(g01(await evaluatePolicies(run, policies, fixturePackConfig("prod")))).to.deep.equal([
        'mandatory okta-oauth-app-no-implicit-grant okta-super-widget: grant type "implicit" is not allowed: use "authorization_code" with PKCE (RFC 9700 2.1.2)',
      ]);
    });

    it("is advisory under dev", async () => {
      expect(g01(await evaluatePolicies(run, policies, fixturePackConfig("dev")))).to.deep.equal([
        'advisory okta-oauth-app-no-implicit-grant okta-super-widget: grant type "implicit" is not allowed: use "authorization_code" with PKCE (RFC 9700 2.1.2)',
      ]);
    });
  });

  describe("exemptions", () => {
    const OAUTH = "okta:app/oAuth:OAuth";
    const implicit = { type: "web", grantTypes: ["implicit"], responseTypes: ["code"] };
    const widget = resource(OAUTH, "legacy-widget", implicit);
    // The same logical name under a component: another resource, another URN.
    const otherWidget = resource(OAUTH, "legacy-widget", implicit, {
      urn: "urn:pulumi:test::okta-mmod::okta-mmod:apps:App$okta:app/oAuth:OAuth::legacy-widget",
    });
    const FINDING = 'grant type "implicit" is not allowed: use "authorization_code" with PKCE (RFC 9700 2.1.2)';
    const config = (exemptions: unknown): PackConfig => ({
      [oauthAppNoImplicitGrant.name]: { enforcementLevel: "mandatory", exemptions },
    });
    const evaluate = (resources: ReturnType<typeof resource>[], policyList: Guardrail[], packConfig: PackConfig) =>
      evaluatePolicies(
        { stack: "test", registrations: resources, invocations: [], packages: [], outputs: {} },
        policyList,
        packConfig,
      );
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const waiver = {
      urn: widget.urn,
      reason: "vendor SDK needs implicit until the Q3 upgrade (ticket IAM-42)",
      owner: "iam-team@example.com",
      expires: day(30),
    };

    it("waives exactly the resource its URN names; the waiving policy reports the waiver as advisory", async () => {
      expect(lines(await evaluate([widget, otherWidget], [oauthAppNoImplicitGrant], config([waiver])))).to.deep.equal([
        `advisory okta-oauth-app-no-implicit-grant legacy-widget: waived until ${waiver.expires} (owner: iam-team@example.com; reason: vendor SDK needs implicit until the Q3 upgrade (ticket IAM-42)); it found: ${FINDING}`,
        `mandatory okta-oauth-app-no-implicit-grant legacy-widget: ${FINDING}`,
      ]);
    });

    it("waives by type and name only the resource of that type", async () => {
      const rest = { reason: waiver.reason, owner: waiver.owner, expires: waiver.expires };
      const saml = resource("okta:app/saml:Saml", "legacy-widget", {});
      const byName = config([{ ...rest, type: OAUTH, name: "legacy-widget" }]);
      const verdicts = await evaluate([widget, saml], [oauthAppNoImplicitGrant], byName);
      expect(verdicts.map((v) => `${v.level} ${v.urn}`)).to.deep.equal([`advisory ${widget.urn}`]);
      const wrongType = config([{ ...rest, type: "okta:app/saml:Saml", name: "legacy-widget" }]);
      expect(lines(await evaluate([widget], [oauthAppNoImplicitGrant], wrongType))).to.deep.equal([
        `mandatory okta-oauth-app-no-implicit-grant legacy-widget: ${FINDING}`,
      ]);
    });

    it("applies with the longest allowed expiry, 366 days ahead", async () => {
      const longest = await evaluate([widget], [oauthAppNoImplicitGrant], config([{ ...waiver, expires: day(366) }]));
      expect(longest.map((v) => v.level)).to.deep.equal(["advisory"]);
    });

    it("applies through its expiry date, and not the day after", async () => {
      const today = await evaluate([widget], [oauthAppNoImplicitGrant], config([{ ...waiver, expires: day(0) }]));
      expect(today.map((v) => v.level)).to.deep.equal(["advisory"]);
      const expired = day(-1);
      expect(
        lines(await evaluate([widget], [oauthAppNoImplicitGrant], config([{ ...waiver, expires: expired }]))),
      ).to.deep.equal([
        `mandatory okta-oauth-app-no-implicit-grant legacy-widget: ${FINDING} (the exemption for this resource expired on ${expired}, so it no longer applies)`,
      ]);
    });

    it("is still reported when every other policy is disabled (no separate reporter can hide it)", async () => {
      const packConfig: PackConfig = {
        ...Object.fromEntries(policies.map((p) => [p.name, "disabled"])),
        ...config([waiver]),
      };
      expect((await evaluate([widget], policies, packConfig)).map((v) => `${v.level} ${v.policy}`)).to.deep.equal([
        "advisory okta-oauth-app-no-implicit-grant",
      ]);
    });

    const invalid = (problem: string) =>
      `mandatory okta-oauth-app-no-implicit-grant legacy-widget: the policy's configuration is invalid (policy pack config, "okta-oauth-app-no-implicit-grant"): ${problem}`;
    const malformed: readonly [string, unknown, readonly string[]][] = [
      ["null", null, ["exemptions: must be a list of exemptions (got null)"]],
      [
        "an object",
        { urn: widget.urn },
        [`exemptions: must be a list of exemptions (got ${JSON.stringify({ urn: widget.urn }).slice(0, 57)}...)`],
      ],
      [
        "a number as reason",
        [{ ...waiver, reason: 42 }],
        ["exemptions[0].reason: must be a non-empty string (got 42)"],
      ],
      ["a blank reason", [{ ...waiver, reason: " " }], ['exemptions[0].reason: must be a non-empty string (got " ")']],
      [
        "no owner",
        [{ urn: waiver.urn, reason: waiver.reason, expires: waiver.expires }],
        ["exemptions[0].owner: is required"],
      ],
      [
        "an impossible date",
        [{ ...waiver, expires: "2026-02-30" }],
        ['exemptions[0].expires: must be a date, YYYY-MM-DD (got "2026-02-30")'],
      ],
      [
        "an expiry more than a year ahead",
        [{ ...waiver, expires: "9999-12-31" }],
        [
          `exemptions[0].expires: must be at most 366 days ahead, by ${day(366)} (got "9999-12-31"): renew it when it ends`,
        ],
      ],
      [
        "an expiry one day past the longest allowed",
        [{ ...waiver, expires: day(367) }],
        [
          `exemptions[0].expires: must be at most 366 days ahead, by ${day(366)} (got "${day(367)}"): renew it when it ends`,
        ],
      ],
      [
        "a logical name alone",
        [{ ...waiver, urn: undefined, name: "legacy-widget" }],
        ["exemptions[0]: type is required with name"],
      ],
      [
        "both forms",
        [{ ...waiver, type: OAUTH, name: "legacy-widget" }],
        ["exemptions[0]: name the resource by urn, or by type and name (not both, not neither)"],
      ],
      [
        "an unknown key and a string item",
        [{ ...waiver, resource: "legacy-widget" }, "legacy-widget"],
        [
          "exemptions[0].resource: unknown key (allowed: urn, type, name, reason, owner, expires)",
          'exemptions[1]: must be an object with reason, owner, expires and urn (or type and name) (got "legacy-widget")',
        ],
      ],
    ];
    for (const [what, exemptions, problems] of malformed) {
      it(`reports ${what} as a configuration error, applies no exemption, and does not crash`, async () => {
        expect(lines(await evaluate([widget], [oauthAppNoImplicitGrant], config(exemptions)))).to.deep.equal(
          [`mandatory okta-oauth-app-no-implicit-grant legacy-widget: ${FINDING}`, ...problems.map(invalid)].sort(),
        );
      });
    }

    it("reports a threshold of the wrong type and an unknown key, and applies the safe default", async () => {
      const app = resource(OAUTH, "portal", {
        type: "web",
        grantTypes: ["authorization_code"],
        loginUri: "http://portal.example.com",
      });
      const packConfig: PackConfig = {
        "okta-oauth-app-https-redirect-uris": { enforcementLevel: "mandatory", allowLoopback: "yes", alowedHosts: [] },
      };
      const prefix = `mandatory okta-oauth-app-https-redirect-uris portal: the policy's configuration is invalid (policy pack config, "okta-oauth-app-https-redirect-uris"): `;
      expect(
        lines(await evaluate([app], policies, packConfig)).filter((l) => l.includes("redirect-uris")),
      ).to.deep.equal([
        'mandatory okta-oauth-app-https-redirect-uris portal: loginUri "http://portal.example.com" uses http://: use https://',
        `${prefix}allowLoopback: must be a boolean (got "yes")`,
        `${prefix}alowedHosts: unknown key (allowed: allowLoopback, allowedRedirectHosts, profile, exemptions)`,
      ]);
    });

    it("waives a stack policy's finding about a policy's rules by the policy's type and id", async () => {
      const rules = [1, 1].map((p, i) =>
        resource("okta:auth/serverPolicyRule:ServerPolicyRule", `rule-${i}`, { priority: p, policyId: "pol-1" }),
      );
      const stackConfig: PackConfig = {
        [uniquePriorities.name]: {
          enforcementLevel: "mandatory",
          exemptions: [
            {
              type: "okta:auth/serverPolicyRule:ServerPolicyRule",
              name: "pol-1",
              reason: "imported rules renumbered next sprint",
              owner: "iam-team",
              expires: day(7),
            },
          ],
        },
      };
      expect(lines(await evaluate(rules, [uniquePriorities], stackConfig))).to.deep.equal([
        `advisory okta-unique-priorities stack: waived until ${day(7)} (owner: iam-team; reason: imported rules renumbered next sprint); it found: priorities of okta:auth/serverPolicyRule:ServerPolicyRule under pol-1 must be 1..2 with no repeats or gaps, got 1, 1`,
      ]);
    });
  });
});
