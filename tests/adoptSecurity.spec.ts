import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import * as http from "http";
import { AddressInfo } from "net";
import { EXIT } from "../adopt/cli";
import {
  CapacityLimitedExecutor,
  DEFAULT_REQUEST_TIMEOUT_SECONDS,
  MAX_RATE_LIMIT_WAIT_MS,
  MAX_RESPONSE_BYTES,
  OktaAccessError,
  orgOfRun,
} from "../adopt/okta";
import { ProgramRun } from "../offline/run";
import { runStack } from "../offline/stackRun";
import { unmanaged } from "../tools/unmanaged";
import { FIXTURE_DIR, fixtureProgram } from "./support";
import { call, runTool, testCredentials } from "./adoptSupport";

interface Server {
  readonly url: string;
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * An org that answers every list with an empty page (Okta's shapes: a JSON array, the IAM endpoints' body
 * pages, the user schema), except that the first page of apps links its next page to `next(url)`.
 */
async function startOrg(
  next?: (self: URL) => string,
  answer?: (u: URL, res: http.ServerResponse, req: http.IncomingMessage) => boolean,
): Promise<Server> {
  const requests: string[] = [];
  let url = "";
  const server = http.createServer((req, res) => {
    requests.push(`${req.method ?? ""} ${req.url ?? ""}`);
    const u = new URL(req.url ?? "/", url);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "Content-Type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (answer?.(u, res, req) === true) return;
    if (u.pathname === "/api/v1/meta/schemas/user/default") {
      return send(200, { definitions: { custom: { id: "#custom", type: "object", properties: {} } } });
    }
    if (u.pathname === "/api/v1/iam/roles") return send(200, { roles: [], _links: {} });
    if (u.pathname === "/api/v1/iam/assignees/users") return send(200, { value: [], _links: {} });
    if (u.pathname.startsWith("/api/v1/users/")) {
      return send(404, { errorCode: "E0000007", errorSummary: "Not found: Resource not found: user (User)" });
    }
    if (u.pathname === "/api/v1/apps" && next !== undefined) {
      return send(200, [], { Link: `<${u.toString()}>; rel="self", <${next(u)}>; rel="next"` });
    }
    return send(200, []);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

describe("adoption commands: read-only, on the org only, never stuck (hostile org answers)", () => {
  const env = { OKTA_API_TOKEN: "00test-ssws-token-b41d" };
  const servers: Server[] = [];
  after(async () => Promise.all(servers.map((s) => s.close())));
  const start = async (
    next?: (self: URL) => string,
    answer?: (u: URL, res: http.ServerResponse, req: http.IncomingMessage) => boolean,
  ) => {
    const s = await startOrg(next, answer);
    servers.push(s);
    return s;
  };

  for (const tool of ["unmanaged", "import-file"]) {
    const args = tool === "unmanaged" ? ["--ignore-list", "unmanaged-ignore.yaml"] : ["--resolve"];

    it(`${tool}: a next-page link to another host gets no request, so no credentials: exit 1, one line`, async () => {
      const elsewhere = await start();
      const org = await start((self) => `${elsewhere.url}${self.pathname}?after=0oa1`);
      const result = await runTool(tool, ["--stack", "prod", "--org-url", org.url, ...args], env);
      expect([result.code, result.stdout, result.stderr]).to.deep.equal([
        EXIT.error,
        "",
        `error: refused a request to ${elsewhere.url}: these commands only send the credentials to the org ${org.url} (a next-page link pointed elsewhere)\n`,
      ]);
      expect(elsewhere.requests).to.deep.equal([]);
    });

    it(`${tool}: a next-page link back to the same page stops instead of looping: exit 1, one line`, async () => {
      const org = await start((self) => self.toString());
      const result = await runTool(tool, ["--stack", "prod", "--org-url", org.url, ...args], env);
      expect([result.code, result.stdout]).to.deep.equal([EXIT.error, ""]);
      expect(result.stderr).to.match(
        /^error: http:\/\/127\.0\.0\.1:\d+: the org sent \/api\/v1\/apps\?limit=200 as the next page again: stopped a pagination loop\n$/,
      );
      expect(org.requests.filter((r) => r.startsWith("GET /api/v1/apps"))).to.deep.equal([
        "GET /api/v1/apps?limit=200",
      ]);
    });
  }

  for (const tool of ["unmanaged", "import-file"]) {
    const args = tool === "unmanaged" ? ["--ignore-list", "unmanaged-ignore.yaml"] : ["--resolve"];

    for (const status of [301, 302, 307, 308]) {
      it(`${tool}: an HTTP ${status} redirect to another host is not followed: nothing reaches it, exit 1, one line`, async () => {
        const elsewhere = await start();
        const org = await start(undefined, (u, res) => {
          if (u.pathname !== "/api/v1/apps") return false;
          res.writeHead(status, { Location: `${elsewhere.url}/api/v1/apps?limit=200&secret=x` }).end();
          return true;
        });
        const result = await runTool(tool, ["--stack", "prod", "--org-url", org.url, ...args], env);
        expect([result.code, result.stdout, result.stderr]).to.deep.equal([
          EXIT.error,
          "",
          `error: ${org.url}: the org answered GET /api/v1/apps with a redirect (HTTP ${status} to ${elsewhere.url}/api/v1/apps): these commands follow no redirect, so the credentials and the answer stay on the org; check --org-url or the stack's orgName and baseUrl\n`,
        ]);
        expect(elsewhere.requests).to.deep.equal([]);
      });
    }
  }

  it("a redirect of the service app's token request is not followed: the signed assertion stays on the org", async () => {
    const { privateKeyPem } = testCredentials();
    const elsewhere = await start();
    const org = await start(undefined, (u, res) => {
      if (u.pathname !== "/oauth2/v1/token") return false;
      res.writeHead(307, { Location: `${elsewhere.url}/oauth2/v1/token` }).end();
      return true;
    });
    const result = await runTool("unmanaged", ["--stack", "prod", "--org-url", org.url], {
      OKTA_API_CLIENT_ID: "0oaservicereadonly01",
      OKTA_API_PRIVATE_KEY: privateKeyPem,
      OKTA_API_SCOPES: "okta.apps.read",
    });
    expect([result.code, result.stdout, result.stderr]).to.deep.equal([
      EXIT.error,
      "",
      `error: ${org.url}: the org answered POST /oauth2/v1/token with a redirect (HTTP 307 to ${elsewhere.url}/oauth2/v1/token): these commands follow no redirect, so the credentials and the answer stay on the org; check --org-url or the stack's orgName and baseUrl\n`,
    ]);
    expect(elsewhere.requests).to.deep.equal([]);
  });

  it(`an answer larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB is not read on (a 100 MB body): exit 1, one line`, async () => {
    const org = await start(undefined, (u, res) => {
      if (u.pathname !== "/api/v1/apps") return false;
      // Valid JSON (an empty list after 100 MB of blanks), so only the size can stop it.
      res.writeHead(200, { "Content-Type": "application/json" });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const more = (): void => {
        while (sent < 100) {
          sent += 1;
          if (!res.write(chunk)) {
            res.once("drain", more);
            return;
          }
        }
        res.end("[]");
      };
      res.on("error", () => undefined);
      more();
      return true;
    });
    const result = await runTool("unmanaged", ["--stack", "prod", "--org-url", org.url], env);
    expect([result.code, result.stdout, result.stderr]).to.deep.equal([
      EXIT.error,
      "",
      `error: ${org.url}: the org's answer is larger than 64 MiB, which no page of the Okta API is: stopped reading it\n`,
    ]);
  });

  it("an answer that is no Okta error (a proxy's HTML 502): exit 1, one line, no stack trace and no body", async () => {
    const org = await start(undefined, (u, res) => {
      if (u.pathname !== "/api/v1/apps") return false;
      res.writeHead(502, { "Content-Type": "text/html" }).end("<html><body>Bad Gateway SECRETBODY</body></html>");
      return true;
    });
    const result = await runTool("unmanaged", ["--stack", "prod", "--org-url", org.url], env);
    expect([result.code, result.stdout, result.stderr]).to.deep.equal([
      EXIT.error,
      "",
      `error: ${org.url}: HTTP 502 without an Okta error body (a proxy or the org's edge answered, not the Okta API): check --org-url or the stack's orgName and baseUrl, and status.okta.com\n`,
    ]);
  });

  describe("a 401 whose error summary echoes what it was sent prints no credential", () => {
    it("the SSWS token", async () => {
      const org = await start(undefined, (u, res, req) => {
        res.writeHead(401, { "Content-Type": "application/json" }).end(
          JSON.stringify({
            errorCode: "E0000011",
            errorSummary: `Invalid token provided: ${String(req.headers.authorization)}`,
          }),
        );
        return true;
      });
      const result = await runTool("unmanaged", ["--stack", "prod", "--org-url", org.url], env);
      expect([result.code, result.stdout, result.stderr]).to.deep.equal([
        EXIT.error,
        "",
        `error: ${org.url}: HTTP 401 (Invalid token provided: SSWS [redacted]): the token was refused: check OKTA_API_TOKEN (revoked, expired, or from another org)\n`,
      ]);
    });

    it("the service app's signed assertion and its private key", async () => {
      const { privateKeyPem } = testCredentials();
      const keyLine = privateKeyPem.split("\n")[3] as string;
      // Every answer is a 401 that echoes the last assertion the org was sent, and a line of the key.
      let assertion = "";
      const org = await start(undefined, (u, res, req) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          const sent = new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get("client_assertion");
          if (sent !== null) assertion = sent;
          res
            .writeHead(401, { "Content-Type": "application/json" })
            .end(JSON.stringify({ errorCode: "E0000011", errorSummary: `Refused ${keyLine} ${assertion}` }));
        });
        return true;
      });
      const result = await runTool("unmanaged", ["--stack", "prod", "--org-url", org.url], {
        OKTA_API_CLIENT_ID: "0oaservicereadonly01",
        OKTA_API_PRIVATE_KEY: privateKeyPem,
        OKTA_API_SCOPES: "okta.apps.read",
      });
      expect([result.code, result.stdout]).to.deep.equal([EXIT.error, ""]);
      expect(result.stderr).to.match(/^error: http:\/\/127\.0\.0\.1:\d+: HTTP 401 \(/);
      expect(assertion).to.match(/^eyJ/);
      expect(result.stderr).to.not.contain(assertion.slice(0, 40));
      expect(result.stderr).to.not.contain(keyLine);
      expect(result.stderr, result.stderr).to.contain("Refused [redacted] [redacted]");
      expect(result.stderr.split("\n")).to.have.length(2);
    });

    it("credentials the command does not hold: the drift report's rules apply to the org's words too", async () => {
      // A proxy or a misconfigured org quoting a credential of something else: a Bearer value, a Pulumi token and
      // a credential-named value, none of them the command's own.
      const quoted = `Bearer abcdefghijklmnop pul-${"0123456789abcdef".repeat(2)}01234567 client_secret=hunter2hunter2`;
      const org = await start(undefined, (u, res) => {
        res
          .writeHead(401, { "Content-Type": "application/json" })
          .end(JSON.stringify({ errorCode: "E0000011", errorSummary: quoted }));
        return true;
      });
      const result = await runTool("unmanaged", ["--stack", "prod", "--org-url", org.url], env);
      expect([result.code, result.stdout, result.stderr]).to.deep.equal([
        EXIT.error,
        "",
        `error: ${org.url}: HTTP 401 (Bearer [redacted] [redacted] client_secret=[redacted]): the token was refused: check OKTA_API_TOKEN (revoked, expired, or from another org)\n`,
      ]);
    });
  });

  for (const [name, key] of [
    ["a value that is no key", "SECRETVALUE-not-a-pem"],
    ["a JWK that is no key", '{"kty":"RSA","n":"x","e":"AQAB","d":"SECRETVALUE"}'],
    ["a public key", "-----BEGIN PUBLIC KEY-----\nSECRETVALUE\n-----END PUBLIC KEY-----\n"],
  ]) {
    it(`OKTA_API_PRIVATE_KEY holding ${name}: exit 1 naming the variable, without its value or a stack trace`, async () => {
      const org = await start();
      const result = await runTool("unmanaged", ["--stack", "prod", "--org-url", org.url], {
        OKTA_API_CLIENT_ID: "0oa1service0000000000",
        OKTA_API_PRIVATE_KEY: key as string,
        OKTA_API_SCOPES: "okta.apps.read",
      });
      expect([result.code, result.stdout, result.stderr]).to.deep.equal([
        EXIT.error,
        "",
        "error: OKTA_API_PRIVATE_KEY is not a private key: expected the service app's whole RSA or EC private key, PEM (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----) or a JWK, or the path of a file holding it\n",
      ]);
      expect(org.requests).to.deep.equal([]);
    });
  }

  /** A host that takes connections and never answers (or answers the headers and never the body). */
  const startHung = async (headersOnly: boolean) => {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      requests.push(`${req.method ?? ""} ${req.url ?? ""}`);
      if (headersOnly) res.writeHead(200, { "Content-Type": "application/json" }).flushHeaders();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    servers.push({
      url,
      requests,
      close: () => {
        server.closeAllConnections();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      },
    });
    return { url, requests };
  };

  for (const tool of ["unmanaged", "import-file"]) {
    const args = tool === "unmanaged" ? ["--ignore-list", "unmanaged-ignore.yaml"] : ["--resolve"];

    it(`${tool}: an org host that never answers ends the command after --request-timeout: exit 1, one line`, async () => {
      const hung = await startHung(false);
      const result = await runTool(
        tool,
        ["--stack", "prod", "--org-url", hung.url, "--request-timeout", "1", ...args],
        env,
      );
      expect(hung.requests).to.have.length(1);
      const [method, target] = (hung.requests[0] as string).split(" ");
      expect([result.code, result.stdout, result.stderr]).to.deep.equal([
        EXIT.error,
        "",
        `error: ${hung.url}: no answer to ${method} ${target} within 1 s: the org host hung; check status.okta.com and run again (--request-timeout sets the wait)\n`,
      ]);
    });
  }

  it("an org host that sends the headers and never the body ends the command too: exit 1, one line", async () => {
    const hung = await startHung(true);
    const result = await runTool(
      "unmanaged",
      ["--stack", "prod", "--org-url", hung.url, "--request-timeout", "1"],
      env,
    );
    expect(hung.requests).to.have.length(1);
    expect([result.code, result.stdout, result.stderr]).to.deep.equal([
      EXIT.error,
      "",
      `error: ${hung.url}: the org stopped sending its answer (Response timeout while trying to fetch ${hung.url}${(hung.requests[0] as string).split(" ")[1]} (over 1000ms))\n`,
    ]);
  });

  for (const value of ["0", "301", "1.5"]) {
    it(`--request-timeout ${value}: exit 2 naming the option and what it takes`, async () => {
      const result = await runTool("unmanaged", ["--stack", "prod", "--request-timeout", value], env);
      expect([result.code, result.stdout, result.stderr]).to.deep.equal([
        EXIT.usage,
        "",
        `error: option '--request-timeout <seconds>' argument '${value}' is invalid. expected whole seconds from 1 to 300.\n`,
      ]);
    });
  }

  describe("what comes from the stack file: the org and the API share, never credentials", () => {
    const STACK_APP = "0oawritestackapp0001";
    const CIPHERTEXT = "v1:STACKPRIVATEKEYCIPHERTEXT";
    let dir: string;
    before(() => {
      // The fixture project, with a dev stack that holds the deploy service app (a write scope, an encrypted key)
      // and its own API share.
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-credentials-"));
      for (const file of fs.readdirSync(FIXTURE_DIR))
        fs.copyFileSync(path.join(FIXTURE_DIR, file), path.join(dir, file));
      const stackFile = path.join(dir, "Pulumi.dev.yaml");
      const doc = parse(fs.readFileSync(stackFile, "utf8")) as { config: Record<string, unknown> };
      Object.assign(doc.config, {
        "okta-mmod:clientId": STACK_APP,
        "okta-mmod:scopes": ["okta.groups.manage"],
        "okta-mmod:privateKey": { secure: CIPHERTEXT },
        "okta-mmod:rateLimits": { maxApiCapacity: 40, requestTimeout: 7 },
      });
      fs.writeFileSync(stackFile, stringify(doc));
      fs.writeFileSync(path.join(dir, "unmanaged-ignore.yaml"), "[]\n");
    });

    it("reads the org's address and rateLimits (maxApiCapacity, maxRetries, requestTimeout) from the stack", async () => {
      const result = await runStack(dir, "dev", fixtureProgram);
      if ("error" in result) throw new Error(result.error);
      expect(orgOfRun(result.run)).to.deep.equal({
        orgName: "dev-123456",
        baseUrl: "okta.com",
        maxApiCapacity: 40,
        maxRetries: 5,
        requestTimeoutSeconds: 7,
      });
    });

    it("without OKTA_API_* in the environment: exit 1, though the stack file holds a service app, whose values are never shown", async () => {
      const result = await call(unmanaged, ["--stack", "dev", "--project-dir", dir], {});
      expect([result.code, result.stdout]).to.deep.equal([EXIT.error, ""]);
      expect(result.stderr).to.match(/^error: no Okta credentials in the environment: /);
      expect(result.stderr).to.not.contain(STACK_APP);
      expect(result.stderr).to.not.contain(CIPHERTEXT);
    });

    it("with OKTA_API_TOKEN: the token, and no service-app login with the stack's client id", async () => {
      const org = await start();
      const result = await call(unmanaged, ["--stack", "dev", "--project-dir", dir, "--org-url", org.url], env);
      expect(result.code, result.stderr).to.equal(EXIT.clean);
      expect(org.requests.filter((r) => r.includes("/oauth2/v1/token"))).to.deep.equal([]);
      expect(org.requests.length).to.be.greaterThan(0);
    });
  });

  describe("the executor every request goes through", () => {
    for (const method of ["DELETE", "POST", "PUT", "PATCH", "delete"]) {
      it(`refuses ${method} to the API before sending it`, async () => {
        const org = await start();
        const executor = new CapacityLimitedExecutor(100, 0, org.url, 5000);
        let error: unknown;
        try {
          await executor.fetch({ url: `${org.url}/api/v1/apps/0oa1`, method });
        } catch (err) {
          error = err;
        }
        expect(error).to.be.instanceOf(OktaAccessError);
        expect((error as Error).message).to.equal(
          `refused ${method.toUpperCase()} /api/v1/apps/0oa1: these commands only read (GET), apart from the service app's token request`,
        );
        expect(org.requests).to.deep.equal([]);
      });
    }

    it("lets the service app's POST to the org's token endpoint and GETs to the org through", async () => {
      const org = await start();
      const executor = new CapacityLimitedExecutor(100, 0, org.url, 5000);
      const token = await executor.fetch({ url: `${org.url}/oauth2/v1/token`, method: "POST" });
      const apps = await executor.fetch({ url: `${org.url}/api/v1/groups?limit=200`, method: "get" });
      expect([token.status, apps.status]).to.deep.equal([200, 200]);
      expect(org.requests).to.deep.equal(["POST /oauth2/v1/token", "GET /api/v1/groups?limit=200"]);
    });

    it("takes the request timeout from the stack's Okta provider, and 30 s when it sets none (0 or unset)", () => {
      const runWith = (inputs: Record<string, unknown>) =>
        ({
          registrations: [
            { type: "pulumi:providers:okta", inputs: { orgName: "dev-1", baseUrl: "okta.com", ...inputs } },
          ],
        }) as unknown as ProgramRun;
      expect(orgOfRun(runWith({ requestTimeout: 120 })).requestTimeoutSeconds).to.equal(120);
      expect(orgOfRun(runWith({ requestTimeout: 0 })).requestTimeoutSeconds).to.equal(DEFAULT_REQUEST_TIMEOUT_SECONDS);
      expect(orgOfRun(runWith({})).requestTimeoutSeconds).to.equal(30);
    });

    it("waits at most a minute for a 429's X-Rate-Limit-Reset, whatever the headers say", () => {
      const executor = new CapacityLimitedExecutor(100, 5, "https://dev-1.okta.com", 5000);
      const response = (headers: Record<string, string>) => ({
        status: 429,
        headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
      });
      const now = new Date("2026-01-01T00:00:00Z");
      const at = (seconds: number) => String(Math.floor(now.getTime() / 1000) + seconds);
      const date = now.toUTCString();
      expect(executor.getRetryDelayMs(response({ date, "x-rate-limit-reset": at(10) }))).to.equal(11_000);
      expect(executor.getRetryDelayMs(response({ date, "x-rate-limit-reset": at(365 * 86400) }))).to.equal(
        MAX_RATE_LIMIT_WAIT_MS,
      );
      expect(executor.getRetryDelayMs(response({ "x-rate-limit-reset": at(10) }))).to.equal(MAX_RATE_LIMIT_WAIT_MS);
      expect(executor.getRetryDelayMs(response({ date, "x-rate-limit-reset": at(-600) }))).to.equal(0);
    });
  });
});
