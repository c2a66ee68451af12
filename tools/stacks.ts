import { findProjectDir, listStacks, readStackFile } from "../offline/stackFile";

/** What the workflows need to know about a stack, read from its stack file. */
export interface StackInfo {
  readonly stack: string;
  /** `okta-mmod:environment`: the guardrail profile. */
  readonly environment: string | null;
  /** `okta-mmod:delivery.branch`: the branch the stack deploys from, if it has one. */
  readonly branch: string | null;
}

/** Every stack of a project, optionally only those that deploy from one branch. */
export function stackInfo(projectDir: string, branch?: string): StackInfo[] {
  return listStacks(projectDir)
    .map((stack): StackInfo => {
      const { config } = readStackFile(projectDir, stack);
      let deployBranch: string | null = null;
      try {
        const delivery = JSON.parse(config["okta-mmod:delivery"] ?? "null") as { branch?: unknown } | null;
        deployBranch = typeof delivery?.branch === "string" ? delivery.branch : null;
      } catch {
        deployBranch = null;
      }
      return { stack, environment: config["okta-mmod:environment"] ?? null, branch: deployBranch };
    })
    .filter((s) => branch === undefined || s.branch === branch);
}

if (require.main === module) {
  // `stacks [--branch <name>]`: a JSON list for workflow matrices (a new stack file needs no workflow change).
  const args = process.argv.slice(2);
  const at = args.indexOf("--branch");
  const branch = at >= 0 ? args[at + 1] : undefined;
  if ((at >= 0 && branch === undefined) || args.length !== (at >= 0 ? 2 : 0)) {
    process.stderr.write("usage: stacks [--branch <name>]\n");
    process.exitCode = 2;
  } else {
    process.stdout.write(`${JSON.stringify(stackInfo(findProjectDir(__dirname), branch))}\n`);
  }
}
