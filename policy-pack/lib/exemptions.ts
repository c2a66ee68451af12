/**
 * Exemptions: a waiver of one policy for one resource, written in the policy pack config. Each names its
 * resource exactly (by URN, or by type and logical name), says why, who owns it and when it ends; after that
 * date it no longer applies. The policy that waives a finding reports the waiver itself (as an advisory), so no
 * other policy can be turned off to hide it.
 */

/** One exemption as the config gives it, validated. */
export interface Exemption {
  readonly urn?: string;
  readonly type?: string;
  readonly name?: string;
  readonly reason: string;
  readonly owner: string;
  /** Last day (UTC, YYYY-MM-DD) on which it applies. */
  readonly expires: string;
}

/** What a finding is about, for matching exemptions. */
export interface Subject {
  readonly urn?: string;
  readonly type?: string;
  readonly name?: string;
}

const KEYS = ["urn", "type", "name", "reason", "owner", "expires"];

/** A value as messages show it: JSON, cut to 60 characters. */
export function shown(value: unknown): string {
  const text = value === undefined ? "undefined" : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** How far ahead an exemption may end: a waiver is renewed on review, never left open with a far-off date. */
export const MAX_EXEMPTION_DAYS = 366;

/** The date `days` after `today` (both YYYY-MM-DD, UTC). */
function daysAfter(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The exemptions of a policy's config, and every problem with them at once (`exemptions[1].owner: ...`). */
export function parseExemptions(
  value: unknown,
  today: string = new Date().toISOString().slice(0, 10),
): { exemptions: Exemption[]; problems: string[] } {
  if (value === undefined) return { exemptions: [], problems: [] };
  if (!Array.isArray(value)) {
    return { exemptions: [], problems: [`exemptions: must be a list of exemptions (got ${shown(value)})`] };
  }
  const problems: string[] = [];
  const exemptions: Exemption[] = [];
  value.forEach((item: unknown, i) => {
    const at = `exemptions[${i}]`;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      problems.push(
        `${at}: must be an object with reason, owner, expires and urn (or type and name) (got ${shown(item)})`,
      );
      return;
    }
    const entry = item as Record<string, unknown>;
    const before = problems.length;
    for (const key of Object.keys(entry).filter((k) => !KEYS.includes(k))) {
      problems.push(`${at}.${key}: unknown key (allowed: ${KEYS.join(", ")})`);
    }
    for (const key of KEYS) {
      const v = entry[key];
      if (v !== undefined && (typeof v !== "string" || v.trim() === "")) {
        problems.push(`${at}.${key}: must be a non-empty string (got ${shown(v)})`);
      }
    }
    for (const key of ["reason", "owner", "expires"]) {
      if (entry[key] === undefined) problems.push(`${at}.${key}: is required`);
    }
    if (typeof entry.expires === "string" && entry.expires.trim() !== "" && !isDate(entry.expires)) {
      problems.push(`${at}.expires: must be a date, YYYY-MM-DD (got ${shown(entry.expires)})`);
    } else if (typeof entry.expires === "string" && entry.expires > daysAfter(today, MAX_EXEMPTION_DAYS)) {
      problems.push(
        `${at}.expires: must be at most ${MAX_EXEMPTION_DAYS} days ahead, by ${daysAfter(today, MAX_EXEMPTION_DAYS)} (got ${shown(entry.expires)}): renew it when it ends`,
      );
    }
    const byUrn = entry.urn !== undefined;
    const byName = entry.type !== undefined || entry.name !== undefined;
    if (byUrn === byName) {
      problems.push(`${at}: name the resource by urn, or by type and name (not both, not neither)`);
    } else if (byName && (entry.type === undefined || entry.name === undefined)) {
      problems.push(
        `${at}: ${entry.type === undefined ? "type" : "name"} is required with ${entry.type === undefined ? "name" : "type"}`,
      );
    }
    if (problems.length === before) exemptions.push(entry as unknown as Exemption);
  });
  return { exemptions, problems };
}

/** The exemption that names this subject, if any. */
export function exemptionFor(exemptions: readonly Exemption[], subject: Subject): Exemption | undefined {
  return exemptions.find((e) =>
    e.urn !== undefined
      ? subject.urn !== undefined && e.urn === subject.urn
      : subject.type !== undefined && e.type === subject.type && e.name === subject.name,
  );
}

/** Whether an exemption still applies on `today` (YYYY-MM-DD, UTC): through its expiry date, not after. */
export function inForce(exemption: Exemption, today: string): boolean {
  return today <= exemption.expires;
}
