import * as fs from "fs";
import * as path from "path";

/**
 * The functions with the most self time in a V8 CPU profile (`node --cpu-prof`), as a Markdown table:
 * `node bin/bench/profileTop.js <file.cpuprofile> [count]`. Functions are grouped by name and file.
 */

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export function topFunctions(profile: CpuProfile, count: number): { name: string; share: number; ms: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const where = frame?.url ? frame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/bin\//, "") : "";
    const name = `${frame?.functionName || "(anonymous)"}${where ? ` ${path.basename(where)}` : ""}`;
    const delta = profile.timeDeltas[i] ?? 0;
    self.set(name, (self.get(name) ?? 0) + delta);
    total += delta;
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, share: us / total, ms: us / 1000 }));
}

if (require.main === module) {
  const [file, count] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write("usage: profileTop.js <file.cpuprofile> [count]\n");
    process.exitCode = 2;
  } else {
    const rows = topFunctions(JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile, Number(count ?? 10));
    process.stdout.write("| function | self time | share |\n|---|---:|---:|\n");
    for (const r of rows)
      process.stdout.write(`| ${r.name} | ${r.ms.toFixed(0)} ms | ${(r.share * 100).toFixed(1)}% |\n`);
  }
}
