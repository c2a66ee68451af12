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
    const { catalogue, endpoints } = generateCatalogue(205);
    expect(catalogue.apps.length).to.equal(205);
    expect(catalogue.apps[0]?.key).to.equal("app-0001");
    expect(
      catalogue.apps
        .filter((a) => a.kind === "saml")
        .map((a) => a.key)
        .slice(0, 2),
    ).to.deep.equal(["app-0010", "app-0020"]);
    expect(catalogue.apps.filter((a) => a.kind === "saml").length).to.equal(20);
    expect(catalogue.signOnPolicies.length).to.equal(205);
    expect(catalogue.authServers.map((s) => s.key)).to.deep.equal([
      "bench-server-1",
      "bench-server-2",
      "bench-server-3",
    ]);
    // Apps 201-205 are clients of the third server; none of them is a tenth (SAML) app.
    const clientsOf = (server: string) =>
      catalogue.apps.filter((a) => a.kind === "oidc" && a.authServerPolicies?.some((p) => p.server === server)).length;
    expect([clientsOf("bench-server-1"), clientsOf("bench-server-3")]).to.deep.equal([90, 5]);
    expect(Object.keys(endpoints)).to.deep.equal(catalogue.apps.map((a) => a.key));
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
    // One more OIDC app: its App component, the app, its sign-on policy, the policy's rule, its group assignments.
    expect((two?.resources ?? 0) - (one?.resources ?? 0)).to.equal(5);
    for (const row of report.rows) {
      // The flat run registers the same custom resources and no component: one App per app, the AppSet, the org.
      expect(row.resources - row.flatResources).to.equal(row.apps + 2);
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
