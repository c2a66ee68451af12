import * as pulumi from "@pulumi/pulumi";

/**
 * An error in the program's own definitions (the app catalogue, the org baseline): the user's to fix, like a
 * configuration error, so it is a RunError, which the Pulumi CLI and the plan print as its message alone. Its stack
 * is the message too: a trace into the program's internals says nothing the message does not, and formatting it
 * through source maps costs seconds on a loaded machine.
 */
export function definitionError(message: string, cause?: unknown): Error {
  const err = new pulumi.RunError(message);
  err.stack = `${err.name}: ${message}`;
  if (cause !== undefined) Object.defineProperty(err, "cause", { value: cause, configurable: true, writable: true });
  return err;
}

/** Collects problems found in a component's definitions so that all of them are reported at once. */
export class DefinitionProblems {
  readonly list: string[] = [];

  add(problem: string): void {
    this.list.push(problem);
  }
}

/** Keys name resources; two definitions with one key would collide. */
export function assertUniqueKeys(problems: DefinitionProblems, where: string, items: readonly { key: string }[]): void {
  const seen = new Set<string>();
  for (const { key } of items) {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(key)) {
      problems.add(`${where}: key "${key}" must be kebab-case (lowercase letters, digits, single hyphens)`);
    }
    if (seen.has(key)) {
      problems.add(`${where}: key "${key}" is used twice`);
    }
    seen.add(key);
  }
}

/** Okta renumbers priorities that repeat or leave gaps, which shows up as a diff on every run. */
export function assertPriorities(
  problems: DefinitionProblems,
  where: string,
  items: readonly { priority: number }[],
): void {
  const sorted = items.map((i) => i.priority).sort((a, b) => a - b);
  const expected = sorted.map((_, i) => i + 1);
  if (sorted.some((p, i) => p !== expected[i])) {
    problems.add(`${where}: priorities must be 1..${items.length} with no repeats or gaps, got ${sorted.join(", ")}`);
  }
}
