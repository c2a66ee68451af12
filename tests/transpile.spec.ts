import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_DIR } from "./support";

// tools/transpile.mjs (run by `npm run plan`, `npm run bench` and `npm test`) in a copy with projects of its own:
// after a source is deleted or renamed, or a config it extends changes, bin/ must hold what a fresh build would.

function project(): { dir: string; run: () => void; write: (file: string, text: string) => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-mmod-transpile-"));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write("tools/transpile.mjs", fs.readFileSync(path.join(PROJECT_DIR, "tools", "transpile.mjs"), "utf8"));
  fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"));
  write("sdks/tfe/tsconfig.json", JSON.stringify({ compilerOptions: { outDir: "bin" }, files: ["index.ts"] }));
  write("sdks/tfe/index.ts", "export const sdk = 1;\n");
  write("tsconfig.base.json", JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs" } }));
  write(
    "tsconfig.json",
    JSON.stringify({
      extends: "./tsconfig.base.json",
      compilerOptions: { outDir: "bin", rootDir: ".", sourceMap: true },
      include: ["src/**/*.ts"],
    }),
  );
  write("src/a.ts", "export const a = () => 1;\n");
  write("src/b.ts", "export const b = () => 2;\n");
  const run = () => {
    const r = spawnSync(process.execPath, [path.join(dir, "tools", "transpile.mjs")], { encoding: "utf8" });
    expect([r.status, r.stderr]).to.deep.equal([0, ""]);
  };
  return { dir, run, write };
}

const outputs = (dir: string) =>
  fs
    .readdirSync(path.join(dir, "bin", "src"))
    .filter((f) => !f.startsWith("."))
    .sort();

describe("incremental transpile (tools/transpile.mjs)", function () {
  this.timeout(60_000);

  it("removes a deleted source's outputs, so a deleted test or module cannot still run", () => {
    const p = project();
    p.run();
    expect(outputs(p.dir)).to.deep.equal(["a.js", "a.js.map", "b.js", "b.js.map"]);
    fs.rmSync(path.join(p.dir, "src", "a.ts"));
    p.run();
    expect(outputs(p.dir)).to.deep.equal(["b.js", "b.js.map"]);
  });

  it("keeps only the new name's outputs after a rename", () => {
    const p = project();
    p.run();
    fs.renameSync(path.join(p.dir, "src", "b.ts"), path.join(p.dir, "src", "c.ts"));
    p.run();
    expect(outputs(p.dir)).to.deep.equal(["a.js", "a.js.map", "c.js", "c.js.map"]);
    expect(fs.readFileSync(path.join(p.dir, "bin", "src", "c.js"), "utf8")).to.contain("const b = () => 2;");
  });

  it("re-emits every file when a config the project extends changes an option", () => {
    const p = project();
    p.run();
    expect(fs.readFileSync(path.join(p.dir, "bin", "src", "a.js"), "utf8")).to.contain("const a = () => 1;");
    p.write("tsconfig.base.json", JSON.stringify({ compilerOptions: { target: "ES5", module: "commonjs" } }));
    p.run();
    expect(fs.readFileSync(path.join(p.dir, "bin", "src", "a.js"), "utf8")).to.contain(
      "var a = function () { return 1; };",
    );
  });

  it("re-emits every file when the project's own config changes an option, and leaves the other project alone", () => {
    const p = project();
    p.run();
    p.write(
      "tsconfig.json",
      JSON.stringify({
        extends: "./tsconfig.base.json",
        compilerOptions: { outDir: "bin", rootDir: ".", sourceMap: false },
        include: ["src/**/*.ts"],
      }),
    );
    p.run();
    expect(outputs(p.dir)).to.deep.equal(["a.js", "b.js"]);
    expect(fs.readdirSync(path.join(p.dir, "sdks", "tfe", "bin")).sort()).to.deep.equal(["index.js"]);
  });
});
