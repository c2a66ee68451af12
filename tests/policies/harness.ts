import { expect } from "chai";
import { evaluatePolicies, PackConfig, Verdict } from "../../offline/policies";
import { ProgramRun, Registration } from "../../offline/run";
import { Guardrail } from "../../policy-pack/lib/guardrail";

/** How the engine marks an unknown string / list during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const UNKNOWN_LIST = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";

export const PROVIDER_URN = "urn:pulumi:test::okta-mmod::pulumi:providers:okta::org-provider";

/** A registration as the offline runner records it; inputs double as outputs unless given. */
export function resource(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<Omit<Registration, "type" | "name" | "inputs">> = {},
): Registration {
  return {
    urn: `urn:pulumi:test::okta-mmod::${type}::${name}`,
    type,
    name,
    custom: true,
    parent: "",
    provider: type.startsWith("okta:") ? `${PROVIDER_URN}::provider-id` : "",
    protect: false,
    dependencies: [],
    additionalSecretOutputs: [],
    inputs,
    propertyDependencies: {},
    outputs: inputs,
    packageRef: "",
    aliases: [],
    ...extra,
  };
}

/** Runs one policy over some resources exactly as the pack would run, with a config entry for it. */
export async function verdicts(
  policy: Guardrail,
  resources: readonly Registration[],
  config: Record<string, unknown> = {},
): Promise<Verdict[]> {
  const run: ProgramRun = { stack: "test", registrations: [...resources], invocations: [], packages: [], outputs: {} };
  const pack: PackConfig = { [policy.name]: { enforcementLevel: "mandatory", ...config } };
  return evaluatePolicies(run, [policy], pack);
}

/** The messages one policy reports for one resource's inputs; advisory ones start with "(advisory) ". */
export async function messages(
  policy: Guardrail,
  type: string,
  inputs: Record<string, unknown>,
  config: Record<string, unknown> = {},
): Promise<string[]> {
  // The policy runs as mandatory: what it reports as advisory (a waiver, a check unknown at preview) says so.
  return (await verdicts(policy, [resource(type, "subject", inputs)], config)).map((v) =>
    v.level === "advisory" ? `(advisory) ${v.message}` : v.message,
  );
}

export interface Case {
  readonly name: string;
  /** The one property changed from the compliant fixture (undefined removes it). */
  readonly change: Record<string, unknown>;
  /** Properties set first to reach the situation the case is about (a public client, a DENY rule, ...). */
  readonly context?: Record<string, unknown>;
  readonly config?: Record<string, unknown>;
  readonly expected: readonly string[];
}

/**
 * A compliant fixture passes; each case changes one property of it (after its context, if any) and expects
 * exactly these messages. The context alone must pass too, so the messages are the changed property's doing.
 */
export function policyCases(
  policy: Guardrail,
  type: string,
  compliant: Record<string, unknown>,
  cases: readonly Case[],
): void {
  const build = (...layers: Record<string, unknown>[]) => {
    const inputs: Record<string, unknown> = Object.assign({}, compliant, ...layers);
    for (const layer of layers) for (const [k, v] of Object.entries(layer)) if (v === undefined) delete inputs[k];
    return inputs;
  };
  describe(policy.name, () => {
    it("passes the compliant fixture", async () => {
      expect(await messages(policy, type, compliant)).to.deep.equal([]);
    });
    for (const c of cases) {
      it(c.name, async () => {
        // One property at a time; a case about configuration alone changes none.
        const onlyConfig = Object.keys(c.change).length === 0 && c.config !== undefined;
        expect(Object.keys(c.change), "a case changes exactly one property").to.have.length(onlyConfig ? 0 : 1);
        if (c.context !== undefined) {
          expect(await messages(policy, type, build(c.context), c.config), "the context alone passes").to.deep.equal(
            [],
          );
        }
        expect(await messages(policy, type, build(c.context ?? {}, c.change), c.config)).to.deep.equal(c.expected);
      });
    }
  });
}
