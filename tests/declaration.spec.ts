import * as okta from "@pulumi/okta";
import { expect } from "chai";
import { AppDefinition, AppSet } from "../components/appSet";
import { declaring, inBatches, withoutStackCapture } from "../components/declaration";
import { runProgram } from "../offline/run";
import { PROJECT } from "./support";

const RULE = {
  key: "mfa",
  name: "MFA",
  priority: 1,
  access: "ALLOW",
  factorMode: "2FA",
  reAuthenticationFrequency: "PT2H",
} as const;

function webApp(key: string): AppDefinition {
  return {
    kind: "oidc",
    key,
    label: key,
    type: "web",
    redirectUris: [`https://${key}.example.com/cb`],
    grantTypes: ["authorization_code"],
    responseTypes: ["code"],
    pkceRequired: true,
    signOnPolicy: "apps",
    groups: ["everyone"],
  };
}

/** An app whose declaration fails inside the App component (reading its label throws). */
function failingApp(key: string): AppDefinition {
  const app = webApp(key);
  return Object.defineProperty({ ...app }, "label", {
    enumerable: true,
    get: () => {
      throw new TypeError("label is not readable");
    },
  });
}

function runApps(apps: readonly AppDefinition[]) {
  return runProgram({
    project: PROJECT,
    stack: "unit",
    config: {},
    secretKeys: [],
    program: () => {
      const provider = new okta.Provider("unit-provider", { orgName: "dev-000000", baseUrl: "okta.com" });
      const set = new AppSet("apps", {
        provider,
        groupIds: {},
        signOnPolicies: [{ key: "apps", name: "Apps", description: "Apps", rules: [RULE] }],
        apps,
        authServers: [],
      });
      return { appIds: set.appIds };
    },
  });
}

describe("declaring at scale (stack capture off, batches)", () => {
  it("declares every app of a set larger than one batch, each under its own component", async () => {
    const limit = Error.stackTraceLimit;
    const keys = Array.from({ length: 120 }, (_, i) => `app-${i}`);
    const run = await runApps(keys.map(webApp));
    const apps = run.registrations.filter((r) => r.type === "okta:app/oAuth:OAuth").map((r) => r.name);
    expect(apps).to.have.length(120);
    expect(new Set(apps)).to.deep.equal(new Set(keys.map((k) => `apps-app-${k}`)));
    expect(Object.keys(run.outputs.appIds as object).sort()).to.deep.equal([...keys].sort());
    expect(Error.stackTraceLimit).to.equal(limit);
  });

  it("says which definition failed, in the message, and restores stack capture", async () => {
    const limit = Error.stackTraceLimit;
    let failure: unknown;
    try {
      await runApps([webApp("fine"), failingApp("broken")]);
    } catch (err) {
      failure = err;
    }
    expect(failure).to.be.instanceOf(Error);
    expect((failure as Error).message).to.equal('AppSet "apps": apps.broken: label is not readable');
    expect(((failure as Error).cause as Error).name).to.equal("TypeError");
    expect(Error.stackTraceLimit).to.equal(limit);
  });

  it("leaves no rejection behind once a failed run has reported (the SDK re-raises component failures)", async () => {
    const seen: unknown[] = [];
    const listener = (reason: unknown) => void seen.push(reason);
    try {
      // Listening from the moment the run reports: what the run took care of before then is its own.
      const failure = await runApps([webApp("fine"), failingApp("broken")]).then(
        () => undefined,
        (err: unknown) => {
          process.on("unhandledRejection", listener);
          return err;
        },
      );
      expect((failure as Error).message).to.equal('AppSet "apps": apps.broken: label is not readable');
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.off("unhandledRejection", listener);
    }
    expect(seen).to.deep.equal([]);
  });

  it("re-raises with the key path and keeps the original error as the cause", () => {
    const original = new RangeError("priority 0");
    expect(() =>
      declaring("signOnPolicies.x", () => {
        throw original;
      }),
    ).to.throw(Error, /^signOnPolicies\.x: priority 0$/);
    expect(declaring("x", () => 42)).to.equal(42);
  });

  it("turns stack capture off only while declaring, nested declarations included", async () => {
    const before = Error.stackTraceLimit;
    const seen: number[] = [];
    await withoutStackCapture(async () => {
      seen.push(Error.stackTraceLimit);
      await withoutStackCapture(async () => seen.push(Error.stackTraceLimit));
      seen.push(Error.stackTraceLimit);
      expect(new Error("x").stack).to.equal("Error: x");
    });
    expect(seen).to.deep.equal([0, 0, 0]);
    expect(Error.stackTraceLimit).to.equal(before);
  });

  it("keeps stack capture on when the SDK's promise-leak report needs it", async () => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "true";
    try {
      const limit = await withoutStackCapture(async () => Error.stackTraceLimit);
      expect(limit).to.equal(Error.stackTraceLimit);
      expect(limit).to.be.above(0);
    } finally {
      delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    }
  });

  it("lets the event loop run between batches, not within one", async () => {
    const events: string[] = [];
    const items = Array.from({ length: 5 }, (_, i) => i);
    const tick = () =>
      setImmediate(() => {
        events.push("loop");
      });
    await inBatches(items, 2, (i) => {
      // Each batch's first item schedules a callback: it must run before the next batch, after this one.
      if (i % 2 === 0) tick();
      events.push(`item ${i}`);
    });
    expect(events).to.deep.equal(["item 0", "item 1", "loop", "item 2", "item 3", "loop", "item 4"]);
  });
});
