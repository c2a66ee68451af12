import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";
import { generateCatalogue } from "../bench/catalogue";
import type { BenchReport } from "../tools/bench";

const BENCH = path.join(__dirname, "..", "tools", "bench.js");

function bench(args: readonly string[]) {
  return spawnSync(process.execPath, [BENCH, ...args], { encoding: "utf8" });
}

describe("npm run bench (a smoke test that it runs: the numbers themselves are not tested)", function () {
  this.timeout(180_000);

  it("generates catalogues with a SAML app every tenth app and an authorization server per hundred apps", () => {
    const catalogue = generateCatalogue(205);
    expect(catalogue.appKeys.length).to.equal(205);
    expect(catalogue.appKeys[0]).to.equal("bench-app-0001");
    expect(catalogue.definition.apps.filter((a) => a.kind === "saml").length).to.equal(20);
    expect(catalogue.definition.signOnPolicies.length).to.equal(205);
    expect(catalogue.definition.authServers.map((s) => s.key)).to.deep.equal([
      "bench-server-1",
      "bench-server-2",
      "bench-server-3",
    ]);
    // The third server's hundred holds apps 201-205: none of them is a tenth app, so all five are clients.
    expect(catalogue.definition.authServers[2]?.policies[0]?.clients.length).to.equal(5);
    expect(Object.keys(catalogue.endpoints)).to.deep.equal([...catalogue.appKeys]);
  });

  it("measures each size with and without source maps against a flat registration, as JSON", () => {
    const run = bench(["--apps", "2,1", "--runs", "1", "--json"]);
    expect(run.status, run.stderr).to.equal(0);
    const report = JSON.parse(run.stdout) as BenchReport;
    expect(report.runs).to.equal(1);
    expect(report.rows.map((r) => [r.apps, r.sourceMaps])).to.deep.equal([
      [1, false],
      [1, true],
      [2, false],
      [2, true],
    ]);
    const [one, , two] = report.rows;
    // One more OIDC app: the app, its sign-on policy, the policy's rule and its group assignments.
    expect((two?.resources ?? 0) - (one?.resources ?? 0)).to.equal(4);
    for (const row of report.rows) {
      // The flat run registers the same custom resources with no components and no stack children wrapper.
      expect(row.flatResources).to.be.below(row.resources);
      expect(row.msPerResource).to.equal(row.wallMs / row.resources);
      expect(row.componentOverhead).to.equal(row.wallMs / row.flatWallMs);
      expect(row.peakRssMiB).to.be.above(0);
    }
    expect(report.scaling).to.deep.equal([
      { sourceMaps: false, from: 1, to: 2, timeRatio: (two?.wallMs ?? 0) / (one?.wallMs ?? 1) },
      { sourceMaps: true, from: 1, to: 2, timeRatio: report.rows[3]!.wallMs / report.rows[1]!.wallMs },
    ]);
    expect(run.stderr.split("\n").filter((l) => l.startsWith("apps=")).length).to.equal(8);
  });

  it("rejects a bad size list with exit 2 and the value it got, without a stack trace", () => {
    const run = bench(["--apps", "10,ten"]);
    expect(run.status).to.equal(2);
    expect(run.stdout).to.equal("");
    expect(run.stderr).to.equal(
      "error: option '--apps <counts>' argument '10,ten' is invalid. expected app counts from 1 to 99999 separated by commas, got \"10,ten\"\n",
    );
    expect(run.stderr).not.to.match(/^\s+at /m);
  });
});
