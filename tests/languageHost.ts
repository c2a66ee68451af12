import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT, PROJECT_DIR } from "./support";

// The engine's resource-monitor protocol, as the Pulumi CLI serves it to a program (the versions @pulumi/pulumi uses).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const grpc = require("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const monitorRpc = require("@pulumi/pulumi/proto/resource_grpc_pb") as { ResourceMonitorService: unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proto = require("@pulumi/pulumi/proto/resource_pb") as Record<string, new () => Record<string, unknown>>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Empty } = require("google-protobuf/google/protobuf/empty_pb") as { Empty: new () => unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as {
  Struct: { fromJavaScript(value: Record<string, unknown>): unknown };
};

/** What the Pulumi Node language host printed and how it exited. */
export interface HostRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Resource types the program registered, in order. */
  readonly registered: readonly string[];
}

type Request = Record<string, () => unknown>;
type Callback = (err: Error | null, response?: unknown) => void;

function message(type: string, fields: Record<string, unknown>): unknown {
  const m = new proto[type]!();
  for (const [setter, value] of Object.entries(fields)) (m[setter] as (v: unknown) => void).call(m, value);
  return m;
}

/**
 * A project folder of the test's own, as the CLI's host names it with --root-directory: the project's Pulumi.yaml
 * and the given stack files (name -> text). By default none: the stack under test has no other stack to meet.
 */
export function projectOf(stackFiles: Readonly<Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-host-"));
  fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  for (const [name, text] of Object.entries(stackFiles)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/**
 * Runs the compiled program the way `pulumi preview` does: the SDK's language-host entry point
 * (`@pulumi/pulumi/cmd/run`) with config in PULUMI_CONFIG and the project folder as its root directory, talking over gRPC to a resource monitor. The monitor
 * here accepts every registration (ids are the logical names) and answers the two data sources the program
 * reads. No engine address is given, so the host prints its diagnostics on stderr.
 */
export async function runUnderLanguageHost(
  stack: string,
  config: Readonly<Record<string, string>>,
  secretKeys: readonly string[],
  rootDirectory: string = projectOf({}),
): Promise<HostRun> {
  const registered: string[] = [];
  const server = new grpc.Server();
  const handlers: Record<string, (call: { request: Request }, cb: Callback) => void> = {
    supportsFeature: (call, cb) =>
      cb(null, message("SupportsFeatureResponse", { setHassupport: call.request.getId!() !== "outputValues" })),
    registerResource: (call, cb) => {
      const type = String(call.request.getType!());
      const name = String(call.request.getName!());
      registered.push(type);
      cb(
        null,
        message("RegisterResourceResponse", {
          setUrn: `urn:pulumi:${stack}::${PROJECT}::${type}::${name}`,
          setId: call.request.getCustom!() ? `${name}-id` : "",
          setObject: call.request.getObject!(),
        }),
      );
    },
    registerResourceOutputs: (_call, cb) => cb(null, new Empty()),
    invoke: (call, cb) => {
      const token = String(call.request.getTok!());
      const answer: Record<string, unknown> =
        token === "okta:group/getEveryoneGroup:getEveryoneGroup"
          ? { id: "00g-everyone", name: "Everyone" }
          : { id: "1" };
      cb(null, message("ResourceInvokeResponse", { setReturn: Struct.fromJavaScript(answer) }));
    },
    registerPackage: (_call, cb) => cb(null, message("RegisterPackageResponse", { setRef: "package-ref" })),
    signalAndWaitForShutdown: (_call, cb) => cb(null, new Empty()),
  };
  server.addService(monitorRpc.ResourceMonitorService as never, handlers as never);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  try {
    const host = path.join(PROJECT_DIR, "node_modules", "@pulumi", "pulumi", "cmd", "run");
    const child = spawn(
      process.execPath,
      [
        host,
        `--monitor=127.0.0.1:${port}`,
        `--project=${PROJECT}`,
        `--stack=${stack}`,
        `--root-directory=${rootDirectory}`,
        "--dry-run",
        "bin/index.js",
      ],
      {
        cwd: PROJECT_DIR,
        // Only what the host needs: no OKTA_* or token variables from the developer's shell reach the program.
        env: {
          PATH: process.env.PATH,
          PULUMI_CONFIG: JSON.stringify(config),
          PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys),
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    return { code, stdout, stderr, registered };
  } finally {
    server.forceShutdown();
  }
}
