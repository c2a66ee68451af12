import { hookMethodOf } from "../config/baselineValues";
import { STACK_PROFILES } from "../config/stackProfiles";
import { expect } from "chai";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument } from "yaml";
import { APP_CATALOGUE } from "../definitions/apps";
import { AppCatalogue, OidcCatalogueEntry, endpointKeys } from "../definitions/catalogue";
import { listStacks, readStackFile } from "../offline/stackFile";
import { FIXTURE_CATALOGUE } from "./fixtures/catalogue";
import { profilesIn, projectProblems, sharedSecretApps } from "./invariants";
import { FIXTURE_DIR, PROJECT_DIR, fixturePackConfig, runStack } from "./support";

const POLICY_CONFIG = path.join(PROJECT_DIR, "policy-pack", "config");
const REDIRECT_HOSTS_POLICY = "okta-oauth-app-https-redirect-uris";

/**
 * A copy of a project's stack files and of the policy pack's manifest and config in a temp folder, laid out as
 * the project is (the program reads them from there), to change without touching it.
 */
function copyProject(from: string): { dir: string; policyConfig: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-invariants-"));
  const policyConfig = path.join(dir, "policy-pack", "config");
  fs.mkdirSync(policyConfig, { recursive: true });
  for (const f of fs.readdirSync(from).filter((n) => /^Pulumi(\..+)?\.yaml$/.test(n))) {
    fs.copyFileSync(path.join(from, f), path.join(dir, f));
  }
  fs.copyFileSync(path.join(PROJECT_DIR, "policy-pack", "package.json"), path.join(dir, "policy-pack", "package.json"));
  // A large org's app URLs (okta-mmod:appsFile).
  if (fs.existsSync(path.join(from, "stack-apps"))) {
    fs.cpSync(path.join(from, "stack-apps"), path.join(dir, "stack-apps"), { recursive: true });
  }
  for (const f of fs.readdirSync(POLICY_CONFIG))
    fs.copyFileSync(path.join(POLICY_CONFIG, f), path.join(policyConfig, f));
  return { dir, policyConfig };
}

function editStackFile(dir: string, stack: string, edit: (doc: ReturnType<typeof parseDocument>) => void): void {
  editYaml(path.join(dir, `Pulumi.${stack}.yaml`), edit);
}

function editYaml(file: string, edit: (doc: ReturnType<typeof parseDocument>) => void): void {
  const doc = parseDocument(fs.readFileSync(file, "utf8"));
  edit(doc);
  fs.writeFileSync(file, doc.toString());
}

/** The apps file a stack file names (okta-mmod:appsFile), or undefined when its apps are in the stack file. */
function appsFileOfStack(dir: string, stack: string): string | undefined {
  const named = readStackFile(dir, stack).config["okta-mmod:appsFile"];
  return named === undefined ? undefined : path.join(dir, named);
}

/** Sets one app's settings where the stack keeps its apps: `okta-mmod:apps` or the apps file it names. */
function setApp(dir: string, stack: string, app: string, settings: Record<string, unknown>): void {
  const appsFile = appsFileOfStack(dir, stack);
  if (appsFile !== undefined) editYaml(appsFile, (doc) => doc.set(app, settings));
  else editStackFile(dir, stack, (doc) => doc.setIn(["config", "okta-mmod:apps", app], settings));
}

/**
 * What `pulumi config set --secret` writes with the passphrase secrets provider (pulumi's passphrase secrets
 * manager and symmetric crypter): `encryptionsalt: v1:<8-byte salt>:<"pulumi" encrypted>` and values
 * `v1:<12-byte nonce>:<AES-256-GCM ciphertext and tag>`, all base64, the key PBKDF2-SHA256(passphrase, salt,
 * 1,000,000 iterations).
 */
function passphraseEncryption(passphrase: string): { salt: string; encrypt(plaintext: string): string } {
  const saltBytes = crypto.randomBytes(8);
  const key = crypto.pbkdf2Sync(passphrase, saltBytes, 1_000_000, 32, "sha256");
  const encrypt = (plaintext: string) => {
    const nonce = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", key, nonce);
    const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return `v1:${nonce.toString("base64")}:${sealed.toString("base64")}`;
  };
  return { salt: `v1:${saltBytes.toString("base64")}:${encrypt("pulumi")}`, encrypt };
}

/** `base`, or `base-2`, `base-3`... whichever is not taken yet (the team may already use the name). */
function unused(base: string, taken: readonly string[]): string {
  let name = base;
  for (let i = 2; taken.includes(name); i++) name = `${base}-${i}`;
  return name;
}

describe("invariants of the repository's own stack files and catalogue", () => {
  it("hold for every stack file and the app catalogue as they are", async () => {
    expect(await projectProblems(PROJECT_DIR, APP_CATALOGUE, profilesIn(POLICY_CONFIG))).to.deep.equal([]);
  });

  it("still hold with one more app, one more org and an encrypted secret", async () => {
    const { dir, policyConfig } = copyProject(PROJECT_DIR);
    const stacks = listStacks(dir);
    const appKey = unused(
      "partner-portal",
      APP_CATALOGUE.apps.map((a) => a.key),
    );
    const policyKey = unused(
      "partner-apps",
      APP_CATALOGUE.signOnPolicies.map((p) => p.key),
    );
    const org = unused("sandbox", stacks);
    const host = (stack: string) => `${appKey}-${stack}.example.com`;

    // One more app: a catalogue entry with its own sign-on policy, and its URL in every stack file.
    const partner: OidcCatalogueEntry = {
      key: appKey,
      kind: "oidc",
      label: "Partner Portal",
      type: "web",
      redirectPaths: ["/callback"],
      postLogoutRedirectPaths: [""],
      grantTypes: ["authorization_code"],
      responseTypes: ["code"],
      pkceRequired: true,
      signOnPolicy: policyKey,
      groups: ["everyone"],
    };
    const catalogue: AppCatalogue = {
      ...APP_CATALOGUE,
      signOnPolicies: [
        ...APP_CATALOGUE.signOnPolicies,
        {
          key: policyKey,
          name: "Partner Apps Sign-On Policy",
          description: "Two factors for partners.",
          rules: [
            {
              key: "require-mfa",
              name: "Require MFA",
              priority: 1,
              access: "ALLOW",
              factorMode: "2FA",
              reAuthenticationFrequency: "PT2H",
            },
          ],
        },
      ],
      apps: [...APP_CATALOGUE.apps, partner],
    };
    // A confidential app: each org publishes its public keys (a prod-grade stack must give them).
    const settings = (stack: string) => ({
      baseUrl: `https://${host(stack)}`,
      jwksUri: `https://${host(stack)}/.well-known/jwks.json`,
    });
    for (const stack of stacks) setApp(dir, stack, appKey, settings(stack));
    // Where an environment's guardrail lists the allowed redirect hosts, the new hosts join it (README step 3).
    for (const f of fs.readdirSync(policyConfig)) {
      const file = path.join(policyConfig, f);
      const config = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, { allowedRedirectHosts?: string[] }>;
      const entry = config[REDIRECT_HOSTS_POLICY];
      if (entry?.allowedRedirectHosts !== undefined && entry.allowedRedirectHosts.length > 0) {
        entry.allowedRedirectHosts.push(...[...stacks, org].map(host));
        fs.writeFileSync(file, JSON.stringify(config, null, 2));
      }
    }

    // One more org, with delivery: the first stack's file for another dev org. Only the repository-wide
    // GitHub parts stay with the stack that owns them; everything else the copy declares is its own.
    const template = stacks[0] as string;
    fs.copyFileSync(path.join(dir, `Pulumi.${template}.yaml`), path.join(dir, `Pulumi.${org}.yaml`));
    // A stack may name only its own apps file: the copy gets one of its own.
    const templateApps = appsFileOfStack(dir, template);
    if (templateApps !== undefined) {
      const own = path.join("stack-apps", `${org}.yaml`);
      fs.copyFileSync(templateApps, path.join(dir, own));
      editStackFile(dir, org, (doc) => doc.setIn(["config", "okta-mmod:appsFile"], own));
    }
    setApp(dir, org, appKey, settings(org));
    editStackFile(dir, org, (doc) => {
      doc.setIn(["config", "okta-mmod:environment"], "dev");
      doc.setIn(["config", "okta-mmod:orgName"], "okta-mmod-test-org");
      for (const key of ["ownsRepository", "protectedBranches"]) {
        doc.deleteIn(["config", "okta-mmod:delivery", "github", key]);
      }
    });

    // The new dev org's registration hook authenticates with a header, whatever its template's hook does.
    editStackFile(dir, org, (doc) =>
      doc.setIn(["config", "okta-mmod:registrationHook"], {
        url: `https://hooks.${host(org)}/registration`,
        method: "header",
      }),
    );
    // An encrypted secret in every stack file whose hook takes one, exactly as `pulumi config set --secret` stores it.
    const encryption = passphraseEncryption("correct horse battery staple");
    const withSecret = [...stacks, org].filter(
      (stack) => hookMethodOf(readStackFile(dir, stack).config["okta-mmod:registrationHook"]) === "header",
    );
    expect(withSecret).to.include(org);
    for (const stack of withSecret) {
      editStackFile(dir, stack, (doc) => {
        doc.set("encryptionsalt", encryption.salt);
        doc.setIn(["config", "okta-mmod:registrationHookAuth"], { secure: encryption.encrypt("hook-value") });
      });
    }

    // The copy really has what was added.
    expect(listStacks(dir)).to.deep.equal([...stacks, org].sort());
    expect(endpointKeys(catalogue)).to.include(appKey);
    for (const stack of withSecret) {
      const file = readStackFile(dir, stack);
      expect(file.secretKeys, stack).to.include("okta-mmod:registrationHookAuth");
      expect(fs.readFileSync(path.join(dir, `Pulumi.${stack}.yaml`), "utf8")).to.match(
        /^encryptionsalt: v1:[A-Za-z0-9+/]{11}=:v1:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/=]+$/m,
      );
    }

    // The new dev org has its entry in the code-owned binding (README step 1).
    const bindings = { ...STACK_PROFILES, sandbox: "dev" } as const;
    expect(await projectProblems(dir, catalogue, profilesIn(policyConfig), bindings)).to.deep.equal([]);
  });
});

describe("the invariant checks themselves (on the fixture project)", () => {
  it("hold on the fixture project", async () => {
    expect(await projectProblems(FIXTURE_DIR, FIXTURE_CATALOGUE, fixturePackConfig)).to.deep.equal([]);
  });

  it("report a prod stack whose confidential app gives no public keys", async () => {
    const { dir } = copyProject(FIXTURE_DIR);
    editStackFile(dir, "prod", (doc) => doc.deleteIn(["config", "okta-mmod:apps", "my-app", "jwksUri"]));
    const problems = await projectProblems(dir, FIXTURE_CATALOGUE, fixturePackConfig);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(
      /^prod: does not run: Stack "prod" has 1 configuration problem:\n {2}- okta-mmod:apps\.my-app\.jwksUri: got nothing \(the key is not set\); expected the app's public keys: /,
    );
  });

  it("find the apps that would authenticate with a shared client secret: dev's, none of prod's", async () => {
    expect(sharedSecretApps(await runStack("prod"))).to.deep.equal([]);
    expect(sharedSecretApps(await runStack("dev"))).to.deep.equal([
      "apps-app-customer-portal",
      "apps-app-super-widget",
      "apps-app-example-portal",
      "apps-app-my-app",
    ]);
  });

  it("run each stack in its own folder: an apps file only the copy has is read from the copy", async () => {
    const { dir } = copyProject(FIXTURE_DIR);
    // The tests run in the repository's folder, which has no stack-apps/dev.yaml: read from there, dev would fail.
    expect(fs.existsSync(path.join(process.cwd(), "stack-apps", "dev.yaml"))).to.equal(false);
    let apps: unknown;
    editStackFile(dir, "dev", (doc) => {
      apps = doc.getIn(["config", "okta-mmod:apps"]);
      doc.deleteIn(["config", "okta-mmod:apps"]);
      doc.setIn(["config", "okta-mmod:appsFile"], "stack-apps/dev.yaml");
    });
    fs.mkdirSync(path.join(dir, "stack-apps"));
    fs.writeFileSync(path.join(dir, "stack-apps", "dev.yaml"), String(apps));
    expect(await projectProblems(dir, FIXTURE_CATALOGUE, fixturePackConfig)).to.deep.equal([]);
  });

  it("report an unprotected prod, a second stack for the same org and delivery objects two stacks declare", async () => {
    const { dir } = copyProject(FIXTURE_DIR);
    editStackFile(dir, "prod", (doc) => doc.setIn(["config", "okta-mmod:protectResources"], false));
    fs.copyFileSync(path.join(dir, "Pulumi.dev.yaml"), path.join(dir, "Pulumi.qa.yaml"));
    // The copy names dev's Terraform Cloud workspace explicitly.
    editStackFile(dir, "qa", (doc) =>
      doc.setIn(["config", "okta-mmod:delivery", "terraformCloud", "workspace"], "okta-terraform-ref-dev"),
    );
    const problems = await projectProblems(dir, FIXTURE_CATALOGUE, fixturePackConfig, { ...STACK_PROFILES, qa: "dev" });
    const unprotected = problems.filter((p) => p.endsWith("is not protected in prod"));
    const guardrail = problems.filter((p) =>
      p.startsWith("prod: mandatory guardrail okta-protect-identity-resources: "),
    );
    // prod's Pulumi Cloud access has a deploy and a read team, each with its stack permission, for every stack file
    // of the folder, qa's too.
    expect([unprotected.length, guardrail.length]).to.deep.equal([85, 85]);
    expect(unprotected).to.include.members([
      "prod: org-group-service-accounts (okta:group/group:Group) is not protected in prod",
      "prod: tfc-project (tfe:index/project:Project) is not protected in prod",
      "prod: pulumi-cloud-team-qa-deploy (pulumiservice:index:Team) is not protected in prod",
    ]);
    expect(guardrail).to.include(
      "prod: mandatory guardrail okta-protect-identity-resources: okta:app/oAuth:OAuth apps-app-my-app is not protected: a deletion would go through",
    );
    // Each stack runs as `pulumi up` would, in the copy's folder: the program itself refuses both stacks that
    // share objects, naming both files.
    const shared = [
      'Stack "<stack>" would declare 2 object(s) another stack file declares too; each stack needs its own (its own org, workspace, and exactly one stack with delivery.github.ownsRepository):',
      '  - Pulumi.dev.yaml and Pulumi.qa.yaml both declare pulumi:providers:okta orgName="dev-123456" baseUrl="okta.com"',
      '  - Pulumi.dev.yaml and Pulumi.qa.yaml both declare tfe:index/workspace:Workspace hostname="app.terraform.io" organization="iatcore" name="okta-terraform-ref-dev"',
    ].join("\n");
    expect(problems.filter((p) => !unprotected.includes(p) && !guardrail.includes(p))).to.deep.equal(
      ["dev", "qa"].map((stack) => `${stack}: does not run: ${shared.replace("<stack>", stack)}`),
    );
  });
});
