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
import { Exemption, Subject, exemptionFor, inForce, parseExemptions, shown } from "./exemptions";
import { Props, rawProps, trackUnknowns } from "./values";

/** A policy's level in each environment profile, from the guardrail catalogue. */
export interface Levels {
  readonly dev: EnforcementLevel;
  readonly prod: EnforcementLevel;
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

/**
 * A violation a stack policy finds, about a resource (`urn`), about a group of resources named by `type` and
 * `name` (siblings under one parent), or about the stack as a whole (neither).
 */
export interface StackFinding {
  readonly message: string;
  readonly urn?: string;
  readonly type?: string;
  readonly name?: string;
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
    "Resources this policy does not block: each names one resource by urn (or by type and logical name), with a " +
    "reason, an owner and an expiry date (YYYY-MM-DD, UTC) after which it no longer applies. The policy reports " +
    "every waiver it applies as an advisory.",
  default: [],
  items: {
    type: "object",
    properties: {
      urn: { type: "string", minLength: 1 },
      type: { type: "string", minLength: 1 },
      name: { type: "string", minLength: 1 },
      reason: { type: "string", minLength: 1 },
      owner: { type: "string", minLength: 1 },
      expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
    },
    required: ["reason", "owner", "expires"],
    additionalProperties: false,
  },
};

function configSchemaOf<C>(config: ConfigSchemaOf<C> | undefined): PolicyConfigSchema {
  const properties = { ...(config ?? {}), exemptions: EXEMPTIONS_SCHEMA } as unknown as Record<
    string,
    PolicyConfigJSONSchema
  >;
  return { properties };
}

/** Problems with one config value against its schema entry (the engine checks too; the offline plan does not). */
function valueProblems(key: string, value: unknown, schema: ConfigProperty<unknown>): string[] {
  const expected =
    schema.type === "array" ? "a list of strings" : schema.type === "integer" ? "a whole number" : `a ${schema.type}`;
  const ok =
    schema.type === "array"
      ? Array.isArray(value) && value.every((v) => typeof v === "string")
      : schema.type === "integer"
        ? Number.isInteger(value)
        : typeof value === schema.type;
  if (!ok) return [`${key}: must be ${expected} (got ${shown(value)})`];
  if (schema.minimum !== undefined && typeof value === "number" && value < schema.minimum) {
    return [`${key}: must be at least ${schema.minimum} (got ${shown(value)})`];
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    return [`${key}: must be one of ${schema.enum.map((v) => shown(v)).join(", ")} (got ${shown(value)})`];
  }
  return [];
}

interface ReadConfig<C> {
  readonly config: C;
  readonly exemptions: readonly Exemption[];
  /** Every problem with the given config; an invalid value is replaced by its (safe) default. */
  readonly problems: readonly string[];
}

function readConfig<C>(schema: ConfigSchemaOf<C> | undefined, given: Record<string, unknown>): ReadConfig<C> {
  const entries = Object.entries(schema ?? {}) as [string, ConfigProperty<unknown>][];
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, property] of entries) {
    const value = given[key];
    const wrong = value === undefined ? [] : valueProblems(key, value, property);
    problems.push(...wrong);
    config[key] = value === undefined || wrong.length > 0 ? property.default : value;
  }
  const known = [...entries.map(([k]) => k), "exemptions"];
  for (const key of Object.keys(given).filter((k) => !known.includes(k))) {
    problems.push(`${key}: unknown key (allowed: ${known.join(", ")})`);
  }
  const parsed = parseExemptions(given.exemptions);
  problems.push(...parsed.problems);
  return { config: config as C, exemptions: parsed.exemptions, problems };
}

/** A finding of any policy, with what it is about. */
interface Finding extends Subject {
  readonly message: string;
}

/**
 * The runtime (@pulumi/policy 1.21, server.js makeReportViolationFun) also takes a violation as an object whose
 * `enforcementLevel` overrides the policy's; its typings declare only the string form. This is how a mandatory
 * policy reports a waiver or an unverifiable check as advisory, without blocking.
 */
function reportAdvisory(report: ReportViolation, message: string, urn: string | undefined): void {
  const violation = { message, enforcementLevel: "advisory", ...(urn === undefined ? {} : { urn }) };
  (report as unknown as (v: typeof violation) => void)(violation);
}

/** The message of a check that could not run on a value unknown at preview. */
export function unverified(path: string): string {
  return `could not be verified at preview: ${path} is unknown (\`pulumi up\` checks it with the value known)`;
}

/**
 * Reports what a policy found: config problems first (so a broken config is never silent), then each finding,
 * except those waived by an exemption in force, which are reported as advisories naming the waiver.
 */
function reportAll(
  policyName: string,
  read: ReadConfig<unknown>,
  findings: readonly Finding[],
  unknowns: readonly { urn: string | undefined; path: string }[],
  report: ReportViolation,
  reportUrn: boolean,
): void {
  const plain = (message: string, urn: string | undefined) =>
    reportUrn && urn !== undefined ? report(message, urn) : report(message);
  for (const problem of read.problems) {
    plain(`the policy's configuration is invalid (policy pack config, "${policyName}"): ${problem}`, undefined);
  }
  const today = new Date().toISOString().slice(0, 10);
  for (const f of findings) {
    const exemption = exemptionFor(read.exemptions, f);
    if (exemption === undefined) {
      plain(f.message, f.urn);
    } else if (!inForce(exemption, today)) {
      plain(
        `${f.message} (the exemption for this resource expired on ${exemption.expires}, so it no longer applies)`,
        f.urn,
      );
    } else {
      reportAdvisory(
        report,
        `waived until ${exemption.expires} (owner: ${exemption.owner}; reason: ${exemption.reason}); it found: ${f.message}`,
        f.urn,
      );
    }
  }
  for (const u of unknowns) reportAdvisory(report, unverified(u.path), u.urn);
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
      // Without regard to case: a type token spelled otherwise must not slip past the check.
      const type = args.type.toLowerCase();
      if (!def.resourceTypes.some((t) => t.toLowerCase() === type)) {
        return;
      }
      const read = readConfig(def.config, args.getConfig<Record<string, unknown>>());
      const unknownPaths = new Set<string>();
      const resource: CheckedResource = {
        type: args.type,
        name: args.name,
        urn: args.urn,
        props: trackUnknowns(rawProps(args.props), (path) => unknownPaths.add(path)),
        protect: args.opts.protect,
      };
      const subject = { urn: args.urn, type: args.type, name: args.name };
      const findings = def.check(resource, read.config).map((message) => ({ message, ...subject }));
      const unknowns = [...unknownPaths].map((path) => ({ urn: args.urn, path }));
      reportAll(def.name, read, findings, unknowns, report, false);
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

function toStackResource(r: PolicyResource, onUnknown: (urn: string, path: string) => void): StackResource {
  const deps: Record<string, string[]> = {};
  for (const [prop, resources] of Object.entries(r.propertyDependencies ?? {})) {
    deps[prop] = resources.map((d) => d.urn);
  }
  return {
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: trackUnknowns(rawProps(r.props), (path) => onUnknown(r.urn, path)),
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
      const read = readConfig(def.config, args.getConfig<Record<string, unknown>>());
      const unknowns = new Map<string, { urn: string; path: string }>();
      const resources = args.resources.map((r) =>
        toStackResource(r, (urn, path) => unknowns.set(`${urn} ${path}`, { urn, path })),
      );
      const byUrn = new Map(resources.map((r) => [r.urn, r]));
      const findings = def.check(resources, read.config).map((f) => {
        const about = f.urn === undefined ? undefined : byUrn.get(f.urn);
        return { message: f.message, urn: f.urn, type: f.type ?? about?.type, name: f.name ?? about?.name };
      });
      reportAll(def.name, read, findings, [...unknowns.values()], report, true);
    },
    severity: def.severity,
    remediationSteps: def.remediationSteps,
    catalogueId: def.catalogueId,
    levels: def.levels,
  };
}
