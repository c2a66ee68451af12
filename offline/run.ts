import * as pulumi from "@pulumi/pulumi";

export { SECRET_SIG, isSecretEnvelope } from "./secrets";

/** The Everyone group the mocks answer `okta.group.getEveryoneGroup` with. */
export const MOCK_EVERYONE_GROUP_ID = "00g-everyone";

/** One resource registration as the engine received it, with the options the SDK's mock API hides. */
export interface Registration {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly parent: string;
  /** `<provider urn>::<provider id>`, or "" when none was given. */
  readonly provider: string;
  readonly protect: boolean;
  readonly dependencies: readonly string[];
  readonly additionalSecretOutputs: readonly string[];
  /** Inputs as serialized on the wire: secrets are envelopes (see `isSecretEnvelope`). */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Input property -> URNs of the resources its value depends on. */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  /** The state the (mock) provider returned, serialized like the inputs. */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** The package reference of a parameterized package's resource ("" for ordinary packages). */
  readonly packageRef: string;
  /** The resource's aliases, as the SDK sends them to the engine. */
  readonly aliases: readonly AliasRecord[];
}

/**
 * One alias: a URN, or a spec the engine turns into one. Empty name, type, stack and project mean the
 * resource's own; `parentUrn` "" with `noParent` false means the resource's own parent.
 */
export type AliasRecord =
  | { readonly urn: string }
  | {
      readonly name: string;
      readonly type: string;
      readonly stack: string;
      readonly project: string;
      readonly parentUrn: string;
      readonly noParent: boolean;
    };

/** A parameterized package the program registered (a local SDK such as sdks/tfe). */
export interface PackageRegistration {
  readonly baseProvider: string;
  readonly baseProviderVersion: string;
  readonly name: string;
  readonly version: string;
  /** The parameter, base64-encoded as in the SDK's package.json. */
  readonly parameter: string;
}

export interface Invocation {
  readonly token: string;
  readonly provider: string;
}

/** What one run of a program under mocks declared. */
export interface ProgramRun {
  readonly stack: string;
  readonly registrations: readonly Registration[];
  readonly invocations: readonly Invocation[];
  readonly packages: readonly PackageRegistration[];
  /** The stack's outputs as serialized on the wire (secrets as envelopes). */
  readonly outputs: Readonly<Record<string, unknown>>;
  /**
   * Every value the mocks made up where a real provider would answer (resource ids, client ids, issuers, the ids
   * data sources look up): the plan shows them as resolved at deploy, never as real values.
   */
  readonly invented?: readonly (string | number)[];
}

export interface RunOptions {
  readonly project: string;
  readonly stack: string;
  /** Full keys (`okta-mmod:orgName`) to string values, as the engine passes them. */
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
  /** The program: a function that declares resources and returns the stack outputs. */
  readonly program: () => unknown;
  /** The project directory (holding Pulumi.yaml), as the CLI's Node host passes it. Default: none given. */
  readonly rootDirectory?: string;
}

/** Mock values for the outputs a provider computes, so wiring by reference can be followed offline. */
function computedOutputs(
  type: string,
  name: string,
  id: string,
  inputs: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  switch (type) {
    case "okta:app/oAuth:OAuth":
      // With omitSecret the provider keeps no client secret in the state (@pulumi/okta app.OAuth `omitSecret`).
      return inputs.omitSecret === true
        ? { clientId: `${name}-client-id` }
        : { clientId: `${name}-client-id`, clientSecret: `${name}-client-secret-value` };
    case "okta:auth/server:Server":
      return { issuer: `https://issuer.invalid/oauth2/${id}` };
    default:
      return {};
  }
}

/**
 * A stable number for a name, standing in for an id a real provider would look up (a GitHub team's, say). Nine
 * digits from 900000000 up, so that no count, priority or lifetime of a plan can be mistaken for one.
 */
export function mockLookupId(name: string): number {
  return 900_000_000 + [...name].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) % 99_999_989, 0);
}

/** The id the offline run gives a custom resource: what its `id` output resolves to. */
export function mockId(name: string): string {
  return `${name}-id`;
}

class OfflineMocks implements pulumi.runtime.Mocks {
  readonly invocations: Invocation[] = [];
  readonly invented = new Set<string | number>();

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
    const id = mockId(args.name);
    const computed = computedOutputs(args.type, args.name, id, args.inputs);
    for (const value of [id, ...Object.values(computed)]) this.invented.add(value as string);
    return { id, state: { ...args.inputs, ...computed } };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    this.invocations.push({ token: args.token, provider: args.provider ?? "" });
    if (args.token === "okta:group/getEveryoneGroup:getEveryoneGroup") {
      this.invented.add(MOCK_EVERYONE_GROUP_ID);
      return { id: MOCK_EVERYONE_GROUP_ID, name: "Everyone", description: "All users in your organization" };
    }
    if (args.token === "github:index/getTeam:getTeam") {
      const slug = String(args.inputs.slug);
      const id = mockLookupId(slug);
      // The id is a string in the data source's result and a number where a team is named (reviewers).
      for (const value of [id, String(id), `T_${slug}`]) this.invented.add(value);
      return { id: String(id), slug, name: slug, nodeId: `T_${slug}` };
    }
    throw new Error(`the offline run has no answer for the data source ${args.token}`);
  }
}

interface WireRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getProvider(): string;
  getProtect(): boolean | undefined;
  getDependenciesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getPropertydependenciesMap(): { forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void };
  getPackageref(): string;
  getAliasesList(): WireAlias[];
}

interface WireAlias {
  hasUrn(): boolean;
  getUrn(): string;
  getSpec():
    | {
        getName(): string;
        getType(): string;
        getStack(): string;
        getProject(): string;
        getParenturn(): string;
        getNoparent(): boolean;
      }
    | undefined;
}

function aliasRecord(alias: WireAlias): AliasRecord {
  const spec = alias.getSpec();
  if (alias.hasUrn() || spec === undefined) return { urn: alias.getUrn() };
  return {
    name: spec.getName(),
    type: spec.getType(),
    stack: spec.getStack(),
    project: spec.getProject(),
    parentUrn: spec.getParenturn(),
    noParent: spec.getNoparent(),
  };
}

interface PackageRequest {
  getName(): string;
  getVersion(): string;
  getParameterization(): { getName(): string; getVersion(): string; getValue_asB64(): string } | undefined;
}

type Callback = (
  err: Error | null,
  resp: { getUrn(): string; getObject(): { toJavaScript(): Record<string, unknown> } | undefined } | undefined,
) => void;

interface MockMonitor {
  registerResource(req: WireRequest, cb: Callback): Promise<void>;
  registerPackage(req: PackageRequest, cb: (err: Error | null, resp: unknown) => void): void;
  registerResourceOutputs(
    req: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined },
    cb: (err: Error | null, resp: unknown) => void,
  ): void;
}

// The runtime's settings store is an internal of the SDK (@pulumi/pulumi 3.270 runtime/state).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as {
  getStore(): { settings: { options: { rootDirectory?: string } } };
};

// Waiting for every outstanding registration is an internal of the SDK (@pulumi/pulumi 3.270 runtime/settings).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/** The promises an Output holds besides its value (@pulumi/pulumi 3.270 output.js, OutputImpl; internal). */
interface OutputInternals {
  promise(): Promise<unknown>;
  readonly isKnown: Promise<boolean>;
  readonly isSecret: Promise<boolean>;
  allResources(): Promise<unknown>;
}

/**
 * What the SDK puts before the message of an error it meets while serializing a resource's properties, changing
 * the error in place (@pulumi/pulumi 3.270 runtime/rpc.js, serializeFilteredProperties): a program error that
 * reaches the stack's outputs gets `error serializing property "outputs": ` once or more, depending on which
 * awaiter sees it first. The run reports the program's own message.
 */
const SERIALIZING_PREFIX = /^(?:error serializing property "[^"]*": )+/;

/**
 * Runs a Pulumi program in-process under the SDK's mocks, as `pulumi preview` would run it against a real
 * engine, and records every registration with its options. Runs are sequential: the SDK's runtime is global.
 */
export async function runProgram(options: RunOptions): Promise<ProgramRun> {
  pulumi.runtime.setAllConfig({ ...options.config }, [...options.secretKeys]);
  const mocks = new OfflineMocks();
  await pulumi.runtime.setMocks(mocks, options.project, options.stack, true);
  // What the host's --root-directory sets; setMocks has no parameter for it.
  state.getStore().settings.options.rootDirectory = options.rootDirectory ?? "";

  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
  const registrations: Registration[] = [];
  let outputs: Record<string, unknown> = {};
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) =>
    register(req, (err, resp) => {
      if (!err && resp) {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((value, key) => {
          propertyDependencies[key] = value.getUrnsList();
        });
        registrations.push({
          urn: resp.getUrn(),
          type: req.getType(),
          name: req.getName(),
          custom: req.getCustom(),
          parent: req.getParent(),
          provider: req.getProvider(),
          protect: req.getProtect() ?? false,
          dependencies: req.getDependenciesList(),
          additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
          inputs: req.getObject()?.toJavaScript() ?? {},
          propertyDependencies,
          outputs: resp.getObject()?.toJavaScript() ?? {},
          packageRef: req.getPackageref(),
          aliases: req.getAliasesList().map(aliasRecord),
        });
      }
      cb(err, resp);
    });
  const packages: PackageRegistration[] = [];
  const registerPackage = monitor.registerPackage.bind(monitor);
  monitor.registerPackage = (req, cb) => {
    const parameterization = req.getParameterization();
    packages.push({
      baseProvider: req.getName(),
      baseProviderVersion: req.getVersion(),
      name: parameterization?.getName() ?? "",
      version: parameterization?.getVersion() ?? "",
      parameter: parameterization?.getValue_asB64() ?? "",
    });
    registerPackage(req, cb);
  };
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, cb) => {
    if (req.getUrn().includes("::pulumi:pulumi:Stack::")) {
      outputs = req.getOutputs()?.toJavaScript() ?? {};
    }
    registerOutputs(req, cb);
  };

  // What `runInPulumiStack` does, keeping hold of the Stack: its outputs carry promises besides the value
  // (known-ness, secret-ness) that reject with the program's error too, and the SDK re-raises a failed
  // component's output registration as an unhandled rejection on purpose (runtime/resource.js,
  // runAsyncResourceOp), for the language host to report once by identity. The run takes that host's place:
  // it settles every promise of the Stack, waits for its last registrations, takes every rejection left
  // unhandled meanwhile, and only then reports, so nothing of a finished run can reject later.
  const stray: unknown[] = [];
  const collect = (reason: unknown) => void stray.push(reason);
  process.on("unhandledRejection", collect);
  let settled: PromiseSettledResult<unknown>[];
  try {
    const stack = new pulumi.runtime.Stack(async () => (await options.program()) as pulumi.Inputs);
    const stackOutputs = stack.outputs as unknown as OutputInternals;
    settled = await Promise.allSettled([
      stackOutputs.promise(),
      stackOutputs.isKnown,
      stackOutputs.isSecret,
      stackOutputs.allResources(),
    ]);
    await settings.waitForRPCs();
    // Node reports unhandled rejections after the microtasks of a turn: let one turn pass.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off("unhandledRejection", collect);
  }
  const failure = settled.find((s) => s.status === "rejected")?.reason as unknown;
  if (failure !== undefined) {
    if (failure instanceof Error) failure.message = failure.message.replace(SERIALIZING_PREFIX, "");
    throw failure;
  }
  // A rejection that is not a copy of the run's failure is a failure of the run.
  if (stray.length > 0) throw stray[0];
  return {
    stack: options.stack,
    registrations,
    invocations: mocks.invocations,
    packages,
    outputs,
    invented: [...mocks.invented],
  };
}
