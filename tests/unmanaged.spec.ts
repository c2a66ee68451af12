import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EXIT } from "../adopt/cli";
import { READ_SCOPES } from "../adopt/okta";
import { IgnoreListError, UnmanagedReport, builtIn, parseIgnoreList } from "../adopt/unmanaged";
import { listStacks } from "../offline/stackFile";
import { runStack } from "../offline/stackRun";
import { unmanaged } from "../tools/unmanaged";
import { call, runTool, testCredentials } from "./adoptSupport";
import { addBuiltIns, seedFromRun, stateExport } from "./adoptOrg";
import { FakeOkta, Obj, RequestRecord, emptyOrg, oktaId, startFakeOkta } from "./fakeOkta";
import { FIXTURE_DIR, PROJECT_DIR, fixtureProgram } from "./support";

function ignoreFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unmanaged-"));
  const file = path.join(dir, "ignore.yaml");
  fs.writeFileSync(file, text);
  return file;
}

describe("unmanaged (npm run unmanaged)", () => {
  const { creds, privateKeyPem } = testCredentials();
  const env = { OKTA_API_TOKEN: creds.apiToken };
  const stack = "prod";
  // The repository's own stack for the child-process runs (they run the project's own program).
  const shipped = listStacks(PROJECT_DIR)[0] as string;
  let fake: FakeOkta;
  let builtIns: number;
  let superAdmin: string;
  let orgName: string;
  let clean: string;
  /** The stack's state once the org is imported (`pulumi stack export`), as a file. */
  let state: string;

  before(async () => {
    const result = await runStack(FIXTURE_DIR, stack, fixtureProgram);
    if ("error" in result) throw new Error(result.error);
    const seeded = seedFromRun(result.run, emptyOrg());
    ({ count: builtIns, superAdmin } = addBuiltIns(seeded.org));
    const provider = result.run.registrations.find((r) => r.type === "pulumi:providers:okta");
    orgName = `${String(provider?.inputs.orgName)}.${String(provider?.inputs.baseUrl)}`;
    clean = ignoreFile(
      `- org: ${orgName}\n  kind: admin-role-assignment\n  id: ${superAdmin}\n  reason: The administrator who set the org up.\n`,
    );
    state = ignoreFile("");
    fs.writeFileSync(state, JSON.stringify(stateExport(result.run, seeded.importIds), null, 4));
    fake = await startFakeOkta(seeded.org, creds, 200);
    // An org-sized limit per endpoint: the 1,000-group test reads each group's roles (one call per group), which
    // a 600-a-minute endpoint would rightly make wait for the minute's reset.
    fake.rateLimit = 10_000;
  });
  after(async () => fake.close());

  /** The command on the fixture project and the fake org, Markdown out (as the workflow runs it). */
  const command = (extra: string[]) =>
    call(unmanaged, ["--stack", stack, "--org-url", fake.url, "--project-dir", FIXTURE_DIR, ...extra], env);
  const check = (extra: string[] = []) => command(["--json", ...extra]);

  it("an org made only of what the stacks declare, Okta's built-ins and reviewed objects: exit 0", async () => {
    const result = await check(["--ignore-list", clean]);
    expect(result.code, result.stderr).to.equal(EXIT.clean);
    const report = JSON.parse(result.stdout) as UnmanagedReport;
    expect(report.unmanaged).to.deep.equal([]);
    expect(report.builtIns).to.equal(builtIns);
    expect(report.stacks).to.deep.equal([{ stack, matchedBy: "names" }]);
    expect(report.ignored).to.deep.equal([
      {
        kind: "admin-role-assignment",
        id: superAdmin,
        name: `user ${superAdmin}`,
        reason: "The administrator who set the org up.",
      },
    ]);
    expect(report.staleIgnores).to.deep.equal([]);
  });

  it("an app, a rule in Okta's default policy and 1,000 groups added by hand are listed: exit 7", async () => {
    const app = {
      id: oktaId("0oa"),
      name: "oidc_client",
      label: "Hand-made Portal",
      status: "ACTIVE",
      signOnMode: "OPENID_CONNECT",
    };
    const defaultPolicy = fake.org.policies.find((p) => p.type === "OKTA_SIGN_ON" && p.system === true);
    const rule = {
      id: oktaId("0pr"),
      type: "SIGN_ON",
      name: "Skip MFA on VPN",
      status: "ACTIVE",
      system: false,
      priority: 1,
    };
    const groups = Array.from({ length: 1000 }, (_, i) => ({
      id: oktaId("00g"),
      type: "OKTA_GROUP",
      profile: { name: `Project ${String(i).padStart(4, "0")}`, description: "" },
    }));
    fake.org.apps.push(app);
    fake.org.policyRules[String(defaultPolicy?.id)]?.push(rule);
    fake.org.groups.push(...groups);
    try {
      const result = await check(["--ignore-list", clean]);
      expect(result.code, result.stderr).to.equal(EXIT.unmanaged);
      const report = JSON.parse(result.stdout) as UnmanagedReport;
      expect(report.unmanaged.length).to.equal(1002);
      expect(report.unmanaged.slice(0, 2)).to.deep.equal([
        { kind: "app", id: app.id, name: "Hand-made Portal" },
        { kind: "group", id: groups[0]?.id, name: "Project 0000" },
      ]);
      expect(report.unmanaged.filter((o) => o.kind === "group").length).to.equal(1000);
      expect(report.unmanaged[1001]).to.deep.equal({
        kind: "policy-rule",
        id: rule.id,
        name: "Default Policy / Skip MFA on VPN",
      });
    } finally {
      fake.org.apps.pop();
      fake.org.policyRules[String(defaultPolicy?.id)]?.pop();
      fake.org.groups.splice(-1000);
    }
  });

  it("an IdP, an API token, roles granted to Everyone and to a service app, a routing rule and an entity risk policy added by hand are listed: exit 7", async () => {
    const at = "2026-02-01T08:00:00.000Z";
    const automation = {
      id: oktaId("0oa"),
      name: "oidc_client",
      label: "Hand-made Automation",
      status: "ACTIVE",
      signOnMode: "OPENID_CONNECT",
      credentials: {
        oauthClient: { client_id: "0oahandmadeclient001", token_endpoint_auth_method: "private_key_jwt" },
      },
      settings: { oauthClient: { application_type: "service", grant_types: ["client_credentials"] } },
    };
    const idp = {
      id: oktaId("0oa"),
      type: "SAML2",
      name: "Shadow SAML",
      status: "ACTIVE",
      issuerMode: "ORG_URL",
      protocol: { type: "SAML2" },
      created: at,
      lastUpdated: at,
    };
    const token = {
      id: oktaId("00T"),
      name: "backup-script",
      userId: superAdmin,
      clientName: "Okta API",
      created: at,
      lastUpdated: at,
      expiresAt: "2026-03-03T08:00:00.000Z",
      tokenWindow: "P30D",
      network: { connection: "ANYWHERE" },
    };
    const role = (type: string, label: string, assignmentType: string) => ({
      id: oktaId("irb"),
      label,
      type,
      status: "ACTIVE",
      assignmentType,
      created: at,
      lastUpdated: at,
    });
    const everyone = fake.org.groups.find((g) => g.type === "BUILT_IN" && (g.profile as Obj).name === "Everyone");
    const groupRole = role("SUPER_ADMIN", "Super Administrator", "GROUP");
    const clientRole = role("ORG_ADMIN", "Organization Administrator", "CLIENT");
    const routing = fake.org.policies.find((p) => p.type === "IDP_DISCOVERY" && p.system === true);
    const rule = {
      id: oktaId("0pr"),
      type: "IDP_DISCOVERY",
      name: "Route all to Shadow SAML",
      status: "ACTIVE",
      system: false,
      priority: 1,
    };
    const risk = {
      id: oktaId("00p"),
      type: "ENTITY_RISK",
      name: "Lenient risk",
      status: "ACTIVE",
      system: false,
      priority: 1,
    };
    const added = () => {
      fake.org.apps.push(automation);
      fake.org.identityProviders.push(idp);
      fake.org.apiTokens.push(token);
      fake.org.groupRoles[String(everyone?.id)] = [groupRole];
      fake.org.clientRoles["0oahandmadeclient001"] = [clientRole];
      fake.org.policyRules[String(routing?.id)]?.push(rule);
      fake.org.policies.push(risk);
    };
    added();
    try {
      const result = await check(["--ignore-list", clean]);
      expect(result.code, result.stderr).to.equal(EXIT.unmanaged);
      const report = JSON.parse(result.stdout) as UnmanagedReport;
      expect(report.unmanaged).to.deep.equal([
        { kind: "app", id: automation.id, name: "Hand-made Automation" },
        { kind: "policy", id: risk.id, name: "ENTITY_RISK Lenient risk" },
        { kind: "policy-rule", id: rule.id, name: "Idp Discovery Policy / Route all to Shadow SAML" },
        { kind: "identity-provider", id: idp.id, name: "Shadow SAML (SAML2)" },
        { kind: "api-token", id: token.id, name: `backup-script (user ${superAdmin})` },
        { kind: "group-admin-role", id: groupRole.id, name: "Everyone: Super Administrator" },
        { kind: "app-admin-role", id: clientRole.id, name: "Hand-made Automation: Organization Administrator" },
      ]);
      expect(report.notOffered).to.deep.equal([]);
    } finally {
      fake.org.apps.pop();
      fake.org.identityProviders.pop();
      fake.org.apiTokens.pop();
      fake.org.groupRoles = {};
      fake.org.clientRoles = {};
      fake.org.policyRules[String(routing?.id)]?.pop();
      fake.org.policies.pop();
    }
  });

  it("an org without Identity Threat Protection: its policy types are reported as not offered, not failed", async () => {
    fake.org.notOfferedPolicyTypes = ["POST_AUTH_SESSION", "ENTITY_RISK", "DEVICE_SIGNAL_COLLECTION"];
    try {
      const result = await check(["--ignore-list", clean]);
      expect(result.code, result.stderr).to.equal(EXIT.clean);
      const report = JSON.parse(result.stdout) as UnmanagedReport;
      expect(report.notOffered).to.deep.equal([
        "POST_AUTH_SESSION policies",
        "ENTITY_RISK policies",
        "DEVICE_SIGNAL_COLLECTION policies",
      ]);
      const markdown = await command(["--ignore-list", clean]);
      expect(markdown.stdout).to.contain(
        "Not offered by this org, so not checked: POST_AUTH_SESSION policies, ENTITY_RISK policies, DEVICE_SIGNAL_COLLECTION policies.\n",
      );
      // A type every org has is never skipped: the same answer for password policies is an error.
      fake.org.notOfferedPolicyTypes = ["PASSWORD"];
      const failed = await check(["--ignore-list", clean]);
      expect([failed.code, failed.stdout, failed.stderr]).to.deep.equal([
        EXIT.error,
        "",
        `error: ${fake.url}: HTTP 401 (You do not have permission to access the feature you are requesting): the org does not offer /api/v1/policies to these credentials: the org lacks the feature, or the service app the admin role for it\n`,
      ]);
    } finally {
      fake.org.notOfferedPolicyTypes = [];
    }
  });

  for (const missing of ["okta.policies.read", "okta.apiTokens.read", "okta.roles.read"]) {
    it(`a service app without ${missing} (403 E0000006) fails naming that scope, never "not offered": exit 1`, async () => {
      // The org also lacks the gated policy types: a refused scope must still not pass as a missing feature.
      fake.org.notOfferedPolicyTypes = ["POST_AUTH_SESSION", "ENTITY_RISK", "DEVICE_SIGNAL_COLLECTION"];
      try {
        const result = await call(
          unmanaged,
          ["--stack", stack, "--org-url", fake.url, "--project-dir", FIXTURE_DIR, "--ignore-list", clean, "--json"],
          {
            OKTA_API_CLIENT_ID: creds.clientId,
            OKTA_API_PRIVATE_KEY: privateKeyPem,
            OKTA_API_SCOPES: READ_SCOPES.filter((s) => s !== missing).join(" "),
          },
        );
        const refused = fake.requests.filter((r) => r.status === 403).pop();
        const pathname = new URL(String(refused?.path), fake.url).pathname;
        expect([result.code, result.stdout, result.stderr]).to.deep.equal([
          EXIT.error,
          "",
          `error: ${fake.url}: HTTP 403 (You do not have permission to perform the requested action): the service app may not call ${pathname}: it needs the scope ${missing} (granted to the app and listed in OKTA_API_SCOPES) and a read-only admin role that cannot read client secrets (README "The read-only Okta service app"); nothing was checked past this call\n`,
        ]);
      } finally {
        fake.org.notOfferedPolicyTypes = [];
      }
    });
  }

  it("an admin role granted by hand to the user the code manages is listed, by names and by its state: exit 7", async () => {
    const user = fake.org.users.find((u) => (u.profile as { login?: string }).login?.startsWith("okta-admin@"));
    expect(user, "the fixture's managed user").to.not.equal(undefined);
    const id = String(user?.id);
    fake.org.roleUsers.push({ id, orn: `orn:okta:directory:00o1:users:${id}`, _links: {} });
    try {
      for (const extra of [[], ["--state", state]]) {
        const result = await check(["--ignore-list", clean, ...extra]);
        expect(result.code, result.stderr).to.equal(EXIT.unmanaged);
        expect((JSON.parse(result.stdout) as UnmanagedReport).unmanaged).to.deep.equal([
          { kind: "admin-role-assignment", id, name: `user ${id}` },
        ]);
      }
      // A stack whose state manages that user's admin roles (okta.UserAdminRoles, imported by the user's id).
      const doc = JSON.parse(fs.readFileSync(state, "utf8")) as { deployment: { resources: Obj[] } };
      doc.deployment.resources.push({
        urn: "urn:pulumi:prod::okta-mmod::okta:index/userAdminRoles:UserAdminRoles::terraform-admin-roles",
        custom: true,
        type: "okta:index/userAdminRoles:UserAdminRoles",
        id,
      });
      const withRoles = ignoreFile(JSON.stringify(doc));
      const managed = await check(["--ignore-list", clean, "--state", withRoles]);
      expect([managed.code, managed.stderr]).to.deep.equal([EXIT.clean, ""]);
    } finally {
      fake.org.roleUsers.pop();
    }
  });

  describe("with the stack's state (--state)", () => {
    /** The first group the stack manages, renamed by hand for the test, then named back. */
    const renameGroup = async (name: string, body: () => Promise<void>) => {
      const group = fake.org.groups.find((g) => g.type === "OKTA_GROUP") as { id: string; profile: { name: string } };
      const before = group.profile.name;
      group.profile = { ...group.profile, name };
      try {
        await body();
      } finally {
        group.profile = { ...group.profile, name: before };
      }
      return group.id;
    };

    it("an object renamed by hand is still managed by its id: exit 0, the stack matched by its state", async () => {
      await renameGroup("Renamed In The Admin Console", async () => {
        const result = await check(["--ignore-list", clean, "--state", state]);
        expect(result.code, result.stderr).to.equal(EXIT.clean);
        const report = JSON.parse(result.stdout) as UnmanagedReport;
        expect(report.stacks).to.deep.equal([{ stack, matchedBy: "state" }]);
        expect(report.unmanaged).to.deep.equal([]);
      });
    });

    it("without the state the renamed object is unmanaged (names are the fallback): exit 7", async () => {
      let id = "";
      id = await renameGroup("Renamed In The Admin Console", async () => {
        const result = await check(["--ignore-list", clean]);
        expect(result.code, result.stderr).to.equal(EXIT.unmanaged);
        const report = JSON.parse(result.stdout) as UnmanagedReport;
        expect(report.stacks).to.deep.equal([{ stack, matchedBy: "names" }]);
        expect(report.unmanaged.map((o) => [o.kind, o.name])).to.deep.equal([
          ["group", "Renamed In The Admin Console"],
        ]);
      });
      expect(id).to.match(/^00g/);
    });

    it("a copy made by hand under a managed object's name is unmanaged with the state (names would call it ambiguous)", async () => {
      const managed = fake.org.groups.find((g) => g.type === "OKTA_GROUP") as { profile: { name: string } };
      const copy = { id: oktaId("00g"), type: "OKTA_GROUP", profile: { name: managed.profile.name, description: "" } };
      fake.org.groups.push(copy);
      try {
        const result = await check(["--ignore-list", clean, "--state", state]);
        expect(result.code, result.stderr).to.equal(EXIT.unmanaged);
        const report = JSON.parse(result.stdout) as UnmanagedReport;
        expect(report.unmanaged).to.deep.equal([{ kind: "group", id: copy.id, name: managed.profile.name }]);
        // Markdown says how each stack was matched.
        const markdown = await command(["--ignore-list", clean, "--state", state]);
        expect(markdown.stdout.split("\n")[2]).to.equal(
          `${orgName}: 1 unmanaged, ${report.managed} managed by \`prod\` (by its state), 1 on the reviewed ignore list, ${builtIns} built into Okta.`,
        );
      } finally {
        fake.org.groups.pop();
      }
    });

    const stateFile = (doc: unknown) => {
      const file = ignoreFile("");
      fs.writeFileSync(file, typeof doc === "string" ? doc : JSON.stringify(doc));
      return file;
    };

    it("a file that is not a stack export: exit 1, every problem by its path, no secret shown (real command)", async () => {
      const file = stateFile({
        version: 3,
        deployment: {
          resources: [
            {
              urn: "urn:pulumi:prod::okta-mmod::pulumi:pulumi:Stack::okta-mmod-prod",
              custom: false,
              type: "pulumi:pulumi:Stack",
            },
            { urn: "not-a-urn", type: "okta:group/group:Group", id: 7, outputs: { secret: "SECRETVALUE" } },
          ],
        },
      });
      const result = await runTool("unmanaged", ["--stack", shipped, "--org-url", fake.url, "--state", file], env);
      expect([result.code, result.stdout, result.stderr]).to.deep.equal([
        EXIT.error,
        "",
        [
          `error: ${file}: 2 problems:`,
          `  - deployment.resources[1].urn (got "not-a-urn"): expected a Pulumi URN (urn:pulumi:<stack>::...)`,
          `  - deployment.resources[1].id (got 7): expected the resource's id, a string`,
          "",
        ].join("\n"),
      ]);
      for (const [doc, message] of [
        ["{", `error: ${"FILE"}: not JSON`],
        [
          { version: 1, deployment: {} },
          `error: FILE: not the output of \`pulumi stack export\`:\n  - version: expected 3 (the format \`pulumi stack export\` writes)\n`,
        ],
        [{ version: 3, deployment: {} }, "error: FILE: the state holds no resources, so it names no stack"],
      ] as const) {
        const bad = stateFile(doc);
        const r = await command(["--ignore-list", clean, "--state", bad]);
        expect(r.code, r.stderr).to.equal(EXIT.error);
        expect(r.stderr.startsWith(message.replace("FILE", bad)), r.stderr).to.equal(true);
      }
    });

    it("the state of another project's stack, or two states of one stack: exit 2", async () => {
      const other = stateFile({
        version: 3,
        deployment: {
          resources: [
            {
              urn: "urn:pulumi:prod::someone-else::pulumi:pulumi:Stack::x",
              custom: false,
              type: "pulumi:pulumi:Stack",
            },
          ],
        },
      });
      const result = await check(["--ignore-list", clean, "--state", other]);
      expect([result.code, result.stdout, result.stderr]).to.deep.equal([
        EXIT.usage,
        "",
        `error: ${other}: the state of stack "prod" of project "someone-else", which is not a stack of this project (okta-mmod: dev, prod)\n`,
      ]);
      const twice = await check(["--ignore-list", clean, "--state", state, "--state", state]);
      expect([twice.code, twice.stderr]).to.deep.equal([
        EXIT.usage,
        `error: ${state} and ${state}: both are the state of stack prod: give one\n`,
      ]);
    });
  });

  it("an app added by hand is in the drift issue the workflow posts, even when the refresh is clean", async () => {
    const app = { id: oktaId("0oa"), name: "oidc_client", label: "Shadow | Admin", status: "ACTIVE" };
    fake.org.apps.push(app);
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "unmanaged-drift-"));
    const file = (name: string, text: string) => (fs.writeFileSync(path.join(d, name), text), path.join(d, name));
    try {
      // As the workflow's step runs it: Markdown on stdout, its exit code into the decision.
      const result = await command(["--ignore-list", clean]);
      expect(result.code, result.stderr).to.equal(EXIT.unmanaged);
      const body = path.join(d, "body.md");
      const decision = spawnSync(
        process.execPath,
        [
          path.join(PROJECT_DIR, "bin", "tools", "drift-outcome.js"),
          ...["--stack", stack, "--refresh-exit", "0", "--refresh-log", file("refresh.log", "")],
          ...["--report-exit", "0", "--report", file("report.md", "## Drift check: stack `prod`\n\nNo drift.\n")],
          ...["--open-issue", "", "--unmanaged-exit", String(result.code)],
          ...["--unmanaged", file("unmanaged.md", result.stdout), "--body", body],
        ],
        { encoding: "utf8" },
      );
      expect([decision.status, decision.stderr, decision.stdout]).to.deep.equal([0, "", "outcome=drift\nissue=open\n"]);
      const sections = fs.readFileSync(body, "utf8").split("\n\n");
      expect(sections[0]).to.equal(
        "**Unmanaged objects in the org of stack `prod`**: objects were made outside the code.",
      );
      expect(sections).to.include("## Unmanaged objects in the org of stack `prod`");
      expect(sections.find((s) => s.startsWith("| kind | name | id |"))?.trimEnd()).to.equal(
        `| kind | name | id |\n|---|---|---|\n| app | \`Shadow \\| Admin\` | \`${app.id}\` |`,
      );
    } finally {
      fake.org.apps.pop();
    }
  });

  it("shows a name the org chose as code: no mention, link, image or HTML reaches the drift issue", async () => {
    // Whoever may create a group or an app in the org picks its name, and the table goes into the issue as is.
    const label =
      "@acme/okta-admins approve [here](https://evil.example) ![x](https://evil.example/p.png) <img src=x> `run`\n| forged | row |";
    const app = { id: oktaId("0oa"), name: "oidc_client", label, status: "ACTIVE" };
    fake.org.apps.push(app);
    try {
      const result = await command(["--ignore-list", ignoreFile("[]")]);
      expect(result.code, result.stderr).to.equal(EXIT.unmanaged);
      const row = result.stdout.split("\n").filter((line) => line.includes(app.id));
      expect(row).to.deep.equal([
        `| app | \`\`@acme/okta-admins approve [here](https://evil.example) ![x](https://evil.example/p.png) <img src=x> \`run\`\\u000a\\| forged \\| row \\|\`\` | \`${app.id}\` |`,
      ]);
    } finally {
      fake.org.apps.pop();
    }
  });

  it("without the ignore entry the administrator's role is unmanaged; Markdown names it", async () => {
    // On the fixture project (the org is the fixture prod stack's), not the repository's own stack files.
    const result = await command(["--ignore-list", ignoreFile("[]")]);
    expect(result.code, result.stderr).to.equal(EXIT.unmanaged);
    expect(result.stdout).to.contain(`| admin-role-assignment | \`user ${superAdmin}\` | \`${superAdmin}\` |`);
    expect(result.stdout.split("\n")[0]).to.equal("## Unmanaged objects in the org of stack `prod`");
  });

  it("reports ignore entries whose object is gone", async () => {
    const file = ignoreFile(
      `- org: ${orgName}\n  kind: app\n  id: 0oagone0000000000000\n  reason: Retired.\n` +
        `- org: ${orgName}\n  kind: admin-role-assignment\n  id: ${superAdmin}\n  reason: Set-up admin.\n`,
    );
    const result = await check(["--ignore-list", file]);
    expect(result.code).to.equal(EXIT.clean);
    const report = JSON.parse(result.stdout) as UnmanagedReport;
    expect(report.staleIgnores).to.deep.equal([
      { org: orgName, kind: "app", id: "0oagone0000000000000", reason: "Retired." },
    ]);
  });

  it("a broken ignore list: exit 1 with every problem at once (real command)", async () => {
    const file = ignoreFile(
      "- org: dev-1.okta.com\n  kind: apps\n  id: '0oa*'\n- kind: group\n  id: 00g1\n  reason: ' '\n",
    );
    const result = await runTool("unmanaged", ["--stack", shipped, "--org-url", fake.url, "--ignore-list", file], env);
    expect(result.code).to.equal(EXIT.error);
    expect(result.stdout).to.equal("");
    expect(result.stderr).to.equal(
      [
        `error: ${file}: 5 unusable entries:`,
        `  - entry 1: kind (got "apps"): expected one of app, group, group-rule, policy, policy-rule, authorization-server, authorization-server-scope, authorization-server-claim, authorization-server-policy, authorization-server-policy-rule, network-zone, inline-hook, event-hook, trusted-origin, custom-admin-role, user-profile-property, identity-provider, api-token, admin-role-assignment, group-admin-role, app-admin-role`,
        `  - entry 1: id (got "0oa*"): expected the object's exact id (no patterns: each object is reviewed on its own)`,
        `  - entry 1: reason: expected why this object stays outside the code (required)`,
        `  - entry 2: org: expected the org, as <orgName>.<baseUrl> (dev-123456.okta.com)`,
        `  - entry 2: reason (got " "): expected why this object stays outside the code (required)`,
        "",
      ].join("\n"),
    );
  });

  it("a refused token: exit 1, one line, no stack trace (real command)", async () => {
    const result = await runTool("unmanaged", ["--stack", stack, "--org-url", fake.url], {
      OKTA_API_TOKEN: "00revoked",
    });
    expect(result.code).to.equal(EXIT.error);
    expect(result.stderr).to.equal(
      `error: ${fake.url}: HTTP 401 (Invalid token provided): the token was refused: check OKTA_API_TOKEN (revoked, expired, or from another org)\n`,
    );
  });

  it("the README grants the service app exactly the read scopes the commands need, in both places", () => {
    const readme = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
    const section = (title: string) =>
      readme.slice(readme.indexOf(title), readme.indexOf("\n#", readme.indexOf(title) + 1));
    const scopes = (text: string) => [...new Set(text.match(/okta\.[A-Za-z]+\.read\b/g) ?? [])].sort();
    expect(scopes(section("## Adopt an existing org\n"))).to.deep.equal([...READ_SCOPES].sort());
    expect(scopes(section("### The read-only Okta service app\n"))).to.deep.equal([...READ_SCOPES].sort());
  });

  it("the shipped ignore list parses", () => {
    const file = path.join(PROJECT_DIR, "unmanaged-ignore.yaml");
    expect(() => parseIgnoreList(fs.readFileSync(file, "utf8"), file)).to.not.throw();
    expect(() => parseIgnoreList("{}", "x.yaml")).to.throw(
      IgnoreListError,
      "x.yaml: expected a list of {org, kind, id, reason} entries",
    );
  });

  describe("the built-in rule", () => {
    const cases: [Parameters<typeof builtIn>[0], Record<string, unknown>, boolean][] = [
      ["group", { type: "BUILT_IN" }, true],
      ["group", { type: "APP_GROUP" }, true],
      ["group", { type: "OKTA_GROUP" }, false],
      ["app", { name: "saasure" }, true],
      ["app", { name: "okta_org2org" }, false],
      ["policy", { system: true }, true],
      ["policy-rule", { system: false }, false],
      ["authorization-server", { name: "default", audiences: ["api://default"] }, true],
      ["authorization-server", { name: "default", audiences: ["api://mine"] }, false],
      ["network-zone", { system: true }, true],
      ["admin-role-assignment", { id: "00u1" }, false],
    ];
    for (const [kind, object, expected] of cases) {
      it(`${kind} ${JSON.stringify(object)}: ${expected ? "built in" : "listed"}`, () => {
        expect(builtIn(kind, object)).to.equal(expected);
      });
    }
  });
});

describe("unmanaged within the stack's maxApiCapacity (the fake's limits, a 2-second window)", () => {
  const { creds } = testCredentials();
  let dir: string;
  let fake: FakeOkta;
  before(async () => {
    // The fixture project, its prod stack set to half of each rate-limit bucket.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "unmanaged-capacity-"));
    for (const file of fs.readdirSync(FIXTURE_DIR)) fs.copyFileSync(path.join(FIXTURE_DIR, file), path.join(dir, file));
    const stackFile = path.join(dir, "Pulumi.prod.yaml");
    const text = fs.readFileSync(stackFile, "utf8");
    fs.writeFileSync(
      stackFile,
      text.replace("config:\n", "config:\n  okta-mmod:rateLimits:\n    maxApiCapacity: 50\n"),
    );
    fs.writeFileSync(path.join(dir, "unmanaged-ignore.yaml"), "[]\n");
    const result = await runStack(dir, "prod", fixtureProgram);
    if ("error" in result) throw new Error(result.error);
    const { org } = seedFromRun(result.run, emptyOrg());
    // Groups made by hand: one role read each, more than half a bucket's limit.
    for (let i = 0; i < 25; i += 1) {
      org.groups.push({ id: oktaId("00g"), type: "OKTA_GROUP", profile: { name: `Hand ${i}`, description: "" } });
    }
    fake = await startFakeOkta(org, creds, 200);
    fake.rateLimit = 20;
    fake.resetSeconds = 2;
  });
  after(async () => fake.close());

  it("a bucket whose X-Rate-Limit-Remaining falls to half of X-Rate-Limit-Limit waits for X-Rate-Limit-Reset: no 429", async () => {
    const result = await call(unmanaged, ["--stack", "prod", "--org-url", fake.url, "--project-dir", dir, "--json"], {
      OKTA_API_TOKEN: creds.apiToken,
    });
    expect(result.code, result.stderr).to.equal(EXIT.unmanaged);
    const report = JSON.parse(result.stdout) as UnmanagedReport;
    expect(report.unmanaged.filter((o) => o.kind === "group").map((o) => o.name)).to.have.length(25);
    expect(fake.requests.filter((r) => r.status === 429)).to.deep.equal([]);
    const roles = fake.requests.filter((r) => /^\/api\/v1\/groups\/[0-9A-Za-z]{20}\/roles/.test(r.path));
    expect(roles.length).to.be.greaterThan(25);
    // The fake's window opens at the bucket's first request and resets 2 whole seconds later: the 11th request
    // (the share of a 20-request limit is 10) is sent after that reset, not before.
    const reset = (Math.floor((roles[0] as RequestRecord).at / 1000) + 2) * 1000;
    expect((roles[9] as RequestRecord).at).to.be.below(reset);
    expect((roles[10] as RequestRecord).at).to.be.at.least(reset);
  });
});
