import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { stringify } from "yaml";
import { appsFileOf } from "../config/appsFile";
import { APPS_PER_BATCH, inBatches, withoutStackCapture } from "../components/declaration";
import type { EnvironmentName } from "../config/environments";
import type { AppCatalogue } from "../definitions/catalogue";
import {
  Invocation,
  MOCK_EVERYONE_GROUP_ID,
  ProgramRun,
  Registration,
  RunOptions,
  isSecretEnvelope,
  mockId,
  runProgram,
} from "../offline/run";
import { generateCatalogue } from "./catalogue";

/**
 * One measured evaluation, in a process of its own (the SDK's runtime is global and the peak RSS is the
 * process's): `node evaluate.js <apps> component|flat|record <file>`. Prints one JSON line on stdout.
 *
 * - component: the real program (index.ts) with a generated catalogue of <apps> apps.
 * - record: the same run, unmeasured, writing its custom-resource registrations and data-source calls to <file>.
 * - flat: registers the resources recorded in <file> directly, with no component around them and the same
 *   declaration strategy ({@link flatProgram}). The component run's time over this one is the component layer's
 *   overhead.
 */

export interface Measurement {
  readonly apps: number;
  readonly mode: "component" | "flat";
  /** Every registration: the stack, components and custom resources. */
  readonly resources: number;
  /** Custom resources only: what the flat registration must match. */
  readonly customResources: number;
  readonly wallMs: number;
  /** User plus system CPU time of the evaluation. */
  readonly cpuMs: number;
  readonly peakRssMiB: number;
  /** The machine's one-minute load average when the evaluation started and when it ended. */
  readonly loadAverage: readonly [number, number];
}

const PROJECT = "okta-mmod";
/** The benchmark's own stack, bound to the dev profile by the binding it passes to the program. */
const STACK = "bench";

/**
 * A dev org's configuration, its apps' URLs in the stack's apps file as a large org keeps them
 * (config/appsFile.ts), written into `projectDir`.
 */
function benchConfig(
  projectDir: string,
  endpoints: Readonly<Record<string, unknown>>,
  audiences: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const file = appsFileOf(STACK);
  fs.mkdirSync(path.join(projectDir, path.dirname(file)), { recursive: true });
  fs.writeFileSync(path.join(projectDir, file), stringify(endpoints));
  return {
    "okta-mmod:environment": "dev",
    "okta-mmod:orgName": "bench-org",
    "okta-mmod:baseUrl": "okta.com",
    "okta-mmod:appsFile": file,
    "okta-mmod:registrationHook": JSON.stringify({ url: "https://hooks.example.com/registration", method: "header" }),
    "okta-mmod:adminUser": JSON.stringify({ login: "admin@example.com", email: "admin@example.com" }),
    "okta-mmod:audiences": JSON.stringify(audiences),
    "okta-mmod:registrationHookAuth": "bench-hook-auth",
  };
}

type ResourceClass = new (
  name: string,
  args: Record<string, unknown>,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

/** The @pulumi/okta class of a type token (`okta:app/oAuth:OAuth` is `okta.app.OAuth`). */
function oktaClass(type: string): ResourceClass {
  const [pkg, module, name] = type === "pulumi:providers:okta" ? ["okta", "index", "Provider"] : type.split(":");
  const root = okta as unknown as Record<string, unknown>;
  const namespace = (
    module === undefined || module.startsWith("index") ? root : root[module.split("/")[0] as string]
  ) as Record<string, unknown> | undefined;
  const found = pkg === "okta" && name !== undefined ? namespace?.[name] : undefined;
  if (typeof found !== "function") {
    throw new Error(`the flat registration knows no @pulumi/okta class for ${type}`);
  }
  return found as ResourceClass;
}

/** What a record run writes: the component run's custom resources and data-source calls. */
export interface Recording {
  readonly registrations: readonly Registration[];
  readonly invocations: readonly Invocation[];
}

/** Whether a resource was declared inside the app set: its URN's type chain names the AppSet or an App in it. */
function inAppSet(r: Registration): boolean {
  const chain = (r.urn.split("::")[2] ?? "").split("$");
  return chain.includes("okta-mmod:apps:AppSet") || chain.includes("okta-mmod:apps:App");
}

/**
 * A provider's input as the program gave it: the SDK sends a provider's non-string inputs JSON-encoded (`100`
 * as `"100"`), so a recorded string that decodes to something else than a string was that value.
 */
function providerInput(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    const decoded: unknown = JSON.parse(value);
    return typeof decoded === "string" ? value : decoded;
  } catch {
    return value;
  }
}

const providerUrn = (ref: string) => ref.slice(0, ref.lastIndexOf("::"));

/** The registrations with every resource after the ones it references (provider, dependencies, inputs). */
function dependencyOrder(recorded: readonly Registration[]): Registration[] {
  const byUrn = new Map(recorded.map((r) => [r.urn, r]));
  const ordered: Registration[] = [];
  const seen = new Set<string>();
  const visit = (r: Registration) => {
    if (seen.has(r.urn)) return;
    seen.add(r.urn);
    const refs = [providerUrn(r.provider), ...r.dependencies, ...Object.values(r.propertyDependencies).flat()];
    for (const urn of refs) {
      const dependency = byUrn.get(urn);
      if (dependency !== undefined) visit(dependency);
    }
    ordered.push(r);
  };
  recorded.forEach(visit);
  return ordered;
}

/**
 * A program that registers the recorded custom resources flat, every one a direct child of the stack, with the
 * same @pulumi/okta classes, names, inputs, providers, protection, secret outputs and dependencies, and the same
 * declaration
 * strategy as the program (components/declaration.ts): the org's resources first, then the app set's with stack
 * capture off, in batches of as many resources as a batch of apps has. Inputs the program wired from another
 * resource's outputs are wired again: a recorded value that is a dependency's id or output (or the Everyone
 * group's id from the data source) becomes that Output, and secrets become secret Outputs, so the SDK does the
 * same work per resource as in the component run. What is left out is the component layer: the components, their
 * parent links, the aliases to the apps' former parent, and the stack outputs built from component outputs.
 */
function flatProgram(recording: Recording): () => Promise<void> {
  return async () => {
    const recorded = dependencyOrder(recording.registrations);
    const byUrn = new Map<string, { record: Registration; resource: pulumi.CustomResource }>();
    let everyoneGroupId: pulumi.Output<string> | undefined;

    /** A recorded input with its references to other resources' outputs restored. */
    const wire = (value: unknown, sources: readonly { record: Registration; resource: pulumi.CustomResource }[]) => {
      const outputOf = (text: string): unknown => {
        if (text === MOCK_EVERYONE_GROUP_ID && everyoneGroupId !== undefined) return everyoneGroupId;
        for (const { record, resource } of sources) {
          if (text === mockId(record.name)) return resource.id;
          const key = Object.keys(record.outputs).find((k) => record.outputs[k] === text);
          if (key !== undefined) return (resource as unknown as Record<string, unknown>)[key];
        }
        return text;
      };
      const walk = (node: unknown): unknown => {
        if (isSecretEnvelope(node)) return pulumi.secret(walk(node.value));
        if (typeof node === "string") return outputOf(node);
        if (Array.isArray(node)) return node.map(walk);
        if (node !== null && typeof node === "object") {
          return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
        }
        return node;
      };
      return walk(value);
    };

    const declare = (r: Registration) => {
      const found = (urn: string) => byUrn.get(urn) ?? [];
      const inputs = Object.fromEntries(
        Object.entries(r.inputs).map(([k, v]) => [
          k,
          wire(
            r.type.startsWith("pulumi:providers:") ? providerInput(v) : v,
            (r.propertyDependencies[k] ?? []).flatMap(found),
          ),
        ]),
      );
      const Resource = oktaClass(r.type);
      const provider = r.provider === "" ? undefined : byUrn.get(providerUrn(r.provider))?.resource;
      const resource = new Resource(r.name, inputs, {
        provider: provider as pulumi.ProviderResource | undefined,
        dependsOn: r.dependencies.flatMap((urn) => found(urn)).map((d) => d.resource),
        protect: r.protect,
        // The classes add their own secret outputs again; the engine takes the list as a set.
        additionalSecretOutputs: [...r.additionalSecretOutputs],
      });
      byUrn.set(r.urn, { record: r, resource });
    };

    recorded.filter((r) => !inAppSet(r)).forEach(declare);
    await withoutStackCapture(async () => {
      const everyone = recording.invocations.find((i) => i.token === "okta:group/getEveryoneGroup:getEveryoneGroup");
      if (everyone !== undefined) {
        const provider = byUrn.get(providerUrn(everyone.provider))?.resource as pulumi.ProviderResource | undefined;
        everyoneGroupId = okta.group.getEveryoneGroupOutput({}, { provider }).id;
      }
      // A batch of apps declares two custom resources per app (the app and its assignments; a sign-on policy
      // and its rule).
      await inBatches(
        recorded.filter((r) => inAppSet(r)),
        2 * APPS_PER_BATCH,
        declare,
      );
    });
  };
}

/**
 * The benchmark's run of the real program with a generated catalogue of `apps` apps, as a stack of a project in
 * `projectDir` (an empty folder the caller owns: the apps file goes there).
 */
export function componentRun(apps: number, projectDir: string): RunOptions {
  const { catalogue, endpoints, audiences } = generateCatalogue(apps);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require("../index") as (
    catalogue: AppCatalogue,
    bindings: Readonly<Record<string, EnvironmentName>>,
  ) => unknown;
  return {
    project: PROJECT,
    stack: STACK,
    config: benchConfig(projectDir, endpoints, audiences),
    rootDirectory: projectDir,
    secretKeys: ["okta-mmod:registrationHookAuth"],
    program: () => program(catalogue, { [STACK]: "dev" }),
  };
}

/** The flat registration of what a component run recorded, with the same configuration. */
export function flatRun(apps: number, projectDir: string, recording: Recording): RunOptions {
  return { ...componentRun(apps, projectDir), program: flatProgram(recording) };
}

/** What a record run keeps of a component run. */
export function recordingOf(run: ProgramRun): Recording {
  return { registrations: run.registrations.filter((r) => r.custom), invocations: run.invocations };
}

async function main(argv: readonly string[]): Promise<void> {
  const [appsText, mode, file] = argv;
  const apps = Number(appsText);
  if (!Number.isInteger(apps) || apps < 0 || !["component", "flat", "record"].includes(mode ?? "") || !file) {
    throw new Error("usage: evaluate.js <apps> component|flat|record <file>");
  }
  const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-bench-project-"));
  let run: ProgramRun;
  let wallMs: number;
  let cpuTime: NodeJS.CpuUsage;
  let loadAtStart: number;
  try {
    const options =
      mode === "flat"
        ? flatRun(apps, projectDir, JSON.parse(fs.readFileSync(file, "utf8")) as Recording)
        : componentRun(apps, projectDir);
    loadAtStart = os.loadavg()[0] as number;
    const cpu = process.cpuUsage();
    const start = performance.now();
    run = await runProgram(options);
    wallMs = performance.now() - start;
    cpuTime = process.cpuUsage(cpu);
  } finally {
    fs.rmSync(projectDir, { recursive: true, force: true });
  }

  if (mode === "record") {
    fs.writeFileSync(file, JSON.stringify(recordingOf(run)));
    return;
  }
  const measurement: Measurement = {
    apps,
    mode: mode as Measurement["mode"],
    resources: run.registrations.length,
    customResources: run.registrations.filter((r) => r.custom).length,
    wallMs,
    cpuMs: (cpuTime.user + cpuTime.system) / 1000,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    loadAverage: [loadAtStart, os.loadavg()[0] as number],
  };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
