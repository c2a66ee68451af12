/** Shell-style pattern match with `*` only (`*.iatcore.com`, `okta.*`, `okta:app/*`). */
export function matches(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(value);
}
