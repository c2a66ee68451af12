import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import { performance } from "perf_hooks";
import type { EnvironmentName } from "../config/environments";
import type { AppCatalogue } from "../definitions/catalogue";
import { Registration, runProgram } from "../offline/run";
import { generateCatalogue } from "./catalogue";

/**
 * One measured evaluation, in a process of its own (the SDK's runtime is global and the peak RSS is the
 * process's): `node evaluate.js <apps> component|flat|record <file>`. Prints one JSON line on stdout.
 *
 * - component: the real program (index.ts) with a generated catalogue of <apps> apps.
 * - record: the same run, unmeasured, writing its custom-resource registrations to <file>.
 * - flat: registers the resources recorded in <file> directly, with no component around them: same types,
 *   names, inputs, providers and dependencies. The component run's time over this one is the component
 *   layer's overhead.
 */

export interface Measurement {
  readonly apps: number;
  readonly mode: "component" | "flat";
  readonly resources: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMiB: number;
}

const PROJECT = "okta-mmod";
/** The benchmark's own stack, bound to the dev profile by the binding it passes to the program. */
const STACK = "bench";

/** A dev org's configuration with the generated apps' URLs. */
function benchConfig(endpoints: Readonly<Record<string, unknown>>): Record<string, string> {
  return {
    "okta-mmod:environment": "dev",
    "okta-mmod:orgName": "bench-org",
    "okta-mmod:baseUrl": "okta.com",
    "okta-mmod:apps": JSON.stringify(endpoints),
    "okta-mmod:registrationHookAuth": "bench-hook-auth",
  };
}

type ResourceClass = new (
  name: string,
  args: Record<string, unknown>,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.Resource;

/** The @pulumi/okta class of a type token (`okta:app/oAuth:OAuth` is `okta.app.OAuth`). */
function oktaClass(type: string): ResourceClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const okta = require("@pulumi/okta") as Record<string, unknown>;
  const [pkg, module, name] = type === "pulumi:providers:okta" ? ["okta", "index", "Provider"] : type.split(":");
  const namespace = (
    module === undefined || module.startsWith("index") ? okta : okta[module.split("/")[0] as string]
  ) as Record<string, unknown> | undefined;
  const found = pkg === "okta" && name !== undefined ? namespace?.[name] : undefined;
  if (typeof found !== "function") {
    throw new Error(`the flat registration knows no @pulumi/okta class for ${type}`);
  }
  return found as ResourceClass;
}

/**
 * A program that registers recorded resources flat, every one a direct child of the stack, with the same
 * @pulumi/okta classes, so the SDK does the same work per resource minus the components.
 */
function flatProgram(recorded: readonly Registration[]): () => void {
  return () => {
    const byUrn = new Map<string, pulumi.Resource>();
    for (const r of recorded) {
      const provider = r.provider === "" ? undefined : byUrn.get(r.provider.slice(0, r.provider.lastIndexOf("::")));
      const dependsOn = r.dependencies.flatMap((urn) => byUrn.get(urn) ?? []);
      const Resource = oktaClass(r.type);
      byUrn.set(
        r.urn,
        new Resource(r.name, { ...r.inputs }, { provider: provider as pulumi.ProviderResource, dependsOn }),
      );
    }
  };
}

async function main(argv: readonly string[]): Promise<void> {
  const [appsText, mode, file] = argv;
  const apps = Number(appsText);
  if (!Number.isInteger(apps) || apps < 0 || !["component", "flat", "record"].includes(mode ?? "") || !file) {
    throw new Error("usage: evaluate.js <apps> component|flat|record <file>");
  }
  const { catalogue, endpoints } = generateCatalogue(apps);
  const config = benchConfig(endpoints);
  const secretKeys = ["okta-mmod:registrationHookAuth"];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require("../index") as (
    catalogue: AppCatalogue,
    bindings: Readonly<Record<string, EnvironmentName>>,
  ) => unknown;
  const declare =
    mode === "flat"
      ? flatProgram(JSON.parse(fs.readFileSync(file, "utf8")) as Registration[])
      : () => program(catalogue, { [STACK]: "dev" });

  const cpu = process.cpuUsage();
  const start = performance.now();
  const run = await runProgram({ project: PROJECT, stack: STACK, config, secretKeys, program: declare });
  const wallMs = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);

  if (mode === "record") {
    fs.writeFileSync(file, JSON.stringify(run.registrations.filter((r) => r.custom)));
    return;
  }
  const measurement: Measurement = {
    apps,
    mode: mode as Measurement["mode"],
    resources: run.registrations.length,
    wallMs,
    cpuMs: (user + system) / 1000,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
