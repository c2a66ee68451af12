// Brings bin/ up to date for running (the plan, the benchmark) without type checking: each TypeScript file
// whose content changed since its last emit is transpiled on its own with the project's compiler options.
// A full `tsc` build parses every declaration file the program imports (@pulumi/okta's alone are several
// megabytes) even when one line changed; per-file transpilation costs milliseconds per changed file.
// Type checking stays with `npm run typecheck` and `npm test` (incremental `tsc -b`); `isolatedModules` in
// tsconfig.json makes tsc reject any file whose meaning would differ when transpiled on its own.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PROJECTS = ["sdks/tfe/tsconfig.json", "tsconfig.json"];
const STATE = path.join(ROOT, "bin", ".transpiled.json");
const SKIP_DIRS = new Set(["node_modules", "bin", ".git", ".ci"]);

const sha256 = (...parts) => parts.reduce((h, p) => h.update(p), createHash("sha256")).digest("hex");

/** Every source folder's modification time: a file added or removed anywhere changes its folder's. */
function folderTimes(dir = ROOT, times = {}) {
  times[dir] = fs.statSync(dir).mtimeMs;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !SKIP_DIRS.has(entry.name)) folderTimes(path.join(dir, entry.name), times);
  }
  return times;
}

function readState() {
  try {
    return JSON.parse(fs.readFileSync(STATE, "utf8"));
  } catch {
    return { folders: {}, configs: [], files: {}, options: {} };
  }
}

/** Hashes of config files (the projects' and every file they extend); a missing file hashes as missing. */
function configHashes(files) {
  return files.map((f) => (fs.existsSync(f) ? sha256(f, fs.readFileSync(f)) : `${f}: missing`));
}

/** Nothing to do: no folder gained or lost a file, no config and no source changed, every output exists. */
function upToDate(state, folders) {
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const configFiles = state.configFiles ?? PROJECTS.map((p) => path.join(ROOT, p));
  if (!same(state.folders, folders) || !same(state.configs, configHashes(configFiles))) {
    return false;
  }
  return Object.entries(state.files).every(
    ([file, { project, hash, outputs }]) =>
      fs.existsSync(file) &&
      sha256(state.options[project], fs.readFileSync(file)) === hash &&
      outputs.every((o) => fs.existsSync(o)),
  );
}

function fail(message) {
  process.stderr.write(`transpile: ${message}\n`);
  process.exit(1);
}

const state = readState();
const folders = folderTimes();
if (upToDate(state, folders)) process.exit(0);

// Loaded only when there is work: loading the compiler alone costs about half a second.
const ts = (await import("typescript")).default;

/** A project's parsed config, and every config file it was read from (itself and those it extends). */
function loadProject(configPath) {
  const source = ts.readJsonConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonSourceFileConfigFileContent(
    source,
    ts.sys,
    path.dirname(configPath),
    undefined,
    configPath,
  );
  if (parsed.errors.length > 0)
    fail(parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("\n"));
  return { project: parsed, configFiles: [configPath, ...(source.extendedSourceFiles ?? [])] };
}

/** Every file under a folder, recursively. */
function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const EMITTED = /\.(js|js\.map|d\.ts|d\.ts\.map)$/;

/**
 * Removes the outputs of sources that are gone (deleted or renamed): left in place, a deleted test would
 * still run, and a module the program no longer has would still load for the plan.
 */
function pruneOutputs(project, configPath) {
  const outDir = project.options.outDir;
  if (outDir === undefined || path.resolve(outDir) === path.dirname(configPath)) return;
  const expected = new Set(project.fileNames.flatMap((f) => ts.getOutputFileNames(project, f, false)));
  for (const file of filesUnder(outDir)) {
    if (EMITTED.test(file) && !expected.has(file)) fs.rmSync(file);
  }
}

const next = { folders, configFiles: [], configs: [], files: {}, options: {} };
let emitted = 0;
let failed = false;
for (const relative of PROJECTS) {
  const configPath = path.join(ROOT, relative);
  const { project, configFiles } = loadProject(configPath);
  next.configFiles.push(...configFiles);
  pruneOutputs(project, configPath);
  const optionsKey = JSON.stringify(project.options);
  next.options[relative] = optionsKey;
  for (const file of project.fileNames) {
    if (file.endsWith(".d.ts")) continue;
    const source = fs.readFileSync(file);
    const hash = sha256(optionsKey, source);
    const outputs = ts.getOutputFileNames(project, file, false).filter((f) => !f.endsWith(".d.ts"));
    const entry = { project: relative, hash, outputs };
    if (state.files[file]?.hash === hash && outputs.every((f) => fs.existsSync(f))) {
      next.files[file] = entry;
      continue;
    }
    const result = ts.transpileModule(source.toString("utf8"), {
      compilerOptions: { ...project.options, declaration: false },
      fileName: file,
      reportDiagnostics: true,
    });
    const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
      failed = true;
      for (const d of errors) {
        process.stderr.write(`${path.relative(ROOT, file)}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}\n`);
      }
      continue;
    }
    const js = outputs.find((f) => f.endsWith(".js"));
    fs.mkdirSync(path.dirname(js), { recursive: true });
    fs.writeFileSync(js, result.outputText);
    const map = outputs.find((f) => f.endsWith(".js.map"));
    if (map !== undefined && result.sourceMapText !== undefined) fs.writeFileSync(map, result.sourceMapText);
    next.files[file] = entry;
    emitted++;
  }
}
fs.mkdirSync(path.dirname(STATE), { recursive: true });
// Taken again: creating output folders (bin/, sdks/tfe/bin/) changed their parents' times.
fs.writeFileSync(STATE, JSON.stringify({ ...next, configs: configHashes(next.configFiles), folders: folderTimes() }));
if (failed) process.exit(1);
if (process.env.TRANSPILE_VERBOSE) process.stderr.write(`transpile: ${emitted} file(s) emitted\n`);
