import { Levels } from "./guardrail";

/** Mandatory in both profiles. */
export const MANDATORY: Levels = { dev: "mandatory", prod: "mandatory" };
/** Advisory in dev, mandatory in prod. */
export const PROD_MANDATORY: Levels = { dev: "advisory", prod: "mandatory" };
/** Advisory in both profiles. */
export const ADVISORY: Levels = { dev: "advisory", prod: "advisory" };
