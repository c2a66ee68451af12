import { Command } from "commander";
import * as fs from "fs";
import { findProjectDir, listStacks } from "../offline/stackFile";
import { TOOL_EXIT, runTool } from "./stacks";

/**
 * Files whose change can alter what every stack deploys, what the guardrails decide, or how a deployment runs
 * (the workflows and the code-owned parts of .github/, the offline stack-file reader the program imports, the
 * Node and npm settings of the build).
 */
const SHARED = [
  /^\.github\//,
  /^index\.ts$/,
  /^(components|config|definitions|offline|sdks|policy-pack)\//,
  /^package(-lock)?\.json$/,
  /^\.n(pm|vm)rc$/,
  /^tsconfig(\.[a-z]+)?\.json$/,
  /^Pulumi\.yaml$/,
];

/**
 * The stacks a change affects: a stack whose `Pulumi.<stack>.yaml` or `stack-apps/<stack>.yaml` changed, every stack when shared program
 * code or a workflow changed, none for documentation or tests.
 */
export function affectedStacks(files: readonly string[], stacks: readonly string[]): string[] {
  if (files.some((f) => SHARED.some((re) => re.test(f)))) return [...stacks].sort();
  // A stack's own files: its stack file and its apps file (config/appsFile.ts).
  const touched = files
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1] ?? /^stack-apps\/(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined);
  return stacks.filter((s) => touched.includes(s)).sort();
}

if (require.main === module) {
  // Changed paths as arguments, or one per line on standard input (`git diff --name-only ... | affected-stacks`).
  const command = new Command("affected-stacks")
    .description("List, as JSON, the stacks a change affects")
    .argument("[files...]", "changed paths (default: one per line on standard input)");
  process.exitCode = runTool(process.argv.slice(2), command, (options, args) => {
    const files = (args.length > 0 ? args : fs.readFileSync(0, "utf8").split("\n"))
      .map((f) => f.trim())
      .filter(Boolean);
    process.stdout.write(
      `${JSON.stringify(affectedStacks(files, listStacks(options.projectDir ?? findProjectDir(__dirname))))}\n`,
    );
    return TOOL_EXIT.clean;
  });
}
