import { Levels, resourceGuardrail } from "../lib/guardrail";
import { isUnknown, num } from "../lib/values";
import { SIGNON_RULE } from "./types";

interface Config {
  maxMinutes: number;
}

/** A session limit rule on global sign-on policy rules; built twice per limit: required and recommended. */
export function sessionLimit(def: {
  name: string;
  catalogueId: string;
  property: "sessionLifetime" | "sessionIdle";
  what: string;
  maxMinutes: number;
  levels: Levels;
  /** Unset counts as this value (the provider default), or as a violation when undefined. */
  providerDefault: number | undefined;
}) {
  return resourceGuardrail<Config>({
    name: def.name,
    catalogueId: def.catalogueId,
    description: `Sign-on rules set a ${def.what} of at most ${def.maxMinutes} minutes.`,
    severity: "medium",
    remediationSteps: `Set ${def.property} to a non-zero number of minutes no greater than the limit.`,
    levels: def.levels,
    config: {
      maxMinutes: {
        type: "integer",
        description: `Longest ${def.what}, minutes.`,
        default: def.maxMinutes,
        minimum: 1,
      },
    },
    resourceTypes: [SIGNON_RULE],
    check: ({ props }, config) => {
      if (isUnknown(props[def.property])) return [];
      const value = num(props[def.property]) ?? def.providerDefault;
      if (value === undefined || value === 0) {
        return [
          `${def.property} is ${value === 0 ? "0 (no limit)" : "unset"}: set at most ${config.maxMinutes} minutes`,
        ];
      }
      return value > config.maxMinutes
        ? [`${def.property} is ${value} minutes, above the limit of ${config.maxMinutes}`]
        : [];
    },
  });
}
