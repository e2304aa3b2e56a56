// A Rust panic must reach JavaScript as a readable InternalError, never as an opaque
// `RuntimeError: unreachable`. Runs against wasm/pkg-test-panic, a build with the `test-panic`
// feature (`bash wasm/build.sh --test-panic`), whose `__testPanic()` panics on purpose.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "./fixtures.mjs";

const dir = process.env.PARINDEX_PANIC_PKG ?? join(ROOT, "wasm", "pkg-test-panic");

test("panic: a Rust panic is thrown as an InternalError with the panic message", async () => {
  assert.ok(existsSync(join(dir, "node.js")), `${dir} is missing: run bash wasm/build.sh --test-panic`);
  const api = await import(pathToFileURL(join(dir, "node.js")).href);
  assert.equal(api.RuleSet.builtin().id, "hoabinh-1440-2019");
  let err;
  try {
    api.__testPanic();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof Error, `not an Error: ${err}`);
  assert.ok(!(err instanceof WebAssembly.RuntimeError), "an opaque wasm trap reached JavaScript");
  assert.equal(err.name, "InternalError");
  assert.equal(err.kind, "internal");
  assert.equal(err.code, "internal.panic");
  assert.match(err.message, /deliberate panic from __testPanic/);
  assert.match(err.message, /lib\.rs:\d+/);
  assert.equal(err.errors[0].code, "internal.panic");
  // The module is poisoned: later calls fail cleanly rather than run on inconsistent state.
  assert.throws(() => api.RuleSet.builtin(), (e) => e instanceof Error && e.code === "internal.poisoned");
  assert.throws(() => api.__testPanic(), (e) => e.code === "internal.poisoned");
});

test("out of memory: thrown as a LimitError (limits.out_of_memory), not an opaque trap", async () => {
  // A child Node whose WebAssembly memories may not grow beyond 2000 pages (125 MiB) scores a
  // batch that needs more.
  const { spawnSync } = await import("node:child_process");
  const { pkgDir } = await import("./fixtures.mjs");
  const script = `
    const m = await import(${JSON.stringify(pathToFileURL(join(pkgDir(), "node.js")).href)});
    const rs = m.RuleSet.builtin();
    const ex = m.exampleProvince();
    const units = [];
    for (let i = 0; i < 400; i++) for (const u of ex.units) units.push({ ...u, id: u.id + "_" + i });
    m.setLimits({ maxUnits: 100000 });
    const out = {};
    try { rs.score({ format_version: 1, units }); out.first = "no error"; }
    catch (e) { out.first = { error: e instanceof Error, trap: e instanceof WebAssembly.RuntimeError, name: e.name, code: e.code, message: e.message }; }
    try { rs.score(m.exampleProvinceJson()); out.second = "no error"; }
    catch (e) { out.second = { error: e instanceof Error, code: e.code }; }
    console.log(JSON.stringify(out));
  `;
  const r = spawnSync(process.execPath, ["--wasm-max-mem-pages=2000", "--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split("\n").at(-1));
  assert.equal(out.first.error, true);
  assert.equal(out.first.trap, false, "an opaque wasm trap reached JavaScript");
  assert.equal(out.first.name, "LimitError");
  assert.equal(out.first.code, "limits.out_of_memory");
  // The registry's message, in Vietnamese (the default language), naming what to do.
  assert.match(out.first.message, /^hết bộ nhớ WebAssembly .*keepNodes: false/);
  // The module is not used again as if nothing happened.
  assert.equal(out.second.error, true);
  assert.ok(["internal.poisoned", "limits.out_of_memory"].includes(out.second.code), out.second.code);
});
