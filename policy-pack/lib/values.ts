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

/**
 * A known string in upper case, or undefined. Okta reads enum-like values (factor modes, access, prompts, role
 * types, statuses) without regard to case, so a rule that compared them exactly could be dodged with "1fa".
 */
export function upper(value: unknown): string | undefined {
  return str(value)?.toUpperCase();
}

/** The known string elements of a list in lower case (grant and response types), or undefined when unset. */
export function lowerAll(value: unknown): string[] | undefined {
  return strings(value)?.map((s) => s.toLowerCase());
}

/**
 * The properties behind a proxy that calls `onUnknown` with the path (`vcsRepo[0].branch`) of every unknown value
 * a check reads. The check itself still sees the sentinel and skips the value; the guardrail then reports, as an
 * advisory, that the check could not be verified at preview, instead of passing in silence.
 */
export function trackUnknowns(props: Props, onUnknown: (path: string) => void): Props {
  const track = (value: unknown, path: string): unknown => {
    if (typeof value !== "object" || value === null) return value;
    return new Proxy(value, {
      get(target, key, receiver) {
        const v: unknown = Reflect.get(target, key, receiver);
        if (typeof key !== "string") return v;
        // A proxy must return a frozen property's own value.
        const own = Reflect.getOwnPropertyDescriptor(target, key);
        if (own !== undefined && !own.configurable && !own.writable) return v;
        const isIndex = Array.isArray(target) && /^\d+$/.test(key);
        // Array methods and `length` are not properties of the resource.
        if (Array.isArray(target) && !isIndex) return v;
        const at = isIndex ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
        if (isUnknown(v)) {
          onUnknown(at);
          return v;
        }
        return track(v, at);
      },
    });
  };
  return track(props, "") as Props;
}
