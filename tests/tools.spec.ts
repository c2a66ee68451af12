import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { APP_CATALOGUE } from "../definitions/apps";
import { PROJECT_DIR, testAudiences, testApps } from "./support";

const tool = (name: string) => path.join(PROJECT_DIR, "bin", "tools", `${name}.js`);

/** A project folder of the test's own: Pulumi.yaml plus the given files. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tools-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: okta-mmod\nruntime: nodejs\n");
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const GOOD =
  "config:\n  okta-mmod:environment: dev\n  okta-mmod:delivery:\n    repository: acme/okta\n    branch: main\n";

function run(name: string, args: string[]) {
  const r = spawnSync(process.execPath, [tool(name), ...args], { encoding: "utf8", input: "Pulumi.qa.yaml\n" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noFrames = (text: string) => expect(text.split("\n").filter((l) => /^\s+at /.test(l))).to.deep.equal([]);

describe("tools on bad stack files: one clear message and exit 1, never a stack trace", function () {
  this.timeout(60_000);

  it("stacks lists a good project", () => {
    const dir = project({ "Pulumi.qa.yaml": GOOD });
    expect(run("stacks", ["--project-dir", dir])).to.deep.equal({
      code: 0,
      // "qa" has no entry in the code-owned binding: the workflows apply prod whatever the file claims.
      stdout:
        '[{"stack":"qa","environment":"dev","profile":"prod","branch":"main","managesEnvironment":false,"secretsProvider":"service"}]\n',
      stderr: "",
    });
  });

  for (const name of ["stacks", "affected-stacks", "plan"]) {
    it(`${name}: a Pulumi.<stack>.yml the Pulumi CLI would never read`, () => {
      const dir = project({ "Pulumi.qa.yaml": GOOD, "Pulumi.prod.yml": GOOD });
      const r = run(name, ["--project-dir", dir]);
      expect(r).to.deep.equal({
        code: 1,
        stdout: "",
        stderr: `error: ${path.join(dir, "Pulumi.prod.yml")}: the Pulumi CLI only reads stack files named Pulumi.<stack>.yaml; rename it to Pulumi.prod.yaml\n`,
      });
    });
  }

  for (const name of ["stacks", "affected-stacks", "plan"]) {
    it(`${name}: apps files no stack reads (no such stack, not named by its stack file, misnamed), all reported`, () => {
      const dir = project({ "Pulumi.qa.yaml": GOOD });
      const apps = path.join(dir, "stack-apps");
      fs.mkdirSync(apps);
      for (const f of ["staging.yaml", "qa.yaml", "qa.yml", ".gitkeep"]) fs.writeFileSync(path.join(apps, f), "{}\n");
      fs.mkdirSync(path.join(apps, "old"));
      expect(run(name, ["--project-dir", dir])).to.deep.equal({
        code: 1,
        stdout: "",
        stderr: [
          `error: ${path.join(apps, "old")}: no stack reads it: stack-apps/ holds one apps file per stack, named stack-apps/<stack>.yaml`,
          `error: ${path.join(apps, "qa.yaml")}: Pulumi.qa.yaml does not name it, so the stack does not read it: set okta-mmod:appsFile: stack-apps/qa.yaml in Pulumi.qa.yaml (and move its okta-mmod:apps there), or remove the file`,
          `error: ${path.join(apps, "qa.yml")}: no stack reads it: stack-apps/ holds one apps file per stack, named stack-apps/<stack>.yaml`,
          `error: ${path.join(apps, "staging.yaml")}: names no stack: there is no Pulumi.staging.yaml, so no stack reads it (this project has: qa); rename it after the stack it is for, or remove it`,
          "",
        ].join("\n"),
      });
    });
  }

  it("stacks: an apps file its stack names is no problem", () => {
    const dir = project({ "Pulumi.qa.yaml": `${GOOD}  okta-mmod:appsFile: stack-apps/qa.yaml\n` });
    fs.mkdirSync(path.join(dir, "stack-apps"));
    fs.writeFileSync(path.join(dir, "stack-apps", "qa.yaml"), "{}\n");
    expect(run("stacks", ["--project-dir", dir])).to.deep.equal({
      code: 0,
      stdout:
        '[{"stack":"qa","environment":"dev","profile":"prod","branch":"main","managesEnvironment":false,"secretsProvider":"service"}]\n',
      stderr: "",
    });
  });

  for (const name of ["stacks", "plan"]) {
    it(`${name}: an unreadable stack file and a broken one, both reported`, () => {
      const dir = project({ "Pulumi.qa.yaml": "config:\n  okta-mmod:orgName: [a\n" });
      fs.mkdirSync(path.join(dir, "Pulumi.gone.yaml"));
      const r = run(name, ["--project-dir", dir]);
      expect(r.code).to.equal(1);
      noFrames(r.stderr + r.stdout);
      const text = name === "plan" ? r.stdout : r.stderr;
      expect(text).to.contain(`${path.join(dir, "Pulumi.gone.yaml")}: cannot be read (it is a directory)`);
      expect(text).to.contain(`${path.join(dir, "Pulumi.qa.yaml")}: not valid YAML: `);
      expect(text).to.match(/not valid YAML: [^\n]*at line 3, column 1 \(near: okta-mmod:orgName: \[a\)/);
    });
  }

  it("stacks refuses bad usage with exit 2", () => {
    const r = run("stacks", ["--nope"]);
    expect(r).to.deep.equal({ code: 2, stdout: "", stderr: "error: unknown option '--nope'\n" });
  });
});

describe("plan: objects two stack files would both declare", function () {
  this.timeout(120_000);

  it("a verbatim copy of a stack file collides with it (same org at least): exit 1, both stacks fail naming both files", () => {
    // A prod org of the test's own, with an app URL for every app of the catalogue the program declares (not the
    // team's prod file, which may keep its apps in a file of its own): a stack with no entry in the code-owned
    // binding ("copy") is bound to prod.
    const original = stringify({
      config: {
        "okta-mmod:environment": "prod",
        "okta-mmod:orgName": "acme",
        "okta-mmod:apps": testApps(APP_CATALOGUE),
        "okta-mmod:audiences": testAudiences(APP_CATALOGUE),
        "okta-mmod:delivery": {
          repository: "acme/okta",
          branch: "prod",
          github: { ownsRepository: true, protectedBranches: ["prod"], reviewerTeams: ["admins"] },
        },
      },
    });
    const dir = project({ "Pulumi.prod.yaml": original, "Pulumi.copy.yaml": original });
    const r = spawnSync(process.execPath, [tool("plan"), "--project-dir", dir, "--json"], { encoding: "utf8" });
    expect(r.status).to.equal(1);
    noFrames(r.stdout + r.stderr);
    // The program itself refuses (as under pulumi up), in the words of the plan's own check across stacks.
    const doc = JSON.parse(r.stdout) as { stacks: { stack: string; error?: string }[] };
    for (const stack of ["copy", "prod"]) {
      const error = doc.stacks.find((p) => p.stack === stack)?.error ?? "";
      expect(error.split("\n")[0]).to.match(
        new RegExp(`^Stack "${stack}" would declare \\d+ object\\(s\\) another stack file declares too; `),
      );
      expect(error).to.contain(
        "\n  - Pulumi.copy.yaml and Pulumi.prod.yaml both declare pulumi:providers:okta orgName=",
      );
    }
  });
});

describe("plan --out", function () {
  this.timeout(120_000);

  it("writes the same JSON document --json prints, and keeps the text plan on stdout", () => {
    const dir = project({ "Pulumi.qa.yaml": "config:\n  okta-mmod:environment: dev\n" });
    const out = path.join(dir, "plan.json");
    const text = spawnSync(process.execPath, [tool("plan"), "--project-dir", dir, "--out", out], { encoding: "utf8" });
    const json = spawnSync(process.execPath, [tool("plan"), "--project-dir", dir, "--json"], { encoding: "utf8" });
    expect([text.status, json.status]).to.deep.equal([1, 1]);
    expect(fs.readFileSync(out, "utf8")).to.equal(json.stdout);
    expect(text.stdout).to.match(/^Stack qa\n/);
  });
});

describe("plan after a stack's configuration fails: the run settles every promise it started", function () {
  this.timeout(120_000);

  const BAD = "config:\n  okta-mmod:environment: dev\n";
  const plan = (args: string[]) => {
    const r = spawnSync(process.execPath, [tool("plan"), ...args], { encoding: "utf8" });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it("two failing stacks: exit 1, both reported on stdout, nothing on stderr (no late rejection, no trace)", () => {
    const dir = project({ "Pulumi.qa.yaml": BAD, "Pulumi.qb.yaml": BAD });
    const r = plan(["--project-dir", dir]);
    expect([r.code, r.stderr]).to.deep.equal([1, ""]);
    for (const stack of ["qa", "qb"]) {
      expect(r.stdout).to.match(
        new RegExp(`^Stack ${stack}\n {2}Stack "${stack}" has \\d+ configuration problems:\n`, "m"),
      );
      expect(r.stdout).to.contain(`\n    - okta-mmod:orgName: got nothing (the key is not set)`);
    }
  });

  it("--json: exit 1, the error once on stderr and no trace", () => {
    const dir = project({ "Pulumi.qa.yaml": BAD });
    const r = plan(["--project-dir", dir, "--json"]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/^Stack "qa" has \d+ configuration problems:\n( {2}- okta-mmod:[a-zA-Z]+: [^\n]*\n)+$/);
    noFrames(r.stderr);
  });

  it("--out to a folder that does not exist, after a failed stack: exit 2, one line naming the file", () => {
    const dir = project({ "Pulumi.qa.yaml": BAD });
    const out = path.join(dir, "missing", "plan.json");
    const r = plan(["--project-dir", dir, "--out", out]);
    expect([r.code, r.stdout, r.stderr]).to.deep.equal([2, "", `error: cannot write ${out}: ENOENT\n`]);
  });
});

describe("every tool on bad input: one message, its exit code, nothing on stdout, never a stack trace", function () {
  this.timeout(120_000);

  const BROKEN = "config:\n  okta-mmod:orgName: [a\n";
  const yamlError = (file: string) =>
    `${file}: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1 (near: okta-mmod:orgName: [a)`;
  const exec = (name: string, args: string[], input = "") => {
    const r = spawnSync(process.execPath, [tool(name), ...args], { encoding: "utf8", input });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  const cases: {
    tool: string;
    what: string;
    run: (dir: string) => ReturnType<typeof exec>;
    stderr: (dir: string) => string;
    code: number;
  }[] = [
    {
      tool: "plan",
      what: "a stack file that is not YAML (reported in the plan, on stdout)",
      run: (dir) => exec("plan", ["--project-dir", dir, "--json"]),
      stderr: (dir) => `${yamlError(path.join(dir, "Pulumi.qa.yaml"))}\n`,
      code: 1,
    },
    {
      tool: "stacks",
      what: "a stack file that is not YAML",
      run: (dir) => exec("stacks", ["--project-dir", dir]),
      stderr: (dir) => `error: ${yamlError(path.join(dir, "Pulumi.qa.yaml"))}\n`,
      code: 1,
    },
    {
      tool: "affected-stacks",
      what: "a changed stack file that is not YAML",
      run: (dir) => exec("affected-stacks", ["--project-dir", dir, "Pulumi.qa.yaml"]),
      stderr: (dir) => `error: ${yamlError(path.join(dir, "Pulumi.qa.yaml"))}\n`,
      code: 1,
    },
    {
      tool: "drift-report",
      what: "a digest that is JSON but not a refresh preview",
      run: () => exec("drift-report", ["-"], "[1,2]\n"),
      stderr: () =>
        "error: standard input: not a refresh preview digest: the document: expected Invalid input: expected object, received array\n",
      code: 2,
    },
    {
      tool: "import-file",
      what: "a stack file that is not YAML",
      run: (dir) => exec("import-file", ["--stack", "qa", "--project-dir", dir]),
      stderr: (dir) => `error: ${yamlError(path.join(dir, "Pulumi.qa.yaml"))}\n`,
      code: 1,
    },
    {
      tool: "unmanaged",
      what: "a stack file that is not YAML",
      run: (dir) => exec("unmanaged", ["--stack", "qa", "--project-dir", dir]),
      stderr: (dir) => `error: ${yamlError(path.join(dir, "Pulumi.qa.yaml"))}\n`,
      code: 1,
    },
    {
      tool: "bench",
      what: "app counts that are not counts",
      run: () => exec("bench", ["--apps", "0,-5"]),
      stderr: () =>
        `error: option '--apps <counts>' argument '0,-5' is invalid. expected app counts from 1 to 99999 separated by commas, got "0,-5"\n`,
      code: 2,
    },
  ];

  for (const c of cases) {
    it(`${c.tool}: ${c.what}`, () => {
      const dir = project({ "Pulumi.qa.yaml": BROKEN, "unmanaged-ignore.yaml": "[]\n" });
      const r = c.run(dir);
      noFrames(r.stdout + r.stderr);
      expect({ code: r.code, stderr: r.stderr }).to.deep.equal({ code: c.code, stderr: c.stderr(dir) });
      if (c.tool !== "plan") expect(r.stdout).to.equal("");
    });
  }
});
