import { EnvironmentName, STRICTEST_ENVIRONMENT } from "./environments";

/**
 * Which guardrail profile each stack is bound to. This file is code-owned (.github/CODEOWNERS): the identity
 * team decides which stacks are prod, not the pull request that edits a stack file. A stack file's
 * `okta-mmod:environment` may restate its binding or name a stricter profile; a weaker one fails the plan, the
 * tests and `pulumi up`. A stack with no entry here is bound to the strictest profile (prod): a new dev org
 * needs a reviewed entry, never a silent downgrade.
 */
export const STACK_PROFILES: Readonly<Record<string, EnvironmentName>> = {
  dev: "dev",
  prod: "prod",
};

/** Where the binding lives, for messages. */
export const STACK_PROFILES_FILE = "config/stackProfiles.ts";

/** The profile a stack is bound to: its entry, or the strictest profile when it has none. */
export function boundProfile(
  stack: string,
  bindings: Readonly<Record<string, EnvironmentName>> = STACK_PROFILES,
): EnvironmentName {
  return Object.prototype.hasOwnProperty.call(bindings, stack)
    ? (bindings[stack] as EnvironmentName)
    : STRICTEST_ENVIRONMENT;
}
