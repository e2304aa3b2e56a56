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
