// Node entry of the `parindex` package: the same ES module as in browsers, initialised
// synchronously from the .wasm file next to it, so that `import { RuleSet } from "parindex"` is
// ready to use. `await init()` (the default export) is accepted too and does nothing more.
import { readFileSync } from "node:fs";
import { initSync } from "./parindex.js";

initSync({ module: readFileSync(new URL("./parindex_bg.wasm", import.meta.url)) });

export * from "./parindex.js";
export { default } from "./parindex.js";
