import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { generatedAppKey } from "../bench/catalogue";
import { readAppsFile } from "../config/appsFile";
import { MAX_ENV_STRING_BYTES, cliConfigSize } from "../config/cliConfigSize";
import { ConfigError, MAX_VALUE_LENGTH, NAMESPACE, parseStackConfig } from "../config/parse";
import { APP_CATALOGUE } from "../definitions/apps";
import { endpointKeys } from "../definitions/catalogue";
import { readStackFile } from "../offline/stackFile";
import { PROJECT_DIR, testAudiences } from "./support";

// A large org's apps map is one config value far longer than any one string in it: the cap on a value's length
// applies to each string (plain values, and every key and string inside a structured value), never to the map.

/** A host name as long as DNS allows a label (63) under a long corporate domain. */
const longHost = (i: number) =>
  `${"customer-facing-portal-".padEnd(58, "x")}${String(i).padStart(5, "0")}.apps.eu-west.corp.example.com`;

function writeStack(dir: string, stack: string, config: Record<string, unknown>): void {
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config }));
}

/** Reads a stack file as the tools do and parses it as the program does, its apps file and size included. */
function parse(dir: string, stack: string, appKeys: readonly string[]) {
  const file = readStackFile(dir, stack);
  const values = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(file.config)) values[k.slice(NAMESPACE.length + 1)] = v;
  const appsFile = values.appsFile === undefined ? undefined : readAppsFile(dir, stack, values.appsFile);
  const raw = {
    stack,
    values,
    encrypted: new Set(file.secretKeys),
    appsFile,
    cliConfigSize: cliConfigSize(file.config),
  };
  return { file, config: () => parseStackConfig(raw, appKeys, () => "[secret]", "dev", []) };
}

const frames = (t: string) => t.split("\n").filter((l) => /^\s+at /.test(l));

describe("configuration at org scale", () => {
  const keys = Array.from({ length: 2000 }, (_, i) => generatedAppKey(i + 1));
  const bigApps = Object.fromEntries(
    keys.map((k, i) => [
      k,
      { baseUrl: `https://${longHost(i)}`, extraRedirectUris: [`https://${longHost(i)}/oauth2/callback`] },
    ]),
  );
  const base = { [`${NAMESPACE}:environment`]: "dev", [`${NAMESPACE}:orgName`]: "acme" };

  it("refuses a generated 2,000-app stack file with long host names: over what the CLI can pass, with the way out", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-scale-"));
    writeStack(dir, "big", { ...base, [`${NAMESPACE}:apps`]: bigApps });
    const { file, config } = parse(dir, "big", keys);
    // Each string is within the per-string cap; the whole is far over the environment string limit.
    expect(file.config[`${NAMESPACE}:apps`]?.length).to.be.greaterThan(4 * MAX_VALUE_LENGTH);
    let error: unknown;
    try {
      config();
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).to.have.length(1);
    expect(problems[0]?.path).to.equal("okta-mmod:apps");
    const [, part, whole] = /^(\d+) of the (\d+) bytes the whole configuration takes in PULUMI_CONFIG$/.exec(
      problems[0]?.got ?? "",
    ) ?? ["", "0", "0"];
    expect(Number(whole)).to.be.greaterThan(MAX_ENV_STRING_BYTES);
    expect(Number(part)).to.be.lessThan(Number(whole));
    expect(problems[0]?.expected).to.equal(
      'a whole configuration of at most 131072 bytes: the Pulumi CLI passes it, secrets decrypted, to the program and to the policy pack each in one environment variable (PULUMI_CONFIG), and Linux refuses to start a process with one over 128 KiB ("argument list too long"); keep the apps\' URLs in the stack\'s apps file instead (okta-mmod:appsFile, see "Performance at org scale" in the README)',
    );
  });

  it("accepts the same 2,000 apps from the stack's apps file, stack-apps/<stack>.yaml", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-scale-"));
    fs.mkdirSync(path.join(dir, "stack-apps"));
    fs.writeFileSync(path.join(dir, "stack-apps", "big.yaml"), stringify(bigApps));
    writeStack(dir, "big", { ...base, [`${NAMESPACE}:appsFile`]: "stack-apps/big.yaml" });
    const parsed = parse(dir, "big", keys).config();
    expect(Object.keys(parsed.apps)).to.have.length(2000);
    expect(parsed.apps["app-2000"]).to.deep.equal({
      baseUrl: `https://${longHost(1999)}`,
      extraRedirectUris: [`https://${longHost(1999)}/oauth2/callback`],
    });
  });

  it("still refuses one string over the cap inside the apps map, naming its path and cutting it in the message", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-scale-"));
    const huge = `https://${"a".repeat(MAX_VALUE_LENGTH)}.example.com`;
    const hugeKey = "k".repeat(MAX_VALUE_LENGTH + 1);
    writeStack(dir, "hostile", {
      [`${NAMESPACE}:environment`]: "dev",
      [`${NAMESPACE}:orgName`]: "acme",
      [`${NAMESPACE}:apps`]: {
        portal: { baseUrl: "https://portal.example.com", extraRedirectUris: [huge] },
        [hugeKey]: {},
      },
    });
    let error: unknown;
    try {
      parse(dir, "hostile", ["portal"]).config();
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(ConfigError);
    // Two strings of 64 KiB also take the whole configuration over the CLI's limit: that problem is tested above.
    const problems = (error as ConfigError).problems.filter((p) => !p.got.endsWith("takes in PULUMI_CONFIG"));
    expect(problems.map((p) => `${p.path}: got ${p.got}; expected ${p.expected}`)).to.deep.equal([
      `okta-mmod:apps.portal.extraRedirectUris[0]: got "https://${"a".repeat(71)}... (65558 characters); expected a string of at most 65536 characters`,
      `okta-mmod:apps.${"k".repeat(80)}... (65537 characters): got "${"k".repeat(79)}... (65539 characters); expected a string of at most 65536 characters`,
    ]);
  });

  it("never shows an over-long string under a credential-like key, even cut", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-scale-"));
    const token = `ghp_${"z".repeat(MAX_VALUE_LENGTH)}`;
    writeStack(dir, "token", {
      [`${NAMESPACE}:environment`]: "dev",
      [`${NAMESPACE}:orgName`]: "acme",
      [`${NAMESPACE}:apps`]: { portal: { baseUrl: "https://portal.example.com" } },
      [`${NAMESPACE}:delivery`]: { repository: "acme/okta", branch: "prod", github: { token } },
    });
    let error: unknown;
    try {
      parse(dir, "token", ["portal"]).config();
    } catch (err) {
      error = err;
    }
    expect((error as ConfigError).problems.map((p) => `${p.path}: got ${p.got}`)).to.deep.equal([
      "okta-mmod:delivery.github.token: got [secret]",
    ]);
    expect((error as ConfigError).message).not.to.contain("ghp_");
  });

  it("through the real plan command: exit 1, the over-long string named and cut, no stack frame", function () {
    this.timeout(120_000);
    const keys = endpointKeys(APP_CATALOGUE);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-scale-plan-"));
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    const apps = Object.fromEntries(keys.map((k, i) => [k, { baseUrl: `https://app${i}.example.com` }]));
    const first = keys[0] as string;
    apps[first] = { baseUrl: `https://${"b".repeat(70_000)}.example.com` };
    writeStack(dir, "huge", {
      [`${NAMESPACE}:environment`]: "dev",
      [`${NAMESPACE}:orgName`]: "acme",
      [`${NAMESPACE}:apps`]: apps,
    });
    const r = spawnSync(process.execPath, [path.join(PROJECT_DIR, "bin", "tools", "plan.js"), "--project-dir", dir], {
      encoding: "utf8",
    });
    expect(r.status).to.equal(1);
    expect(frames(r.stdout + r.stderr)).to.deep.equal([]);
    expect(r.stdout + r.stderr).to.contain(
      `okta-mmod:apps.${first}.baseUrl: got "https://${"b".repeat(71)}... (70022 characters); expected a string of at most 65536 characters`,
    );
    expect((r.stdout + r.stderr).length).to.be.lessThan(2000);
  });

  it("through the real plan command: 10,000 unknown keys give the first 50 problems and how many more, no dump", function () {
    this.timeout(120_000);
    const keys = endpointKeys(APP_CATALOGUE);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-scale-plan-"));
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    const unknown = Object.fromEntries(
      Array.from({ length: 10_000 }, (_, i) => [`${NAMESPACE}:unknown${String(i).padStart(5, "0")}`, "x"]),
    );
    // Named dev, which the code-owned binding gives the dev profile: its problems are the unknown keys and the size
    // they add up to (over the CLI's limit).
    writeStack(dir, "dev", {
      [`${NAMESPACE}:environment`]: "dev",
      [`${NAMESPACE}:orgName`]: "acme",
      [`${NAMESPACE}:apps`]: Object.fromEntries(keys.map((k, i) => [k, { baseUrl: `https://app${i}.example.com` }])),
      [`${NAMESPACE}:audiences`]: testAudiences(APP_CATALOGUE),
      ...unknown,
    });
    const r = spawnSync(process.execPath, [path.join(PROJECT_DIR, "bin", "tools", "plan.js"), "--project-dir", dir], {
      encoding: "utf8",
    });
    const out = r.stdout + r.stderr;
    expect(r.status).to.equal(1);
    expect(frames(out)).to.deep.equal([]);
    expect(out).not.to.match(/triggerUncaughtException|RunError|node:internal|\^\s*$/m);
    const lines = out.split("\n");
    const header = lines.findIndex((l) => l.endsWith('Stack "dev" has 10001 configuration problems:'));
    expect(header, out.slice(0, 2000)).to.be.at.least(0);
    const listed = lines
      .slice(header + 1)
      .map((l) => l.trim())
      .filter((l) => l.startsWith("- "));
    expect(listed).to.have.length(51);
    expect(listed[0]).to.match(/^- okta-mmod:unknown00000: got a value; expected one of the program's keys: /);
    expect(listed[49]).to.match(/^- okta-mmod:unknown00049: /);
    expect(listed[50]).to.equal("- and 9951 more problems");
    expect(out.length).to.be.lessThan(20_000);
  });

  it("through the real plan command: an apps file that is a link to another file of the project is refused", function () {
    this.timeout(120_000);
    const keys = endpointKeys(APP_CATALOGUE);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-scale-plan-"));
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    // A file no code owner reviews as a stack's and whose changes mark no stack as affected.
    fs.mkdirSync(path.join(dir, "docs"));
    const apps = Object.fromEntries(keys.map((k, i) => [k, { baseUrl: `https://app${i}.example.com` }]));
    fs.writeFileSync(path.join(dir, "docs", "apps.yaml"), stringify(apps));
    fs.mkdirSync(path.join(dir, "stack-apps"));
    fs.symlinkSync("../docs/apps.yaml", path.join(dir, "stack-apps", "dev.yaml"));
    writeStack(dir, "dev", {
      [`${NAMESPACE}:environment`]: "dev",
      [`${NAMESPACE}:orgName`]: "acme",
      [`${NAMESPACE}:appsFile`]: "stack-apps/dev.yaml",
      [`${NAMESPACE}:audiences`]: testAudiences(APP_CATALOGUE),
    });
    const plan = () =>
      spawnSync(process.execPath, [path.join(PROJECT_DIR, "bin", "tools", "plan.js"), "--project-dir", dir], {
        encoding: "utf8",
      });
    const r = plan();
    expect(r.status).to.equal(1);
    expect(frames(r.stdout + r.stderr)).to.deep.equal([]);
    expect(r.stdout).to.contain(
      'Stack "dev" has 1 configuration problem:\n' +
        '    - okta-mmod:appsFile: got "stack-apps/dev.yaml"; expected the file itself, not a symbolic link: ' +
        "stack-apps/dev.yaml leads to docs/apps.yaml, which is not reviewed as the stack's apps file\n",
    );
    // The same content as the file itself plans.
    fs.unlinkSync(path.join(dir, "stack-apps", "dev.yaml"));
    fs.copyFileSync(path.join(dir, "docs", "apps.yaml"), path.join(dir, "stack-apps", "dev.yaml"));
    const ok = plan();
    expect(ok.status, ok.stdout + ok.stderr).to.equal(0);
  });
});
