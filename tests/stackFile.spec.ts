import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UNDECRYPTABLE_SECRET, listStacks, readStackFile } from "../offline/stackFile";
import { FIXTURE_DIR } from "./support";

describe("stack file reader", () => {
  it("lists the project's stacks", () => {
    expect(listStacks(FIXTURE_DIR)).to.deep.equal(["dev", "prod"]);
  });

  it("flattens values as the engine passes them and replaces encrypted ones by a placeholder", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackfile-"));
    fs.writeFileSync(
      path.join(dir, "Pulumi.qa.yaml"),
      [
        "environment:",
        "  imports:",
        "    - okta/qa",
        "config:",
        "  okta-mmod:orgName: dev-1",
        "  okta-mmod:protectResources: true",
        "  okta-mmod:registrationHookAuth:",
        "    secure: v1:abc",
        "  okta-mmod:rateLimits:",
        "    maxApiCapacity: 40",
        "  okta-mmod:apps:",
        "    my-app:",
        "      baseUrl: https://a.example.com",
        "      token:",
        "        secure: v1:def",
      ].join("\n"),
    );
    expect(readStackFile(dir, "qa")).to.deep.equal({
      stack: "qa",
      config: {
        "okta-mmod:orgName": "dev-1",
        "okta-mmod:protectResources": "true",
        "okta-mmod:registrationHookAuth": UNDECRYPTABLE_SECRET,
        "okta-mmod:rateLimits": '{"maxApiCapacity":40}',
        "okta-mmod:apps": JSON.stringify({
          "my-app": { baseUrl: "https://a.example.com", token: UNDECRYPTABLE_SECRET },
        }),
      },
      secretKeys: ["okta-mmod:registrationHookAuth", "okta-mmod:apps"],
      environments: ["okta/qa"],
      secretsProvider: "service",
    });
  });

  it("names the file when its config is not a mapping", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackfile-"));
    fs.writeFileSync(path.join(dir, "Pulumi.bad.yaml"), "config:\n  - a\n");
    expect(() => readStackFile(dir, "bad")).to.throw(
      `${path.join(dir, "Pulumi.bad.yaml")}: "config" must be a mapping of keys to values`,
    );
  });
});
