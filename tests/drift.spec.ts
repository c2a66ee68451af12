import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllowlist } from "../drift/allowlist";
import { DriftReport } from "../drift/report";
import { DEFAULT_ALLOWLIST, EXIT, driftReportCommand } from "../tools/drift-report";
import { PROJECT_DIR } from "./support";

const FIXTURES = path.join(PROJECT_DIR, "tests", "fixtures", "drift");
const fixture = (name: string) => path.join(FIXTURES, `${name}.json`);

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

async function json(name: string, extra: string[] = []): Promise<{ code: number; report: DriftReport }> {
  const result = await report([fixture(name), "--format", "json", ...extra]);
  return { code: result.code, report: JSON.parse(result.stdout) as DriftReport };
}

const REMEDIES = [
  "### What to do",
  "",
  "- To put Okta back as the code declares it: review, then `pulumi up --refresh --stack prod`.",
  "- To keep the change: make it in the code (or the stack's config) through a pull request; the check clears once `pulumi preview` shows no changes.",
];

describe("drift report (npm run drift-report)", () => {
  it("reports no drift and exits 0 when every resource matches", async () => {
    const result = await report([fixture("clean")]);
    expect(result.code).to.equal(EXIT.noDrift);
    expect(result.stdout).to.equal("## Drift check: stack `prod`\n\nNo drift: the 3 resources of `prod` match Okta.\n");
  });

  it("reports the reference's Exercise 7 rename as drift, old -> new, and exits 7", async () => {
    const result = await report([fixture("group-renamed")]);
    expect(result.code).to.equal(EXIT.drift);
    expect(result.stdout).to.equal(
      [
        "## Drift check: stack `prod`",
        "",
        "**1 of 2 resources drifted** (1 changed): someone changed the org outside Pulumi.",
        "",
        "| resource | type | change |",
        "|---|---|---|",
        "| `org-group-test-group` | `okta:group/group:Group` | update |",
        "",
        "### `org-group-test-group` (okta:group/group:Group): update",
        "",
        "| property | in Pulumi's state | in Okta now |",
        "|---|---|---|",
        '| `name` | `"Renamed Test Group"` | `"Newly Renamed Test Group"` |',
        "",
        ...REMEDIES,
        "",
      ].join("\n"),
    );
  });

  it("follows nested property paths (list items, object fields)", async () => {
    const { code, report: r } = await json("nested-updates");
    expect(code).to.equal(EXIT.drift);
    expect(r.drifted.map((d) => [d.name, d.change, d.properties])).to.deep.equal([
      [
        "apps-app-customer-portal",
        "update",
        [
          {
            path: "redirectUris[1]",
            old: "https://portal.iatcore.com/Customer",
            new: "https://evil.example.net/Customer",
          },
        ],
      ],
      ["org-authenticator-email", "update", [{ path: "settings.allowedFor", old: "any", new: "recovery" }]],
    ]);
    expect((r as DriftReport & { summary: unknown }).summary).to.deep.equal({ checked: 3, drifted: 2, allowlisted: 0 });
  });

  it("reports a resource deleted in Okta", async () => {
    const result = await report([fixture("deleted")]);
    expect(result.code).to.equal(EXIT.drift);
    expect(result.stdout).to.contain("| `org-zone-tor-blocker` | `okta:network/zone:Zone` | deleted in Okta |\n");
    expect(result.stdout).to.contain(
      "### `org-zone-tor-blocker` (okta:network/zone:Zone): deleted in Okta\n\nThe object no longer exists in Okta.\n",
    );
  });

  it("reports a change that would replace the resource", async () => {
    const { code, report: r } = await json("replace");
    expect(code).to.equal(EXIT.drift);
    expect(r.drifted).to.deep.equal([
      {
        urn: "urn:pulumi:prod::okta-mmod::okta-mmod:org:OktaOrg$okta:network/zone:Zone::org-zone-tor-blocker",
        type: "okta:network/zone:Zone",
        name: "org-zone-tor-blocker",
        change: "replace",
        properties: [{ path: "type", old: "DYNAMIC", new: "IP" }],
      },
    ]);
  });

  it("shows secrets only as [secret], in both formats", async () => {
    const md = await report([fixture("secret-changed")]);
    expect(md.stdout).to.contain("| `auth` | `[secret]` | `[secret]` |\n");
    const { report: r } = await json("secret-changed");
    expect(r.drifted[0]?.properties).to.deep.equal([{ path: "auth", old: "[secret]", new: "[secret]" }]);
  });

  it("lists allowlisted cosmetic noise separately and does not count it", async () => {
    const only = await report([fixture("cosmetic-only")]);
    expect(only.code).to.equal(EXIT.noDrift);
    expect(only.stdout).to.equal(
      [
        "## Drift check: stack `prod`",
        "",
        "No drift: the 2 resources of `prod` match Okta.",
        "",
        "### Known cosmetic differences (allowlisted, not counted)",
        "",
        "- `apps-app-customer-portal` `logo`: Okta re-encodes uploaded logos, so the stored value never equals the file that was sent.",
        "- `org-user-okta-terraform-admin` `status`: Okta moves users through lifecycle states (password expiry, lockout) on its own.",
        "",
      ].join("\n"),
    );
    const { code, report: r } = await json("cosmetic-and-real");
    expect(code).to.equal(EXIT.drift);
    expect(r.drifted.map((d) => d.name)).to.deep.equal(["org-group-test-group"]);
    expect(r.allowlisted.map((a) => [a.name, a.path])).to.deep.equal([["apps-app-customer-portal", "logo"]]);
  });

  it("counts everything when no allowlist is given and the default is absent", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-"));
    const empty = path.join(dir, "allowlist.yaml");
    fs.writeFileSync(empty, "[]\n");
    const { code, report: r } = await json("cosmetic-only", ["--allowlist", empty]);
    expect(code).to.equal(EXIT.drift);
    expect(r.drifted.map((d) => d.name)).to.deep.equal(["apps-app-customer-portal", "org-user-okta-terraform-admin"]);
  });

  it("reads a digest from an old CLI (no detailed diff) by comparing the states", async () => {
    const { code, report: r } = await json("old-cli");
    expect(code).to.equal(EXIT.drift);
    expect(r.drifted.map((d) => [d.name, d.properties])).to.deep.equal([
      ["org-group-test-group", [{ path: "name", old: "Renamed Test Group", new: "Newly Renamed Test Group" }]],
    ]);
  });

  it("takes the stack name from --stack, and the digest from standard input", async () => {
    const text = fs.readFileSync(fixture("group-renamed"), "utf8");
    const result = await report(["-", "--stack", "okta-prod"], text);
    expect(result.code).to.equal(EXIT.drift);
    expect(result.stdout.split("\n")[0]).to.equal("## Drift check: stack `okta-prod`");
  });

  describe("unreadable input: exit 2 with what is wrong, never a stack trace", () => {
    const cases: [string, string[], string][] = [
      [
        "not JSON",
        [fixture("not-json")],
        `error: ${fixture("not-json")}: not JSON (Unexpected token 'e', "error: cou"... is not valid JSON); expected the output of pulumi refresh --preview-only --json\n`,
      ],
      [
        "steps not a list",
        [fixture("steps-not-a-list")],
        `error: ${fixture("steps-not-a-list")}: not a refresh preview digest: steps: expected a list of steps (is this the output of pulumi refresh --preview-only --json?)\n`,
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
        "error: standard input: not JSON (the file is empty); expected the output of pulumi refresh --preview-only --json\n",
      ],
    ];
    for (const [name, args, expected] of cases) {
      it(name, async () => {
        const result = await report(args);
        expect(result.code).to.equal(EXIT.unreadable);
        expect(result.stderr).to.equal(expected);
        expect(result.stdout).to.equal("");
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

  describe("allowlist", () => {
    it("ships entries that all pass its own checks", () => {
      const entries = parseAllowlist(fs.readFileSync(DEFAULT_ALLOWLIST, "utf8"), DEFAULT_ALLOWLIST);
      expect(entries.map((e) => `${e.type} ${e.property}`)).to.deep.equal([
        "okta:app/oAuth:OAuth logo",
        "okta:app/saml:Saml logo",
        "okta:user/user:User status",
        "okta:user/user:User password",
        "okta:user/user:User oldPassword",
        "okta:user/user:User recoveryAnswer",
      ]);
    });

    it("refuses guarded properties and entries without a reason, all at once", () => {
      const text = [
        "- {type: okta:app/oAuth:OAuth, property: redirectUris, reason: our load balancer rewrites them}",
        "- {type: okta:index/authenticator:Authenticator, property: settings, reason: noisy}",
        "- {type: 'okta:app/*', property: logo, reason: logos}",
        "- {type: 'okta:*', property: '*', reason: everything}",
        "- {type: okta:group/group:Group, property: description}",
        "- {type: okta:app/oAuth:OAuth, property: logo, reason: fine}",
      ].join("\n");
      expect(() => parseAllowlist(text, "noise.yaml")).to.throw(
        [
          "noise.yaml: 5 unusable entries:",
          "  - entry 1 (okta:app/oAuth:OAuth redirectUris) covers a guarded property (redirect URIs): drift there is never cosmetic",
          "  - entry 2 (okta:index/authenticator:Authenticator settings) covers a guarded property (authenticator settings): drift there is never cosmetic",
          "  - entry 3 (okta:app/* logo) covers a guarded property (app sign-on policy rules): drift there is never cosmetic",
          "  - entry 4 (okta:* *) covers a guarded property (authenticator settings): drift there is never cosmetic",
          "  - entry 5: reason: expected why this difference is cosmetic (required)",
        ].join("\n"),
      );
    });

    it("makes the report exit 2 when the allowlist is refused", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-"));
      const bad = path.join(dir, "allowlist.yaml");
      fs.writeFileSync(bad, "- {type: okta:app/oAuth:OAuth, property: grantTypes, reason: x}\n");
      const result = await report([fixture("clean"), "--allowlist", bad]);
      expect(result.code).to.equal(EXIT.unreadable);
      expect(result.stderr).to.equal(
        `error: ${bad}: 1 unusable entry:\n  - entry 1 (okta:app/oAuth:OAuth grantTypes) covers a guarded property (grant types and client authentication): drift there is never cosmetic\n`,
      );
    });
  });

  it("runs as a command with the exit codes the workflow relies on", () => {
    const script = path.join(PROJECT_DIR, "bin", "tools", "drift-report.js");
    const run = (f: string) => spawnSync(process.execPath, [script, fixture(f)], { encoding: "utf8" }).status;
    expect([run("clean"), run("group-renamed"), run("not-json")]).to.deep.equal([0, 7, 2]);
  });
});
