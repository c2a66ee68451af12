import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";
import * as fs from "fs";
import * as os from "os";
import { benchHost, generateCatalogue } from "../bench/catalogue";
import { componentRun, flatRun, recordingOf } from "../bench/evaluate";
import { ProgramRun, Registration, runProgram } from "../offline/run";
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
    expect(endpoints["app-0001"]).to.deep.equal({
      baseUrl: "https://app-0001-customer-portal.apps.eu-west-1.corp-example.com",
    });
    expect(benchHost("app-0001")).to.have.length(56);
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
      // The flat run registers exactly the custom resources; the program adds one App per app, the AppSet, the
      // org and the stack.
      expect(row.flatResources).to.equal(row.customResources);
      expect(row.resources - row.customResources).to.equal(row.apps + 3);
      expect(row.msPerResource).to.equal(row.wallMs / row.resources);
      expect(row.cpuMsPerResource).to.equal(row.cpuMs / row.resources);
      expect(row.componentOverhead).to.equal(row.wallMs / row.flatWallMs);
      expect(row.componentCpuOverhead).to.equal(row.cpuMs / row.flatCpuMs);
      expect(row.peakRssMiB).to.be.above(0);
      expect(row.loadAverage[0]).to.be.at.most(row.loadAverage[1]);
    }
    expect(report.loadAverage).to.have.length(2);
    const ratio = (to: number, from: number, key: "wallMs" | "cpuMs") =>
      report.rows[to]![key] / report.rows[from]![key];
    expect(report.scaling).to.deep.equal([
      { sourceMaps: false, from: 1, to: 2, timeRatio: ratio(2, 0, "wallMs"), cpuTimeRatio: ratio(2, 0, "cpuMs") },
      { sourceMaps: true, from: 1, to: 2, timeRatio: ratio(3, 1, "wallMs"), cpuTimeRatio: ratio(3, 1, "cpuMs") },
    ]);
    expect(run.stderr.split("\n").filter((l) => l.startsWith("apps=")).length).to.equal(8);
  });

  it("prints the table with the load average and the CPU figures", () => {
    const run = bench(["--apps", "1", "--runs", "1"]);
    expect(run.status, run.stderr).to.equal(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).to.match(
      /^Node v22\.\d+\.\d+, \d+ CPUs, median of 1 runs per cell; one-minute load average \d+\.\d at the start, \d+\.\d at the end\.$/,
    );
    expect(lines[1]).to.equal("Every flat registration declared exactly the program's custom resources.");
    expect(lines[3]).to.equal(
      "| apps | source maps | resources | wall ms | CPU ms | peak RSS MiB | CPU ms / resource | MB / resource | flat CPU ms | component / flat (CPU) | component / flat (wall) | load |",
    );
    expect(lines.filter((l) => /^\| 1 \| (no|loaded) \| /.test(l))).to.have.length(2);
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

  it("flat registration: the same custom resources, inputs, wiring, providers and options as the program", async function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-bench-test-"));
    const component = await runProgram(componentRun(12, dir));
    const flat = await runProgram(flatRun(12, dir, recordingOf(component)));
    // The apps' URLs came from the stack's apps file, as a large org keeps them.
    const app = component.registrations.find((r) => r.name === "apps-app-app-0001");
    expect(app?.inputs.redirectUris).to.deep.equal([`https://${benchHost("app-0001")}/signin-oidc`]);
    const custom = (run: ProgramRun) => run.registrations.filter((r) => r.custom);
    // URNs differ (no parent types in the flat run): compare by type and name, references by name.
    const nameOf = new Map(custom(component).map((r) => [r.urn, r.name]));
    for (const r of custom(flat)) nameOf.set(r.urn, r.name);
    const names = (urns: readonly string[]) => urns.flatMap((u) => nameOf.get(u) ?? []).sort();
    const shape = (r: Registration) => ({
      type: r.type,
      name: r.name,
      inputs: r.inputs,
      provider: r.provider === "" ? "" : (nameOf.get(r.provider.slice(0, r.provider.lastIndexOf("::"))) ?? "?"),
      protect: r.protect,
      // A set to the engine; the flat run names the ones the @pulumi/okta classes add twice.
      additionalSecretOutputs: [...new Set(r.additionalSecretOutputs)].sort(),
      dependencies: names(r.dependencies),
      propertyDependencies: Object.fromEntries(
        Object.entries(r.propertyDependencies).map(([k, urns]) => [k, names(urns)]),
      ),
    });
    const byName = (run: ProgramRun) =>
      custom(run)
        .map(shape)
        .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
    const expected = byName(component);
    expect(expected.length).to.equal(custom(component).length);
    expect(byName(flat)).to.deep.equal(expected);
    // Wiring is restored, not flattened into strings: an app's assignments depend on the app.
    const assignments = expected.find((r) => r.name === "apps-assignments-app-0001");
    expect(assignments?.propertyDependencies.appId).to.deep.equal(["apps-app-app-0001"]);
    // No component in the flat run: only the stack besides the custom resources.
    expect(flat.registrations.filter((r) => !r.custom).map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
    expect(flat.invocations.map((i) => i.token)).to.deep.equal(component.invocations.map((i) => i.token));
  });
});
