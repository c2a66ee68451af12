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
import { PROJECT, PROJECT_DIR, runStack } from "../support";
import { UNKNOWN, resource } from "./harness";

const PACK_DIR = path.join(PROJECT_DIR, "policy-pack");
const profile = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(PACK_DIR, "config", `${name}.json`), "utf8")) as Record<
    string,
    Record<string, unknown>
  >;

const CATALOGUE = [
  ...Array.from({ length: 28 }, (_, i) => `G${String(i + 1).padStart(2, "0")}`),
  ...["S01", "S02", "S03", "S04", "S05", "S06"],
  ...["P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P10"],
  ...["T01", "T02", "T03", "T04", "T05", "T06"],
  "D01",
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
  it("covers every rule of the catalogue (50), with 56 guardrails and 2 exemption reporters", () => {
    expect(CATALOGUE).to.have.length(50);
    expect([...new Set(guardrails.map((p) => p.catalogueId))].sort()).to.deep.equal([...CATALOGUE].sort());
    expect(guardrails).to.have.length(56);
    expect(policies.slice(-2).map((p) => p.name)).to.deep.equal([
      "guardrail-exemptions-resources",
      "guardrail-exemptions-stack",
    ]);
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
    expect(stackIds).to.deep.equal(["D01", "G27", "G28", "S01", "S02", "S03", "S05", "T04"]);
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

  it("has a guardrail profile for every environment the program knows", () => {
    const files = fs.readdirSync(path.join(PACK_DIR, "config")).sort();
    expect(files).to.deep.equal(ENVIRONMENT_NAMES.map((e) => `${e}.json`).sort());
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
      .filter((cells) => /^([GSPTD]\d\d|-)$/.test(cells[1] ?? "") && /^`[a-z0-9-]+`$/.test(cells[2] ?? ""))
      .map((cells) => [cells[1], (cells[2] as string).slice(1, -1), cells[3], cells[4]].join(" "));
    expect(rows).to.deep.equal(
      policies.map((p) => {
        const g = p as Partial<Guardrail>;
        return [g.catalogueId, p.name, g.levels?.dev, g.levels?.prod].join(" ");
      }),
    );
  });

  describe("on the shipped stacks, under their own profile", () => {
    const runs: Record<string, ProgramRun> = {};
    before(async () => {
      runs.dev = await runStack("dev");
      runs.prod = await runStack("prod");
    });

    it("prod has no mandatory violation; advisories for shared secrets, secret scanning and a second reviewer", async () => {
      const verdicts = await evaluatePolicies(runs.prod as ProgramRun, policies, profile("prod") as PackConfig);
      expect(verdicts.filter((v) => v.level === "mandatory")).to.deep.equal([]);
      expect(countBy(verdicts)).to.deep.equal({
        "advisory github-prod-branch-two-reviews-recommended": 1,
        "advisory github-repository-secret-scanning": 2,
        "advisory okta-oauth-confidential-client-prefer-jwt-auth": 4,
      });
    });

    it("dev has no mandatory violation; advisories where dev is looser by design", async () => {
      const verdicts = await evaluatePolicies(runs.dev as ProgramRun, policies, profile("dev") as PackConfig);
      expect(verdicts.filter((v) => v.level === "mandatory")).to.deep.equal([]);
      expect(countBy(verdicts)).to.deep.equal({
        "advisory deployments-prod-drift-schedule": 1,
        "advisory tfc-workspace-drift-assessments": 2,
        "advisory tfc-workspace-manual-apply": 1,
        "advisory okta-oauth-confidential-client-prefer-jwt-auth": 4,
        "advisory okta-protect-identity-resources": 31,
        "advisory okta-provider-service-app-auth": 1,
      });
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
      const verdicts = await evaluatePolicies(blind, policies, profile("prod") as PackConfig);
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
    for (const policy of guardrails.filter((p) => "validateResource" in p)) {
      for (const type of policy.resourceTypes ?? []) {
        const validate = (policy as { validateResource: (a: unknown, r: (m: string) => void) => void })
          .validateResource;
        validate(args(type), (m) => reported.push(`${policy.name} ${type}: ${m}`));
        checked++;
      }
    }
    // Every (resource policy, resource type) pair of the pack.
    expect(checked).to.equal(70);
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
      expect(g01(await evaluatePolicies(run, policies, profile("prod") as PackConfig))).to.deep.equal([
        'mandatory okta-oauth-app-no-implicit-grant okta-super-widget: grant type "implicit" is not allowed: use "authorization_code" with PKCE (RFC 9700 2.1.2)',
      ]);
    });

    it("is advisory under dev", async () => {
      expect(g01(await evaluatePolicies(run, policies, profile("dev") as PackConfig))).to.deep.equal([
        'advisory okta-oauth-app-no-implicit-grant okta-super-widget: grant type "implicit" is not allowed: use "authorization_code" with PKCE (RFC 9700 2.1.2)',
      ]);
    });
  });

  describe("exemptions", () => {
    const widget = resource("okta:app/oAuth:OAuth", "legacy-widget", {
      type: "web",
      grantTypes: ["implicit"],
      responseTypes: ["code"],
    });
    const config = (exemptions: unknown): PackConfig => ({
      [oauthAppNoImplicitGrant.name]: { enforcementLevel: "mandatory", exemptions },
      "guardrail-exemptions-resources": "advisory",
      "guardrail-exemptions-stack": "advisory",
    });
    const evaluate = (resources: ReturnType<typeof resource>[], policyList: Guardrail[], packConfig: PackConfig) =>
      evaluatePolicies(
        { stack: "test", registrations: resources, invocations: [], packages: [], outputs: {} },
        policyList,
        packConfig,
      );
    const reporters = policies.slice(-2);

    it("waives a resource by name and reports the waiver, with its reason, as advisory", async () => {
      const verdicts = await evaluate(
        [widget],
        [oauthAppNoImplicitGrant, ...reporters],
        config([
          { resource: "legacy-widget", reason: "vendor SDK needs implicit until the Q3 upgrade (ticket IAM-42)" },
        ]),
      );
      expect(lines(verdicts)).to.deep.equal([
        'advisory guardrail-exemptions-resources legacy-widget: okta-oauth-app-no-implicit-grant is waived for legacy-widget (vendor SDK needs implicit until the Q3 upgrade (ticket IAM-42)); it found: grant type "implicit" is not allowed: use "authorization_code" with PKCE (RFC 9700 2.1.2)',
      ]);
    });

    it("does not honour an exemption without a reason, and says so", async () => {
      const verdicts = await evaluate(
        [widget],
        [oauthAppNoImplicitGrant, ...reporters],
        config([{ resource: "legacy-widget", reason: " " }]),
      );
      expect(lines(verdicts)).to.deep.equal([
        'mandatory okta-oauth-app-no-implicit-grant legacy-widget: grant type "implicit" is not allowed: use "authorization_code" with PKCE (RFC 9700 2.1.2) (the exemption configured for this resource has no reason, so it does not apply)',
      ]);
    });

    it("waives a stack policy's finding by resource name and reports it", async () => {
      const rules = [1, 1].map((p, i) =>
        resource("okta:auth/serverPolicyRule:ServerPolicyRule", `rule-${i}`, { priority: p, policyId: "pol-1" }),
      );
      const stackConfig: PackConfig = {
        [uniquePriorities.name]: {
          enforcementLevel: "mandatory",
          exemptions: [{ resource: "pol-1", reason: "imported rules renumbered next sprint" }],
        },
        "guardrail-exemptions-stack": "advisory",
      };
      expect(lines(await evaluate(rules, [uniquePriorities, ...reporters], stackConfig))).to.deep.equal([
        "advisory guardrail-exemptions-stack stack: okta-unique-priorities is waived for pol-1 (imported rules renumbered next sprint); it found: priorities of okta:auth/serverPolicyRule:ServerPolicyRule under pol-1 must be 1..2 with no repeats or gaps, got 1, 1",
      ]);
    });
  });
});
