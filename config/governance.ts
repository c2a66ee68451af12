import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { listStacks, readStackFile } from "../offline/stackFile";
import type { EnvironmentName } from "./environments";
import { NAMESPACE } from "./parse";
import { boundProfile } from "./stackProfiles";

/**
 * What the Pulumi Cloud guardrails are made of, read from the project's files: every stack file (with the profile
 * the code-owned binding gives it, never the one it claims), the policy pack's name and version, and each
 * profile's pack configuration. The Pulumi CLI runs the program in the project folder, beside these files.
 */

/** Where the project's files are. */
export interface ProjectFiles {
  /** The folder holding `Pulumi.<stack>.yaml`. */
  readonly stacksDir: string;
  /** The policy pack's folder (package.json, config/<profile>.json). */
  readonly policyPackDir: string;
}

/**
 * The project being run: its root directory (the folder of Pulumi.yaml), which the Pulumi CLI and the offline plan's
 * `--project-dir` both give the program, else the working directory. The stack files are read from there, never
 * from wherever the command was started, so the plan of another project folder checks that folder's stack files.
 * The pack folder is relative to the working directory: the CLI runs in the project folder, where it is
 * `policy-pack`, the path the published pack's state keeps.
 */
export function projectFiles(root: string = pulumi.getRootDirectory()): ProjectFiles {
  const dir = path.isAbsolute(root) ? root : process.cwd();
  return { stacksDir: dir, policyPackDir: path.relative(process.cwd(), path.join(dir, "policy-pack")) || "." };
}

export interface Governance {
  readonly stacks: readonly { readonly stack: string; readonly profile: EnvironmentName }[];
  readonly pack: { readonly name: string; readonly version: string; readonly sourcePath: string };
  readonly packConfigs: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The stack files' stacks, each with its bound profile, the pack, and the configuration of each bound profile. */
export function readGovernance(files: ProjectFiles, bindings: Readonly<Record<string, EnvironmentName>>): Governance {
  const stacks = listStacks(files.stacksDir).map((stack) => ({ stack, profile: boundProfile(stack, bindings) }));
  const manifest = JSON.parse(fs.readFileSync(path.join(files.policyPackDir, "package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  const packConfigs = Object.fromEntries(
    [...new Set(stacks.map((s) => s.profile))].map((profile) => [
      profile,
      JSON.parse(fs.readFileSync(path.join(files.policyPackDir, "config", `${profile}.json`), "utf8")) as Record<
        string,
        unknown
      >,
    ]),
  );
  return {
    stacks,
    pack: { name: manifest.name, version: manifest.version, sourcePath: files.policyPackDir },
    packConfigs,
  };
}

/**
 * The stack files that declare the Pulumi Cloud guardrails of an organization: those that own the repository
 * (`delivery.github.ownsRepository`) and enable Pulumi Deployments in that organization. A stack file that cannot
 * be read declares nothing here (the plan reports it on its own).
 */
export function guardrailOwners(stacksDir: string, organization: string): string[] {
  return listStacks(stacksDir).filter((stack) => {
    let delivery: {
      github?: { enabled?: boolean; ownsRepository?: boolean };
      deployments?: { enabled?: boolean; organization?: string };
    } | null;
    try {
      delivery = JSON.parse(readStackFile(stacksDir, stack).config[`${NAMESPACE}:delivery`] ?? "{}") as typeof delivery;
    } catch {
      return false;
    }
    const gh = delivery?.github;
    const dep = delivery?.deployments;
    return (
      gh?.enabled !== false &&
      gh?.ownsRepository === true &&
      dep !== undefined &&
      dep.enabled !== false &&
      dep.organization === organization
    );
  });
}
