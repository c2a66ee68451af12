/** The signature Pulumi puts on a serialized secret value, under this key. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** True for a serialized secret envelope (`{[SIG_KEY]: SECRET_SIG, value}`). Loads no SDK. */
export function isSecretEnvelope(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}
