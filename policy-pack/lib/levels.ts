import { Levels } from "./guardrail";

/** Mandatory in both profiles. */
export const MANDATORY: Levels = { dev: "mandatory", prod: "mandatory" };
/** Advisory in dev, mandatory in prod. */
export const PROD_MANDATORY: Levels = { dev: "advisory", prod: "mandatory" };
/** Advisory in both profiles. */
export const ADVISORY: Levels = { dev: "advisory", prod: "advisory" };
/** Off in the dev and prod profiles; the stig profile makes it mandatory (a DISA Okta IDaaS STIG requirement). */
export const STIG_ONLY: Levels = { dev: "disabled", prod: "disabled" };
