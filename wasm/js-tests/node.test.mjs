// The suite in Node 20, against the package's Node entry (wasm/pkg/node.js).
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { loadCases, pkgDir } from "./fixtures.mjs";
import { suite } from "./suite.mjs";
import { tablesSuite } from "./tables.mjs";

const api = await import(pathToFileURL(join(pkgDir(), "node.js")).href);
const tables = await import(pathToFileURL(join(pkgDir(), "tables-node.js")).href);
const wf = await import(pathToFileURL(join(pkgDir(), "workflow-node.js")).href);

for (const t of [...suite(api, loadCases(), wf), ...tablesSuite(api, tables)]) {
  test(`node: ${t.name}`, async (ctx) => {
    const note = await t.fn();
    if (note) ctx.diagnostic(note);
  });
}

test("node: the package entry points", async () => {
  const { readFileSync } = await import("node:fs");
  const pkg = JSON.parse(readFileSync(join(pkgDir(), "package.json"), "utf8"));
  const assert = (c, m) => {
    if (!c) throw new Error(m);
  };
  assert(pkg.name === "parindex" && pkg.type === "module", "name and type");
  for (const f of ["parindex.js", "parindex.d.ts", "parindex_bg.wasm", "node.js", "README.md",
    "parindex_tables.js", "parindex_tables.d.ts", "parindex_tables_bg.wasm", "tables-node.js",
    "parindex_workflow.js", "parindex_workflow.d.ts", "parindex_workflow_bg.wasm", "workflow-node.js"]) {
    assert(pkg.files.some((p) => p === f || f.startsWith(p)), `files lists ${f}`);
    readFileSync(join(pkgDir(), f));
  }
  // The default (browser) entry works in Node too, initialised from the bytes.
  const web = await import(pathToFileURL(join(pkgDir(), pkg.exports["."].default)).href);
  web.initSync({ module: readFileSync(join(pkgDir(), "parindex_bg.wasm")) });
  assert(web.RuleSet.builtin().id === api.defaultRuleset(), "web entry after initSync");
  // `await init()` on the Node entry is accepted and does nothing more.
  await api.default();
});

test("node: the packed package installs and imports by its name", async () => {
  const { execFileSync } = await import("node:child_process");
  const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "parindex-pack-"));
  try {
    const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const tgz = npm(["pack", "--silent", "--pack-destination", dir], pkgDir()).trim().split("\n").at(-1);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    npm(["install", "--offline", "--no-audit", "--no-fund", join(dir, tgz)], dir);
    const out = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", 'import { RuleSet, exampleProvince } from "parindex"; const r = RuleSet.builtin().rank(exampleProvince()); console.log(r.receipt.units_scored);'],
      { cwd: dir, encoding: "utf8" },
    );
    if (Number(out.trim()) !== api.exampleProvince().units.length) throw new Error(`unexpected output: ${out}`);
    // The second module, by its subpath: a form from the main module's RuleSet.
    const form = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", 'import { RuleSet, exampleProvince } from "parindex"; import { formWorkbook } from "parindex/tables"; const b = formWorkbook(RuleSet.builtin(), exampleProvince(), "so_noi_vu"); console.log(b.constructor.name, b[0], b[1]);'],
      { cwd: dir, encoding: "utf8" },
    );
    if (form.trim() !== "Uint8Array 80 75") throw new Error(`parindex/tables: unexpected output: ${form}`);
    // The third, by its subpath: a dossier opened with the main module's RuleSet.
    const dossier = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", 'import { RuleSet } from "parindex"; import { Dossier } from "parindex/workflow"; const d = Dossier.open(RuleSet.builtin(), "so_xay_dung", "Sở Xây dựng", "department"); console.log(d.phase, d.header.unit);'],
      { cwd: dir, encoding: "utf8" },
    );
    if (dossier.trim() !== "draft so_xay_dung") throw new Error(`parindex/workflow: unexpected output: ${dossier}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
