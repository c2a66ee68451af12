import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import type { EnvironmentName } from "../config/environments";
import { ProjectFiles, projectFiles } from "../config/governance";
import { NAMESPACE, requiredSecretKeys } from "../config/parse";
import { STACK_PROFILES } from "../config/stackProfiles";
import { AppCatalogue, endpointKeys, keyedAppKeys } from "../definitions/catalogue";
import type { PackConfig } from "../offline/policies";
import { AliasRecord, ProgramRun, Registration, isSecretEnvelope, runProgram } from "../offline/run";
import { findProjectDir, readStackFile } from "../offline/stackFile";
import { FIXTURE_CATALOGUE } from "./fixtures/catalogue";

/** The project root (the folder holding Pulumi.yaml), wherever the compiled tests run from. */
export const PROJECT_DIR = findProjectDir(__dirname);

/**
 * The tests' own project folder: fixture stack files for the fixture catalogue. Behaviour tests run on these,
 * so their literal expectations never depend on the repository's own stack files or catalogue.
 */
export const FIXTURE_DIR = path.join(PROJECT_DIR, "tests", "fixtures", "project");

/** The lines of a Node stack trace in a command's output: an error path prints none. */
export function stackFrames(text: string): string[] {
  return text.split("\n").filter((l) => /^\s+at /.test(l));
}

/**
 * Runs the real plan command (bin/tools/plan.js) on a project of its own in a new temporary folder: this
 * repository's Pulumi.yaml, `Pulumi.<stack>.yaml` holding `config`, and any other `files` (relative path -> text),
 * with `args` after `--project-dir`.
 */
export function planOneStack(
  stack: string,
  config: Record<string, unknown>,
  opts: { files?: Readonly<Record<string, string>>; args?: readonly string[] } = {},
): { status: number | null; stdout: string; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-plan-"));
  fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config }));
  for (const [file, text] of Object.entries(opts.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const plan = path.join(PROJECT_DIR, "bin", "tools", "plan.js");
  const r = spawnSync(process.execPath, [plan, "--project-dir", dir, ...(opts.args ?? [])], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const PROJECT = "okta-mmod";

/** Secret values the tests set; none of them may ever show up outside a secret envelope. */
export const TEST_SECRETS = {
  "okta-mmod:registrationHookAuth": "hook-auth-4f1c9e",
  "okta-mmod:privateKey": "-----BEGIN PRIVATE KEY-----private-key-8d2b71-----END PRIVATE KEY-----",
  "okta-mmod:apiToken": "00api-token-5e03aa",
  "okta-mmod:githubToken": "ghp_test-github-token-77c1",
  "okta-mmod:tfeToken": "test-tfe-token.atlasv1.9a2f",
  "okta-mmod:pulumiAccessToken": "pul-test-access-token-3b8e",
  "okta-mmod:tfcNotificationUrl": "https://hooks.slack.com/services/T000/B000/test-webhook-4d6a",
} as const;

/**
 * The secrets a fixture stack may need: the hook's header value (a header-authenticated hook) and the drift
 * notification's URL (no write credential). A run sets only those its config asks for.
 */
export const STACK_SECRETS: Readonly<Record<string, string>> = {
  "okta-mmod:registrationHookAuth": TEST_SECRETS["okta-mmod:registrationHookAuth"],
  "okta-mmod:tfcNotificationUrl": TEST_SECRETS["okta-mmod:tfcNotificationUrl"],
};

/** App endpoints of the fixture catalogue, for component tests that do not go through a stack file. */
export const TEST_ENDPOINTS = {
  "customer-portal": { baseUrl: "https://portal.example.com", extraRedirectUris: [] },
  "super-widget": { baseUrl: "https://widget.example.com", extraRedirectUris: [] },
  "example-portal": { baseUrl: "https://example.example.com", extraRedirectUris: [] },
  "my-app": { baseUrl: "https://myapp.example.com", extraRedirectUris: [] },
};

/**
 * A stack file's `okta-mmod:apps` for a catalogue: a URL of the tests' own per app that lives at one, and a JWKS URL
 * per confidential app (which a prod-grade stack must give). For runs of the real commands, which declare the
 * repository's catalogue, whatever apps a team has put in it.
 */
export function testApps(catalogue: AppCatalogue): Record<string, { baseUrl?: string; jwksUri?: string }> {
  const apps: Record<string, { baseUrl?: string; jwksUri?: string }> = {};
  for (const key of endpointKeys(catalogue)) apps[key] = { baseUrl: `https://${key}.example.com` };
  for (const key of keyedAppKeys(catalogue)) {
    apps[key] = { ...apps[key], jwksUri: `https://${key}.example.com/.well-known/jwks.json` };
  }
  return apps;
}

/** A stack file's `okta-mmod:audiences` for a catalogue: an audience of the tests' own per authorization server. */
export function testAudiences(catalogue: AppCatalogue): Record<string, string[]> {
  return Object.fromEntries(catalogue.authServers.map((s) => [s.key, [`api://${s.key}.example.com`]]));
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const main = require("../index") as (
  catalogue?: AppCatalogue,
  bindings?: Readonly<Record<string, EnvironmentName>>,
  files?: ProjectFiles,
) => unknown;

/** The fixture project's files: its own stack files, and the repository's policy pack. */
export const FIXTURE_FILES: ProjectFiles = {
  stacksDir: FIXTURE_DIR,
  policyPackDir: path.join(PROJECT_DIR, "policy-pack"),
};

/** The real program, declaring the fixture catalogue's apps under the shipped binding, in a project's files. */
export const fixtureProgramIn =
  (files: ProjectFiles): (() => unknown) =>
  () =>
    main(FIXTURE_CATALOGUE, STACK_PROFILES, files);

/**
 * The real program, declaring the fixture catalogue's apps under the shipped binding, in the project it is run
 * in (the plan's --project-dir, the fixture project for runStack), with the repository's policy pack.
 */
export const fixtureProgram = (): unknown =>
  main(FIXTURE_CATALOGUE, STACK_PROFILES, { ...FIXTURE_FILES, stacksDir: projectFiles().stacksDir });

/** The hosts of the fixture prod stack's app URLs. */
const FIXTURE_PROD_HOSTS = [
  "portal.iatcore.com",
  "example-portal.iatcore.com",
  "myapp.iatcore.com",
  "super-widget.oktaprise.com",
];

/**
 * An environment's guardrail profile (policy-pack/config/<environment>.json) as it applies to the fixture
 * stacks: the levels are the pack's own, but the allowed redirect hosts are the fixtures', so a team that
 * lists its own hosts there does not break the tests.
 */
export function fixturePackConfig(environment: string): PackConfig {
  const file = path.join(PROJECT_DIR, "policy-pack", "config", `${environment}.json`);
  const config = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, Record<string, unknown>>;
  const hosts = config["okta-oauth-app-https-redirect-uris"];
  if (Array.isArray(hosts?.allowedRedirectHosts) && hosts.allowedRedirectHosts.length > 0) {
    hosts.allowedRedirectHosts = FIXTURE_PROD_HOSTS;
  }
  return config as PackConfig;
}

/** What the plan runs on the fixture stacks. */
export const FIXTURE_PLAN_SUBJECT = { program: fixtureProgram, profileOf: fixturePackConfig };

export interface StackRunOptions {
  /** Config to add or override (full keys, string values). */
  readonly config?: Readonly<Record<string, string>>;
  /** Secret config to add (full keys). Default: those of {@link STACK_SECRETS} the stack's config asks for. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Keys to remove from the stack file's config. */
  readonly remove?: readonly string[];
}

/**
 * Runs the real program for a fixture stack under mocks: the stack file's config (its encrypted values stay
 * secret placeholders, as offline) plus test secrets.
 */
export async function runStack(stack: string, options: StackRunOptions = {}): Promise<ProgramRun> {
  const file = readStackFile(FIXTURE_DIR, stack);
  return runWithConfig(stack, { ...file.config, ...options.config }, options, file.secretKeys);
}

/**
 * The test secrets a config asks for, as the CLI would prompt for them (config/parse.ts `requiredSecretKeys`): a
 * prod stack that notifies by email needs no notification URL, and a key it may not hold is never added.
 */
function neededSecrets(config: Readonly<Record<string, string>>): Record<string, string> {
  const needed = new Set(secretKeysNeeded(config));
  return Object.fromEntries(Object.entries(STACK_SECRETS).filter(([k]) => needed.has(k)));
}

/** The full keys a stack's config (full keys) must set as secrets: what the CLI would ask for. */
export function secretKeysNeeded(config: Readonly<Record<string, string>>): string[] {
  const prefix = `${NAMESPACE}:`;
  const values = Object.fromEntries(
    Object.entries(config)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  );
  return requiredSecretKeys(values).map((k) => `${prefix}${k}`);
}

/** Runs the real program (fixture catalogue) with a config written by the test (no stack file). */
export async function runWithConfig(
  stack: string,
  config: Readonly<Record<string, string>>,
  options: StackRunOptions = {},
  encryptedKeys: readonly string[] = [],
): Promise<ProgramRun> {
  const secrets = options.secrets ?? neededSecrets(config);
  const merged: Record<string, string> = { ...config, ...secrets };
  for (const key of options.remove ?? []) delete merged[key];
  const secretKeys = [...new Set([...encryptedKeys, ...Object.keys(secrets)])].filter((k) => k in merged);
  return runProgram({
    project: PROJECT,
    stack,
    config: merged,
    secretKeys,
    program: fixtureProgram,
    rootDirectory: FIXTURE_DIR,
  });
}

export function byType(run: ProgramRun, type: string): Registration[] {
  return run.registrations.filter((r) => r.type === type);
}

export function countByType(run: ProgramRun): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of run.registrations) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** The one registration of a type and logical name; fails the test when there is not exactly one. */
export function find(run: ProgramRun, type: string, name: string): Registration {
  const found = run.registrations.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0] as Registration;
}

/** Every string leaf of a value that is not inside a secret envelope, with its path. */
export function plainStrings(value: unknown, at = ""): { path: string; value: string }[] {
  if (isSecretEnvelope(value)) return [];
  if (typeof value === "string") return [{ path: at, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => plainStrings(v, `${at}[${i}]`));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => plainStrings(v, at ? `${at}.${k}` : k));
  }
  return [];
}

/** Unwraps secret envelopes, for asserting on a secret's presence and shape. */
export function unwrap(value: unknown): unknown {
  if (isSecretEnvelope(value)) return unwrap(value.value);
  if (Array.isArray(value)) return value.map(unwrap);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrap(v)]));
  }
  return value;
}

/**
 * A URN as the engine builds it: the parent's full type chain (the root stack's type left out), then the type
 * and name (the engine's CreateURN, mirrored by `createUrn` in @pulumi/pulumi's resource.ts). The SDK's mock
 * monitor keeps only the parent's last type, so URNs that matter to existing state are computed here.
 */
function urnFrom(stack: string, project: string, parentUrn: string, type: string, name: string): string {
  const root = `urn:pulumi:${stack}::${project}::`;
  const parentChain = parentUrn === "" ? "" : parentUrn.slice(root.length, parentUrn.lastIndexOf("::"));
  const chain = parentChain === "" || parentChain === "pulumi:pulumi:Stack" ? type : `${parentChain}$${type}`;
  return `${root}${chain}::${name}`;
}

function registrationAt(run: ProgramRun, mockUrn: string): Registration {
  const found = run.registrations.find((r) => r.urn === mockUrn);
  if (found === undefined) throw new Error(`no registration with URN ${mockUrn}`);
  return found;
}

/** The URN the engine gives a registration (see {@link urnFrom}). */
export function engineUrn(run: ProgramRun, r: Registration): string {
  const parent = r.parent === "" ? "" : engineUrn(run, registrationAt(run, r.parent));
  return urnFrom(run.stack, PROJECT, parent, r.type, r.name);
}

/** The URNs a registration's aliases stand for, resolved as the engine resolves alias specs. */
export function aliasUrns(run: ProgramRun, r: Registration): string[] {
  return r.aliases.map((a: AliasRecord) => {
    if ("urn" in a) return a.urn;
    const parent = a.noParent ? "" : a.parentUrn === "" ? r.parent : a.parentUrn;
    const parentUrn = parent === "" ? "" : engineUrn(run, registrationAt(run, parent));
    return urnFrom(a.stack || run.stack, a.project || PROJECT, parentUrn, a.type || r.type, a.name || r.name);
  });
}
