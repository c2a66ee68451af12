import { isEnvironmentName, isProdGrade } from "../config/environments";
import { ProgramRun, isSecretEnvelope } from "../offline/run";

/**
 * "Prod holds no secret a stack reader can decrypt": with Pulumi Cloud's secrets provider, any token that can read
 * a stack (the pull-request preview's and the drift check's `<stack>-read` ones included) decrypts every secret of
 * its config, its state and its outputs. So a prod-grade stack may have none of them, whatever the value.
 */
export interface ProdSecretSubject {
  readonly stack: string;
  /** The profile the run reports (its `environment` output). */
  readonly environment: string;
  readonly run: ProgramRun;
  /** Full keys the stack's config holds encrypted (`secure:`) or needs as secrets (`requiredSecretKeys`). */
  readonly secretKeys: readonly string[];
  /** The secret values the run was given, to find them in plain text too. */
  readonly secretValues: readonly string[];
  /**
   * Values the stack file shows in plain text (its org name, say). An SDK that marks every value of a property
   * secret (@pulumi/tfe's `Variable.value`) encrypts them, but whoever reads the stack file has them already.
   */
  readonly plainValues: readonly string[];
}

/**
 * Every place in `value` that is a Pulumi secret (other than one of `plain`) or holds one of `values` in plain
 * text, as `path: what`.
 */
function secretsIn(value: unknown, values: readonly string[], at: string, plain: readonly string[] = []): string[] {
  if (isSecretEnvelope(value)) {
    const inside = value.value;
    return typeof inside === "string" && plain.includes(inside)
      ? []
      : [`${at || "(the whole value)"}: a Pulumi secret`];
  }
  if (typeof value === "string") {
    return values.some((v) => v !== "" && value.includes(v)) ? [`${at}: a configured secret value in plain text`] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => secretsIn(v, values, `${at}[${i}]`, plain));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => secretsIn(v, values, at ? `${at}.${k}` : k, plain));
  }
  return [];
}

/** Why a prod-grade stack would hold a secret a stack reader can decrypt: one line per place, or none. */
export function prodSecretProblems(s: ProdSecretSubject): string[] {
  if (!isEnvironmentName(s.environment) || !isProdGrade(s.environment)) return [];
  const problems = s.secretKeys.map(
    (key) => `${s.stack}: its config needs the secret ${key}: a prod-grade stack's config holds none`,
  );
  for (const r of s.run.registrations) {
    for (const found of secretsIn(r.inputs, s.secretValues, "", s.plainValues)) {
      problems.push(`${s.stack}: ${r.urn} input ${found}`);
    }
    // What the provider would keep in the state under the properties its SDK marks secret.
    for (const name of r.additionalSecretOutputs) {
      const kept = r.outputs[name];
      const shown = isSecretEnvelope(kept) ? kept.value : kept;
      if (shown !== undefined && shown !== null && shown !== "" && !s.plainValues.includes(String(shown))) {
        problems.push(`${s.stack}: ${r.urn} keeps the secret output ${name} in the state`);
      }
    }
    // The outputs the provider computes (the inputs it echoes are checked above).
    const computed = Object.fromEntries(Object.entries(r.outputs).filter(([k]) => !(k in r.inputs)));
    for (const found of secretsIn(computed, s.secretValues, "")) problems.push(`${s.stack}: ${r.urn} output ${found}`);
  }
  for (const found of secretsIn(s.run.outputs, s.secretValues, "")) problems.push(`${s.stack}: stack output ${found}`);
  return problems;
}
