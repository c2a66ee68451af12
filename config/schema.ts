import { z } from "zod";

const KNOWN_KEYS = "a known key, one of: ";

/**
 * A strict object: an unknown key is reported with the list of known ones, anything else with `expected`. Keys in
 * `unlisted` are in the shape only to be refused with a message of their own, so they are not offered as known.
 */
export function strictObject<T extends z.ZodRawShape>(shape: T, expected: string, unlisted: readonly string[] = []) {
  const known = Object.keys(shape)
    .filter((k) => !unlisted.includes(k))
    .join(", ");
  return z.strictObject(shape, {
    // With no key to offer, an unknown key is explained by `expected` (an object that takes none says why).
    error: (issue) => (issue.code === "unrecognized_keys" && known !== "" ? `${KNOWN_KEYS}${known}` : expected),
  });
}

/** The known keys an unknown-key message of {@link strictObject} lists (for "did you mean"). */
export function knownKeysIn(message: string): string[] {
  return message.startsWith(KNOWN_KEYS) ? message.slice(KNOWN_KEYS.length).split(", ") : [];
}
