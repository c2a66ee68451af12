import * as fs from "fs";
import * as path from "path";

/**
 * A stack's apps file: the `okta-mmod:apps` map (each app's baseUrl and extra redirect URIs) kept in a file of
 * its own instead of the stack file, for orgs whose configuration would pass the CLI's size limit
 * (config/cliConfigSize.ts). The stack file names it with `okta-mmod:appsFile`, and the name is fixed per stack:
 * `stack-apps/<stack>.yaml`. A free path could point at a file nobody reviews (CODEOWNERS covers `stack-apps/`
 * as it covers the stack files) or that a change to it would not mark as affecting the stack.
 */

/** The folder, beside Pulumi.yaml, of the stacks' apps files. */
export const APPS_FILE_DIR = "stack-apps";

/** Largest apps file read: a 10,000-app org with long host names is about 2 MB. */
export const MAX_APPS_FILE_BYTES = 8 * 1024 * 1024;

/** The one apps file a stack may name. */
export function appsFileOf(stack: string): string {
  return `${APPS_FILE_DIR}/${stack}.yaml`;
}

/** What reading a stack's apps file gave: its text, or why there is none. */
export type AppsFileRead =
  { readonly file: string; readonly text: string } | { readonly file: string; readonly error: string };

/**
 * Reads the apps file a stack names, from the project directory (the folder holding Pulumi.yaml). The name must
 * be the stack's own, and the file must be at that path itself: a symbolic link (to a file outside the project,
 * or inside it but outside `stack-apps/<stack>.yaml`) is refused.
 */
export function readAppsFile(projectDir: string, stack: string, named: string): AppsFileRead {
  const expected = appsFileOf(stack);
  if (named !== expected) {
    return { file: named, error: `"${expected}": the apps file of stack "${stack}" (the only one it may name)` };
  }
  const where = path.join(projectDir, expected);
  let real: string;
  try {
    real = fs.realpathSync(where);
  } catch {
    return { file: named, error: `an existing file: there is no ${expected} in ${projectDir}` };
  }
  const root = fs.realpathSync(projectDir);
  if (!real.startsWith(`${root}${path.sep}`)) {
    return { file: named, error: `a file inside the project directory: ${expected} leads outside it` };
  }
  // A link inside the project is refused too: its target is not under stack-apps/, so a later change to it would
  // change the stack's apps without code-owner review and without marking the stack as affected.
  if (real !== path.join(root, expected)) {
    return {
      file: named,
      error: `the file itself, not a symbolic link: ${expected} leads to ${path.relative(root, real)}, which is not reviewed as the stack's apps file`,
    };
  }
  const stat = fs.statSync(real);
  if (!stat.isFile()) return { file: named, error: `a file: ${expected} is not one` };
  if (stat.size > MAX_APPS_FILE_BYTES) {
    return { file: named, error: `a file of at most ${MAX_APPS_FILE_BYTES} bytes: ${expected} has ${stat.size}` };
  }
  return { file: named, text: fs.readFileSync(real, "utf8") };
}
