import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllowlist } from "../drift/allowlist";
import { MARKDOWN_LIMIT, code } from "../drift/markdown";
import { DriftReport } from "../drift/report";
import { DEFAULT_ALLOWLIST, EXIT, driftReportCommand } from "../tools/drift-report";
import { PROJECT_DIR } from "./support";

// Fixtures are shaped as pulumi/pulumi writes a refresh preview digest (pkg/backend/display/json.go
// ShowPreviewDigest, the RefreshStep in pkg/resource/deploy/step.go): every resource starts as a `refresh` step
// with identical states; only an update with a detailed diff, or a deletion, replaces it; changeSummary counts the
// result of every step.
const FIXTURES = path.join(PROJECT_DIR, "tests", "fixtures", "drift");
const fixture = (name: string) => path.join(FIXTURES, name.includes(".") ? name : `${name}.json`);
const SCRIPT = path.join(PROJECT_DIR, "bin", "tools", "drift-report.js");
const P = "urn:pulumi:prod::okta-mmod::";
const GROUP = `${P}okta-mmod:org:OktaOrg$okta:group/group:Group::org-group-test-group`;

type Json = DriftReport & { summary: Record<string, number> };

async function report(args: string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await driftReportCommand(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    readStdin: () => stdin,
  });
  return { code, stdout, stderr };
}

async function json(name: string, extra: string[] = []): Promise<{ code: number; report: Json }> {
  const result = await report([fixture(name), "--format", "json", ...extra]);
  return { code: result.code, report: JSON.parse(result.stdout) as Json };
}

/** Runs the built command the way the workflow does. */
function run(args: string[], input?: string) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8", input, maxBuffer: 64 * 1024 * 1024 });
}

function tmp(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "drift-")), name);
  fs.writeFileSync(file, text);
  return file;
}

/** A digest written by the test: one update step with the given states and diff, plus the root stack. */
function digestWith(step: Record<string, unknown>, summary: Record<string, number> = { same: 1, update: 1 }): string {
  const root = `${P}pulumi:pulumi:Stack::okta-mmod-prod`;
  const rootState = { urn: root, custom: false, type: "pulumi:pulumi:Stack" };
  return JSON.stringify({
    steps: [
      { op: "refresh", urn: root, oldState: rootState, newState: rootState, detailedDiff: null },
      { op: "update", urn: GROUP, detailedDiff: null, ...step },
    ],
    changeSummary: summary,
  });
}

const REMEDIES = [
  "### What to do",
  "",
  "- To put Okta back as the code declares it: review, then `pulumi up --refresh --stack prod`.",
  "- To keep the change: make it in the code (or the stack's config) through a pull request; the check clears once `pulumi preview` shows no changes.",
];

describe("drift report (npm run drift-report)", () => {
  describe("reads the digest as the engine writes it", () => {
    it("calls a refresh where every step stayed `refresh` and changeSummary counts only `same` clean, counting from changeSummary", async () => {
      const result = await report([fixture("clean")]);
      expect(result.code).to.equal(EXIT.noDrift);
      expect(result.stdout).to.equal(
        "## Drift check: stack `prod`\n\nNo drift: the refresh read 9 resources of `prod` (the stack, providers and components included) and Okta matches Pulumi's state.\n",
      );
    });

    it("reports the reference's Exercise 7 rename as drift, old -> new, and exits 7", async () => {
      const result = await report([fixture("group-renamed")]);
      expect(result.code).to.equal(EXIT.drift);
      expect(result.stdout).to.equal(
        [
          "## Drift check: stack `prod`",
          "",
          "**1 resource drifted** (1 changed) of the 9 the refresh read: someone changed the org outside Pulumi.",
          "",
          "| resource | type | change |",
          "|---|---|---|",
          "| `org-group-test-group` | `okta:group/group:Group` | update |",
          "",
          "### `org-group-test-group` (`okta:group/group:Group`): update",
          "",
          "| property | change | in Pulumi's state | in Okta now |",
          "|---|---|---|---|",
          '| `name` | changed | `"Renamed Test Group"` | `"Newly Renamed Test Group"` |',
          "",
          ...REMEDIES,
          "",
        ].join("\n"),
      );
    });

    it("takes Okta's value from newState.outputs when the drift is only in the outputs (inputDiff false)", async () => {
      const { code, report: r } = await json("outputs-only");
      expect(code).to.equal(EXIT.drift);
      expect(r.drifted[0]?.properties).to.deep.equal([
        { path: "name", change: "changed", old: "Renamed Test Group", new: "Newly Renamed Test Group" },
      ]);
    });

    it("reports drift without a detailed diff (the step stays `refresh`) as drift the CLI did not attribute, naming the candidates", async () => {
      const result = await report([fixture("no-detailed-diff")]);
      expect(result.code).to.equal(EXIT.drift);
      expect(result.stdout.split("\n").slice(0, 3)).to.deep.equal([
        "## Drift check: stack `prod`",
        "",
        "**1 change the CLI did not attribute to a property** (counted in its summary, update: 1, with no step to explain them): a resource drifted, but the provider returned no detailed diff (for example with PULUMI_USE_LEGACY_REFRESH_DIFF, or when its Read returns no inputs). It is one of: `org-group-test-group` (`okta:group/group:Group`), `apps-app-customer-portal` (`okta:app/oAuth:OAuth`), `org-authenticator-email` (`okta:index/authenticator:Authenticator`), `org-zone-tor-blocker` (`okta:network/zone:Zone`), `org-hook-validate-client-id-registration` (`okta:inline/hook:Hook`). Run `pulumi refresh --preview-only --diff --stack prod` to see it.",
      ]);
      const { report: r } = await json("no-detailed-diff");
      expect(r.summary).to.deep.equal({ checked: 9, drifted: 0, unattributed: 1, allowlisted: 0 });
      expect(r.unattributed.byOp).to.deep.equal({ update: 1 });
      expect(r.unattributed.candidatesTotal).to.equal(5);
    });

    it("with the legacy refresh diff on a larger stack, counts what is unexplained and does not list 12 candidates", async () => {
      const { code, report: r } = await json("legacy-diff");
      expect(code).to.equal(EXIT.drift);
      expect(r.summary).to.deep.equal({ checked: 16, drifted: 0, unattributed: 2, allowlisted: 0 });
      expect([r.unattributed.candidates, r.unattributed.candidatesTotal]).to.deep.equal([[], 12]);
      const md = await report([fixture("legacy-diff")]);
      expect(md.stdout).to.contain(" Any of the 12 resources that show no change could be it. ");
    });

    it("reports both the update it can explain and the one a Read without inputs left unexplained", async () => {
      const { code, report: r } = await json("read-without-inputs");
      expect(code).to.equal(EXIT.drift);
      expect(r.summary).to.deep.equal({ checked: 9, drifted: 1, unattributed: 1, allowlisted: 0 });
      expect(r.unattributed.candidates.map((c) => c.name)).to.deep.equal([
        "apps-app-customer-portal",
        "org-authenticator-email",
        "org-zone-tor-blocker",
        "org-hook-validate-client-id-registration",
      ]);
    });

    it("reports an update step on a provider or the stack as drift, never as a count the steps explain", () => {
      const provider = `${P}okta-mmod:org:OktaOrg$pulumi:providers:okta::org-provider`;
      const state = (token: string) => ({
        urn: provider,
        custom: true,
        type: "pulumi:providers:okta",
        inputs: { orgName: "iatcore", apiToken: token },
        outputs: { orgName: "iatcore", apiToken: token },
      });
      const text = digestWith({
        urn: provider,
        oldState: state("tok-old-31"),
        newState: state("tok-new-32"),
        detailedDiff: { apiToken: { kind: "update", inputDiff: false } },
      });
      const result = run(["-", "--format", "json", "--allowlist", tmp("allow.yaml", "[]")], text);
      expect([result.status, result.stderr]).to.deep.equal([EXIT.drift, ""]);
      const parsed = JSON.parse(result.stdout) as Json;
      expect(parsed.summary).to.deep.equal({ checked: 2, drifted: 1, unattributed: 0, allowlisted: 0 });
      expect(parsed.drifted).to.deep.equal([
        {
          urn: provider,
          type: "pulumi:providers:okta",
          name: "org-provider",
          change: "update",
          properties: [{ path: "apiToken", change: "changed", old: "[secret]", new: "[secret]" }],
        },
      ]);
      expect(result.stdout).to.not.contain("tok-");
    });

    it("reports a resource deleted in Okta (a `delete` step with only the old state)", async () => {
      const result = await report([fixture("deleted")]);
      expect(result.code).to.equal(EXIT.drift);
      expect(result.stdout).to.contain("| `org-zone-tor-blocker` | `okta:network/zone:Zone` | deleted in Okta |\n");
      expect(result.stdout).to.contain(
        "### `org-zone-tor-blocker` (`okta:network/zone:Zone`): deleted in Okta\n\nThe object no longer exists in Okta.\n",
      );
    });

    it("follows nested paths and says which way each property moved (the engine's diff is already inverted)", async () => {
      const { code, report: r } = await json("nested-updates");
      expect(code).to.equal(EXIT.drift);
      expect(r.drifted.map((d) => [d.name, d.change, d.properties])).to.deep.equal([
        [
          "apps-app-customer-portal",
          "update",
          [
            { path: "pkceRequired", change: "removed in Okta", old: true },
            {
              path: "redirectUris[1]",
              change: "changed",
              old: "https://portal.iatcore.com/Customer",
              new: "https://evil.example.net/Customer",
            },
          ],
        ],
        [
          "org-hook-validate-client-id-registration",
          "update",
          [
            {
              path: "channel.uri",
              change: "changed",
              old: "https://hooks.iatcore.com/registration",
              new: "https://collector.attacker.example/registration",
            },
          ],
        ],
      ]);
    });

    it("reads the streaming format of a refresh preview (PULUMI_ENABLE_STREAMING_JSON_PREVIEW) the same way", async () => {
      const { code, report: r } = await json("refresh-events.jsonl");
      expect(code).to.equal(EXIT.drift);
      expect(r.summary).to.deep.equal({ checked: 4, drifted: 1, unattributed: 1, allowlisted: 0 });
      expect(r.drifted[0]?.properties).to.deep.equal([
        { path: "name", change: "changed", old: "Renamed Test Group", new: "Newly Renamed Test Group" },
      ]);
      expect(r.unattributed.candidates.map((c) => c.name)).to.deep.equal(["apps-app-customer-portal"]);
    });

    it("shows the CLI's [secret] as [secret], in both formats", async () => {
      const md = await report([fixture("secret-changed")]);
      expect(md.stdout).to.contain("| `auth.value` | changed | `[secret]` | `[secret]` |\n");
      const { report: r } = await json("secret-changed");
      expect(r.drifted[0]?.properties).to.deep.equal([
        { path: "auth.value", change: "changed", old: "[secret]", new: "[secret]" },
      ]);
    });
  });

  describe("refuses what is not a refresh preview: exit 2, what the file is, which command to run", () => {
    const command = "run `pulumi refresh --preview-only --expect-no-changes --json --stack <stack>`";
    it("a `pulumi preview --json` digest (same, create ops; the program's values as new)", () => {
      const result = run([fixture("preview")]);
      expect(result.status).to.equal(EXIT.unreadable);
      expect(result.stdout).to.equal("");
      expect(result.stderr).to.equal(
        `error: ${fixture("preview")}: a \`pulumi preview\` digest (steps with op "same", "create"), not a refresh preview: it shows what the program would change, not what changed in Okta, and its "new" values are the code's. A refresh preview has only refresh, update and delete steps; ${command}\n`,
      );
    });

    for (const op of ["create", "replace", "create-replacement", "same", "import"]) {
      it(`a digest with a \`${op}\` step`, async () => {
        const result = await report(["-"], digestWith({ op }));
        expect(result.code).to.equal(EXIT.unreadable);
        expect(result.stderr).to.contain(`a \`pulumi preview\` digest (steps with op "${op}")`);
      });
    }

    it("an engine event stream of `pulumi up --json`", () => {
      const result = run([fixture("up-events.jsonl")]);
      expect([result.status, result.stdout]).to.deep.equal([EXIT.unreadable, ""]);
      expect(result.stderr).to.equal(
        `error: ${fixture("up-events.jsonl")}: an engine event stream of \`pulumi up\` or \`pulumi preview\` (steps with op "same", "update"), not a refresh preview; ${command}\n`,
      );
    });

    it("an event stream of a refresh that was not a preview (it wrote the state)", () => {
      const result = run([fixture("refresh-written-events.jsonl")]);
      expect([result.status, result.stdout]).to.deep.equal([EXIT.unreadable, ""]);
      expect(result.stderr).to.equal(
        `error: ${fixture("refresh-written-events.jsonl")}: an engine event stream of a refresh that was not a preview: it wrote Okta's values into the state, so later checks no longer see this drift; ${command}\n`,
      );
    });

    it("a stream with a line that is not an event", async () => {
      const first = fs.readFileSync(fixture("refresh-events.jsonl"), "utf8").split("\n")[0] as string;
      const result = await report(["-"], `${first}\n{"steps": []}\n`);
      expect([result.code, result.stderr]).to.deep.equal([
        EXIT.unreadable,
        "error: standard input: line 2 is not an engine event (no sequence and event key)\n",
      ]);
    });

    it("a refresh that did not finish (no changeSummary)", () => {
      const result = run([fixture("unfinished")]);
      expect(result.status).to.equal(EXIT.unreadable);
      expect(result.stderr).to.equal(
        `error: ${fixture("unfinished")}: no changeSummary: the refresh did not finish (cancelled, or it failed before the summary), so it says nothing about drift; see the command's error output\n`,
      );
    });
  });

  describe("values from the right side, shown as what they are", () => {
    const group = (outputs: Record<string, unknown>) => ({
      urn: GROUP,
      custom: true,
      type: "okta:group/group:Group",
      outputs,
    });

    it("shows the unknown placeholder as (unknown), assets and archives as a short hash, computed outputs as read", async () => {
      const asset = (hash: string) => ({
        "4dabf18193072939515e22adb298388d": "c44067f5952c0a294b673a41bacd8c17",
        hash,
        path: "logo.png",
      });
      const text = digestWith({
        oldState: group({
          name: "a",
          logo: asset("aa11bb22cc33dd44ee55"),
          lastUpdated: "2026-11-01T10:00:00Z",
          bundle: { "4dabf18193072939515e22adb298388d": "0def7320c3a5731c473e5ecbe6d01bc7", assets: {} },
        }),
        newState: group({
          name: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
          logo: asset("ff99ee88dd77cc66bb55"),
          lastUpdated: "2026-11-29T12:00:00Z",
          bundle: { "4dabf18193072939515e22adb298388d": "0def7320c3a5731c473e5ecbe6d01bc7", assets: { a: 1 } },
        }),
        diffReasons: ["bundle", "lastUpdated", "logo", "name"],
      });
      const result = await report(["-", "--format", "json"], text);
      expect(result.code).to.equal(EXIT.drift);
      expect((JSON.parse(result.stdout) as Json).drifted[0]?.properties).to.deep.equal([
        { path: "bundle", change: "changed", old: "(archive)", new: "(archive)" },
        { path: "lastUpdated", change: "changed", old: "2026-11-01T10:00:00Z", new: "2026-11-29T12:00:00Z" },
        { path: "logo", change: "changed", old: "(asset sha256:aa11bb22cc33)", new: "(asset sha256:ff99ee88dd77)" },
        { path: "name", change: "changed", old: "a", new: "(unknown)" },
      ]);
      const md = await report(["-"], text);
      expect(md.stdout).to.contain('| `name` | changed | `"a"` | `(unknown)` |\n');
      expect(md.stdout).to.contain(
        "| `logo` | changed | `(asset sha256:aa11bb22cc33)` | `(asset sha256:ff99ee88dd77)` |\n",
      );
    });

    it("reads inputs only when the detailed diff says inputDiff: true", async () => {
      const text = digestWith({
        oldState: { ...group({ name: "out-old" }), inputs: { name: "in-old" } },
        newState: { ...group({ name: "out-new" }), inputs: { name: "in-new" } },
        detailedDiff: { name: { kind: "update", inputDiff: true } },
      });
      const { stdout } = await report(["-", "--format", "json"], text);
      expect((JSON.parse(stdout) as Json).drifted[0]?.properties).to.deep.equal([
        { path: "name", change: "changed", old: "in-old", new: "in-new" },
      ]);
    });
  });

  describe("secrets and hostile input", () => {
    const envelope = (value: unknown) => ({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value,
    });

    it("never descends into a secret envelope or shows a credential-named property, even without a detailed diff", () => {
      const text = digestWith({
        oldState: {
          urn: GROUP,
          custom: true,
          type: "okta:app/oAuth:OAuth",
          outputs: {
            clientSecret: "old-plain-5e1",
            auth: { value: "hook-old-77" },
            key: envelope("env-old-1"),
            label: "A",
          },
        },
        newState: {
          urn: GROUP,
          custom: true,
          type: "okta:app/oAuth:OAuth",
          outputs: {
            clientSecret: "new-plain-9f2",
            auth: { value: "hook-new-88" },
            key: envelope("env-new-2"),
            label: "B",
          },
        },
      });
      for (const format of ["markdown", "json"]) {
        const result = run(["-", "--format", format], text);
        expect(result.status).to.equal(EXIT.drift);
        for (const plain of [
          "old-plain-5e1",
          "new-plain-9f2",
          "hook-old-77",
          "hook-new-88",
          "env-old-1",
          "env-new-2",
        ]) {
          expect(result.stdout).to.not.contain(plain);
        }
      }
      const parsed = JSON.parse(run(["-", "--format", "json"], text).stdout) as Json;
      expect(parsed.drifted[0]?.properties).to.deep.equal([{ path: "label", change: "changed", old: "A", new: "B" }]);
    });

    it("masks a credential path named by the detailed diff", async () => {
      const text = digestWith({
        oldState: {
          urn: GROUP,
          custom: true,
          type: "okta:inline/hook:Hook",
          outputs: { auth: { value: "hook-old-77" } },
        },
        newState: {
          urn: GROUP,
          custom: true,
          type: "okta:inline/hook:Hook",
          outputs: { auth: { value: "hook-new-88" } },
        },
        detailedDiff: { "auth.value": { kind: "update", inputDiff: false } },
      });
      const { stdout } = await report(["-", "--format", "json"], text);
      expect((JSON.parse(stdout) as Json).drifted[0]?.properties).to.deep.equal([
        { path: "auth.value", change: "changed", old: "[secret]", new: "[secret]" },
      ]);
    });

    it("masks every property the Okta SDK marks secret, by name, even when the digest shows it in plaintext", () => {
      // The SDK's own list: inputs it wraps in pulumi.secret and outputs it declares in additionalSecretOutputs.
      const sdk = path.join(PROJECT_DIR, "node_modules", "@pulumi", "okta");
      const names = new Set<string>();
      const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const file = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(file);
          else if (entry.name.endsWith(".js")) {
            const js = fs.readFileSync(file, "utf8");
            for (const m of js.matchAll(/resourceInputs\["(\w+)"\] = args\?\.\w+ \? pulumi\.secret/g))
              names.add(m[1] as string);
            for (const m of js.matchAll(/additionalSecretOutputs: \[([^\]]*)\]/g)) {
              for (const n of (m[1] as string).matchAll(/"(\w+)"/g)) names.add(n[1] as string);
            }
          }
        }
      };
      walk(sdk);
      expect([...names].sort()).to.include.members(["answer", "clientSecretWo", "privateKey", "secretKey"]);
      const values = (side: string) => Object.fromEntries([...names].map((n) => [n, `${side}-plain-${n}`]));
      const text = digestWith({
        oldState: { urn: GROUP, custom: true, type: "okta:group/group:Group", inputs: values("old"), outputs: {} },
        newState: { urn: GROUP, custom: true, type: "okta:group/group:Group", inputs: values("new"), outputs: {} },
        detailedDiff: Object.fromEntries([...names].map((n) => [n, { kind: "update", inputDiff: true }])),
      });
      for (const format of ["markdown", "json"]) {
        const result = run(["-", "--format", format, "--allowlist", tmp("allow.yaml", "[]")], text);
        expect([result.status, result.stderr]).to.deep.equal([EXIT.drift, ""]);
        expect(result.stdout).to.not.contain("-plain-");
      }
      const parsed = JSON.parse(run(["-", "--format", "json"], text).stdout) as Json;
      expect(parsed.drifted[0]?.properties).to.deep.equal(
        [...names].sort().map((n) => ({ path: n, change: "changed", old: "[secret]", new: "[secret]" })),
      );
    });

    it("shows a path below a value the CLI printed as [secret] as [secret], not as absent", async () => {
      const state = {
        urn: GROUP,
        custom: true,
        type: "okta:group/group:Group",
        outputs: { profile: "[secret]", list: ["[secret]"] },
      };
      const text = digestWith({
        oldState: state,
        newState: state,
        detailedDiff: {
          "profile.note": { kind: "update", inputDiff: false },
          "list[0].value": { kind: "update", inputDiff: false },
          "list[1]": { kind: "add", inputDiff: false },
        },
      });
      const { code, stdout } = await report(["-", "--format", "json"], text);
      expect(code).to.equal(EXIT.drift);
      expect((JSON.parse(stdout) as Json).drifted[0]?.properties).to.deep.equal([
        { path: "list[0].value", change: "changed", old: "[secret]", new: "[secret]" },
        { path: "list[1]", change: "added in Okta" },
        { path: "profile.note", change: "changed", old: "[secret]", new: "[secret]" },
      ]);
    });

    it("treats prototype keys as plain data", () => {
      const text = digestWith({
        oldState: { urn: GROUP, custom: true, type: "okta:group/group:Group", outputs: { name: "a" } },
        newState: { urn: GROUP, custom: true, type: "okta:group/group:Group", outputs: { name: "a" } },
        detailedDiff: JSON.parse(
          '{"constructor": {"kind": "add"}, "__proto__": {"kind": "delete"}, "toString.x": {"kind": "update"}}',
        ) as unknown,
      }).replace('"changeSummary":{', '"changeSummary":{"__proto__":1,');
      const result = run(["-", "--format", "json"], text);
      expect([result.status, result.stderr]).to.deep.equal([EXIT.drift, ""]);
      const parsed = JSON.parse(result.stdout) as Json;
      expect(parsed.drifted[0]?.properties.map((p) => [p.path, p.change, "old" in p, "new" in p])).to.deep.equal([
        ["__proto__", "removed in Okta", false, false],
        ["constructor", "added in Okta", false, false],
        ["toString.x", "changed", false, false],
      ]);
      expect(run(["-"], text).status).to.equal(EXIT.drift);
    });

    it("bounds deep values (10,000 levels) instead of overflowing the stack", () => {
      const deep = `${"[".repeat(10000)}1${"]".repeat(10000)}`;
      const text = digestWith({
        oldState: { urn: GROUP, custom: true, type: "okta:group/group:Group", outputs: { name: "a" } },
        newState: { urn: GROUP, custom: true, type: "okta:group/group:Group", outputs: { name: "b" } },
      }).replace('"outputs":{"name":"b"}', `"outputs":{"name":"b","deep":${deep}}`);
      for (const format of ["markdown", "json"]) {
        const result = run(["-", "--format", format], text);
        expect([result.status, result.stderr]).to.deep.equal([EXIT.drift, ""]);
      }
    });

    it("escapes names and values so nothing breaks out of its code span or table cell", async () => {
      const hostile = "x`|\n## @admins <img src=x>";
      const text = digestWith({
        urn: `${P}okta-mmod:org:OktaOrg$okta:group/group:Group::${hostile}`,
        oldState: { custom: true, type: "okta:group/group:Group", outputs: { name: hostile } },
        newState: { custom: true, type: "okta:group/group:Group", outputs: { name: "ok" } },
        detailedDiff: { name: { kind: "update" } },
      });
      const { stdout } = await report(["-", "--stack", "prod"], text);
      expect(stdout).to.contain("| ``x`\\|\\u000a## @admins <img src=x>`` | `okta:group/group:Group` | update |\n");
      expect(stdout).to.contain('| `name` | changed | ``"x`\\|\\n## @admins <img src=x>"`` | `"ok"` |\n');
      expect(stdout.split("\n").filter((l) => l.startsWith("## "))).to.deep.equal(["## Drift check: stack `prod`"]);
      expect(code("``a")).to.equal("``` ``a ```");
      expect(code(`${"n".repeat(100_000)}|`, true)).to.equal(`\`${"n".repeat(197)}...\``);
    });

    it("escapes the operations a changeSummary names, so its keys cannot inject markdown either", () => {
      const text = JSON.stringify({
        steps: [],
        changeSummary: { same: 3, "x\n## @admins <img src=x>": 1 },
      });
      const result = run(["-", "--stack", "prod"], text);
      expect([result.status, result.stderr]).to.deep.equal([EXIT.drift, ""]);
      expect(result.stdout.split("\n").filter((l) => l.startsWith("## "))).to.deep.equal([
        "## Drift check: stack `prod`",
      ]);
      expect(result.stdout).to.contain(
        "(counted in its summary, `x\\u000a## @admins <img src=x>`: 1, with no step to explain them)",
      );
    });

    it("cuts the markdown for 1,000 drifted resources at 60,000 characters and keeps everything in --json-out", () => {
      const template = JSON.parse(fs.readFileSync(fixture("group-renamed"), "utf8")) as {
        steps: Record<string, unknown>[];
      };
      const update = template.steps.find((s) => s.op === "update") as Record<string, unknown>;
      const steps = Array.from({ length: 1000 }, (_, i) => ({
        ...update,
        urn: `${GROUP}-${String(i).padStart(4, "0")}`,
      }));
      const input = tmp("big.json", JSON.stringify({ steps, changeSummary: { update: 1000 } }));
      const out = path.join(path.dirname(input), "drift-report.json");
      const result = run([input, "--json-out", out]);
      expect(result.status).to.equal(EXIT.drift);
      expect(result.stdout.length).to.be.at.most(MARKDOWN_LIMIT);
      expect(result.stdout).to.match(
        /\n\n\*\*This report is cut at 60,000 characters\*\*: the table lists 872 and the sections detail 0 of the 1000 drifted resources\. The full report is `drift-report\.json`, uploaded as an artifact of this run\.\n\n### What to do\n/,
      );
      const full = JSON.parse(fs.readFileSync(out, "utf8")) as Json;
      expect(full.summary).to.deep.equal({ checked: 1000, drifted: 1000, unattributed: 0, allowlisted: 0 });
    });
  });

  describe("the allowlist denies by default", () => {
    it("lists allowlisted cosmetic noise separately and does not count it", async () => {
      const only = await report([fixture("cosmetic-only")]);
      // Not 0: the refresh did see changes (it exits 7); 4 tells the workflow every one of them is accepted.
      expect(only.code).to.equal(4);
      expect(only.stdout).to.equal(
        [
          "## Drift check: stack `prod`",
          "",
          "No drift: the refresh read 9 resources of `prod` (the stack, providers and components included) and Okta matches Pulumi's state.",
          "",
          "### Known cosmetic differences (allowlisted, not counted)",
          "",
          "- `apps-app-customer-portal` `logoUrl`: Okta serves re-encoded logos from a new CDN path after each upload.",
          "",
        ].join("\n"),
      );
      const { code, report: r } = await json("cosmetic-and-real");
      expect(code).to.equal(EXIT.drift);
      expect(r.drifted.map((d) => d.name)).to.deep.equal(["org-group-test-group"]);
      expect(r.allowlisted.map((a) => [a.name, a.path])).to.deep.equal([["apps-app-customer-portal", "logoUrl"]]);
    });

    it("counts everything with an empty allowlist", async () => {
      const { code, report: r } = await json("cosmetic-only", ["--allowlist", tmp("allowlist.yaml", "[]\n")]);
      expect(code).to.equal(EXIT.drift);
      expect(r.drifted.map((d) => d.name)).to.deep.equal(["apps-app-customer-portal"]);
    });

    it("is code-owned, so changing what the check ignores needs the identity team's review", () => {
      const owners = fs.readFileSync(path.join(PROJECT_DIR, ".github", "CODEOWNERS"), "utf8").split("\n");
      expect(owners.filter((l) => l.split(/\s+/)[0] === "/drift-allowlist.yaml")).to.have.length(1);
    });

    it("ships entries that all pass its own checks", () => {
      const entries = parseAllowlist(fs.readFileSync(DEFAULT_ALLOWLIST, "utf8"), DEFAULT_ALLOWLIST);
      expect(entries.length).to.be.greaterThan(0);
    });

    it("refuses security drift whatever the entry says, and anything the catalogue does not list, all at once", () => {
      const text = [
        "- {type: okta:inline/hook:Hook, property: channel, reason: the URI moves}",
        "- {type: okta:index/threatInsightSettings:ThreatInsightSettings, property: action, reason: noisy}",
        "- {type: okta:index/adminRoleCustom:AdminRoleCustom, property: permissions, reason: Okta adds some}",
        "- {type: okta:network/zone:Zone, property: usage, reason: noisy}",
        "- {type: okta:app/oAuth:OAuth, property: redirectUris, reason: our load balancer rewrites them}",
        "- {type: 'okta:app/*', property: logo, reason: logos}",
        "- {type: okta:group/group:Group, property: name, reason: renames happen}",
        "- {type: okta:group/group:Group, property: description}",
        "- {type: okta:app/oAuth:OAuth, property: logo, reason: fine}",
      ].join("\n");
      expect(() => parseAllowlist(text, "noise.yaml")).to.throw(
        [
          "noise.yaml: 8 unusable entries:",
          '  - entry 1 ("okta:inline/hook:Hook" "channel"): guarded (inline hooks (where Okta sends tokens and registrations)): drift there is never cosmetic',
          '  - entry 2 ("okta:index/threatInsightSettings:ThreatInsightSettings" "action"): guarded (ThreatInsight): drift there is never cosmetic',
          '  - entry 3 ("okta:index/adminRoleCustom:AdminRoleCustom" "permissions"): guarded (admin roles and their permissions): drift there is never cosmetic',
          '  - entry 4 ("okta:network/zone:Zone" "usage"): guarded (network zones): drift there is never cosmetic',
          '  - entry 5 ("okta:app/oAuth:OAuth" "redirectUris"): guarded (apps\' redirect, grant and authentication settings): drift there is never cosmetic (this type\'s cosmetic properties: logo, logoUrl)',
          '  - entry 6 ("okta:app/*" "logo"): guarded (apps\' redirect, grant and authentication settings): drift there is never cosmetic',
          '  - entry 7 ("okta:group/group:Group" "name"): not a property the drift check knows to be cosmetic (this type\'s cosmetic properties: description)',
          "  - entry 8: reason: expected why this difference is cosmetic (required)",
        ].join("\n"),
      );
    });

    it("makes the report exit 2, without a stack trace, when the allowlist is refused", () => {
      const bad = tmp("allowlist.yaml", "- {type: okta:app/oAuth:OAuth, property: grantTypes, reason: x}\n");
      const result = run([fixture("clean"), "--allowlist", bad]);
      expect(result.status).to.equal(EXIT.unreadable);
      expect(result.stderr).to.equal(
        `error: ${bad}: 1 unusable entry:\n  - entry 1 ("okta:app/oAuth:OAuth" "grantTypes"): guarded (apps' redirect, grant and authentication settings): drift there is never cosmetic (this type's cosmetic properties: logo, logoUrl)\n`,
      );
    });
  });

  describe("unreadable input: exit 2 with what is wrong, never a stack trace", () => {
    const cases: [string, string[], string][] = [
      [
        "not JSON",
        [fixture("not-json")],
        `error: ${fixture("not-json")}: not JSON (Unexpected token 'e', "error: cou"... is not valid JSON); expected the output of pulumi refresh --preview-only --expect-no-changes --json --stack <stack>\n`,
      ],
      [
        "steps not a list",
        [fixture("steps-not-a-list")],
        `error: ${fixture("steps-not-a-list")}: not a refresh preview digest: steps: expected a list of steps\n`,
      ],
      [
        "a step without a URN",
        [fixture("step-without-urn")],
        `error: ${fixture("step-without-urn")}: not a refresh preview digest: steps[0].urn: expected a string (the resource's URN)\n`,
      ],
      [
        "a missing file",
        [path.join(FIXTURES, "nope.json")],
        `error: cannot read the digest ${path.join(FIXTURES, "nope.json")}: ENOENT\n`,
      ],
      [
        "an empty standard input",
        ["-"],
        "error: standard input: not JSON (the file is empty); expected the output of pulumi refresh --preview-only --expect-no-changes --json --stack <stack>\n",
      ],
    ];
    for (const [name, args, expected] of cases) {
      it(name, () => {
        const result = run(args, "");
        expect([result.status, result.stdout, result.stderr]).to.deep.equal([EXIT.unreadable, "", expected]);
      });
    }

    it("a bad --format", async () => {
      const result = await report([fixture("clean"), "--format", "html"]);
      expect(result.code).to.equal(EXIT.unreadable);
      expect(result.stderr).to.contain(
        "error: option '--format <format>' argument 'html' is invalid. Allowed choices are markdown, json.",
      );
    });
  });

  it("takes the stack name from --stack, and the digest from standard input", async () => {
    const text = fs.readFileSync(fixture("group-renamed"), "utf8");
    const result = await report(["-", "--stack", "okta-prod"], text);
    expect(result.code).to.equal(EXIT.drift);
    expect(result.stdout.split("\n")[0]).to.equal("## Drift check: stack `okta-prod`");
  });
});
