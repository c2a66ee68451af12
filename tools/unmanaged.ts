import { Option } from "commander";
import * as fs from "fs";
import * as path from "path";
import { CommonOptions, EXIT, UserError, adoptCommand, runMain } from "../adopt/cli";
import { buildImport } from "../adopt/importFile";
import { orgOfRun } from "../adopt/okta";
import {
  IgnoreListError,
  UnmanagedReport,
  classify,
  listOrg,
  parseIgnoreList,
  renderUnmanaged,
} from "../adopt/unmanaged";

interface Options extends CommonOptions {
  json?: boolean;
  ignoreList?: string;
}

/** The `unmanaged` command: 0 when every object is managed, built in or reviewed; 7 when some are not. */
export const unmanaged = adoptCommand<Options>(
  "unmanaged",
  "List the objects of a stack's Okta org that no stack of this project manages (read-only, OKTA_API_* credentials).",
  [
    new Option("--json", "print the report as one JSON document on stdout"),
    new Option("--ignore-list <file>", "the reviewed ignore list (default: unmanaged-ignore.yaml of the project)"),
  ],
  async ({ options, io, project, run: runStack, connect }) => {
    const ignoreFile = options.ignoreList ?? path.join(project.dir, "unmanaged-ignore.yaml");
    let ignores;
    try {
      ignores = parseIgnoreList(fs.readFileSync(ignoreFile, "utf8"), ignoreFile);
    } catch (err) {
      if (err instanceof IgnoreListError) throw new UserError(err.message, EXIT.error);
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        throw new UserError(`${ignoreFile}: no such file (an empty list is "[]")`, EXIT.usage);
      }
      throw err;
    }
    const run = await runStack(options.stack);
    const org = orgOfRun(run);
    const { reader } = connect(run);

    // Every stack of the project that manages this org counts: an object one of them declares is managed.
    const managedIds = new Set<string>();
    const stacks: string[] = [];
    for (const stack of project.stacks) {
      const other = stack === options.stack ? run : await runStack(stack);
      const o = orgOfRun(other);
      if (o.orgName !== org.orgName || o.baseUrl !== org.baseUrl) continue;
      stacks.push(stack);
      const plan = await buildImport(other, reader);
      for (const res of plan.resolutions.values()) {
        if (res.status === "found") for (const id of res.id.split("/")) managedIds.add(id);
      }
    }
    const { objects, builtIns } = await listOrg(reader);
    const orgName = `${org.orgName}.${org.baseUrl}`;
    const report: UnmanagedReport = {
      stack: options.stack,
      org: orgName,
      stacks,
      builtIns,
      ...classify(objects, managedIds, ignores, orgName),
    };
    io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderUnmanaged(report));
    return report.unmanaged.length > 0 ? EXIT.unmanaged : EXIT.clean;
  },
);

if (require.main === module) runMain(unmanaged);
