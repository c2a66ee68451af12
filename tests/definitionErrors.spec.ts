import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { APP_CATALOGUE } from "../definitions/apps";
import { PROJECT_DIR } from "./support";

// A mistake in the app catalogue is the user's to fix, like a configuration error: through the real plan command,
// in a copy of the repository whose catalogue names a group the org does not have, the message says which
// definition failed and stderr holds no stack frame and no "internal error".

const frames = (t: string) => t.split("\n").filter((l) => /^\s+at /.test(l));
const SKIP = new Set(["node_modules", ".git", ".ci"]);

describe("a bad catalogue entry through the real plan command", function () {
  this.timeout(120_000);

  it("exits 1 with the definition's key path for each stack, and no stack trace", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-catalogue-"));
    fs.cpSync(PROJECT_DIR, dir, {
      recursive: true,
      filter: (src) => !SKIP.has(path.basename(src)) || path.dirname(src) !== PROJECT_DIR,
    });
    fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"));
    // The compiled catalogue, as `npm run plan` would transpile a definitions/apps.ts whose first app names a
    // group the org does not declare.
    const compiled = path.join(dir, "bin", "definitions", "apps.js");
    fs.appendFileSync(
      compiled,
      `\nexports.APP_CATALOGUE = { ...exports.APP_CATALOGUE, apps: exports.APP_CATALOGUE.apps.map((a, i) => (i === 0 ? { ...a, groups: ["no-such-group"] } : a)) };\n`,
    );
    const r = spawnSync(process.execPath, [path.join(dir, "bin", "tools", "plan.js")], { encoding: "utf8" });
    expect(r.status).to.equal(1);
    expect(frames(r.stdout + r.stderr)).to.deep.equal([]);
    expect(r.stderr).not.to.contain("internal error");
    const first = (APP_CATALOGUE.apps[0] as { key: string }).key;
    const failure = [
      '  AppSet "apps": invalid definition:',
      `    - apps.${first}.groups: no group with key "no-such-group"`,
    ];
    expect(r.stdout.split("\n")).to.include.ordered.members(["Stack dev", ...failure]);
    expect(r.stdout.split("\n")).to.include.members(["Stack prod", ...failure]);
  });
});
