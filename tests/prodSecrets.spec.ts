import { expect } from "chai";
import { ProgramRun } from "../offline/run";
import { readStackFile } from "../offline/stackFile";
import { prodSecretProblems } from "./prodSecrets";
import { FIXTURE_DIR, STACK_SECRETS, runStack, secretKeysNeeded } from "./support";
import { resource } from "./policies/harness";

/** The check on a run, with the fixture stack file's own secret keys and plain values. */
function check(stack: string, environment: string, run: ProgramRun, secretKeys: readonly string[]): string[] {
  const file = readStackFile(FIXTURE_DIR, stack);
  return prodSecretProblems({
    stack,
    environment,
    run,
    secretKeys,
    secretValues: Object.values(STACK_SECRETS),
    plainValues: Object.entries(file.config)
      .filter(([k]) => !file.secretKeys.includes(k))
      .map(([, v]) => v),
  });
}

const runOf = (registrations: ProgramRun["registrations"], outputs: Record<string, unknown> = {}): ProgramRun => ({
  stack: "prod",
  registrations,
  invocations: [],
  packages: [],
  outputs,
});

const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s3cret" };

describe("no prod secret a stack reader can decrypt", () => {
  it("holds for the prod fixture stack: no secret in config, inputs, the state or the outputs", async () => {
    const run = await runStack("prod");
    const file = readStackFile(FIXTURE_DIR, "prod");
    // What the CLI would ask for, and what the file holds encrypted.
    const secretKeys = [...secretKeysNeeded(file.config), ...file.secretKeys];
    expect(check("prod", "prod", run, secretKeys)).to.deep.equal([]);
  });

  it("finds every secret of the dev fixture stack, were it prod (what prod held before)", async () => {
    const run = await runStack("dev");
    const apps = ["customer-portal", "super-widget", "example-portal", "my-app"];
    const app = (key: string) => `urn:pulumi:dev::okta-mmod::okta-mmod:apps:App$okta:app/oAuth:OAuth::apps-app-${key}`;
    const problems = check("dev", "prod", run, ["okta-mmod:registrationHookAuth"]);
    expect(problems.filter((p) => p.includes("okta:app/oAuth:OAuth"))).to.deep.equal(
      apps.map((key) => `dev: ${app(key)} keeps the secret output clientSecret in the state`),
    );
    expect(problems.filter((p) => p.includes("stack output"))).to.deep.equal([
      "dev: stack output clientSecrets: a Pulumi secret",
    ]);
    expect(problems[0]).to.equal(
      "dev: its config needs the secret okta-mmod:registrationHookAuth: a prod-grade stack's config holds none",
    );
  });

  it("is about prod-grade stacks only", async () => {
    const run = await runStack("dev");
    expect(check("dev", "dev", run, ["okta-mmod:registrationHookAuth"])).to.deep.equal([]);
  });

  it("names a secret input, a configured value in plain text, a kept secret output and a secret stack output", () => {
    const run = runOf(
      [
        resource("okta:inline/hook:Hook", "hook", { auth: { key: "Authorization", value: SECRET } }),
        resource(
          "okta:app/oAuth:OAuth",
          "app",
          { label: "App" },
          {
            outputs: { label: "App", clientSecret: "generated" },
            additionalSecretOutputs: ["clientBasicSecret", "clientSecret"],
          },
        ),
        resource("tfe:index/notificationConfiguration:NotificationConfiguration", "notify", {
          url: `https://hooks.slack.com/services/${STACK_SECRETS["okta-mmod:registrationHookAuth"]}`,
        }),
        // An SDK that encrypts every value of a property: the stack file shows this one in plain text.
        resource(
          "tfe:index/variable:Variable",
          "org",
          { value: { ...SECRET, value: "dev-987654" } },
          {
            additionalSecretOutputs: ["value"],
            outputs: { value: "dev-987654" },
          },
        ),
      ],
      { clientSecrets: SECRET },
    );
    const urn = (type: string, name: string) => `urn:pulumi:test::okta-mmod::${type}::${name}`;
    expect(check("prod", "prod", run, [])).to.deep.equal([
      `prod: ${urn("okta:inline/hook:Hook", "hook")} input auth.value: a Pulumi secret`,
      `prod: ${urn("okta:app/oAuth:OAuth", "app")} keeps the secret output clientSecret in the state`,
      `prod: ${urn("tfe:index/notificationConfiguration:NotificationConfiguration", "notify")} input url: a configured secret value in plain text`,
      "prod: stack output clientSecrets: a Pulumi secret",
    ]);
  });
});
