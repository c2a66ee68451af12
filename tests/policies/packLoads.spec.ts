import { expect } from "chai";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { policies } from "../../policy-pack/policies";
import { PROJECT_DIR } from "../support";

// The engine's analyzer protocol, as the Pulumi CLI speaks it to a policy pack.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const grpc = require("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const analyzerRpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb") as {
  AnalyzerClient: new (
    address: string,
    credentials: unknown,
  ) => {
    getAnalyzerInfo(request: unknown, callback: (err: Error | null, info: AnalyzerInfo) => void): void;
    analyze(request: unknown, callback: (err: Error | null, response: AnalyzeResponse) => void): void;
    close(): void;
  };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Empty } = require("google-protobuf/google/protobuf/empty_pb") as { Empty: new () => unknown };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb") as typeof import("@pulumi/pulumi/proto/analyzer_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as {
  Struct: { fromJavaScript(value: Record<string, unknown>): unknown };
};

interface AnalyzeResponse {
  getDiagnosticsList(): { getPolicyname(): string; getMessage(): string; getEnforcementlevel(): number }[];
}

interface AnalyzerInfo {
  getName(): string;
  getVersion(): string;
  getPoliciesList(): { getName(): string; getEnforcementlevel(): number }[];
}

/** Starts policy-pack/index.ts the way the CLI runs a TypeScript pack, and resolves the port it serves on. */
function startPack(): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "index.ts"], {
      cwd: path.join(PROJECT_DIR, "policy-pack"),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the pack printed no port within 60 s: ${err}`));
    }, 60_000);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const port = /^(\d+)\s*$/m.exec(out)?.[1];
      if (port !== undefined) {
        clearTimeout(timer);
        resolve({ child, port: Number(port) });
      }
    });
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the pack exited with ${code}: ${err}`));
    });
  });
}

describe("policy pack process", function () {
  this.timeout(90_000);

  it("loads from index.ts and serves every policy of the policies module to the engine", async () => {
    const { child, port } = await startPack();
    try {
      const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      const info = await new Promise<AnalyzerInfo>((resolve, reject) =>
        client.getAnalyzerInfo(new Empty(), (e, i) => (e ? reject(e) : resolve(i))),
      );
      client.close();
      expect(info.getName()).to.equal("okta-mmod-guardrails");
      expect(info.getVersion()).to.equal("0.1.0");
      expect(info.getPoliciesList().map((p) => p.getName())).to.deep.equal(policies.map((p) => p.name));
    } finally {
      child.kill();
    }
  });

  it("serves a mandatory policy's unverifiable check as advisory, as the engine receives it", async () => {
    const { child, port } = await startPack();
    try {
      const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      const request = new analyzerPb.AnalyzeRequest()
        .setType("okta:app/oAuth:OAuth")
        .setUrn("urn:pulumi:prod::okta-mmod::okta:app/oAuth:OAuth::portal")
        .setName("portal")
        .setOptions(new analyzerPb.AnalyzerResourceOptions().setProtect(true))
        // The engine's marker for a value unknown during preview.
        .setProperties(
          Struct.fromJavaScript({ type: "web", grantTypes: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }) as never,
        );
      const response = await new Promise<AnalyzeResponse>((resolve, reject) =>
        client.analyze(request, (e, r) => (e ? reject(e) : resolve(r))),
      );
      client.close();
      const g01 = response.getDiagnosticsList().filter((d) => d.getPolicyname() === "okta-oauth-app-no-implicit-grant");
      expect(g01.map((d) => [d.getEnforcementlevel(), d.getMessage()])).to.deep.equal([
        [
          analyzerPb.EnforcementLevel.ADVISORY,
          "could not be verified at preview: grantTypes is unknown (`pulumi up` checks it with the value known)",
        ],
      ]);
    } finally {
      child.kill();
    }
  });
});
