import { execFileSync } from "child_process";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Measurement } from "../bench/evaluate";

/**
 * `npm run bench -- [--apps 10,100,1000] [--runs 3] [--json]`: the program's evaluation cost at org scale.
 * Every measurement is a fresh process; each size runs with and without source-map support (the Pulumi
 * CLI's Node language host loads `source-map-support/register` before the program), and each against a flat
 * registration of the same resources. Medians of `--runs` runs, interleaved so load on the machine hits all
 * variants alike.
 */

const EVALUATE = path.join(__dirname, "..", "bench", "evaluate.js");
const SOURCE_MAPS = require.resolve("source-map-support/register");

export interface BenchRow {
  readonly apps: number;
  readonly sourceMaps: boolean;
  /** Every registration of the program: the stack, components and custom resources. */
  readonly resources: number;
  /** The program's custom resources; the flat registration declares exactly these. */
  readonly customResources: number;
  readonly wallMs: number;
  /** User plus system CPU time: on a loaded machine the steadier figure. */
  readonly cpuMs: number;
  readonly peakRssMiB: number;
  /** Wall ms per registration. */
  readonly msPerResource: number;
  /** CPU ms per registration. */
  readonly cpuMsPerResource: number;
  readonly mbPerResource: number;
  /** Custom resources the flat registration declared (always equal to customResources: checked). */
  readonly flatResources: number;
  readonly flatWallMs: number;
  readonly flatCpuMs: number;
  /** Component program wall time over the flat registration's. */
  readonly componentOverhead: number;
  /** Component program CPU time over the flat registration's. */
  readonly componentCpuOverhead: number;
  /** Lowest and highest one-minute load average seen while this row's evaluations ran. */
  readonly loadAverage: readonly [number, number];
}

export interface BenchReport {
  readonly node: string;
  readonly cpus: number;
  readonly runs: number;
  /** One-minute load average when the benchmark started and when it ended. */
  readonly loadAverage: readonly [number, number];
  readonly rows: readonly BenchRow[];
  /**
   * Time at the largest size over the next smaller one, per source-map setting, with the size ratio: wall
   * (timeRatio) and CPU (cpuTimeRatio).
   */
  readonly scaling: readonly {
    sourceMaps: boolean;
    from: number;
    to: number;
    timeRatio: number;
    cpuTimeRatio: number;
  }[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function evaluate(apps: number, mode: string, file: string, sourceMaps: boolean): Measurement | undefined {
  const args = [...(sourceMaps ? ["-r", SOURCE_MAPS] : []), EVALUATE, String(apps), mode, file];
  const out = execFileSync(process.execPath, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return mode === "record" ? undefined : (JSON.parse(out.trim().split("\n").pop() as string) as Measurement);
}

export function measure(sizes: readonly number[], runs: number, progress: (line: string) => void): BenchReport {
  const loadAtStart = os.loadavg()[0] as number;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-bench-"));
  const rows: BenchRow[] = [];
  try {
    for (const apps of sizes) {
      const recording = path.join(dir, `${apps}.json`);
      evaluate(apps, "record", recording, false);
      const samples = new Map<string, Measurement[]>();
      for (let run = 0; run < runs; run++) {
        for (const sourceMaps of [false, true]) {
          for (const mode of ["component", "flat"]) {
            const m = evaluate(apps, mode, recording, sourceMaps) as Measurement;
            const key = `${sourceMaps}/${mode}`;
            samples.set(key, [...(samples.get(key) ?? []), m]);
            progress(
              `apps=${apps} run=${run + 1}/${runs} sourceMaps=${sourceMaps} ${mode}: ` +
                `${m.wallMs.toFixed(0)} ms wall, ${m.cpuMs.toFixed(0)} ms CPU, load ${m.loadAverage[1].toFixed(1)}`,
            );
          }
        }
      }
      for (const sourceMaps of [false, true]) {
        const component = samples.get(`${sourceMaps}/component`) as Measurement[];
        const flat = samples.get(`${sourceMaps}/flat`) as Measurement[];
        const { resources, customResources } = component[0] as Measurement;
        const flatResources = (flat[0] as Measurement).customResources;
        if (flatResources !== customResources) {
          throw new Error(
            `the flat registration declared ${flatResources} custom resources at ${apps} apps, the program ${customResources}: the comparison would be meaningless`,
          );
        }
        const wallMs = median(component.map((m) => m.wallMs));
        const cpuMs = median(component.map((m) => m.cpuMs));
        const peakRssMiB = median(component.map((m) => m.peakRssMiB));
        const flatWallMs = median(flat.map((m) => m.wallMs));
        const flatCpuMs = median(flat.map((m) => m.cpuMs));
        const loads = [...component, ...flat].flatMap((m) => m.loadAverage);
        rows.push({
          apps,
          sourceMaps,
          resources,
          customResources,
          wallMs,
          cpuMs,
          peakRssMiB,
          msPerResource: wallMs / resources,
          cpuMsPerResource: cpuMs / resources,
          mbPerResource: (peakRssMiB * 1.048576) / resources,
          flatResources,
          flatWallMs,
          flatCpuMs,
          componentOverhead: wallMs / flatWallMs,
          componentCpuOverhead: cpuMs / flatCpuMs,
          loadAverage: [Math.min(...loads), Math.max(...loads)],
        });
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const scaling = [false, true].flatMap((sourceMaps) => {
    const bySize = rows.filter((r) => r.sourceMaps === sourceMaps).sort((a, b) => a.apps - b.apps);
    const [from, to] = bySize.slice(-2);
    return from !== undefined && to !== undefined
      ? [
          {
            sourceMaps,
            from: from.apps,
            to: to.apps,
            timeRatio: to.wallMs / from.wallMs,
            cpuTimeRatio: to.cpuMs / from.cpuMs,
          },
        ]
      : [];
  });
  const loadAverage: [number, number] = [loadAtStart, os.loadavg()[0] as number];
  return { node: process.version, cpus: os.cpus().length, runs, loadAverage, rows, scaling };
}

/** The report as a Markdown table (what docs/performance.md holds). */
export function renderReport(report: BenchReport): string {
  const head =
    "| apps | source maps | resources | wall ms | CPU ms | peak RSS MiB | CPU ms / resource | MB / resource | flat CPU ms | component / flat (CPU) | component / flat (wall) | load |\n" +
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
  const body = report.rows
    .map(
      (r) =>
        `| ${r.apps} | ${r.sourceMaps ? "loaded" : "no"} | ${r.resources} | ${r.wallMs.toFixed(0)} | ${r.cpuMs.toFixed(0)} | ` +
        `${r.peakRssMiB.toFixed(0)} | ${r.cpuMsPerResource.toFixed(2)} | ${r.mbPerResource.toFixed(3)} | ` +
        `${r.flatCpuMs.toFixed(0)} | ${r.componentCpuOverhead.toFixed(2)}x | ${r.componentOverhead.toFixed(2)}x | ` +
        `${r.loadAverage[0].toFixed(1)} to ${r.loadAverage[1].toFixed(1)} |`,
    )
    .join("\n");
  const scaling = report.scaling
    .map(
      (s) =>
        `t(${s.to} apps) / t(${s.from} apps), source maps ${s.sourceMaps ? "loaded" : "not loaded"}: ` +
        `${s.cpuTimeRatio.toFixed(2)} CPU, ${s.timeRatio.toFixed(2)} wall (size ratio ${(s.to / s.from).toFixed(0)})`,
    )
    .join("\n");
  const [loadStart, loadEnd] = report.loadAverage;
  return (
    `Node ${report.node}, ${report.cpus} CPUs, median of ${report.runs} runs per cell; ` +
    `one-minute load average ${loadStart.toFixed(1)} at the start, ${loadEnd.toFixed(1)} at the end.\n` +
    `Every flat registration declared exactly the program's custom resources.\n\n${head}${body}\n\n${scaling}\n`
  );
}

function sizes(value: string): number[] {
  const parts = value.split(",").map((p) => p.trim());
  const bad = parts.filter((p) => !/^[1-9][0-9]{0,4}$/.test(p));
  if (bad.length > 0) {
    throw new InvalidArgumentError(
      `expected app counts from 1 to 99999 separated by commas, got ${JSON.stringify(value.slice(0, 80))}`,
    );
  }
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
}

function runs(value: string): number {
  if (!/^[1-9][0-9]?$/.test(value)) {
    throw new InvalidArgumentError(`expected a number of runs from 1 to 99, got ${JSON.stringify(value.slice(0, 80))}`);
  }
  return Number(value);
}

if (require.main === module) {
  const command = new Command("bench")
    .description("Measure the program's evaluation at generated catalogue sizes (a benchmark, not a test).")
    .option("--apps <counts>", "app catalogue sizes, comma-separated", sizes, [10, 100, 1000])
    .option("--runs <n>", "runs per variant; the table shows medians", runs, 3)
    .option("--json", "print the report as JSON on stdout")
    .allowExcessArguments(false)
    .exitOverride();
  try {
    command.parse(process.argv.slice(2), { from: "user" });
    const options = command.opts<{ apps: number[]; runs: number; json?: boolean }>();
    const report = measure(options.apps, options.runs, (line) => process.stderr.write(`${line}\n`));
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
    } else {
      process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  }
}
