import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { appsFileOf, readAppsFile } from "../config/appsFile";
import { MAX_ENV_STRING_BYTES, WARN_AT_BYTES, cliConfigSize, goJson } from "../config/cliConfigSize";
import { APP_CATALOGUE } from "../definitions/apps";
import { endpointKeys } from "../definitions/catalogue";
import { affectedStacks } from "../tools/affected-stacks";
import { PROJECT_DIR, testAudiences } from "./support";

describe("the configuration as the Pulumi CLI passes it (PULUMI_CONFIG)", () => {
  it("is sized as the Node host's Go JSON: <ns>:config:<name> keys, structured values re-encoded, HTML escapes, UTF-8", () => {
    const config = {
      "okta-mmod:orgName": "acmé",
      "okta-mmod:apps": '{"a":{"baseUrl":"https://a.example.com/x<y&z"}}',
      "pulumi:disable-default-providers": '["okta"]',
    };
    // What Go's json.Marshal writes for the host's map (sdk/nodejs/cmd/pulumi-language-nodejs, constructConfig).
    const expected =
      '{"okta-mmod:config:apps":"{\\"a\\":{\\"baseUrl\\":\\"https://a.example.com/x\\\\u003cy\\\\u0026z\\"}}",' +
      '"okta-mmod:config:orgName":"acmé","pulumi:config:disable-default-providers":"[\\"okta\\"]"}';
    const size = cliConfigSize(config);
    expect(size.bytes).to.equal(Buffer.byteLength(`PULUMI_CONFIG=${expected}`) + 1);
    expect(size.bytes).to.equal(198);
    expect(size.largest).to.deep.equal({
      key: "okta-mmod:apps",
      bytes: Buffer.byteLength(
        '"okta-mmod:config:apps":"{\\"a\\":{\\"baseUrl\\":\\"https://a.example.com/x\\\\u003cy\\\\u0026z\\"}}"',
      ),
    });
    expect(cliConfigSize({})).to.deep.equal({ bytes: "PULUMI_CONFIG={}".length + 1, largest: undefined });
  });

  it("escapes as Go does: < > & and the two line terminators", () => {
    expect(goJson('<a>&\u2028\u2029"')).to.equal('"\\u003ca\\u003e\\u0026\\u2028\\u2029\\""');
  });

  it("keeps the limits where Linux puts them (MAX_ARG_STRLEN) and warns a quarter below", () => {
    expect([MAX_ENV_STRING_BYTES, WARN_AT_BYTES]).to.deep.equal([131_072, 98_304]);
  });
});

describe("a stack's apps file", () => {
  const project = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-appsfile-"));
    fs.mkdirSync(path.join(dir, "stack-apps"));
    return dir;
  };

  it("is stack-apps/<stack>.yaml and nothing else", () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, "stack-apps", "prod.yaml"), "a: 1\n");
    expect(appsFileOf("prod")).to.equal("stack-apps/prod.yaml");
    expect(readAppsFile(dir, "prod", "stack-apps/prod.yaml")).to.deep.equal({
      file: "stack-apps/prod.yaml",
      text: "a: 1\n",
    });
    for (const other of ["stack-apps/dev.yaml", "../stack-apps/prod.yaml", "/etc/passwd", "docs/apps.yaml"]) {
      expect(readAppsFile(dir, "prod", other)).to.deep.equal({
        file: other,
        error: '"stack-apps/prod.yaml": the apps file of stack "prod" (the only one it may name)',
      });
    }
  });

  it("is refused when missing, not a file, or a link out of the project", () => {
    const dir = project();
    expect(readAppsFile(dir, "dev", "stack-apps/dev.yaml")).to.deep.equal({
      file: "stack-apps/dev.yaml",
      error: `an existing file: there is no stack-apps/dev.yaml in ${dir}`,
    });
    fs.mkdirSync(path.join(dir, "stack-apps", "qa.yaml"));
    expect(readAppsFile(dir, "qa", "stack-apps/qa.yaml")).to.deep.equal({
      file: "stack-apps/qa.yaml",
      error: "a file: stack-apps/qa.yaml is not one",
    });
    const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-outside-")), "apps.yaml");
    fs.writeFileSync(outside, "a: 1\n");
    fs.symlinkSync(outside, path.join(dir, "stack-apps", "prod.yaml"));
    expect(readAppsFile(dir, "prod", "stack-apps/prod.yaml")).to.deep.equal({
      file: "stack-apps/prod.yaml",
      error: "a file inside the project directory: stack-apps/prod.yaml leads outside it",
    });
  });

  it("marks its stack as affected by a change, and is code-owned like the stack files", () => {
    expect(affectedStacks(["stack-apps/prod.yaml"], ["dev", "prod"])).to.deep.equal(["prod"]);
    expect(affectedStacks(["stack-apps/readme.md"], ["dev", "prod"])).to.deep.equal([]);
    // Whoever the team names as the owners of its stack files owns the apps files too.
    const rules = fs
      .readFileSync(path.join(PROJECT_DIR, ".github", "CODEOWNERS"), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "" && !l.startsWith("#"))
      .map((l) => l.trim().split(/\s+/));
    const ownersOf = (pattern: string) => rules.filter(([p]) => p === pattern).map(([, ...owners]) => owners);
    const stackFileOwners = ownersOf("/Pulumi.*.yaml");
    expect(stackFileOwners).to.have.length(1);
    expect(stackFileOwners[0]).to.not.deep.equal([]);
    expect(ownersOf("/stack-apps/")).to.deep.equal(stackFileOwners);
  });
});

describe("the configuration size through the real plan command", function () {
  this.timeout(120_000);
  const keys = endpointKeys(APP_CATALOGUE);
  const host = (i: number) =>
    `${"customer-facing-portal-".padEnd(58, "x")}${String(i).padStart(5, "0")}.corp.example.com`;
  /** The shipped catalogue's apps, each with `perApp` extra redirect URIs on long hosts. */
  const apps = (perApp: number) =>
    Object.fromEntries(
      keys.map((k, a) => [
        k,
        {
          baseUrl: `https://${host(a)}`,
          extraRedirectUris: Array.from({ length: perApp }, (_, i) => `https://${host(a * 1000 + i)}/cb`),
        },
      ]),
    );
  /**
   * The fewest extra URIs per app that bring the stack's configuration, as the CLI passes it, to `bytes`: derived
   * from the catalogue, so a team with more or fewer apps gets the same sizes.
   */
  const perAppFor = (bytes: number) => {
    const size = (perApp: number) =>
      cliConfigSize({
        "okta-mmod:environment": "dev",
        "okta-mmod:orgName": "acme",
        "okta-mmod:apps": JSON.stringify(apps(perApp)),
      }).bytes;
    let [lo, hi] = [0, 1];
    while (size(hi) < bytes) [lo, hi] = [hi, hi * 2];
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (size(mid) < bytes) lo = mid;
      else hi = mid;
    }
    return hi;
  };
  const plan = (config: Record<string, unknown>, appsFile?: unknown) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-size-plan-"));
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    const audiences = { "okta-mmod:audiences": testAudiences(APP_CATALOGUE) };
    const stack = { "okta-mmod:environment": "dev", "okta-mmod:orgName": "acme", ...audiences, ...config };
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stringify({ config: stack }));
    if (appsFile !== undefined) {
      fs.mkdirSync(path.join(dir, "stack-apps"));
      fs.writeFileSync(path.join(dir, "stack-apps", "dev.yaml"), stringify(appsFile));
    }
    const script = path.join(PROJECT_DIR, "bin", "tools", "plan.js");
    return spawnSync(process.execPath, [script, "--project-dir", dir, "--json"], { encoding: "utf8" });
  };
  const frames = (t: string) => t.split("\n").filter((l) => /^\s+at /.test(l));
  it("plans a stack under the warning level with nothing on stderr", () => {
    const r = plan({ "okta-mmod:apps": apps(2) });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.equal("");
  });

  it("warns on stderr near the limit, and still plans", () => {
    const r = plan({ "okta-mmod:apps": apps(perAppFor((WARN_AT_BYTES + MAX_ENV_STRING_BYTES) / 2)) });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.match(
      /^warning: \[runtime\] Stack "dev": its configuration takes \d+ of the 131072 bytes it may have \(the most: okta-mmod:apps, \d+ bytes\); the Pulumi CLI passes it, secrets decrypted, to the program and to the policy pack each in one environment variable \(PULUMI_CONFIG\)/,
    );
    const taken = Number(/takes (\d+) of/.exec(r.stderr)?.[1]);
    expect(taken).to.be.within(WARN_AT_BYTES + 1, MAX_ENV_STRING_BYTES);
    expect(r.stderr.trim().split("\n")).to.have.length(1);
  });

  it("fails over the limit with the key that takes the most and the way out, exit 1, no stack frame", () => {
    const r = plan({ "okta-mmod:apps": apps(perAppFor(MAX_ENV_STRING_BYTES + 4096)) });
    const out = r.stdout + r.stderr;
    expect(r.status).to.equal(1);
    expect(frames(out)).to.deep.equal([]);
    expect(out).to.match(
      /- okta-mmod:apps: got \d+ of the \d+ bytes the whole configuration takes in PULUMI_CONFIG; expected a whole configuration of at most 131072 bytes: .*keep the apps' URLs in the stack's apps file instead \(okta-mmod:appsFile/,
    );
  });

  it("plans the same apps from stack-apps/<stack>.yaml, with no warning", () => {
    const r = plan({ "okta-mmod:appsFile": "stack-apps/dev.yaml" }, apps(400));
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.equal("");
    const doc = JSON.parse(r.stdout) as {
      stacks: { stack: string; resources: { name: string; inputs: { redirectUris?: string[] } }[] }[];
    };
    const app = doc.stacks[0]?.resources.find((x) => x.name === `apps-app-${keys[0]}`);
    expect(app?.inputs.redirectUris).to.include(`https://${host(399)}/cb`);
  });

  it("reports a broken apps file with its path and the problem, all at once", () => {
    const bad = apps(1);
    const first = keys[0] as string;
    bad[first] = { baseUrl: "http://portal.example.com", extraRedirectUris: [] };
    bad["not-an-app"] = { baseUrl: "https://x.example.com", extraRedirectUris: [] };
    const r = plan({ "okta-mmod:appsFile": "stack-apps/dev.yaml" }, bad);
    const out = r.stdout + r.stderr;
    expect(r.status).to.equal(1);
    expect(frames(out)).to.deep.equal([]);
    expect(out).to.contain(
      `- stack-apps/dev.yaml: ${first}.baseUrl: got "http://portal.example.com"; expected an absolute https:// URL`,
    );
    expect(out).to.contain(
      `- stack-apps/dev.yaml: not-an-app: got {"baseUrl":"https://x.example.com","extraRedirectUris":[]}; expected a known key, one of: `,
    );
  });

  it("refuses both okta-mmod:apps and okta-mmod:appsFile, and an apps file of another stack", () => {
    const both = plan({ "okta-mmod:apps": apps(1), "okta-mmod:appsFile": "stack-apps/dev.yaml" }, apps(1));
    expect(both.status).to.equal(1);
    expect(both.stdout + both.stderr).to.contain(
      `- okta-mmod:appsFile: got "stack-apps/dev.yaml"; expected no value while okta-mmod:apps is set: a stack's app URLs live in one place`,
    );
    const other = plan({ "okta-mmod:appsFile": "stack-apps/prod.yaml" }, apps(1));
    expect(other.status).to.equal(1);
    expect(other.stdout + other.stderr).to.contain(
      `- okta-mmod:appsFile: got "stack-apps/prod.yaml"; expected "stack-apps/dev.yaml": the apps file of stack "dev" (the only one it may name)`,
    );
  });
});
