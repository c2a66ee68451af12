import { str } from "../lib/values";

/**
 * The guardrail's own catalogue of what must be protected in prod, kept apart from the program's list in
 * components/protection.ts on purpose (the pack is published on its own and must see a gap the program leaves):
 * every resource of these providers, whatever its type, including types the program does not declare yet.
 * `pulumi-nodejs` holds every dynamic resource: code that calls an API itself (the OAuth inline hook calls Okta's).
 */
export const MUST_PROTECT_PACKAGES: readonly string[] = ["okta", "github", "tfe", "pulumiservice", "pulumi-nodejs"];

/** The only types of those providers the guardrail lets stay unprotected, each with the reason. */
export const MAY_STAY_UNPROTECTED: Readonly<Record<string, string>> = {
  "pulumiservice:index:StackTag": "a label on a stack: deleting it changes no access, no credential and no run",
};

/** Whether the guardrail requires a resource of this type token to be protected in prod. */
export function mustBeProtected(type: string): boolean {
  const pkg = type.split(":")[0] ?? "";
  return MUST_PROTECT_PACKAGES.includes(pkg) && !Object.hasOwn(MAY_STAY_UNPROTECTED, type);
}

/** The first resource an input property came from, by URN, or the property's own value. */
export function referenceOf(
  r: { props: Readonly<Record<string, unknown>>; propertyDependencies: Readonly<Record<string, readonly string[]>> },
  property: string,
): string | undefined {
  const from = r.propertyDependencies[property]?.[0];
  if (from !== undefined) return from;
  return str(r.props[property]);
}
