/** A name in snake case, lower case: `privateKeyId`, `PRIVATE-KEY-ID` and `private_key_id` read the same. */
function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[-\s.]+/g, "_")
    .toLowerCase();
}

/**
 * Whether a variable or secret name says it holds a credential (matches `pattern`, case-insensitive, on the
 * snake-case name). A name that ends in an id (`private_key_id`, `privateKeyId`: the key's identifier, shown in
 * Okta's console) names no credential.
 */
export function isCredentialName(name: string, pattern: string): boolean {
  const normal = snake(name);
  return !/(^|_)ids?$/.test(normal) && new RegExp(pattern, "i").test(normal);
}

/** The default credential pattern, on snake-case names. */
export const CREDENTIAL_NAME_PATTERN = "token|secret|private_?key|password|api_?key";
