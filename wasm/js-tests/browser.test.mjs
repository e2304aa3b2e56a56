// The same suite as node.test.mjs, run inside headless Chromium against the browser build: one
// node:test test per suite test, failing with the browser's error.
import { test, after } from "node:test";
import { launch, openPage, startServer } from "./harness.mjs";
import { loadCases } from "./fixtures.mjs";

const server = await startServer();
const browser = await launch();
after(async () => {
  await browser.close();
  await server.close();
});

const { page, problems } = await openPage(browser, `${server.url}/wasm/js-tests/browser.html`);
await page.waitForFunction(() => document.title !== "loading", null, { timeout: 30_000 });
const title = await page.title();
if (title !== "ready") throw new Error(`the test page did not load: ${title}\n${problems.join("\n")}`);
const version = await page.evaluate(() => navigator.userAgent);
const results = await page.evaluate((data) => window.runSuite(data), loadCases());

test("browser: the page loaded the browser build without errors", (ctx) => {
  ctx.diagnostic(version);
  if (problems.length) throw new Error(problems.join("\n"));
  if (results.length === 0) throw new Error("the suite ran no test in the browser");
});

for (const r of results) {
  test(`browser: ${r.name}`, (ctx) => {
    if (r.note) ctx.diagnostic(r.note);
    if (!r.ok) throw new Error(r.error);
  });
}
