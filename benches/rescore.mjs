#!/usr/bin/env node
// Rescoring one unit as an officer types, in Node 20 and in headless Chromium, against the npm
// package in wasm/pkg (bash wasm/build.sh). The unit is a department of the example province
// (67 leaves given); between two calls one count changes. Reports µs per call (median of rounds;
// fastest and slowest round) for:
//
//   form.set(code, item)                    a UnitForm (rs.form(unit)) holds the unit: one item in,
//                                           totals, fields and index out
//   … + form.explain(code)                  and the edited criterion's explanation
//   scoreUnit(object, {keepNodes: false})   the whole unit each time: totals, fields, index
//   scoreUnit(text, {keepNodes: false})     the same from JSON text (JSON.stringify included)
//   scoreUnit(object)                       with the node-by-node explanation as plain objects
//
//   node benches/rescore.mjs [--rounds 15] [--per 200] [--no-browser]
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../wasm/js-tests/fixtures.mjs";
import { launch, openPage, startServer } from "../wasm/js-tests/harness.mjs";
import { measure } from "./rescore_run.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const opts = { rounds: opt("rounds", 15), per: opt("per", 200) };

const pkg = join(ROOT, "wasm", "pkg");
if (!existsSync(join(pkg, "parindex_bg.wasm"))) throw new Error("wasm/pkg is missing: run bash wasm/build.sh");
const api = await import(pathToFileURL(join(pkg, "parindex.js")).href);
api.initSync({ module: readFileSync(join(pkg, "parindex_bg.wasm")) });

const print = (where, r) => {
  console.log(`${where}: unit ${r.unit} (${r.leaves} leaves given), editing ${r.code}`);
  for (const row of r.rows) {
    console.log(`  ${row.what.padEnd(44)} ${row.us.toFixed(1).padStart(7)} µs  (rounds ${row.fastest.toFixed(1)}–${row.slowest.toFixed(1)})`);
  }
};

print(`Node ${process.version}`, measure(api, opts));

if (!args.includes("--no-browser")) {
  const server = await startServer();
  const browser = await launch();
  try {
    const { page, problems } = await openPage(browser, `${server.url}/benches/rescore.html`);
    await page.waitForFunction(() => document.title !== "loading", null, { timeout: 30_000 });
    if ((await page.title()) !== "ready") throw new Error(`the page did not load: ${await page.title()}\n${problems.join("\n")}`);
    const r = await page.evaluate((o) => window.measure(o), opts);
    print(`Chromium ${browser.version()} (headless)`, r);
  } finally {
    await browser.close();
    await server.close();
  }
}
