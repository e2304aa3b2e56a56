// Node entry of `parindex/workflow`: the workflow module (the assessment's dossiers),
// initialised synchronously from the .wasm file next to it. In browsers,
// `parindex/workflow` is parindex_workflow.js: `await init()` (its default export) loads the .wasm.
import { readFileSync } from "node:fs";
import { initSync } from "./parindex_workflow.js";

initSync({ module: readFileSync(new URL("./parindex_workflow_bg.wasm", import.meta.url)) });

export * from "./parindex_workflow.js";
export { default } from "./parindex_workflow.js";
