import { Option } from "commander";
import * as fs from "fs";
import * as path from "path";
import { CommonOptions, EXIT, UserError, adoptCommand, runMain } from "../adopt/cli";
import { ProgramRun } from "../offline/run";
import { buildImport } from "../adopt/importFile";
import { orgOfRun } from "../adopt/okta";
import { StackState, StateFileError, parseStateExport } from "../adopt/state";
import {
  IgnoreListError,
  ManagingStack,
  UnmanagedReport,
  classify,
  listOrg,
  parseIgnoreList,
  renderUnmanaged,
} from "../adopt/unmanaged";

interface Options extends CommonOptions {
  json?: boolean;
  ignoreList?: string;
  state?: string[];
}

/** The project name the run's URNs carry (`urn:pulumi:<stack>::<project>::...`). */
const projectOf = (run: ProgramRun) => (run.registrations[0]?.urn ?? "").split("::")[1] ?? "";

/** Reads the `--state` files: each the export of one stack of this project. */
function readStates(files: readonly string[], project: string, stacks: readonly string[]): Map<string, StackState> {
  const states = new Map<string, StackState>();
  for (const file of files) {
    let state: StackState;
    try {
      state = parseStateExport(fs.readFileSync(file, "utf8"), file);
    } catch (err) {
      if (err instanceof StateFileError) throw new UserError(err.message, EXIT.error);
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        throw new UserError(
          `${file}: no such file (write it with \`pulumi stack export --stack <stack> --file ${file}\`)`,
          EXIT.usage,
        );
      }
      throw err;
    }
    if (state.project !== project || !stacks.includes(state.stack)) {
      throw new UserError(
        `${file}: the state of stack ${JSON.stringify(state.stack)} of project ${JSON.stringify(state.project)}, which is not a stack of this project (${project}: ${stacks.join(", ")})`,
        EXIT.usage,
      );
    }
    const earlier = states.get(state.stack);
    if (earlier !== undefined) {
      throw new UserError(
        `${file} and ${earlier.source}: both are the state of stack ${state.stack}: give one`,
        EXIT.usage,
      );
    }
    states.set(state.stack, state);
  }
  return states;
}

/** The `unmanaged` command: 0 when every object is managed, built in or reviewed; 7 when some are not. */
export const unmanaged = adoptCommand<Options>(
  "unmanaged",
  "List the objects of a stack's Okta org that no stack of this project manages (read-only, OKTA_API_* credentials).",
  [
    new Option("--json", "print the report as one JSON document on stdout"),
    new Option("--ignore-list <file>", "the reviewed ignore list (default: unmanaged-ignore.yaml of the project)"),
    new Option(
      "--state <file>",
      "a stack's state (`pulumi stack export`): its objects count as managed by id, even renamed by hand; repeat for each stack on the org (a stack without one is matched by names)",
    ).argParser((file: string, previous: string[] | undefined) => [...(previous ?? []), file]),
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
    const states = readStates(options.state ?? [], projectOf(run), project.stacks);
    const { reader } = connect(run);

    // Every stack of the project that manages this org counts. With its state, a stack manages the objects whose
    // ids the state holds, whatever they are called now; without, the objects its declarations find by name.
    const managedIds = new Set<string>();
    const roleUserIds = new Set<string>();
    const stacks: ManagingStack[] = [];
    for (const stack of project.stacks) {
      const other = stack === options.stack ? run : await runStack(stack);
      const o = orgOfRun(other);
      const state = states.get(stack);
      if (o.orgName !== org.orgName || o.baseUrl !== org.baseUrl) {
        if (state !== undefined) {
          throw new UserError(
            `${state.source}: the state of stack ${stack}, whose org is ${o.orgName}.${o.baseUrl}, not ${org.orgName}.${org.baseUrl}`,
            EXIT.usage,
          );
        }
        continue;
      }
      if (state !== undefined) {
        stacks.push({ stack, matchedBy: "state" });
        for (const id of state.ids) managedIds.add(id);
        for (const id of state.roleUserIds) roleUserIds.add(id);
        continue;
      }
      stacks.push({ stack, matchedBy: "names" });
      const plan = await buildImport(other, reader);
      for (const res of plan.resolutions.values()) {
        if (res.status === "found") for (const id of res.id.split("/")) managedIds.add(id);
      }
    }
    const { objects, builtIns, notOffered } = await listOrg(reader);
    const orgName = `${org.orgName}.${org.baseUrl}`;
    const report: UnmanagedReport = {
      stack: options.stack,
      org: orgName,
      stacks,
      builtIns,
      notOffered,
      ...classify(objects, managedIds, ignores, orgName, roleUserIds),
    };
    io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderUnmanaged(report));
    return report.unmanaged.length > 0 ? EXIT.unmanaged : EXIT.clean;
  },
);

if (require.main === module) runMain(unmanaged);
