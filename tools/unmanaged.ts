import { Command } from "commander";
import * as fs from "fs";
import * as path from "path";
import { EXIT, Io, UserError, connect, parseCommand, projectOf, runMain, runOf } from "../adopt/cli";
import { buildImport } from "../adopt/importFile";
import { Credentials, describeOrgError, orgOfRun } from "../adopt/okta";
import {
  IgnoreListError,
  UnmanagedReport,
  classify,
  listOrg,
  parseIgnoreList,
  renderUnmanaged,
} from "../adopt/unmanaged";

interface Options {
  stack: string;
  json?: boolean;
  ignoreList?: string;
  orgUrl?: string;
  projectDir?: string;
}

/** The `unmanaged` command: 0 when every object is managed, built in or reviewed; 7 when some are not. */
export async function unmanaged(argv: readonly string[], io: Io, program?: () => unknown): Promise<number> {
  const command = new Command("unmanaged")
    .description(
      "List the objects of a stack's Okta org that no stack of this project manages (read-only, OKTA_API_* credentials).",
    )
    .requiredOption("--stack <name>", "the stack whose org is checked (a Pulumi.<stack>.yaml file)")
    .option("--json", "print the report as one JSON document on stdout")
    .option("--ignore-list <file>", "the reviewed ignore list (default: unmanaged-ignore.yaml of the project)")
    .option("--org-url <url>", "the org's address (default: https://<orgName>.<baseUrl> from the stack)")
    .option("--project-dir <dir>", "the folder holding Pulumi.yaml and the stack files (default: this project)");
  const options = parseCommand<Options>(command, argv, io);
  if (typeof options === "number") return options;

  let url = "";
  let method: Credentials["method"] | undefined;
  try {
    const project = projectOf(options.projectDir);
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
    const run = await runOf(project.dir, project.stacks, options.stack, program);
    const org = orgOfRun(run);
    const connection = connect(run, io.env, options.orgUrl);
    const reader = connection.reader;
    url = connection.url;
    method = connection.method;

    // Every stack of the project that manages this org counts: an object one of them declares is managed.
    const managedIds = new Set<string>();
    const stacks: string[] = [];
    for (const stack of project.stacks) {
      const other = stack === options.stack ? run : await runOf(project.dir, project.stacks, stack, program);
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
  } catch (err) {
    if (err instanceof UserError) {
      io.stderr.write(`error: ${err.message}\n`);
      return err.code;
    }
    const described = describeOrgError(err, url, method);
    if (described === undefined) throw err;
    io.stderr.write(`error: ${described}\n`);
    return EXIT.error;
  }
}

if (require.main === module) runMain(unmanaged);
