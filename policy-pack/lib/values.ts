/**
 * Reading resource properties as the policy runtime hands them over. During `pulumi preview` a value that
 * depends on a resource not created yet is unknown; the runtime marks it with a sentinel string and throws
 * when a policy touches it. Policies here read the raw values instead and skip what is unknown: the same
 * policy runs again at `pulumi up`, when every input is known.
 */

// The sentinels are the runtime's own (@pulumi/policy 1.21, proxy.js); its typings do not export them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;

const SENTINELS: ReadonlySet<unknown> = new Set(
  [
    "unknownBooleanValue",
    "unknownNumberValue",
    "unknownStringValue",
    "unknownArrayValue",
    "unknownAssetValue",
    "unknownArchiveValue",
    "unknownObjectValue",
  ].map((k) => proxy[k]),
);

const PROXY_TARGET = "__getSpecialProxyTarget";

export type Props = Readonly<Record<string, unknown>>;

/** The raw properties behind the runtime's unknown-checking proxy (or the object itself). */
export function rawProps(props: unknown): Props {
  const target = (props as Record<string, unknown>)[PROXY_TARGET];
  return (target ?? props) as Props;
}

/** True for a value that is not known during preview. */
export function isUnknown(value: unknown): boolean {
  return SENTINELS.has(value);
}

/** The known string elements of a list (undefined when the property is unset). */
export function strings(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return typeof value === "string" && !isUnknown(value) ? [value] : [];
  return value.filter((v): v is string => typeof v === "string" && !isUnknown(v));
}

/** A known string, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === "string" && !isUnknown(value) ? value : undefined;
}

/** A known number (providers' config arrives as strings: "50"), or undefined. */
export function num(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && !isUnknown(value) && value.trim() !== "" && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  return undefined;
}

/** A known boolean (providers' config arrives as strings: "true"), or undefined. */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** The first element of a single-item nested block (Terraform-style `[{...}]`), or the object itself. */
export function block(value: unknown): Props | undefined {
  const item = Array.isArray(value) ? value[0] : value;
  return typeof item === "object" && item !== null && !isUnknown(item) ? (item as Props) : undefined;
}

/** True when a value, or anything nested in it, is unknown. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}
