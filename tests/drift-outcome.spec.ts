import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT_DIR, runStack } from "./support";

// The drift workflow's decision table, run as the workflow runs it: a child process that prints outcome= and
// issue= lines for $GITHUB_OUTPUT and writes the summary and issue body.
const SCRIPT = path.join(PROJECT_DIR, "bin", "tools", "drift-outcome.js");

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly body: string | null;
}

function dir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "drift-outcome-"));
}

function decide(
  refreshExit: string,
  reportExit: string,
  openIssue = "",
  files: {
    log?: string;
    report?: string;
    reportLog?: string;
    unmanagedExit?: string;
    unmanaged?: string;
    unmanagedLog?: string;
  } = {},
): Run {
  const d = dir();
  const write = (name: string, text: string) => (fs.writeFileSync(path.join(d, name), text), path.join(d, name));
  const body = path.join(d, "body.md");
  const result = spawnSync(
    process.execPath,
    [
      SCRIPT,
      ...["--stack", "prod", "--refresh-exit", refreshExit, "--refresh-log", write("refresh.log", files.log ?? "")],
      ...[
        "--report-exit",
        reportExit,
        "--report",
        write("report.md", files.report ?? "## Drift check: stack `prod`\n"),
      ],
      ...["--report-log", write("report.log", files.reportLog ?? ""), "--open-issue", openIssue, "--body", body],
      ...(files.unmanagedExit === undefined
        ? []
        : [
            ...["--unmanaged-exit", files.unmanagedExit],
            ...["--unmanaged", write("unmanaged.md", files.unmanaged ?? UNMANAGED_REPORT)],
            ...["--unmanaged-log", write("unmanaged.log", files.unmanagedLog ?? "")],
          ]),
    ],
    { encoding: "utf8" },
  );
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    body: fs.existsSync(body) ? fs.readFileSync(body, "utf8") : null,
  };
}

const UNMANAGED_REPORT =
  "## Unmanaged objects in the org of stack `prod`\n\n| kind | name | id |\n|---|---|---|\n| app | Hand-made Portal | `0oa1` |\n";
const CLEAN = "No drift in stack `prod`: Okta matches Pulumi's state.";
const DRIFT = "**Drift in stack `prod`**: Okta was changed outside Pulumi.";
const UNEXPLAINED =
  "**Drift the report could not explain in stack `prod`**: the refresh exited 7 (changes where none were expected), but the drift report found nothing it can show. Treat it as drift: run `pulumi refresh --preview-only --diff --stack prod` to see it.";
const ACCEPTED =
  "Only accepted differences in stack `prod`: every change the refresh found is on the reviewed allowlist (drift-allowlist.yaml). Nothing to act on; `pulumi refresh --stack prod` takes Okta's values into the state and ends them. An open drift issue is left as it is: close it once what it describes is fixed.";
const failed = (why: string) =>
  `**The drift check FAILED for stack \`prod\`**: ${why}. This is neither drift nor a clean result; the drift issue, if one is open, is left as it is.`;

const failedDrift = (why: string) =>
  `**Drift in stack \`prod\`, and the drift check FAILED to report it**: the refresh exited 7 (changes where none were expected), but ${why}. Treat it as drift: run \`pulumi refresh --preview-only --diff --stack prod\` to see it, and fix the check.`;

describe("drift workflow decision (tools/drift-outcome.ts)", () => {
  // refresh exit, report exit, open issue -> outcome, issue action, headline
  const table: [string, string, string, string, string, string][] = [
    ["0", "0", "", "clean", "none", CLEAN],
    ["0", "0", "12", "clean", "close", CLEAN],
    ["7", "7", "", "drift", "open", DRIFT],
    ["7", "7", "12", "drift", "update", DRIFT],
    ["7", "0", "", "unexplained-drift", "open", UNEXPLAINED],
    ["7", "0", "12", "unexplained-drift", "update", UNEXPLAINED],
    // Every change is on the allowlist: nothing opens, and nothing closes while the CLI still sees changes.
    ["7", "4", "", "accepted", "none", ACCEPTED],
    ["7", "4", "12", "accepted", "none", ACCEPTED],
    [
      "0",
      "4",
      "12",
      "failed",
      "none",
      failed("the refresh found no changes but the drift report found accepted differences: they disagree"),
    ],
    [
      "0",
      "7",
      "12",
      "failed",
      "none",
      failed("the refresh found no changes but the drift report found drift: they disagree"),
    ],
    ["7", "2", "12", "failed", "update", failedDrift("the drift report exited 2 (an unreadable digest or allowlist)")],
    ["0", "2", "12", "failed", "none", failed("the drift report exited 2 (an unreadable digest or allowlist)")],
    ["7", "70", "", "failed", "open", failedDrift("the drift report exited 70 (an internal error)")],
    ["7", "", "12", "failed", "update", failedDrift("the drift report did not run")],
    ["255", "2", "", "failed", "none", failed("the refresh exited 255 (an internal error, or a CLI older than 3.227)")],
    [
      "3",
      "0",
      "12",
      "failed",
      "none",
      failed("the refresh exited 3 (an authentication error: check the read-only credentials)"),
    ],
    ["1", "7", "12", "failed", "none", failed("the refresh exited 1 (an error)")],
    ["6", "2", "", "failed", "none", failed("the refresh exited 6 (stack not found)")],
    ["9", "0", "12", "failed", "none", failed("the refresh exited 9 (a timeout)")],
    [
      "255",
      "0",
      "12",
      "failed",
      "none",
      failed("the refresh exited 255 (an internal error, or a CLI older than 3.227)"),
    ],
    ["42", "0", "12", "failed", "none", failed("the refresh exited 42")],
  ];
  for (const [refresh, report, issue, outcome, action, headline] of table) {
    it(`refresh ${refresh}, report ${report || "(not run)"}, ${issue ? "an open issue" : "no open issue"}: ${outcome}, ${action}`, () => {
      const result = decide(refresh, report, issue);
      expect([result.status, result.stderr, result.stdout]).to.deep.equal([
        0,
        "",
        `outcome=${outcome}\nissue=${action}\n`,
      ]);
      expect(result.body?.split("\n\n")[0]?.trimEnd()).to.equal(headline);
    });
  }

  describe("with the unmanaged objects check", () => {
    const NONE = "No unmanaged objects in the org of stack `prod`.";
    const FOUND = "**Unmanaged objects in the org of stack `prod`**: objects were made outside the code.";
    // refresh exit, report exit, unmanaged exit, open issue -> outcome, issue action, headline
    const table: [string, string, string, string, string, string, string][] = [
      ["0", "0", "0", "", "clean", "none", `${CLEAN} ${NONE}`],
      ["0", "0", "0", "12", "clean", "close", `${CLEAN} ${NONE}`],
      ["0", "0", "7", "", "drift", "open", FOUND],
      ["0", "0", "7", "12", "drift", "update", FOUND],
      ["7", "7", "7", "12", "drift", "update", `${DRIFT} ${FOUND}`],
      ["7", "0", "7", "", "drift", "open", `${UNEXPLAINED} ${FOUND}`],
      ["7", "7", "0", "12", "drift", "update", DRIFT],
      ["7", "4", "0", "12", "accepted", "none", `${ACCEPTED} ${NONE}`],
      ["7", "4", "7", "", "drift", "open", FOUND],
      [
        "0",
        "0",
        "1",
        "12",
        "failed",
        "none",
        failed("the unmanaged objects check exited 1 (an error: the org, the credentials or the ignore list)"),
      ],
      [
        "0",
        "0",
        "2",
        "12",
        "failed",
        "none",
        failed("the unmanaged objects check exited 2 (bad usage or an unknown stack)"),
      ],
      // A finding stands when another check fails: the issue is still updated, and the day fails.
      [
        "7",
        "7",
        "70",
        "12",
        "failed",
        "update",
        `${DRIFT} **The drift check FAILED as well for stack \`prod\`**: the unmanaged objects check exited 70 (an internal error). The issue is opened or updated for what was found; fix the check.`,
      ],
      [
        "7",
        "2",
        "7",
        "",
        "failed",
        "open",
        "**Drift in stack `prod`, and the drift check FAILED to report it**: the refresh exited 7 (changes where none were expected), but the drift report exited 2 (an unreadable digest or allowlist). Treat it as drift: run `pulumi refresh --preview-only --diff --stack prod` to see it, and fix the check. " +
          FOUND,
      ],
      ["0", "0", "", "12", "failed", "none", failed("the unmanaged objects check did not run")],
      ["0", "0", "6", "12", "failed", "none", failed("the unmanaged objects check exited 6")],
      [
        "3",
        "0",
        "7",
        "12",
        "failed",
        "update",
        `${FOUND} **The drift check FAILED as well for stack \`prod\`**: the refresh exited 3 (an authentication error: check the read-only credentials). The issue is opened or updated for what was found; fix the check.`,
      ],
    ];
    for (const [refresh, report, unmanagedExit, issue, outcome, action, headline] of table) {
      it(`refresh ${refresh}, report ${report}, unmanaged ${unmanagedExit || "(not run)"}, ${issue ? "an open issue" : "no open issue"}: ${outcome}, ${action}`, () => {
        const result = decide(refresh, report, issue, { unmanagedExit });
        expect([result.status, result.stderr, result.stdout]).to.deep.equal([
          0,
          "",
          `outcome=${outcome}\nissue=${action}\n`,
        ]);
        expect(result.body?.split("\n\n")[0]?.trimEnd()).to.equal(headline);
      });
    }

    it("adds the unmanaged objects as a section of the issue body, after the drift report", () => {
      const report = "## Drift check: stack `prod`\n\n**1 resource drifted** ...\n";
      expect(decide("7", "7", "", { report, unmanagedExit: "7" }).body).to.equal(
        `${DRIFT} ${FOUND}\n\n${report}\n${UNMANAGED_REPORT}`,
      );
      const clean = "## Drift check: stack `prod`\n\nNo drift: ...\n";
      expect(decide("0", "0", "", { report: clean, unmanagedExit: "7" }).body).to.equal(
        `${FOUND}\n\n${clean}\n${UNMANAGED_REPORT}`,
      );
      // Nothing unmanaged: no section.
      expect(decide("7", "7", "", { report, unmanagedExit: "0" }).body).to.equal(`${DRIFT}\n\n${report}`);
    });

    it("keeps the start of a long unmanaged list, cut at a row", () => {
      const rows = Array.from(
        { length: 1000 },
        (_, i) => `| group | Project ${String(i).padStart(4, "0")} | \`00g${i}\` |`,
      );
      const unmanaged = `${UNMANAGED_REPORT}${rows.join("\n")}\n`;
      const body = decide("0", "0", "", { unmanagedExit: "7", unmanaged }).body ?? "";
      const section = body.split("\n\n").slice(2).join("\n\n");
      expect(section.startsWith(UNMANAGED_REPORT)).to.equal(true);
      const [kept, note] = section.split("\n\n... (");
      expect((kept ?? "").length).to.be.at.most(20_000);
      expect((kept ?? "").split("\n").at(-1)).to.match(/^\| group \| Project \d{4} \| `00g\d+` \|$/);
      expect(note).to.equal(
        `${unmanaged.length - (kept ?? "").length} characters more: see the job's log, or run \`npm run unmanaged\`)\n`,
      );
    });

    it("keeps the unmanaged objects section when another check failed", () => {
      const log = "error: 401 Unauthorized\n";
      const body = decide("3", "0", "12", { log, unmanagedExit: "7" }).body ?? "";
      expect(body.split("\n\n").slice(1)).to.deep.equal([
        "The refresh's error output:",
        `\`\`\`text\n${log}\`\`\``,
        ...UNMANAGED_REPORT.split("\n\n"),
      ]);
      expect(body.endsWith(`${UNMANAGED_REPORT}`)).to.equal(true);
    });

    it("shows the unmanaged check's error output when it failed", () => {
      const unmanagedLog = "error: https://dev-1.okta.com: HTTP 403 (You do not have permission): ...\n";
      const body = decide("0", "0", "", { unmanagedExit: "1", unmanagedLog }).body ?? "";
      expect(body.split("\n\n").slice(1)).to.deep.equal([
        "The unmanaged objects check's error output:",
        `\`\`\`text\n${unmanagedLog}\`\`\`\n`,
      ]);
    });
  });

  it("reads exit 255 with the old CLIs' drift message as drift", () => {
    const log = "error: no changes were expected but changes were proposed\n";
    expect(decide("255", "7", "", { log }).stdout).to.equal("outcome=drift\nissue=open\n");
    expect(decide("255", "0", "4", { log }).stdout).to.equal("outcome=unexplained-drift\nissue=update\n");
  });

  it("reads exit 255 with the old CLIs' drift message and a failed report as drift the check failed to report", () => {
    const log = "error: no changes were expected but changes occurred\n";
    const result = decide("255", "70", "", { log, reportLog: "internal error: boom\n" });
    expect(result.stdout).to.equal("outcome=failed\nissue=open\n");
    expect(result.body?.split("\n\n").slice(0, 2)).to.deep.equal([
      failedDrift("the drift report exited 70 (an internal error)").replace("exited 7 ", "exited 255 "),
      "The refresh's error output:",
    ]);
  });

  it("puts the report under the headline, and says so when the report found nothing", () => {
    const report = "## Drift check: stack `prod`\n\n**1 resource drifted** ...\n";
    expect(decide("7", "7", "", { report }).body).to.equal(`${DRIFT}\n\n${report}`);
    const clean = "## Drift check: stack `prod`\n\nNo drift: ...\n";
    expect(decide("7", "0", "", { report: clean }).body).to.equal(
      `${UNEXPLAINED}\n\nThe drift report, which found nothing to show:\n\n${clean}`,
    );
  });

  it("shows the end of the error output of a failed check in a block nothing can close", () => {
    const log = `${"x".repeat(25_000)}\nerror: 401 Unauthorized \`\`\`\n`;
    const body =
      decide("3", "2", "", { log, reportLog: "error: digest.json: not JSON (the file is empty)\n" }).body ?? "";
    const parts = body.split("\n\n");
    expect(parts.slice(1, 2)).to.deep.equal(["The refresh's error output:"]);
    expect(parts[2]?.startsWith("````text\n... (5029 characters before)\n")).to.equal(true);
    expect(parts[2]?.endsWith("error: 401 Unauthorized ```\n````")).to.equal(true);
    expect(parts.slice(3)).to.deep.equal([
      "The drift report's error output:",
      "```text\nerror: digest.json: not JSON (the file is empty)\n```\n",
    ]);
  });

  it("removes every credential a failed command echoed before its output goes into the summary and the issue", () => {
    // What a failing refresh or check can print: a provider's request dump, a stack file read back, a debug line.
    const secrets = {
      jwt: "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIwb2F4In0.c2lnbmF0dXJlLXBhcnQ",
      ssws: "00AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_xy",
      pem: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
      pulumi: "pul-0123456789abcdef0123456789abcdef01234567",
      github: "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
      passphrase: "correct-horse-battery-staple",
      clientSecret: "s3cr3t-v4lue",
    };
    const log = [
      `error: POST https://acme.okta.com/oauth2/v1/token?client_assertion=${secrets.jwt}: 401`,
      `  Authorization: SSWS ${secrets.ssws}`,
      `  okta:privateKey: "-----BEGIN PRIVATE KEY-----\\n${secrets.pem}\\n-----END PRIVATE KEY-----"`,
      `-----BEGIN RSA PRIVATE KEY-----\n${secrets.pem}\n-----END RSA PRIVATE KEY-----`,
      `PULUMI_ACCESS_TOKEN=${secrets.pulumi} github token ${secrets.github}`,
      `PULUMI_CONFIG_PASSPHRASE=${secrets.passphrase} {"client_secret": "${secrets.clientSecret}"}`,
      "error: 401 Unauthorized (token_endpoint_auth_method: private_key_jwt)",
      "",
    ].join("\n");
    const result = decide("3", "2", "", {
      log,
      reportLog: `debug: Bearer ${secrets.jwt}\n`,
      unmanagedExit: "1",
      unmanagedLog: `api_token=${secrets.ssws}\n`,
    });
    const body = result.body ?? "";
    for (const [name, value] of Object.entries(secrets)) expect(body, name).to.not.contain(value);
    expect(body.split("\n\n").slice(2)).to.deep.equal([
      [
        "```text",
        "error: POST https://acme.okta.com/oauth2/v1/token?client_assertion=[redacted]: 401",
        "  Authorization: SSWS [redacted]",
        "  okta:privateKey: [redacted]",
        "-----BEGIN RSA PRIVATE KEY----- [redacted] -----END RSA PRIVATE KEY-----",
        "PULUMI_ACCESS_TOKEN=[redacted] github token [redacted]",
        'PULUMI_CONFIG_PASSPHRASE=[redacted] {"client_secret": [redacted]}',
        "error: 401 Unauthorized (token_endpoint_auth_method: private_key_jwt)",
        "```",
      ].join("\n"),
      "The drift report's error output:",
      "```text\ndebug: Bearer [redacted]\n```",
      "The unmanaged objects check's error output:",
      "```text\napi_token=[redacted]\n```\n",
    ]);
  });

  describe("bad usage: exit 2, a message, no stack trace", () => {
    const cases: [string, string[], string][] = [
      ["a non-numeric exit code", ["--refresh-exit", "seven"], 'expected a process exit code (0 to 255), got "seven"'],
      ["an exit code over 255", ["--refresh-exit", "256"], 'expected a process exit code (0 to 255), got "256"'],
      ["a bad issue number", ["--open-issue", "#12"], 'expected an issue number, got "#12"'],
      ["a missing --stack", ["--stack", ""], "error: required option '--stack <name>' not specified"],
      [
        "a stack name Pulumi would refuse (it would go into markdown and issue titles as it is)",
        ["--stack", "prod`](https://evil.example)"],
        'expected a Pulumi stack name (letters, digits, "-", "_", "."; at most 100), got "prod`](https://evil.example)"',
      ],
    ];
    for (const [name, override, message] of cases) {
      it(name, () => {
        const d = dir();
        fs.writeFileSync(path.join(d, "refresh.log"), "");
        const args = new Map([
          ["--stack", "prod"],
          ["--refresh-exit", "0"],
          ["--refresh-log", path.join(d, "refresh.log")],
          ["--report-exit", "0"],
          ["--body", path.join(d, "body.md")],
        ]);
        // An empty value leaves the option out.
        if (override[1] === "") args.delete(override[0] as string);
        else args.set(override[0] as string, override[1] as string);
        const argv = [...args].flatMap(([k, v]) => [k, v]);
        const result = spawnSync(process.execPath, [SCRIPT, ...argv], { encoding: "utf8" });
        expect(result.status).to.equal(2);
        expect(result.stdout).to.equal("");
        expect(result.stderr).to.contain(message);
        expect(result.stderr).to.not.match(/\n\s+at /);
      });
    }

    it("a refresh log that does not exist", () => {
      const d = dir();
      const missing = path.join(d, "refresh.log");
      const result = spawnSync(
        process.execPath,
        [SCRIPT, "--stack", "prod", "--refresh-exit", "7", "--refresh-log", missing, "--body", path.join(d, "b.md")],
        { encoding: "utf8" },
      );
      expect([result.status, result.stdout, result.stderr]).to.deep.equal([
        2,
        "",
        `error: cannot read the refresh log ${missing}: ENOENT\n`,
      ]);
    });
  });
});

describe("drift workflow (.github/workflows/drift.yml)", () => {
  const text = fs.readFileSync(path.join(PROJECT_DIR, ".github", "workflows", "drift.yml"), "utf8");
  type Step = {
    name?: string;
    id?: string;
    uses?: string;
    run?: string;
    env?: Record<string, string>;
    with?: Record<string, unknown>;
  };
  const job = (parse(text) as { jobs: { drift: { environment: string; steps: Step[] } } }).jobs.drift;
  const step = (name: string) => {
    const found = job.steps.find((s) => s.name === name);
    if (found === undefined) throw new Error(`drift.yml has no step named ${name}`);
    return found;
  };
  let prodUrns: string[] = [];
  before(async () => {
    prodUrns = (await runStack("prod")).registrations.map((r) => r.urn);
  });

  it("runs in the stack's read-only environment and gives the refresh the Okta credentials from it", () => {
    expect(job.environment).to.equal("${{ matrix.stack }}-read");
    const env = step("Refresh preview (never writes state)").env ?? {};
    expect(
      Object.keys(env)
        .filter((k) => k.startsWith("OKTA_API_"))
        .sort(),
    ).to.deep.equal([
      "OKTA_API_CLIENT_ID",
      "OKTA_API_PRIVATE_KEY",
      "OKTA_API_PRIVATE_KEY_ID",
      "OKTA_API_SCOPES",
      "OKTA_API_TOKEN",
    ]);
    expect([env.OKTA_API_PRIVATE_KEY, env.OKTA_API_TOKEN]).to.deep.equal([
      "${{ secrets.OKTA_API_PRIVATE_KEY }}",
      "${{ secrets.OKTA_API_TOKEN }}",
    ]);
  });

  it("shows unchanged resources, writes the full JSON report and uploads it", () => {
    expect(step("Refresh preview (never writes state)").run).to.contain(
      "pulumi refresh --preview-only --expect-no-changes --json --show-sames ",
    );
    expect(step("Drift report").run).to.contain("--json-out drift-report.json");
    // Exactly the notification configuration, which the read team cannot read: the pattern as the CLI reads it
    // (`**` any text, `*` any text within a URN part) matches its URN and no other resource of prod.
    const exclude = /--exclude '([^']+)'/.exec(step("Refresh preview (never writes state)").run ?? "")?.[1] ?? "";
    const glob = new RegExp(
      `^${exclude
        .split("**")
        .map((part) =>
          part
            .split("*")
            .map((t) => t.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
            .join("[^:]*"),
        )
        .join(".*")}$`,
    );
    expect(prodUrns.filter((urn) => glob.test(urn))).to.deep.equal([
      "urn:pulumi:prod::okta-mmod::okta-mmod:delivery:TerraformCloudWorkspace$tfe:index/notificationConfiguration:NotificationConfiguration::tfc-drift-notification",
    ]);
    const upload = step("Upload the full report (JSON)");
    expect(upload.uses).to.match(/^actions\/upload-artifact@/);
    expect(upload.with?.path).to.equal("drift-report.json");
  });

  it("never tells anyone a failed check is not drift (the refresh may have found drift the report could not show)", () => {
    // The drift job's own outcome step, and the alert job's Slack message.
    const alert = (parse(text) as { jobs: { alert: { steps: Step[] } } }).jobs.alert;
    const texts = [...job.steps, ...alert.steps].map((s) => s.run ?? "").join("\n");
    expect(texts).to.contain("failed; the job summary says whether the refresh found drift.");
    expect(texts).to.not.match(/not drift|could not run/);
  });

  it("runs the unmanaged objects check with the read-only Okta credentials and joins its exit code to the decision", () => {
    const unmanaged = step("Unmanaged objects");
    // The stack's state, exported with the refresh's read-only Pulumi access and without decrypting secrets.
    expect(unmanaged.run).to.contain(
      'if pulumi stack export --stack "$STACK" --file state.json 2> unmanaged.log; then\n' +
        '  node bin/tools/unmanaged.js --stack "$STACK" --state state.json > unmanaged.md 2>> unmanaged.log\n' +
        '  echo "exit=$?" >> "$GITHUB_OUTPUT"\n',
    );
    expect(unmanaged.run).to.contain('  echo "exit=1" >> "$GITHUB_OUTPUT"\n');
    expect(unmanaged.run).to.not.contain("--show-secrets");
    expect(unmanaged.env).to.deep.equal(
      Object.fromEntries(
        Object.entries(step("Refresh preview (never writes state)").env ?? {}).filter(
          ([k]) => k.startsWith("OKTA_API_") || k.startsWith("PULUMI_"),
        ),
      ),
    );
    const names = job.steps.map((s) => s.name);
    expect(names.indexOf("Unmanaged objects")).to.be.lessThan(names.indexOf("Decide"));
    const decideStep = step("Decide");
    expect(decideStep.env?.UNMANAGED_EXIT).to.equal("${{ steps.unmanaged.outputs.exit }}");
    expect(decideStep.run).to.contain(
      '--unmanaged-exit "$UNMANAGED_EXIT" --unmanaged unmanaged.md --unmanaged-log unmanaged.log',
    );
  });

  it("leaves the decision to tools/drift-outcome.ts: no step compares exit codes itself", () => {
    expect(step("Decide").run).to.contain("node bin/tools/drift-outcome.js ");
    for (const s of job.steps) expect(s.run ?? "").to.not.match(/\$code|\$report\b|-eq |\[ "\$\w+" = /);
  });
});
