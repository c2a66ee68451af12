/**
 * Protection by default. In a protected stack (prod by default) every resource of the Okta, GitHub, Terraform
 * Cloud and Pulumi Cloud providers is created with `protect: true`, so `pulumi up` refuses to delete or replace
 * it until someone unprotects it on purpose, in a reviewed change. `pulumi-nodejs` is the package of dynamic
 * resources: the program's own (components/oauthInlineHook.ts) manage Okta objects. The guardrail
 * (policy-pack/okta-structure/protectIdentityResources.ts) checks the same rule against a catalogue of its own.
 */
export const PROTECTED_PACKAGES: readonly string[] = ["okta", "github", "tfe", "pulumiservice", "pulumi-nodejs"];

/** The reviewed exceptions: resource types left unprotected in every stack, each with the reason. */
export const NOT_PROTECTED: Readonly<Record<string, string>> = {
  "pulumiservice:index:StackTag":
    "a label on the stack in Pulumi Cloud: deleting it changes no access, no credential and no run",
};

/** Whether a resource of the given type token is protected, given the stack's protection switch. */
export function isProtected(type: string, protectResources: boolean): boolean {
  const pkg = type.split(":")[0] ?? "";
  return protectResources && PROTECTED_PACKAGES.includes(pkg) && !Object.hasOwn(NOT_PROTECTED, type);
}
