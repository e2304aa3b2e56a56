// Node entry of `parindex/tables`: the tables module (templates, forms, the rubric workbook,
// reading uploads), initialised synchronously from the .wasm file next to it. In browsers,
// `parindex/tables` is parindex_tables.js: `await init()` (its default export) loads the .wasm.
import { readFileSync } from "node:fs";
import { initSync } from "./parindex_tables.js";

initSync({ module: readFileSync(new URL("./parindex_tables_bg.wasm", import.meta.url)) });

export * from "./parindex_tables.js";
export { default } from "./parindex_tables.js";
