import type {
  EnforcementLevel,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { ProgramRun, Registration } from "./run";

// The policy runtime's own deserialization and unknown-value proxy (@pulumi/policy 1.21), so policies see
// exactly what they see under `pulumi preview`. Their typings are not exported.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const deserialize = require("@pulumi/policy/deserialize") as {
  deserializeProperties(struct: { toJavaScript(): unknown }, proxySecrets: boolean): Record<string, unknown>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T>(value: T): T;
  UnknownValueError: new (...args: never[]) => Error;
};

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** A policy pack config file: policy name -> level, or `{enforcementLevel, ...config}`. */
export type PackConfig = Readonly<Record<string, EnforcementLevel | Readonly<Record<string, unknown>>>>;

/** One reported violation. */
export interface Verdict {
  readonly policy: string;
  readonly level: "advisory" | "mandatory";
  /** The resource it is about ("" for the stack as a whole). */
  readonly urn: string;
  readonly message: string;
}

class NotApplicable extends Error {}

/** The object form of a reported violation, which the runtime accepts besides a message string. */
interface ViolationObject {
  readonly message?: string;
  readonly urn?: string;
  readonly enforcementLevel?: EnforcementLevel;
}

function levelOf(policy: AnyPolicy, config: PackConfig, packLevel: EnforcementLevel): EnforcementLevel {
  const entry = config[policy.name];
  const configured = typeof entry === "string" ? entry : (entry?.enforcementLevel as EnforcementLevel | undefined);
  const level = configured ?? policy.enforcementLevel ?? packLevel;
  return level === "remediate" ? "mandatory" : level;
}

/** The policy's config as the CLI passes it: the file's values over the schema's defaults, without the level. */
function configOf(policy: AnyPolicy, config: PackConfig): Record<string, unknown> {
  const defaults = Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {})
      .filter(([, schema]) => typeof schema === "object" && schema !== null && "default" in schema)
      .map(([key, schema]) => [key, (schema as { default: unknown }).default]),
  );
  const entry = config[policy.name];
  const given = typeof entry === "object" && entry !== null ? { ...entry } : {};
  delete (given as Record<string, unknown>).enforcementLevel;
  return { ...defaults, ...given };
}

function propsOf(serialized: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return proxy.unknownCheckingProxy(deserialize.deserializeProperties({ toJavaScript: () => serialized }, false));
}

function optionsOf(r: Registration): PolicyResourceOptions {
  return {
    protect: r.protect,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [...r.additionalSecretOutputs],
    parent: r.parent === "" ? undefined : r.parent,
  };
}

/** A resource's explicit provider (`<provider urn>::<id>`) as policies see it: inputs as props; undefined when none. */
function providerOf(run: ProgramRun, r: Registration): PolicyProviderResource | undefined {
  if (r.provider === "") return undefined;
  const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
  const provider = run.registrations.find((x) => x.urn === urn);
  return provider === undefined
    ? undefined
    : { type: provider.type, props: propsOf(provider.inputs), urn: provider.urn, name: provider.name };
}

const isType = () => {
  throw new Error("the pack's policies match on type tokens; isType/asType are not supported offline");
};

/**
 * Runs a policy pack's policies over one program run the way the engine does during `pulumi preview`:
 * resource policies on each resource's inputs (behind the runtime's unknown-value proxy), stack policies on
 * every resource's outputs with parent, provider and dependency links, each at the level the pack config
 * gives it (config level, else the policy's, else the pack's), with the config's values over the schema's
 * defaults. A value unknown at preview downgrades that check to an advisory note, as the runtime does.
 */
export async function evaluatePolicies(
  run: ProgramRun,
  policies: readonly AnyPolicy[],
  config: PackConfig,
  packLevel: EnforcementLevel = "advisory",
): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  const resources = run.registrations.filter((r) => r.type !== "pulumi:pulumi:Stack");

  const runOne = async (
    policy: AnyPolicy,
    urn: string,
    call: (report: (violation: string | ViolationObject, at?: string) => void) => unknown,
  ) => {
    const level = levelOf(policy, config, packLevel);
    if (level === "disabled") return;
    // Like the runtime (server.js makeReportViolationFun), a violation may be an object whose level overrides
    // the policy's.
    const report = (violation: string | ViolationObject, at?: string) => {
      const v = typeof violation === "string" ? { message: violation, urn: at } : violation;
      const own = v.enforcementLevel === "advisory" || v.enforcementLevel === "mandatory" ? v.enforcementLevel : level;
      verdicts.push({
        policy: policy.name,
        level: own as Verdict["level"],
        urn: v.urn ?? urn,
        message: v.message ?? "",
      });
    };
    try {
      await call(report);
    } catch (err) {
      if (err instanceof proxy.UnknownValueError) {
        verdicts.push({
          policy: policy.name,
          level: "advisory",
          urn,
          message: `can't run during preview: ${err.message}`,
        });
      } else if (!(err instanceof NotApplicable)) {
        throw err;
      }
    }
  };

  for (const r of resources) {
    for (const policy of policies) {
      if (!("validateResource" in policy) || policy.validateResource === undefined) continue;
      const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
      const provider = providerOf(run, r);
      for (const validate of validations) {
        const args: ResourceValidationArgs = {
          type: r.type,
          props: propsOf(r.inputs),
          urn: r.urn,
          name: r.name,
          opts: optionsOf(r),
          provider,
          stackTags: new Map(),
          isType,
          asType: isType,
          getConfig: <T extends object>() => configOf(policy, config) as T,
          notApplicable: (reason?: string) => {
            throw new NotApplicable(reason);
          },
        };
        await runOne(policy, r.urn, (report) => validate(args, (message) => report(message)));
      }
    }
  }

  const byUrn = new Map<string, PolicyResource>();
  const policyResources: PolicyResource[] = resources.map((r) => {
    const resource = {
      type: r.type,
      props: propsOf(r.outputs),
      urn: r.urn,
      name: r.name,
      opts: optionsOf(r),
      dependencies: [] as PolicyResource[],
      propertyDependencies: {} as Record<string, PolicyResource[]>,
      isType,
      asType: isType,
    } as unknown as PolicyResource;
    byUrn.set(r.urn, resource);
    return resource;
  });
  resources.forEach((r, i) => {
    const resource = policyResources[i] as PolicyResource & { parent?: PolicyResource; provider?: unknown };
    const refs = (urns: readonly string[]) => urns.flatMap((u) => byUrn.get(u) ?? []);
    resource.parent = byUrn.get(r.parent);
    resource.provider = providerOf(run, r);
    resource.dependencies.push(...refs(r.dependencies));
    for (const [prop, urns] of Object.entries(r.propertyDependencies)) {
      resource.propertyDependencies[prop] = refs(urns);
    }
  });

  for (const policy of policies) {
    if (!("validateStack" in policy)) continue;
    const args: StackValidationArgs = {
      resources: policyResources,
      stackTags: new Map(),
      getConfig: <T extends object>() => configOf(policy, config) as T,
      notApplicable: (reason?: string) => {
        throw new NotApplicable(reason);
      },
    };
    await runOne(policy, "", (report) => policy.validateStack(args, (message, urn) => report(message, urn ?? "")));
  }
  return verdicts;
}
