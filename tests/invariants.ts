import * as fs from "fs";
import * as path from "path";
import { isProtected } from "../components/protection";
import type { EnvironmentName } from "../config/environments";
import type { ProjectFiles } from "../config/governance";
import { NAMESPACE, requiredSecretKeys } from "../config/parse";
import { STACK_PROFILES } from "../config/stackProfiles";
import type { AppCatalogue } from "../definitions/catalogue";
import { SIBLING_CHECKED_TYPES, declaredObjects, stackFileIdentity } from "../config/siblings";
import { DeclaredResource, duplicateObjects, identityOf, withProviders } from "../offline/crossStack";
import { PackConfig, evaluatePolicies } from "../offline/policies";
import { ProgramRun, runProgram } from "../offline/run";
import { listStacks, readStackFile } from "../offline/stackFile";
import { policies } from "../policy-pack/policies";
import { prodSecretProblems } from "./prodSecrets";
import { PROJECT, PROJECT_DIR, TEST_SECRETS, plainStrings, unwrap } from "./support";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const main = require("../index") as (
  catalogue: AppCatalogue,
  bindings: Readonly<Record<string, EnvironmentName>>,
  files: ProjectFiles,
) => unknown;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const APP_TYPES = new Set(["okta:app/oAuth:OAuth", "okta:app/saml:Saml"]);
const ASSIGNMENTS = "okta:index/appGroupAssignments:AppGroupAssignments";
const SIGN_ON_POLICY = "okta:index/appSignonPolicy:AppSignonPolicy";

/** An environment's guardrail profile (the policy pack config for it). */
export type ProfileOf = (environment: string) => PackConfig;

/** A folder of policy pack configs, one `<environment>.json` per environment. */
export function profilesIn(dir: string): ProfileOf {
  return (environment) => JSON.parse(fs.readFileSync(path.join(dir, `${environment}.json`), "utf8")) as PackConfig;
}

/** One stack of a project, run the way the engine would run it, with what the checks need alongside. */
interface CheckedStack {
  readonly stack: string;
  readonly environment: string;
  readonly run: ProgramRun;
  readonly disabledProviders: readonly string[];
  /** Full keys its config holds encrypted or needs as secrets, and the values the run was given for them. */
  readonly secretKeys: readonly string[];
  readonly secretValues: readonly string[];
  readonly plainValues: readonly string[];
}

/**
 * Runs one stack file of `dir` under mocks with `catalogue`: encrypted values stay encrypted (secret
 * placeholders), and the secrets the stack needs but does not hold get test values (as the CI's secrets would).
 */
/** The files of a project folder; a folder without a policy pack of its own uses the repository's. */
function projectFiles(dir: string): ProjectFiles {
  const own = path.join(dir, "policy-pack");
  return { stacksDir: dir, policyPackDir: fs.existsSync(own) ? own : path.join(PROJECT_DIR, "policy-pack") };
}

async function runProjectStack(
  dir: string,
  stack: string,
  catalogue: AppCatalogue,
  bindings: Readonly<Record<string, EnvironmentName>>,
): Promise<CheckedStack> {
  const file = readStackFile(dir, stack);
  const values = Object.fromEntries(
    Object.entries(file.config)
      .filter(([k]) => k.startsWith(`${NAMESPACE}:`))
      .map(([k, v]) => [k.slice(NAMESPACE.length + 1), v]),
  );
  const config: Record<string, string> = { ...file.config };
  const secretKeys = new Set(file.secretKeys);
  for (const key of requiredSecretKeys(values).map((k) => `${NAMESPACE}:${k}`)) {
    if (config[key] === undefined) {
      config[key] = (TEST_SECRETS as Record<string, string>)[key] ?? `test-value-for-${key}`;
      secretKeys.add(key);
    }
  }
  const run = await runProgram({
    project: PROJECT,
    stack,
    config,
    secretKeys: [...secretKeys],
    // As `pulumi up` runs it in the project folder: the stacks its Pulumi Cloud access lists are that folder's.
    program: () => main(catalogue, bindings, projectFiles(dir)),
    // The folder the CLI would name as the root: apps files and the other stack files are read from there.
    rootDirectory: path.resolve(dir),
  });
  let disabled: unknown = [];
  try {
    disabled = JSON.parse(config["pulumi:disable-default-providers"] ?? "[]");
  } catch {
    disabled = [];
  }
  return {
    stack,
    environment: String(run.outputs.environment),
    run,
    disabledProviders: Array.isArray(disabled) ? disabled.map(String) : [],
    secretKeys: [...secretKeys],
    secretValues: [...secretKeys].flatMap((k) => config[k] ?? []),
    plainValues: Object.entries(file.config)
      .filter(([k]) => !secretKeys.has(k))
      .map(([, v]) => v),
  };
}

const packageOf = (type: string) => (type.startsWith("pulumi:providers:") ? type.split(":")[2] : type.split(":")[0]);

function providerChecks(s: CheckedStack, problems: string[]): void {
  const packages = new Set(s.run.registrations.filter((r) => r.custom).map((r) => packageOf(r.type) as string));
  packages.delete("pulumi");
  // Dynamic resources run their own provider in the program's process: there is no default provider to disable.
  packages.delete("pulumi-nodejs");
  for (const pkg of [...packages].sort()) {
    if (!s.disabledProviders.includes(pkg)) {
      problems.push(`${s.stack}: pulumi:disable-default-providers does not list "${pkg}", whose resources it declares`);
    }
  }
  const oktaProviders = new Set(
    s.run.registrations.filter((r) => r.type === "pulumi:providers:okta").map((r) => r.urn),
  );
  for (const r of s.run.registrations.filter((x) => x.type.startsWith("okta:"))) {
    const provider = r.provider.slice(0, r.provider.lastIndexOf("::"));
    if (!oktaProviders.has(provider)) problems.push(`${s.stack}: ${r.urn} does not use the stack's Okta provider`);
  }
}

function appChecks(s: CheckedStack, catalogue: AppCatalogue, problems: string[]): void {
  const apps = s.run.registrations.filter((r) => APP_TYPES.has(r.type));
  if (apps.length !== catalogue.apps.length) {
    problems.push(`${s.stack}: declares ${apps.length} apps, the catalogue has ${catalogue.apps.length}`);
  }
  const byUrn = new Map(s.run.registrations.map((r) => [r.urn, r]));
  for (const app of apps) {
    const service = app.inputs.type === "service";
    const policies = (app.propertyDependencies.authenticationPolicy ?? []).map((u) => byUrn.get(u)?.type);
    const assignments = s.run.registrations.filter(
      (r) => r.type === ASSIGNMENTS && (r.propertyDependencies.appId ?? []).includes(app.urn),
    );
    if (service) {
      if (policies.length > 0 || assignments.length > 0) {
        problems.push(`${s.stack}: service app ${app.name} has a sign-on policy or group assignments`);
      }
      continue;
    }
    if (policies.length !== 1 || policies[0] !== SIGN_ON_POLICY) {
      problems.push(`${s.stack}: app ${app.name} is not linked to exactly one app sign-on policy`);
    }
    if (assignments.length !== 1) {
      problems.push(`${s.stack}: app ${app.name} has ${assignments.length} group assignment resources, not 1`);
    }
  }
}

/**
 * The OAuth apps of a run that would authenticate with a shared client secret: any method but private_key_jwt with
 * its keys (jwks or jwksUri) or none with PKCE, and any app given a client secret. Read from the program's inputs,
 * not through the guardrail, so a change to either is caught by the other.
 */
export function sharedSecretApps(run: ProgramRun): string[] {
  return run.registrations
    .filter((r) => r.type === "okta:app/oAuth:OAuth")
    .filter((r) => {
      const i = r.inputs;
      if (i.clientBasicSecret !== undefined || i.clientBasicSecretWo !== undefined) return true;
      if (i.tokenEndpointAuthMethod === "none") return i.pkceRequired !== true;
      const keys = (Array.isArray(i.jwks) && i.jwks.length > 0) || (typeof i.jwksUri === "string" && i.jwksUri !== "");
      return i.tokenEndpointAuthMethod !== "private_key_jwt" || !keys;
    })
    .map((r) => r.name);
}

function prodChecks(s: CheckedStack, problems: string[]): void {
  if (s.environment !== "prod") return;
  for (const app of sharedSecretApps(s.run)) {
    problems.push(`${s.stack}: app ${app} authenticates with a shared client secret; prod's apps use private_key_jwt`);
  }
  if (s.run.outputs.clientSecrets !== undefined) {
    problems.push(`${s.stack}: exports clientSecrets; a prod stack has no client secret to export`);
  }
  const okta = s.run.registrations.filter((r) => r.type.startsWith("okta:"));
  for (const r of okta) {
    for (const leaf of plainStrings(r.inputs)) {
      // URLs browsers are sent to or fetch; an audience such as api://example.com is a name, not a location.
      if (!/^https?:\/\//i.test(leaf.value)) continue;
      const url = new URL(leaf.value);
      if (url.protocol !== "https:" || LOOPBACK.has(url.hostname)) {
        problems.push(`${s.stack}: ${r.name}.${leaf.path} is "${leaf.value}": prod takes https:// on real hosts only`);
      }
    }
  }
  for (const r of s.run.registrations) {
    if (isProtected(r.type, true) && !r.protect) {
      problems.push(`${s.stack}: ${r.name} (${r.type}) is not protected in prod`);
    }
  }
}

function secretChecks(s: CheckedStack, problems: string[]): void {
  const clientSecrets = Object.values((unwrap(s.run.outputs.clientSecrets) ?? {}) as Record<string, string>);
  const forbidden = [...Object.values(TEST_SECRETS), ...clientSecrets];
  const leaks = [
    ...s.run.registrations.flatMap((r) => plainStrings(r.inputs).map((l) => ({ at: `${r.name}.${l.path}`, ...l }))),
    ...plainStrings(s.run.outputs).map((l) => ({ at: `stack output ${l.path}`, ...l })),
  ].filter((l) => forbidden.some((f) => l.value.includes(f)));
  for (const leak of leaks) problems.push(`${s.stack}: a secret value is in plain text at ${leak.at}`);
}

async function guardrailChecks(s: CheckedStack, profileOf: ProfileOf, problems: string[]): Promise<void> {
  for (const v of await evaluatePolicies(s.run, policies, profileOf(s.environment))) {
    if (v.level === "mandatory") problems.push(`${s.stack}: mandatory guardrail ${v.policy}: ${v.message}`);
  }
}

/** A run's resources with plain inputs, each with its provider's inputs. */
function declared(s: CheckedStack): DeclaredResource[] {
  return withProviders(
    s.run.registrations.map((r) => ({
      urn: r.urn,
      type: r.type,
      provider: r.provider,
      inputs: Object.fromEntries(Object.entries(r.inputs).map(([k, v]) => [k, unwrap(v)])),
    })),
  );
}

function crossStackChecks(stacks: readonly CheckedStack[], problems: string[]): void {
  problems.push(...duplicateObjects(stacks.map((s) => ({ stack: s.stack, resources: declared(s) }))));
}

/**
 * What `pulumi up` checks against the other stack files (config/siblings.ts) is what the program declares: the
 * objects predicted from the stack file's plain values are exactly those the run registers, type by type.
 */
function siblingCheckCoverage(
  dir: string,
  s: CheckedStack,
  bindings: Readonly<Record<string, EnvironmentName>>,
  problems: string[],
): void {
  const types: readonly string[] = SIBLING_CHECKED_TYPES;
  const predicted = stackFileIdentity(dir, s.stack, PROJECT, bindings);
  const expected = new Set(
    (predicted === undefined ? [] : declaredObjects(predicted, listStacks(dir), bindings).resources).map((r) =>
      identityOf(r.type, r.inputs, r.provider),
    ),
  );
  const actual = new Set(
    declared(s)
      .filter((r) => types.includes(r.type))
      .map((r) => identityOf(r.type, r.inputs, r.provider)),
  );
  for (const id of [...actual].filter((x) => !expected.has(x))) {
    problems.push(`${s.stack}: declares ${id}, which the check against other stack files does not foresee`);
  }
  for (const id of [...expected].filter((x) => !actual.has(x))) {
    problems.push(`${s.stack}: the check against other stack files foresees ${id}, which the program does not declare`);
  }
}

/**
 * Everything that must hold for any valid content of a project's stack files and app catalogue, whatever
 * apps and orgs it has: each stack runs; every resource provider is explicit; every app is linked to a
 * sign-on policy and has one group assignment (service apps neither); prod has no loopback or http:// URI,
 * no app with a shared client secret, and protects every identity-bearing resource; no mandatory guardrail fails at the stack's profile; no
 * secret is in plain text; no two stacks manage the same org or the same delivery object; what `pulumi up` checks
 * against the other stack files is what the program declares. Returns the
 * broken invariants (empty when all hold).
 */
export async function projectProblems(
  dir: string,
  catalogue: AppCatalogue,
  profileOf: ProfileOf,
  bindings: Readonly<Record<string, EnvironmentName>> = STACK_PROFILES,
): Promise<string[]> {
  const problems: string[] = [];
  const stacks: CheckedStack[] = [];
  for (const stack of listStacks(dir)) {
    let checked: CheckedStack;
    try {
      checked = await runProjectStack(dir, stack, catalogue, bindings);
    } catch (err) {
      problems.push(`${stack}: does not run: ${(err as Error).message}`);
      continue;
    }
    stacks.push(checked);
    providerChecks(checked, problems);
    appChecks(checked, catalogue, problems);
    prodChecks(checked, problems);
    secretChecks(checked, problems);
    problems.push(...prodSecretProblems(checked));
    await guardrailChecks(checked, profileOf, problems);
    siblingCheckCoverage(dir, checked, bindings, problems);
  }
  crossStackChecks(stacks, problems);
  return problems;
}
