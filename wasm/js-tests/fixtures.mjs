// Loads every conformance case of fixtures/conformance (the same cases the Rust and Python runners
// use) into plain data that the suite can run anywhere, including inside a browser page.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export function loadCases() {
  const dir = join(ROOT, "fixtures", "conformance");
  const cases = [];
  for (const name of readdirSync(dir).sort()) {
    const caseFile = join(dir, name, "case.json");
    if (!existsSync(caseFile)) continue;
    const c = JSON.parse(readFileSync(caseFile, "utf8"));
    if (typeof c.ruleset !== "string" || (typeof c.input !== "string") === (typeof c.workflow !== "string") || !("expected" in c)) {
      throw new Error(`${caseFile}: needs "ruleset", "input" or "workflow", and "expected"`);
    }
    cases.push({
      name,
      rules: c.rules ?? [],
      textOnly: c.text_only === true,
      ruleset: c.ruleset,
      rulesetText: c.ruleset.startsWith("builtin:") ? null : readFileSync(join(dir, name, c.ruleset), "utf8"),
      inputText: c.input === undefined ? null : readFileSync(join(dir, name, c.input), "utf8"),
      // A workflow case: the dossier's opening and steps (README).
      walk: c.workflow === undefined ? null : JSON.parse(readFileSync(join(dir, name, c.workflow), "utf8")),
      expected: c.expected,
    });
  }
  return { cases };
}

/** The package directory under test: $PARINDEX_PKG, or wasm/pkg. */
export function pkgDir() {
  return process.env.PARINDEX_PKG ?? join(ROOT, "wasm", "pkg");
}
