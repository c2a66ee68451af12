import { expect } from "chai";
import { spawnSync } from "child_process";
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { CONFIG_KEYS, ConfigError, NAMESPACE, parseStackConfig } from "../config/parse";
import { APP_CATALOGUE } from "../definitions/apps";
import { endpointKeys } from "../definitions/catalogue";
import { readStackFile } from "../offline/stackFile";
import { PROJECT_DIR } from "./support";

// Property-based: stack files generated from a valid fixture with one thing wrong each, read as the tools read
// them, must end in a ConfigError (exit 1) whose message names the key, shows no stack frame and never echoes a
// credential. The plan command runs the project's own catalogue, so the fixture gives each of its apps an
// endpoint without naming any; the generated changes target the first.
const APP_KEYS = endpointKeys(APP_CATALOGUE);
const APP = APP_KEYS[0] as string;
const SECRET = "s3cr3t-do-not-echo-91f4";

type Config = Record<string, unknown>;

const VALID: Config = {
  "pulumi:disable-default-providers": ["okta"],
  [`${NAMESPACE}:environment`]: "prod",
  [`${NAMESPACE}:orgName`]: "acme",
  [`${NAMESPACE}:apps`]: Object.fromEntries(
    APP_KEYS.map((k, i) => [
      k,
      { baseUrl: `https://app${i}.example.com`, extraRedirectUris: [`https://app${i}.example.com/cb`] },
    ]),
  ),
  // A prod stack deploys only through a GitHub environment the program manages.
  [`${NAMESPACE}:delivery`]: { repository: "acme/okta", branch: "prod", github: { reviewerTeams: ["admins"] } },
};

/** One generated stack file: its config and the key path its error must name. */
interface Case {
  readonly config: Config;
  readonly names: string;
}

const key = (k: string) => `${NAMESPACE}:${k}`;
const withApp = (url: string, app = APP): Config => ({
  ...VALID,
  [key("apps")]: { ...(VALID[key("apps")] as object), [app]: { baseUrl: url } },
});

const text = fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 });
const host = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}\.example\.com$/);
const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/).filter((k) => !CONFIG_KEYS.includes(k));

/** A near miss of a known key: another case, a letter dropped, doubled or swapped. */
const nearMiss = fc
  .tuple(fc.constantFrom(...CONFIG_KEYS), fc.nat(), fc.constantFrom("case", "drop", "double", "swap"))
  .map(([k, at, how]) => {
    const i = at % k.length;
    if (how === "case") return k.toLowerCase() === k ? k.toUpperCase() : k.toLowerCase();
    if (how === "drop") return k.slice(0, i) + k.slice(i + 1);
    if (how === "double") return k.slice(0, i) + k[i] + k.slice(i);
    return i + 1 < k.length ? k.slice(0, i) + k[i + 1] + k[i] + k.slice(i + 2) : `${k}s`;
  })
  .filter((k) => !CONFIG_KEYS.includes(k));

const hostileUrl = fc.oneof(
  fc.tuple(host, text).map(([h, t]) => `https://${h}?${t}`),
  fc.tuple(host, text).map(([h, t]) => `https://${h}#${t}`),
  fc.tuple(host, text).map(([h, t]) => `https://${h}/a ${t}`),
  host.map((h) => `https://evil.example\\@${h}`),
  host.map((h) => `https:${h}`),
  host.map((h) => `https://${h}/`),
  host.map((h) => `http://${h}`),
  host.map((h) => `https://${h.toUpperCase()}`),
  host.map((h) => `https://user:${SECRET}@${h}`),
  fc.constantFrom("javascript:alert(1)", "https://localhost:3000", "http://127.0.0.1", "", "not a url"),
  fc.string({ unit: "grapheme", maxLength: 30 }).map((t) => `https://exa mple.com/${t}`),
);

const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }));
const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];

const cases: fc.Arbitrary<Case> = fc.oneof(
  // A required key missing.
  fc.constantFrom("environment", "orgName", "apps").map((k) => {
    const config = { ...VALID };
    delete config[key(k)];
    return { config, names: key(k) };
  }),
  // An unknown key, a near miss, a prototype key (top level or nested).
  fc.tuple(identifier, text).map(([k, v]) => ({ config: { ...VALID, [key(k)]: v }, names: key(k) })),
  fc.tuple(nearMiss, text).map(([k, v]) => ({ config: { ...VALID, [key(k)]: v }, names: key(k) })),
  fc.constantFrom(...PROTOTYPE_KEYS).map((k) => ({ config: { ...VALID, [key(k)]: "x" }, names: key(k) })),
  fc.constantFrom(...PROTOTYPE_KEYS).map((k) => ({
    config: withApp("https://app.example.com", k),
    names: `${key("apps")}.${k}`,
  })),
  // Values of the wrong type or shape.
  fc.tuple(fc.constantFrom("environment", "orgName", "baseUrl", "protectResources"), text).map(([k, v]) => ({
    config: { ...VALID, [key(k)]: `${v}\u00e9 ${v}` },
    names: key(k),
  })),
  fc.tuple(fc.constantFrom("apps", "rateLimits", "delivery", "scopes"), notAString).map(([k, v]) => ({
    config: { ...VALID, [key(k)]: v },
    names: key(k),
  })),
  fc
    .constantFrom("null", "~")
    .map((v) => ({ config: { ...VALID, [key("orgName")]: v === "~" ? null : v }, names: key("orgName") })),
  // Hostile URLs.
  hostileUrl.map((url) => ({ config: withApp(url), names: `${key("apps")}.${APP}.baseUrl` })),
  // Huge and unicode values.
  fc
    .integer({ min: 65_537, max: 200_000 })
    .map((n) => ({ config: { ...VALID, [key("orgName")]: "a".repeat(n) }, names: key("orgName") })),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }).map((v) => ({
    config: { ...VALID, [key("orgName")]: `\u{1F600}${v}` },
    names: key("orgName"),
  })),
  // Credentials in plain text (the delivery tokens and the Okta keys are refused in any form here): the
  // program's own keys, provider keys, nested keys.
  fc.constantFrom("githubToken", "tfeToken", "pulumiAccessToken", "apiToken", "privateKey").map((k) => ({
    config: { ...VALID, [key(k)]: SECRET },
    names: key(k),
  })),
  fc
    .constantFrom("okta:apiToken", "okta:privateKey", "github:token", "tfe:token", "pulumiservice:accessToken")
    .map((k) => ({
      config: { ...VALID, [k]: SECRET },
      names: k,
    })),
  fc.constantFrom("token", "apiKey", "password", "clientSecret").map((k) => ({
    config: { ...VALID, [key("delivery")]: { repository: "acme/okta", branch: "prod", github: { [k]: SECRET } } },
    names: `${key("delivery")}.github.${k}`,
  })),
  // Provider-namespace keys the program would ignore.
  fc
    .tuple(fc.constantFrom("okta", "github", "tfe", "pulumiservice"), fc.constantFrom(...CONFIG_KEYS))
    .map(([ns, k]) => ({
      config: {
        ...VALID,
        [`${ns}:${k}`]: k.toLowerCase().includes("token") || k === "privateKey" ? { secure: "v1:BB" } : "x",
      },
      names: `${ns}:${k}`,
    })),
  // Delivery: hosts the TFE token must never go to, impossible cron schedules.
  fc.oneof(host, text).map((h) => ({
    config: {
      ...VALID,
      [key("delivery")]: {
        repository: "acme/okta",
        branch: "prod",
        terraformCloud: { organization: "acme", oauthTokenId: "ot-1", hostname: h, notification: { type: "slack" } },
      },
      [key("tfcNotificationUrl")]: { secure: "v1:DD" },
    },
    names: `${key("delivery")}.terraformCloud.hostname`,
  })),
  fc.tuple(fc.integer({ min: 60, max: 999 }), fc.integer({ min: 0, max: 4 })).map(([n, field]) => {
    const cron = ["0", "13", "*", "*", "*"];
    cron[field] = String(n);
    return {
      config: {
        ...VALID,
        [key("delivery")]: {
          repository: "acme/okta",
          branch: "prod",
          deployments: { organization: "acme", driftSchedule: cron.join(" ") },
        },
      },
      names: `${key("delivery")}.deployments.driftSchedule`,
    };
  }),
);

/** Writes a case as a stack file, reads it as the tools do, and parses it as the program does. */
function parseCase(dir: string, stack: string, c: Case): { error: unknown } {
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config: c.config }));
  const file = readStackFile(dir, stack);
  const values = Object.create(null) as Record<string, string>;
  const otherKeys: string[] = [];
  for (const [k, v] of Object.entries(file.config)) {
    if (k.startsWith(`${NAMESPACE}:`)) values[k.slice(NAMESPACE.length + 1)] = v;
    else otherKeys.push(k);
  }
  try {
    parseStackConfig(
      { stack, values, encrypted: new Set(file.secretKeys), otherKeys },
      APP_KEYS,
      () => "[secret]",
      "dev",
      [],
    );
  } catch (error) {
    return { error };
  }
  return { error: undefined };
}

/** Whether a message has a problem line for the key path or a path below it (`scopes[0]`, `apps.x.baseUrl`). */
const namesKey = (message: string, names: string) =>
  message.split("\n").some((l) => l.startsWith(`  - ${names}`) && /^(: got |\.|\[)/.test(l.slice(4 + names.length)));

const frames = (t: string) => t.split("\n").filter((l) => /^\s+at /.test(l));

describe("fuzzed stack files", function () {
  this.timeout(120_000);

  it("the fixture itself is valid (so every failure below comes from the one generated change)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fuzz-"));
    expect(parseCase(dir, "valid", { config: VALID, names: "" }).error).to.equal(undefined);
  });

  it("2,000 bad stack files: each a ConfigError naming the key, with no stack frame and no credential", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fuzz-"));
    let runs = 0;
    fc.assert(
      fc.property(cases, (c) => {
        runs++;
        const { error } = parseCase(dir, "fuzz", c);
        expect(error, JSON.stringify(c.config).slice(0, 300)).to.be.instanceOf(ConfigError);
        const message = (error as ConfigError).message;
        expect(namesKey(message, c.names), `${c.names} in\n${message.slice(0, 2000)}`).to.equal(true);
        expect(message).not.to.contain(SECRET);
        expect(frames(message)).to.deep.equal([]);
        expect(message.split("\n").every((line) => line.length < 1200)).to.equal(true);
      }),
      { numRuns: 2000 },
    );
    expect(runs).to.be.at.least(2000);
  });

  it("a sample through the real plan command: exit 1, each stack's error names its key, no trace, no credential", () => {
    // The plan supplies placeholders for missing secrets, so the sample leaves out cases that only drop one.
    const sample = fc.sample(cases, { numRuns: 40, seed: 11 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fuzz-plan-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: okta-mmod\nruntime: nodejs\n");
    sample.forEach((c, i) => fs.writeFileSync(path.join(dir, `Pulumi.f${i}.yaml`), stringify({ config: c.config })));
    const r = spawnSync(
      process.execPath,
      [path.join(PROJECT_DIR, "bin", "tools", "plan.js"), "--project-dir", dir, "--json"],
      {
        encoding: "utf8",
      },
    );
    expect(r.status).to.equal(1);
    expect(frames(r.stdout + r.stderr)).to.deep.equal([]);
    expect(r.stdout + r.stderr).not.to.contain(SECRET);
    const doc = JSON.parse(r.stdout) as { stacks: { stack: string; error?: string }[] };
    // Frames inside the JSON document are escaped: look into each error. And stderr is each stack's error once,
    // in order, and nothing else: a late crash, a warning or a trace printed by Node would be more.
    for (const s of doc.stacks) expect(frames(s.error ?? ""), s.stack).to.deep.equal([]);
    expect(r.stderr).to.equal(doc.stacks.map((s) => `${s.error}\n`).join(""));
    const errors = new Map(doc.stacks.map((s) => [s.stack, s.error ?? ""]));
    sample.forEach((c, i) => expect(namesKey(errors.get(`f${i}`) ?? "", c.names), `f${i}: ${c.names}`).to.equal(true));
  });
});
