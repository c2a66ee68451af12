import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { ImportEntry, ImportFile, importable, placeholderId } from "../adopt/importFile";
import { EXIT } from "../adopt/cli";
import { LOOKUPS } from "../adopt/lookups";
import { OAUTH_INLINE_HOOK_TYPE } from "../components/oauthInlineHook";
import { READ_SCOPES } from "../adopt/okta";
import { ProgramRun } from "../offline/run";
import { listStacks } from "../offline/stackFile";
import { runStack } from "../offline/stackRun";
import { importFile } from "../tools/import-file";
import { unmanaged } from "../tools/unmanaged";
import { Result, call, runTool, testCredentials } from "./adoptSupport";
import { addBuiltIns, seedFromRun } from "./adoptOrg";
import { FakeOkta, emptyOrg, oktaId, startFakeOkta } from "./fakeOkta";
import { FIXTURE_DIR, PROJECT_DIR, fixtureProgram } from "./support";

/** The run of a stack, as the command makes it: the project's own, or a fixture stack on the fixture catalogue. */
async function runOf(stack: string, fixture: boolean): Promise<ProgramRun> {
  const result = fixture ? await runStack(FIXTURE_DIR, stack, fixtureProgram) : await runStack(PROJECT_DIR, stack);
  if ("error" in result) throw new Error(result.error);
  return result.run;
}

/**
 * The URN `pulumi preview` gives a registration: the engine qualifies a type with its parent's whole qualified
 * type and leaves the root stack out (pkg/resource/deploy, generateURN); the SDK's mock monitor keeps the root
 * stack and only the immediate parent's type, so its URNs cannot be used as they are.
 */
function previewUrn(run: ProgramRun, urn: string): string {
  const byUrn = new Map(run.registrations.map((r) => [r.urn, r]));
  const types: string[] = [];
  for (let r = byUrn.get(urn); r !== undefined && r.type !== "pulumi:pulumi:Stack"; r = byUrn.get(r.parent)) {
    types.unshift(r.type);
  }
  return `urn:pulumi:${run.stack}::okta-mmod::${types.join("$")}::${urn.split("::").pop() as string}`;
}

/**
 * Checks a file the way `pulumi import --file` parses it (pkg/cmd/pulumi/operations/import.go, parseImportFile:
 * type, name and id present; parent and provider names resolvable through `nameTable`; unique URNs), and
 * returns the URN each entry would get.
 */
function importUrns(file: ImportFile, stack: string): string[] {
  const keys = Object.keys(file).sort();
  expect(keys).to.deep.equal(["nameTable", "resources"]);
  const urnRe = /^urn:pulumi:[^:]+::[^:]+::[^:]+(:[^:]+)*::.+$/;
  for (const [name, urn] of Object.entries(file.nameTable)) {
    expect(urn, `nameTable ${name}`).to.match(urnRe);
  }
  const urns = file.resources.map((e: ImportEntry) => {
    expect(Object.keys(e).every((k) => ["type", "name", "id", "parent", "provider"].includes(k))).to.equal(true);
    expect(e.type, e.name).to.match(/^okta:[a-zA-Z]+\/[a-zA-Z]+:[A-Za-z]+$/);
    expect(e.name).to.not.equal("");
    expect(e.id, e.name).to.not.equal("");
    if (e.provider !== undefined) {
      expect(file.nameTable[e.provider], `provider of ${e.name}`).to.match(/[:$]pulumi:providers:okta::/);
    }
    let parentType = "";
    if (e.parent !== undefined) {
      const parentUrn = file.nameTable[e.parent] as string;
      expect(parentUrn, `parent of ${e.name}`).to.be.a("string");
      parentType = `${parentUrn.split("::")[2] as string}$`;
    }
    return `urn:pulumi:${stack}::okta-mmod::${parentType}${e.type}::${e.name}`;
  });
  expect(new Set(urns).size, "unique URNs").to.equal(urns.length);
  return urns;
}

describe("import-file (npm run import-file)", () => {
  const stacks = listStacks(PROJECT_DIR);

  for (const stack of stacks) {
    it(`${stack}: one entry per Okta resource, with the URN the program registers, and placeholder ids`, async () => {
      const run = await runOf(stack, false);
      const result = await call(importFile, ["--stack", stack], {}, null);
      expect(result.code, result.stderr).to.equal(EXIT.clean);
      const file = JSON.parse(result.stdout) as ImportFile;
      const expected = importable(run);
      expect(expected.length).to.be.greaterThan(0);
      expect(importUrns(file, stack)).to.deep.equal(expected.map((r) => previewUrn(run, r.urn)));
      for (const e of file.resources) expect(e.id).to.equal(placeholderId(e.type));
      // Every type the program declares has a lookup: none falls back to "fill in by hand" with --resolve.
      expect(expected.filter((r) => LOOKUPS[r.type] === undefined).map((r) => r.type)).to.deep.equal([]);
      const providerUrn = run.registrations.find((r) => r.type === "pulumi:providers:okta")?.urn as string;
      expect(result.stderr).to.contain(`--target '${previewUrn(run, providerUrn)}'`);
      expect(result.stderr).to.contain(`pulumi import --stack ${stack} --file import.json --generate-code=false`);
    });
  }

  describe("the registration hook (a dynamic resource)", () => {
    const line = (name: string) =>
      `  not in the file: ${OAUTH_INLINE_HOOK_TYPE} ${name}: \`pulumi import\` cannot read this dynamic resource; to keep an existing hook (its id, and the policies that name it), set okta-mmod:registrationHook.adoptId to its id and \`pulumi up\` takes it over (README "Moving an existing hook to private_key_jwt"); without adoptId, \`up\` creates a new hook`;

    it("is left out of the file, and the output says it is taken over with adoptId (fixture prod)", async () => {
      const result = await call(importFile, ["--stack", "prod", "--project-dir", FIXTURE_DIR], {});
      expect(result.code, result.stderr).to.equal(EXIT.clean);
      const file = JSON.parse(result.stdout) as ImportFile;
      expect(file.resources.filter((e) => e.type === OAUTH_INLINE_HOOK_TYPE)).to.deep.equal([]);
      expect(file.resources.filter((e) => e.type === "okta:index/hookKey:HookKey").length).to.equal(1);
      const lines = result.stderr.split("\n");
      expect(lines.filter((l) => l.startsWith("  not in the file: "))).to.deep.equal([
        line("org-hook-validate-client-id-registration"),
      ]);
      expect(lines.indexOf("next:")).to.equal(lines.indexOf(line("org-hook-validate-client-id-registration")) + 1);
    });

    for (const stack of stacks) {
      it(`${stack}: the real command names every dynamic hook the stack declares, and only those`, async () => {
        const run = await runOf(stack, false);
        const result = await runTool("import-file", ["--stack", stack], {});
        expect(result.code, result.stderr).to.equal(EXIT.clean);
        expect(result.stderr).to.not.match(/^\s+at /m);
        const hooks = run.registrations.filter((r) => r.type === OAUTH_INLINE_HOOK_TYPE).map((r) => line(r.name));
        expect(result.stderr.split("\n").filter((l) => l.startsWith("  not in the file: "))).to.deep.equal(hooks);
        const file = JSON.parse(result.stdout) as ImportFile;
        expect(file.resources.filter((e) => e.type === OAUTH_INLINE_HOOK_TYPE)).to.deep.equal([]);
      });
    }
  });

  describe("--resolve against a local Okta API", () => {
    const { creds, privateKeyPem, otherKeyPem } = testCredentials();
    const ssws = { OKTA_API_TOKEN: creds.apiToken };
    let fake: FakeOkta;
    let run: ProgramRun;
    let importIds: ReadonlyMap<string, string>;
    const stack = "prod";
    // The repository's own stack for the child-process runs (they run the project's own program).
    const shipped = stacks[0] as string;
    // The Okta-side group of the first group the stack declares: the test duplicates it.
    let firstGroupName: string;

    before(async () => {
      run = await runOf(stack, true);
      const seeded = seedFromRun(run, emptyOrg());
      importIds = seeded.importIds;
      addBuiltIns(seeded.org);
      // 1,100 groups made by hand: with 200 per page, the groups list takes six pages.
      for (let i = 1; i <= 1100; i++) {
        seeded.org.groups.push({
          id: oktaId("00g"),
          type: "OKTA_GROUP",
          objectClass: ["okta:user_group"],
          profile: { name: `Contractors ${String(i).padStart(4, "0")}`, description: "" },
        });
      }
      firstGroupName = String(run.registrations.find((r) => r.type === "okta:group/group:Group")?.inputs.name);
      fake = await startFakeOkta(seeded.org, creds, 200);
    });
    after(async () => fake.close());
    beforeEach(() => {
      fake.requests.length = 0;
    });

    const resolve = (env: NodeJS.ProcessEnv, extra: string[] = []) =>
      call(
        importFile,
        ["--stack", stack, "--resolve", "--org-url", fake.url, "--project-dir", FIXTURE_DIR, ...extra],
        env,
      );

    it("finds every id read-only, through six pages of groups and a 429, with an SSWS token", async () => {
      fake.throttleOnce("/api/v1/groups");
      const result = await resolve(ssws);
      expect(result.code, result.stderr).to.equal(EXIT.clean);
      const file = JSON.parse(result.stdout) as ImportFile;
      const expected = importable(run).map((r) => importIds.get(r.urn));
      expect(file.resources.map((e) => e.id)).to.deep.equal(expected);
      expect(result.stderr.split("\n")[0]).to.equal(
        `import file for stack prod: ${expected.length} Okta resources: ${expected.length} found, 0 not found, 0 ambiguous, 0 not looked up`,
      );
      const groupCalls = fake.requests.filter((r) => r.path.startsWith("/api/v1/groups?"));
      expect(groupCalls.map((r) => r.status)).to.deep.equal([429, 200, 200, 200, 200, 200, 200]);
      // The retry is the SDK's, after X-Rate-Limit-Reset; it marks itself.
      expect(groupCalls[1]?.retryCount).to.equal("1");
      expect(groupCalls.filter((r) => r.path.includes("after=")).length).to.equal(5);
      expect(fake.requests.every((r) => r.method === "GET")).to.equal(true);
    });

    it("authenticates as a service app with a private-key JWT (read scopes only)", async () => {
      const result = await resolve({
        OKTA_API_CLIENT_ID: creds.clientId,
        OKTA_API_PRIVATE_KEY: privateKeyPem,
        // Comma and space separated, as a person pastes them.
        OKTA_API_SCOPES: `${READ_SCOPES.slice(0, 2).join(",")} ${READ_SCOPES.slice(2).join(" ")}`,
      });
      expect(result.code, result.stderr).to.equal(EXIT.clean);
      expect(fake.requests[0]?.path).to.equal("/oauth2/v1/token");
      expect(fake.requests.filter((r) => r.path === "/oauth2/v1/token").length).to.equal(1);
    });

    it("reads OKTA_API_PRIVATE_KEY as the path of a key file too, as the Okta provider does (real command)", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "read-key-"));
      const file = path.join(dir, "okta-read-only.pem");
      fs.writeFileSync(file, privateKeyPem, { mode: 0o600 });
      try {
        const result = await runTool("import-file", ["--stack", shipped, "--resolve", "--org-url", fake.url], {
          OKTA_API_CLIENT_ID: creds.clientId,
          OKTA_API_PRIVATE_KEY: file,
          OKTA_API_SCOPES: READ_SCOPES.join(","),
        });
        expect(result.code, result.stderr).to.not.equal(EXIT.error);
        expect(fake.requests[0]?.path).to.equal("/oauth2/v1/token");
        expect(fake.requests[1]?.status).to.equal(200);
      } finally {
        fs.rmSync(dir, { recursive: true });
      }
    });

    it("lists a name two objects share and a missing object, never guesses, and exits 6", async () => {
      const duplicate = { id: oktaId("00g"), type: "OKTA_GROUP", profile: { name: firstGroupName, description: "" } };
      fake.org.groups.push(duplicate);
      const zone = fake.org.zones.pop() as Record<string, unknown>;
      try {
        const result = await resolve(ssws);
        expect(result.code).to.equal(EXIT.unresolved);
        const group = run.registrations.find(
          (r) => r.type === "okta:group/group:Group" && r.inputs.name === firstGroupName,
        );
        const zoneReg = run.registrations.find(
          (r) => r.type === "okta:network/zone:Zone" && r.inputs.name === zone.name,
        );
        const ids = [importIds.get(group?.urn as string) as string, duplicate.id].sort();
        expect(result.stderr.split("\n").slice(1, 3)).to.deep.equal(
          [
            `  not found: okta:network/zone:Zone ${zoneReg?.name}: no network zone named ${JSON.stringify(zone.name)}`,
            `  ambiguous: okta:group/group:Group ${group?.name}: 2 objects match (group named ${JSON.stringify(firstGroupName)}): ${ids.join(", ")}; rename the extra ones in the Admin Console or write the right id in the file`,
          ].sort((a, b) => result.stderr.indexOf(a) - result.stderr.indexOf(b)),
        );
        const file = JSON.parse(result.stdout) as ImportFile;
        expect(file.resources.find((e) => e.name === group?.name)?.id).to.equal(
          placeholderId("okta:group/group:Group"),
        );
        expect(file.resources.find((e) => e.name === zoneReg?.name)?.id).to.equal(
          placeholderId("okta:network/zone:Zone"),
        );
      } finally {
        fake.org.groups.pop();
        fake.org.zones.push(zone);
      }
    });

    it("does not look up what hangs under an authorization server it did not find", async () => {
      const server = fake.org.authServers.pop() as Record<string, unknown>;
      try {
        const result = await resolve(ssws);
        expect(result.code).to.equal(EXIT.unresolved);
        const serverReg = run.registrations.find(
          (r) => r.type === "okta:auth/server:Server" && r.inputs.name === server.name,
        );
        const children = importable(run).filter((r) =>
          Object.values(r.propertyDependencies).some((deps) => deps.includes(serverReg?.urn as string)),
        );
        expect(children.length).to.be.greaterThan(0);
        for (const child of children) {
          expect(result.stderr).to.contain(
            `  not looked up: ${child.type} ${child.name}: needs okta:auth/server:Server ${serverReg?.name}`,
          );
        }
      } finally {
        fake.org.authServers.push(server);
      }
    });

    it("a refused token: exit 1, one clear line, no stack trace (real command)", async () => {
      const result = await runTool("import-file", ["--stack", shipped, "--resolve", "--org-url", fake.url], {
        OKTA_API_TOKEN: "00wrong-token",
      });
      expect(result.code).to.equal(EXIT.error);
      expect(result.stdout).to.equal("");
      expect(result.stderr).to.equal(
        `error: ${fake.url}: HTTP 401 (Invalid token provided): the token was refused: check OKTA_API_TOKEN (revoked, expired, or from another org)\n`,
      );
      expect(result.stderr).to.not.contain("00wrong-token");
    });

    it("a service app key the org does not know: exit 1, names the key variables (real command)", async () => {
      const result = await runTool("import-file", ["--stack", shipped, "--resolve", "--org-url", fake.url], {
        OKTA_API_CLIENT_ID: creds.clientId,
        OKTA_API_PRIVATE_KEY: otherKeyPem,
        OKTA_API_SCOPES: "okta.groups.read",
      });
      expect(result.code).to.equal(EXIT.error);
      expect(result.stderr).to.equal(
        `error: ${fake.url}: HTTP 401 (Invalid token provided): the service app was refused: check OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY and OKTA_API_PRIVATE_KEY_ID (the key registered on the app) and that every scope in OKTA_API_SCOPES is granted to it\n`,
      );
      expect(result.stderr).to.not.contain("PRIVATE KEY");
    });

    it("refuses write scopes and mixed credentials before any request (real command)", async () => {
      const result = await runTool("import-file", ["--stack", shipped, "--resolve", "--org-url", fake.url], {
        OKTA_API_CLIENT_ID: creds.clientId,
        OKTA_API_PRIVATE_KEY: privateKeyPem,
        OKTA_API_SCOPES: "okta.groups.read okta.apps.manage",
        OKTA_API_TOKEN: creds.apiToken,
      });
      expect(result.code).to.equal(EXIT.error);
      expect(result.stderr).to.equal(
        [
          "error: OKTA_API_TOKEN is set together with OKTA_API_CLIENT_ID/OKTA_API_PRIVATE_KEY: set one method only",
          "OKTA_API_SCOPES holds scopes that are not read scopes (okta.apps.manage): these commands only read, give them a read-only service app (okta.<area>.read scopes)",
          "",
        ].join("\n"),
      );
      expect(fake.requests.length).to.equal(0);
    });
  });

  describe("bad input (real command)", () => {
    const cases: [string, string[], NodeJS.ProcessEnv, number, string][] = [
      ["no --stack", [], {}, EXIT.usage, "error: required option '--stack <name>' not specified\n"],
      [
        "an unknown stack",
        ["--stack", "staging", "--project-dir", FIXTURE_DIR],
        {},
        EXIT.usage,
        "error: no such stack: staging (a stack is a Pulumi.<stack>.yaml file; this project has: dev, prod)\n",
      ],
      [
        "--resolve without credentials",
        ["--stack", stacks[0] as string, "--resolve"],
        {},
        EXIT.error,
        "error: no Okta credentials in the environment: set OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY, OKTA_API_SCOPES (and OKTA_API_PRIVATE_KEY_ID) for the read-only service app, or OKTA_API_TOKEN (the drift workflow takes them from the stack's <stack>-read environment; the stack file's own credentials are for deploying and are never used)\n",
      ],
      [
        "a plain-http org URL off the loopback interface",
        ["--stack", stacks[0] as string, "--resolve", "--org-url", "http://dev-123456.okta.com"],
        { OKTA_API_TOKEN: "x" },
        EXIT.error,
        'error: --org-url "http://dev-123456.okta.com" must be https:// (http:// only on 127.0.0.1 or localhost)\n',
      ],
    ];
    for (const [what, argv, env, code, stderr] of cases) {
      it(`${what}: exit ${code}`, async () => {
        const result: Result = await runTool("import-file", argv, env);
        expect(result.code).to.equal(code);
        expect(result.stdout).to.equal("");
        expect(result.stderr).to.equal(stderr);
      });
    }
  });
});

describe("a stack whose apps live in its apps file (okta-mmod:appsFile)", () => {
  const { creds } = testCredentials();
  let dir: string;
  let fake: FakeOkta;
  before(async () => {
    // The fixture project with prod's apps moved from the stack file to stack-apps/prod.yaml.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-apps-file-"));
    for (const file of fs.readdirSync(FIXTURE_DIR)) fs.copyFileSync(path.join(FIXTURE_DIR, file), path.join(dir, file));
    const stackFile = path.join(dir, "Pulumi.prod.yaml");
    const doc = parse(fs.readFileSync(stackFile, "utf8")) as { config: Record<string, unknown> };
    const apps = doc.config["okta-mmod:apps"];
    expect(apps).to.be.an("object");
    delete doc.config["okta-mmod:apps"];
    doc.config["okta-mmod:appsFile"] = "stack-apps/prod.yaml";
    fs.writeFileSync(stackFile, stringify(doc));
    fs.mkdirSync(path.join(dir, "stack-apps"));
    fs.writeFileSync(path.join(dir, "stack-apps", "prod.yaml"), stringify(apps));
    fs.writeFileSync(path.join(dir, "unmanaged-ignore.yaml"), "[]\n");
    // The org holds what the stack declares with its apps inline: the same objects.
    fake = await startFakeOkta(seedFromRun(await runOf("prod", true), emptyOrg()).org, creds, 200);
  });
  after(async () => fake.close());

  it("import-file writes the same file as with the apps in the stack file, and resolves every id", async () => {
    const inline = await call(importFile, ["--stack", "prod", "--project-dir", FIXTURE_DIR], {});
    const fromFile = await call(importFile, ["--stack", "prod", "--project-dir", dir], {});
    expect([fromFile.code, fromFile.stdout]).to.deep.equal([EXIT.clean, inline.stdout]);
    const file = JSON.parse(fromFile.stdout) as ImportFile;
    expect(file.resources.filter((e) => e.type === "okta:app/oAuth:OAuth").length).to.be.greaterThan(0);
    const resolved = await call(
      importFile,
      ["--stack", "prod", "--project-dir", dir, "--org-url", fake.url, "--resolve"],
      {
        OKTA_API_TOKEN: creds.apiToken,
      },
    );
    expect(resolved.code, resolved.stderr).to.equal(EXIT.clean);
  });

  it("unmanaged counts the apps of the apps file as managed: exit 0", async () => {
    const result = await call(unmanaged, ["--stack", "prod", "--project-dir", dir, "--org-url", fake.url, "--json"], {
      OKTA_API_TOKEN: creds.apiToken,
    });
    expect(result.code, result.stderr).to.equal(EXIT.clean);
    expect((JSON.parse(result.stdout) as { unmanaged: unknown[] }).unmanaged).to.deep.equal([]);
  });
});
