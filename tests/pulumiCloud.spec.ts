import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as pulumiservice from "@pulumi/pulumiservice";
import { stringify } from "yaml";
import { PulumiCloudAccess } from "../components/delivery/pulumiCloud";
import { APP_CATALOGUE } from "../definitions/apps";
import { ProgramRun, runProgram } from "../offline/run";
import { readStackFile } from "../offline/stackFile";
import {
  FIXTURE_DIR,
  FIXTURE_FILES,
  PROJECT,
  PROJECT_DIR,
  STACK_SECRETS,
  byType,
  find,
  fixtureProgramIn,
  runStack,
  testAudiences,
  testApps,
} from "./support";

/**
 * The Pulumi Cloud side of least privilege, declared by the fixture prod stack (it owns the repository and
 * enables Deployments in the organization "iatcore"): the policy pack and one preventative policy group per
 * profile, a deploy and a read team per stack, and the OIDC issuer that binds each team to its GitHub environment.
 * Not proven here: that Pulumi Cloud accepts these inputs (no API is called under mocks).
 */
const PACK_DIR = FIXTURE_FILES.policyPackDir;
const packJson = (file: string) => JSON.parse(fs.readFileSync(path.join(PACK_DIR, file), "utf8")) as unknown;
const SUB = (environment: string) => `repo:iatcore/okta-mmod:environment:${environment}`;

describe("Pulumi Cloud guardrails and access, as code", () => {
  let prod: ProgramRun;
  let dev: ProgramRun;
  before(async () => {
    prod = await runStack("prod");
    dev = await runStack("dev");
  });
  const only = (run: ProgramRun, type: string) => byType(run, `pulumiservice:index:${type}`);

  it("is declared by the owning stack only, on its Pulumi Cloud provider, every part protected", () => {
    const types = ["PolicyPack", "PolicyGroup", "Team", "TeamStackPermission", "OidcIssuer"];
    expect(types.map((t) => only(dev, t).length)).to.deep.equal([0, 0, 0, 0, 0]);
    expect(types.map((t) => only(prod, t).length)).to.deep.equal([1, 2, 4, 4, 1]);
    const provider = find(prod, "pulumi:providers:pulumiservice", "deployments-provider");
    for (const r of types.flatMap((t) => only(prod, t))) {
      expect(r.provider, r.name).to.equal(`${provider.urn}::deployments-provider-id`);
      expect(r.protect, r.name).to.equal(true);
    }
  });

  it("publishes the policy pack at its package version", () => {
    const manifest = packJson("package.json") as { name: string; version: string };
    expect(find(prod, "pulumiservice:index:PolicyPack", "pulumi-cloud-policy-pack").inputs).to.deep.equal({
      name: "okta-mmod-guardrails",
      organization: "iatcore",
      sourcePath: PACK_DIR,
      versionTag: manifest.version,
    });
    expect(manifest.name).to.equal("okta-mmod-guardrails");
  });

  it("enforces it in preventative mode on every stack, in the group and with the config its binding names", () => {
    const group = (profile: string) =>
      find(prod, "pulumiservice:index:PolicyGroup", `pulumi-cloud-policy-group-${profile}`);
    const pack = find(prod, "pulumiservice:index:PolicyPack", "pulumi-cloud-policy-pack");
    for (const profile of ["dev", "prod"]) {
      expect(group(profile).inputs, profile).to.deep.equal({
        name: `okta-mmod-${profile}`,
        organizationName: "iatcore",
        entityType: "stacks",
        mode: "preventative",
        stacks: [{ name: profile, routingProject: "okta-mmod" }],
        policyPacks: [
          {
            name: "okta-mmod-guardrails",
            versionTag: (packJson("package.json") as { version: string }).version,
            config: packJson(path.join("config", `${profile}.json`)),
          },
        ],
      });
      expect(group(profile).dependencies, profile).to.deep.equal([pack.urn]);
    }
  });

  it("gives each stack a deploy team with edit and a read team with read, on that stack only", () => {
    const teams = only(prod, "Team").map((t) => [t.inputs.name, t.inputs.teamType, t.inputs.organizationName]);
    expect(teams).to.deep.equal([
      ["dev-deploy", "pulumi", "iatcore"],
      ["dev-read", "pulumi", "iatcore"],
      ["prod-deploy", "pulumi", "iatcore"],
      ["prod-read", "pulumi", "iatcore"],
    ]);
    expect(only(prod, "TeamStackPermission").map((p) => p.inputs)).to.deep.equal([
      { organization: "iatcore", project: PROJECT, stack: "dev", team: "dev-deploy", permission: 102 },
      { organization: "iatcore", project: PROJECT, stack: "dev", team: "dev-read", permission: 101 },
      { organization: "iatcore", project: PROJECT, stack: "prod", team: "prod-deploy", permission: 102 },
      { organization: "iatcore", project: PROJECT, stack: "prod", team: "prod-read", permission: 101 },
    ]);
    expect(pulumiservice.TeamStackPermissionScope.Edit).to.equal(102);
    expect(pulumiservice.TeamStackPermissionScope.Read).to.equal(101);
  });

  it("issues each team's token only to a job in its own GitHub environment, and the admin token only to prod's", () => {
    const issuer = find(prod, "pulumiservice:index:OidcIssuer", "pulumi-cloud-github-oidc");
    expect(issuer.inputs).to.deep.equal({
      name: "github-actions",
      organization: "iatcore",
      url: "https://token.actions.githubusercontent.com",
      policies: [
        { decision: "allow", tokenType: "organization", authorizedPermissions: ["admin"], rules: { sub: SUB("prod") } },
        { decision: "allow", tokenType: "team", teamName: "dev-deploy", rules: { sub: SUB("dev") } },
        { decision: "allow", tokenType: "team", teamName: "dev-read", rules: { sub: SUB("dev-read") } },
        { decision: "allow", tokenType: "team", teamName: "prod-deploy", rules: { sub: SUB("prod") } },
        { decision: "allow", tokenType: "team", teamName: "prod-read", rules: { sub: SUB("prod-read") } },
      ],
    });
    // No policy matches a pull request's own subject (repo:<owner>/<repo>:pull_request) or a wildcard.
    const subjects = JSON.stringify(issuer.inputs.policies);
    expect(subjects).not.to.contain("pull_request");
    expect(subjects).not.to.contain("*");
  });

  describe("bypasses that fail", () => {
    /** A copy of the fixture project whose prod stack file is changed by `edit`. */
    function projectWithProd(edit: (config: Record<string, unknown>) => void): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-cloud-"));
      for (const stack of ["dev", "prod"]) {
        fs.copyFileSync(path.join(FIXTURE_DIR, `Pulumi.${stack}.yaml`), path.join(dir, `Pulumi.${stack}.yaml`));
      }
      const file = path.join(dir, "Pulumi.prod.yaml");
      const config = Object.fromEntries(
        Object.entries(readStackFile(dir, "prod").config).map(([k, v]) => [
          k,
          k.endsWith(":delivery") ? JSON.parse(v) : v,
        ]),
      ) as Record<string, unknown>;
      edit(config);
      fs.writeFileSync(file, JSON.stringify({ config }));
      return dir;
    }
    async function runDevIn(dir: string): Promise<unknown> {
      const config = readStackFile(FIXTURE_DIR, "dev").config;
      try {
        await runProgram({
          project: PROJECT,
          stack: "dev",
          config: { ...config, ...STACK_SECRETS },
          secretKeys: Object.keys(STACK_SECRETS).filter((k) => k in { ...config, ...STACK_SECRETS }),
          program: fixtureProgramIn({ ...FIXTURE_FILES, stacksDir: dir }),
        });
      } catch (err) {
        return err;
      }
      return undefined;
    }
    const MISSING =
      'Stack "dev" has 1 configuration problem:\n  - okta-mmod:delivery.deployments.organization: got "iatcore"; expected an organization whose policy groups a stack declares: no stack file sets delivery.github.ownsRepository together with deployments in this organization, so stack "dev" would be in no preventative policy group and Pulumi Deployments would run up without the guardrails';

    it("a stack Deployments serve, when the owning stack turns its Pulumi Cloud part off: no group would hold it", async () => {
      const dir = projectWithProd((c) => {
        const delivery = c["okta-mmod:delivery"] as { deployments: { enabled?: boolean } };
        delivery.deployments.enabled = false;
      });
      const error = (await runDevIn(dir)) as Error;
      expect(error?.message).to.equal(MISSING);
      // A RunError: the CLI prints its message alone, without a stack trace.
      expect(pulumi.RunError.isInstance(error)).to.equal(true);
      expect(error.stack).not.to.match(/\n\s+at /);
    });

    it("a stack Deployments serve in an organization no owning stack declares", async () => {
      const dir = projectWithProd((c) => {
        (c["okta-mmod:delivery"] as { deployments: { organization: string } }).deployments.organization = "other";
      });
      expect(((await runDevIn(dir)) as Error)?.message).to.equal(MISSING);
    });

    it("and runs clean with the fixture's own files (so the failures above come from the edit)", async () => {
      expect(await runDevIn(FIXTURE_DIR)).to.equal(undefined);
    });

    it("a stack put in a group weaker than its binding", async () => {
      let error: unknown;
      try {
        await runProgram({
          project: PROJECT,
          stack: "prod",
          config: {},
          secretKeys: [],
          program: () => {
            new PulumiCloudAccess("pulumi-cloud", {
              provider: new pulumiservice.Provider("p", {}),
              organization: "iatcore",
              project: PROJECT,
              repository: "iatcore/okta-mmod",
              ownerStack: "prod",
              stacks: [
                { stack: "dev", profile: "dev" },
                { stack: "prod", profile: "dev" },
                { stack: "new-org", profile: "dev" },
              ],
              bindings: { dev: "dev", prod: "prod" },
              pack: { name: "okta-mmod-guardrails", version: "0.1.0", sourcePath: PACK_DIR },
              packConfigs: { dev: {} },
            });
            return {};
          },
        });
      } catch (err) {
        error = err;
      }
      expect((error as Error)?.message).to.equal(
        'PulumiCloudAccess "pulumi-cloud": stack "prod" would be in the dev policy group, weaker than the prod profile config/stackProfiles.ts binds it to; stack "new-org" would be in the dev policy group, weaker than the prod profile config/stackProfiles.ts binds it to',
      );
    });
  });
});

/**
 * The policy-group check as a user meets it: the real plan command in a child process, on a project folder of
 * the test's own (`--project-dir`), started from a folder that is not that project. The program must judge the
 * stack files of the project it runs, not those of the directory the command was started in.
 */
describe("the policy-group check reads the project it plans, through the real plan command", function () {
  this.timeout(120_000);
  const PLAN = path.join(PROJECT_DIR, "bin", "tools", "plan.js");
  const apps = testApps(APP_CATALOGUE);
  /** dev (bound to dev) served by Deployments in "iatcore", the organization this repository's prod stack owns. */
  const DEV = {
    "okta-mmod:environment": "dev",
    "okta-mmod:orgName": "acme-dev",
    "okta-mmod:apps": apps,
    "okta-mmod:audiences": testAudiences(APP_CATALOGUE),
    "okta-mmod:delivery": {
      repository: "acme/okta",
      branch: "preview",
      github: {},
      deployments: { organization: "iatcore" },
    },
  };
  /** An unbound stack (so prod) that owns the repository and declares the policy groups of "iatcore". */
  const OWNER = {
    "okta-mmod:environment": "prod",
    "okta-mmod:orgName": "acme",
    "okta-mmod:apps": apps,
    "okta-mmod:audiences": testAudiences(APP_CATALOGUE),
    "okta-mmod:delivery": {
      repository: "acme/okta",
      branch: "prod",
      github: { ownsRepository: true, protectedBranches: ["preview", "prod"], reviewerTeams: ["admins"] },
      deployments: { organization: "iatcore" },
    },
  };

  function project(stacks: Record<string, unknown>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-groups-"));
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    for (const [stack, config] of Object.entries(stacks)) {
      fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config }));
    }
    // The project's own pack manifest and profiles (the test's, not the repository's).
    fs.mkdirSync(path.join(dir, "policy-pack", "config"), { recursive: true });
    fs.writeFileSync(path.join(dir, "policy-pack", "package.json"), '{"name":"acme-pack","version":"2.0.0"}');
    for (const profile of ["dev", "prod"])
      fs.writeFileSync(path.join(dir, "policy-pack", "config", `${profile}.json`), "{}");
    return dir;
  }
  function plan(dir: string, cwd: string): { status: number | null; out: string } {
    const r = spawnSync(process.execPath, [PLAN, "--project-dir", dir], { cwd, encoding: "utf8" });
    return { status: r.status, out: r.stdout + r.stderr };
  }
  const MISSING_DEV =
    'okta-mmod:delivery.deployments.organization: got "iatcore"; expected an organization whose policy groups a stack declares: no stack file sets delivery.github.ownsRepository together with deployments in this organization, so stack "dev" would be in no preventative policy group';

  it("fails a stack no stack file of its project puts in a group, even when started where one does", () => {
    // Started in this repository, whose own prod stack owns "iatcore": that must not count for another project.
    const r = plan(project({ dev: DEV }), PROJECT_DIR);
    expect(r.status).to.equal(1);
    expect(r.out).to.contain('Stack "dev" has 1 configuration problem:');
    expect(r.out).to.contain(MISSING_DEV);
    expect(r.out.split("\n").filter((l) => /^\s+at /.test(l))).to.deep.equal([]);
  });

  it("passes it when its project's owning stack declares the groups, wherever the plan is started", () => {
    const r = plan(project({ dev: DEV, live: OWNER }), os.tmpdir());
    expect(r.out).not.to.contain("configuration problem");
    expect(r.status).not.to.equal(1);
  });
});
