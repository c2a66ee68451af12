import { ProgramRun, Registration } from "../offline/run";
import { LOOKUPS, LookupContext } from "./lookups";
import { OrgReader } from "./okta";

/** One entry of `resources` in the file `pulumi import --file` reads. */
export interface ImportEntry {
  readonly type: string;
  readonly name: string;
  readonly id: string;
  /** A key of `nameTable`; absent for the stack's direct children. */
  readonly parent?: string;
  /** A key of `nameTable`. */
  readonly provider?: string;
}

/** The bulk import file: parents and providers by name in `nameTable`, one entry per resource. */
export interface ImportFile {
  readonly nameTable: Readonly<Record<string, string>>;
  readonly resources: readonly ImportEntry[];
}

/** How one resource's id was (or was not) found. */
export type Resolution =
  | { readonly status: "found"; readonly id: string }
  | { readonly status: "missing"; readonly looked: string }
  | { readonly status: "ambiguous"; readonly looked: string; readonly ids: readonly string[] }
  | { readonly status: "blocked"; readonly looked: string; readonly on: readonly string[] }
  | { readonly status: "placeholder" };

export interface ImportPlan {
  readonly file: ImportFile;
  /** Per imported resource (by URN), how its id was found. */
  readonly resolutions: ReadonlyMap<string, Resolution>;
  /** The URNs `pulumi up --target` must create before the import: the components and the Okta provider. */
  readonly targets: readonly string[];
}

/** The resources an import covers: every Okta resource the stack declares (its provider is created by `up`). */
export function importable(run: ProgramRun): Registration[] {
  return run.registrations.filter((r) => r.custom && r.type.startsWith("okta:"));
}

/** The placeholder id of a type: what to put there and where to read it. Never a valid Okta id. */
export function placeholderId(type: string): string {
  const lookup = LOOKUPS[type];
  return lookup === undefined
    ? `FILL IN: the id \`pulumi import\` takes for ${type} (see its Import section in the registry)`
    : `FILL IN ${lookup.idFormat}: ${lookup.hint}`;
}

const providerUrnOf = (ref: string) => ref.slice(0, ref.lastIndexOf("::"));

/**
 * The URN the engine gives a registration. The engine leaves the root stack's type out of its children's
 * URNs (pkg/resource/deploy: generateURN), while the SDK's mock monitor keeps it; the import file must carry
 * the engine's.
 */
export function engineUrn(run: ProgramRun, urn: string): string {
  const byUrn = new Map(run.registrations.map((r) => [r.urn, r]));
  const qualifiedType = (u: string): string => {
    const reg = byUrn.get(u);
    if (reg === undefined) throw new Error(`the run registered no resource ${u}`);
    const parent = byUrn.get(reg.parent);
    return parent === undefined || parent.type === "pulumi:pulumi:Stack"
      ? reg.type
      : `${qualifiedType(reg.parent)}$${reg.type}`;
  };
  const reg = byUrn.get(urn);
  if (reg === undefined) throw new Error(`the run registered no resource ${urn}`);
  return `urn:pulumi:${run.stack}::${urn.split("::")[1]}::${qualifiedType(urn)}::${reg.name}`;
}

/**
 * Builds the import file from a run of the program: the logical names, parents and providers are the ones
 * the program registers, so `pulumi preview` after the import matches them one to one. Ids come from
 * `resolve` (or are placeholders when there is no reader).
 */
export async function buildImport(run: ProgramRun, reader?: OrgReader): Promise<ImportPlan> {
  const byUrn = new Map(run.registrations.map((r) => [r.urn, r]));
  const stackUrn = run.registrations.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
  const resources = importable(run);
  const resolutions = new Map<string, Resolution>();
  if (reader === undefined) {
    for (const r of resources) resolutions.set(r.urn, { status: "placeholder" });
  } else {
    await resolveAll(resources, reader, resolutions);
  }

  const nameTable: Record<string, string> = {};
  const nameFor = (urn: string): string => {
    const reg = byUrn.get(urn);
    if (reg === undefined) throw new Error(`the run registered no resource ${urn}`);
    const taken = Object.entries(nameTable).find(([name, u]) => name === reg.name && u !== engineUrn(run, urn));
    // Two parents may share a logical name (different types): the table's keys must stay unique.
    const name = taken === undefined ? reg.name : `${reg.name}-${reg.type.split(":").pop()}`;
    nameTable[name] = engineUrn(run, urn);
    return name;
  };
  const entries = resources.map((r): ImportEntry => {
    const resolution = resolutions.get(r.urn) as Resolution;
    return {
      type: r.type,
      name: r.name,
      id: resolution.status === "found" ? resolution.id : placeholderId(r.type),
      ...(r.parent === "" || r.parent === stackUrn ? {} : { parent: nameFor(r.parent) }),
      ...(r.provider === "" ? {} : { provider: nameFor(providerUrnOf(r.provider)) }),
    };
  });

  // Everything between the stack and the imported resources: components and the providers, outermost first.
  const targets: string[] = [];
  const addTarget = (urn: string) => {
    const reg = byUrn.get(urn);
    if (reg === undefined || urn === stackUrn || targets.includes(urn)) return;
    if (reg.parent !== "") addTarget(reg.parent);
    targets.push(urn);
  };
  for (const r of resources) {
    if (r.parent !== "") addTarget(r.parent);
    if (r.provider !== "") addTarget(providerUrnOf(r.provider));
  }
  return {
    file: { nameTable, resources: entries },
    resolutions,
    targets: targets.map((urn) => engineUrn(run, urn)),
  };
}

/** Finds each resource's id, referenced resources first; a resource whose reference was not found is blocked. */
async function resolveAll(
  resources: readonly Registration[],
  reader: OrgReader,
  out: Map<string, Resolution>,
): Promise<void> {
  const pending = new Map(resources.map((r) => [r.urn, r]));
  const objectId = (urn: string): string | undefined => {
    const res = out.get(urn);
    return res?.status === "found" ? res.id.split("/").pop() : undefined;
  };
  while (pending.size > 0) {
    // A round resolves every resource whose references are settled; references never form a cycle in a program.
    const ready = [...pending.values()].filter((r) =>
      (LOOKUPS[r.type]?.refs ?? []).every((input) =>
        (r.propertyDependencies[input] ?? []).every((dep) => !pending.has(dep)),
      ),
    );
    if (ready.length === 0) throw new Error("the program's references between Okta resources form a cycle");
    for (const r of ready) {
      pending.delete(r.urn);
      const lookup = LOOKUPS[r.type];
      if (lookup === undefined) {
        out.set(r.urn, { status: "missing", looked: `no lookup for ${r.type}: fill in its id by hand` });
        continue;
      }
      const looked = lookup.describe(r.inputs);
      const blockedOn = lookup.refs.flatMap((input) =>
        (r.propertyDependencies[input] ?? []).filter((dep) => out.get(dep)?.status !== "found"),
      );
      if (blockedOn.length > 0) {
        out.set(r.urn, { status: "blocked", looked, on: blockedOn });
        continue;
      }
      const ctx: LookupContext = {
        reader,
        ref: (input) => {
          const dep = (r.propertyDependencies[input] ?? [])[0];
          return dep === undefined ? undefined : objectId(dep);
        },
      };
      const found = [...new Set(await lookup.find(r.inputs, ctx))].sort();
      out.set(
        r.urn,
        found.length === 1
          ? { status: "found", id: found[0] as string }
          : found.length === 0
            ? { status: "missing", looked }
            : { status: "ambiguous", looked, ids: found },
      );
    }
  }
}
