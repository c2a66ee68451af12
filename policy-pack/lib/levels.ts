import { Levels } from "./guardrail";

/** Mandatory in both profiles. */
export const MANDATORY: Levels = { dev: "mandatory", prod: "mandatory" };
/** Advisory in dev, mandatory in prod. */
export const PROD_MANDATORY: Levels = { dev: "advisory", prod: "mandatory" };
/**
 * Mandatory in prod; off in dev, whose profile turns the checked setting off on purpose (resources unprotected,
 * workspaces applying on their own, no health assessments): an advisory there would fire on every run and teach
 * reviewers to skip the guardrail section of the plan.
 */
export const PROD_ONLY: Levels = { dev: "disabled", prod: "mandatory" };
/** Advisory in both profiles. */
export const ADVISORY: Levels = { dev: "advisory", prod: "advisory" };
/** Off in the dev and prod profiles; the stig profile makes it mandatory (a DISA Okta IDaaS STIG requirement). */
export const STIG_ONLY: Levels = { dev: "disabled", prod: "disabled" };
