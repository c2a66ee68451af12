import { z } from "zod";

/** A strict object: an unknown key is reported with the list of known ones, anything else with `expected`. */
export function strictObject<T extends z.ZodRawShape>(shape: T, expected: string) {
  const known = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) => (issue.code === "unrecognized_keys" ? `a known key, one of: ${known}` : expected),
  });
}
