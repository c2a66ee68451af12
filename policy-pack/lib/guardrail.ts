import {
  EnforcementLevel,
  PolicyConfigSchema,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { Props, rawProps } from "./values";

/** A policy's level in each environment profile, from the guardrail catalogue. */
export interface Levels {
  readonly dev: EnforcementLevel;
  readonly prod: EnforcementLevel;
}

/** A waiver of one policy for one resource (by logical name). It is always reported, never silent. */
export interface Exemption {
  readonly resource: string;
  readonly reason: string;
}

/** JSON-schema of one config property, with its default (the CLI fills defaults in; so does the pack). */
export interface ConfigProperty<T> {
  readonly type: "string" | "number" | "integer" | "boolean" | "array";
  readonly description: string;
  readonly default: T;
  readonly items?: { readonly type: "string" };
  readonly enum?: readonly T[];
  readonly minimum?: number;
}

export type ConfigSchemaOf<C> = { readonly [K in keyof C]: ConfigProperty<C[K]> };

/** A policy of this pack: a CrossGuard policy plus its catalogue id and per-profile levels. */
export type Guardrail = (ResourceValidationPolicy | StackValidationPolicy) & {
  readonly catalogueId: string;
  readonly levels: Levels;
  /** For resource policies: the resource types they check. */
  readonly resourceTypes?: readonly string[];
};

/** A resource as a resource policy sees it: its inputs, raw (unknown values are sentinels). */
export interface CheckedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Props;
  readonly protect: boolean;
}

/** A resource as a stack policy sees it: its outputs, raw, with its links to other resources. */
export interface StackResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Props;
  readonly protect: boolean;
  readonly providerUrn: string | undefined;
  readonly parentUrn: string | undefined;
  /** Input property -> URNs of the resources its value came from. */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** A violation a stack policy finds; `resource` names the logical resource it is about. */
export interface StackFinding {
  readonly message: string;
  readonly urn?: string;
  readonly resource?: string;
}

interface GuardrailBase<C> {
  /** kebab-case, saying what it requires. */
  readonly name: string;
  /** Catalogue id (G01, S03, P07, ...). */
  readonly catalogueId: string;
  readonly description: string;
  readonly severity: Severity;
  readonly remediationSteps: string;
  readonly levels: Levels;
  readonly config?: ConfigSchemaOf<C>;
}

const EXEMPTIONS_SCHEMA: PolicyConfigJSONSchema = {
  type: "array",
  description:
    "Resources (by logical name) this policy does not block, each with the reason; every use is reported by " +
    "the guardrail-exemptions policies.",
  default: [],
  items: {
    type: "object",
    properties: { resource: { type: "string", minLength: 1 }, reason: { type: "string", minLength: 1 } },
    required: ["resource", "reason"],
    additionalProperties: false,
  },
};

/** Exemptions applied during the current analysis, waiting to be reported: URN (or "stack") -> lines. */
const appliedExemptions = new Map<string, string[]>();

function configSchemaOf<C>(config: ConfigSchemaOf<C> | undefined): PolicyConfigSchema {
  const properties = { ...(config ?? {}), exemptions: EXEMPTIONS_SCHEMA } as unknown as Record<
    string,
    PolicyConfigJSONSchema
  >;
  return { properties };
}

function readConfig<C>(
  schema: ConfigSchemaOf<C> | undefined,
  given: Record<string, unknown>,
): C & { exemptions: Exemption[] } {
  const defaults = Object.fromEntries(
    Object.entries(schema ?? {}).map(([k, v]) => [k, (v as ConfigProperty<unknown>).default]),
  );
  return { ...defaults, exemptions: [], ...given } as C & { exemptions: Exemption[] };
}

/** Reports findings, except for exempted resources, whose waivers are queued for the exemption reporters. */
function reportAll(
  policyName: string,
  findings: readonly { message: string; urn: string; resource: string }[],
  exemptions: readonly Exemption[],
  queueKey: (urn: string) => string,
  report: ReportViolation,
  reportUrn: boolean,
): void {
  for (const f of findings) {
    const exemption = exemptions.find((e) => e.resource === f.resource);
    if (exemption !== undefined && exemption.reason.trim() !== "") {
      const key = queueKey(f.urn);
      const queued = appliedExemptions.get(key) ?? [];
      queued.push(`${policyName} is waived for ${f.resource} (${exemption.reason.trim()}); it found: ${f.message}`);
      appliedExemptions.set(key, queued);
      continue;
    }
    const suffix =
      exemption !== undefined
        ? " (the exemption configured for this resource has no reason, so it does not apply)"
        : "";
    if (reportUrn) {
      report(f.message + suffix, f.urn);
    } else {
      report(f.message + suffix);
    }
  }
}

/** A policy on individual resources: `check` returns the violations of one resource, as messages. */
export function resourceGuardrail<C extends object = Record<string, never>>(
  def: GuardrailBase<C> & {
    readonly resourceTypes: readonly string[];
    readonly check: (resource: CheckedResource, config: C) => string[];
  },
): Guardrail {
  return {
    name: def.name,
    description: `${def.catalogueId}: ${def.description}`,
    configSchema: configSchemaOf(def.config),
    enforcementLevel: def.levels.prod,
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
      if (!def.resourceTypes.includes(args.type)) {
        return;
      }
      const config = readConfig(def.config, args.getConfig<Record<string, unknown>>());
      const resource: CheckedResource = {
        type: args.type,
        name: args.name,
        urn: args.urn,
        props: rawProps(args.props),
        protect: args.opts.protect,
      };
      const findings = def.check(resource, config).map((message) => ({ message, urn: args.urn, resource: args.name }));
      reportAll(def.name, findings, config.exemptions, (urn) => urn, report, false);
    },
    severity: def.severity,
    remediationSteps: def.remediationSteps,
    catalogueId: def.catalogueId,
    levels: def.levels,
    resourceTypes: def.resourceTypes,
  };
}

/** The URN's logical name (its last `::` segment). */
export function nameOfUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

function toStackResource(r: PolicyResource): StackResource {
  const deps: Record<string, string[]> = {};
  for (const [prop, resources] of Object.entries(r.propertyDependencies ?? {})) {
    deps[prop] = resources.map((d) => d.urn);
  }
  return {
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: rawProps(r.props),
    protect: r.opts.protect,
    providerUrn: r.provider?.urn,
    parentUrn: r.parent?.urn,
    propertyDependencies: deps,
  };
}

/** A policy on the whole stack: `check` sees every resource (outputs and links) and returns findings. */
export function stackGuardrail<C extends object = Record<string, never>>(
  def: GuardrailBase<C> & {
    readonly check: (resources: readonly StackResource[], config: C) => StackFinding[];
  },
): Guardrail {
  return {
    name: def.name,
    description: `${def.catalogueId}: ${def.description}`,
    configSchema: configSchemaOf(def.config),
    enforcementLevel: def.levels.prod,
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const config = readConfig(def.config, args.getConfig<Record<string, unknown>>());
      const findings = def.check(args.resources.map(toStackResource), config).map((f) => ({
        message: f.message,
        urn: f.urn ?? "",
        resource: f.resource ?? (f.urn ? nameOfUrn(f.urn) : ""),
      }));
      reportAll(def.name, findings, config.exemptions, () => "stack", report, true);
    },
    severity: def.severity,
    remediationSteps: def.remediationSteps,
    catalogueId: def.catalogueId,
    levels: def.levels,
  };
}

const EXEMPTION_REPORT = {
  severity: "low" as Severity,
  remediationSteps:
    "Review the waiver: fix the resource and remove the exemption from the policy pack config, or keep it with a " +
    "reason that still holds.",
  catalogueId: "-",
  levels: { dev: "advisory", prod: "advisory" } as Levels,
};

/**
 * Reports every exemption a resource policy applied to a resource. Runs after all other resource policies
 * (it is last in the pack), for each resource, so a waiver always shows up in the preview's output.
 */
export const resourceExemptionReport: Guardrail = {
  name: "guardrail-exemptions-resources",
  description: "Lists every resource-policy violation waived by an exemption, with its reason.",
  enforcementLevel: "advisory",
  validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
    const queued = appliedExemptions.get(args.urn) ?? [];
    appliedExemptions.delete(args.urn);
    for (const line of queued) report(line);
  },
  ...EXEMPTION_REPORT,
};

/** Reports every exemption a stack policy applied; last of the stack policies. */
export const stackExemptionReport: Guardrail = {
  name: "guardrail-exemptions-stack",
  description: "Lists every stack-policy violation waived by an exemption, with its reason.",
  enforcementLevel: "advisory",
  validateStack: (_args: StackValidationArgs, report: ReportViolation) => {
    const queued = appliedExemptions.get("stack") ?? [];
    appliedExemptions.delete("stack");
    for (const line of queued) report(line);
  },
  ...EXEMPTION_REPORT,
};
