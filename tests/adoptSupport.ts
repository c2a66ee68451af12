import { execFile } from "child_process";
import * as crypto from "crypto";
import * as path from "path";
import { Main } from "../adopt/cli";
import { READ_SCOPES } from "../adopt/okta";
import { Credentials } from "./fakeOkta";
import { PROJECT_DIR, fixtureProgram } from "./support";

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Calls a command's main function in-process with the given environment. By default on the fixture
 * catalogue's program (for the fixture project); `null` for the project's own program and stacks.
 */
export async function call(
  main: Main,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  program: (() => unknown) | null = fixtureProgram,
): Promise<Result> {
  let stdout = "";
  let stderr = "";
  const code = await main(
    argv,
    {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env,
    },
    program ?? undefined,
  );
  return { code, stdout, stderr };
}

/** Runs a compiled tool as users do (`node bin/tools/<tool>.js ...`), with only the given OKTA_* variables. */
export function runTool(tool: string, argv: readonly string[], env: NodeJS.ProcessEnv): Promise<Result> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OKTA_")));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(PROJECT_DIR, "bin", "tools", `${tool}.js`), ...argv],
      { cwd: PROJECT_DIR, env: { ...clean, ...env }, encoding: "utf8" },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === "number" ? err.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The test's credentials: an SSWS token and a service app with its own RSA key. */
export function testCredentials(): { creds: Credentials; privateKeyPem: string; otherKeyPem: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const other = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    creds: {
      apiToken: "00test-ssws-token-b41d",
      clientId: "0oaservicereadonly01",
      publicKey,
      grantedScopes: READ_SCOPES,
    },
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    otherKeyPem: other.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}
