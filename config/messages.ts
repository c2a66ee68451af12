import { PRIVATE_KEY_SHOWN_AS, holdsPrivateKey } from "./clientKeys";

/**
 * How values and keys appear in configuration errors: short enough to read, never a credential, with a
 * suggestion when a key is a near miss of a known one.
 */

/** Longest value shown in a message; a 5 MB value is shown as its first characters and its length. */
export const MAX_SHOWN = 80;

/**
 * Most problems one message lists. A stack file or catalogue generated wrong can have thousands; the first ones
 * say what is wrong, and a message of megabytes would flood the terminal and the CI log.
 */
export const MAX_PROBLEMS_SHOWN = 50;

/** Problems as a bulleted list, one per line: the first {@link MAX_PROBLEMS_SHOWN}, then how many more. */
export function problemList(problems: readonly string[]): string {
  const shownProblems = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `  - ${p}`);
  const more = problems.length - MAX_PROBLEMS_SHOWN;
  if (more > 0) shownProblems.push(`  - and ${more} more ${more === 1 ? "problem" : "problems"}`);
  return shownProblems.join("\n");
}

/** How a credential's value is shown, in every message. */
export const SECRET_SHOWN_AS = "[secret]";

/** A value as shown to the user: JSON-encoded, cut to {@link MAX_SHOWN} characters with the full length said. */
export function shown(value: unknown): string {
  // A private key pasted under any key: no part of it is shown (an EC key's PEM starts with its private scalar).
  if (holdsPrivateKey(value)) return PRIVATE_KEY_SHOWN_AS;
  // A URL's user info (`https://user:password@host`) is a credential: never shown.
  const text = (value === undefined ? "undefined" : (JSON.stringify(value) ?? String(value))).replace(
    /(\/\/)[^/\\@\s"]*@/g,
    "$1[user info hidden]@",
  );
  if (text.length <= MAX_SHOWN) return text;
  return `${text.slice(0, MAX_SHOWN)}... (${text.length} characters)`;
}

// A key is a credential when its last segment names one. Names ending in an id (clientId, privateKeyId,
// oauthTokenId) identify a credential without being one. `auth` is not `author`, but it is `authorization`: the
// HTTP header a bearer token or a basic credential is sent in.
const CREDENTIAL_WORD =
  /token|secret|passw(or)?d|private.?key|api.?key|credential|auth(?!or(?!iz))|bearer|cookie|webhook|signing/i;
const IDENTIFIER = /(id|ids|_id|_ids)$/i;

/** Whether a key (or the last segment of a key path) names a credential, whatever its namespace. */
export function isCredentialLike(key: string): boolean {
  const last =
    key
      .split(/[:.[\]]/)
      .filter(Boolean)
      .pop() ?? key;
  return CREDENTIAL_WORD.test(last) && !IDENTIFIER.test(last);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/**
 * The known key a mistyped one most likely meant: same letters in another case, or at most two edits away
 * (one for short keys). Undefined when nothing is close.
 */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  if (key.length > 64) return undefined;
  const lower = key.toLowerCase();
  const sameLetters = known.find((k) => k.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  const budget = key.length <= 4 ? 1 : 2;
  let best: { key: string; distance: number } | undefined;
  for (const k of known) {
    const distance = editDistance(lower, k.toLowerCase());
    if (distance <= budget && (best === undefined || distance < best.distance)) best = { key: k, distance };
  }
  return best?.key;
}
