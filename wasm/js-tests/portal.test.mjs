// The portal page (wasm/portal/) in headless Chromium: fill the self-scoring form like a user,
// then check that every number the page shows is the engine's (computed here in Node from the very
// unit and batch the page scored), that bad input is reported at its field, and save a screenshot
// under test-output/.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launch, openPage, startServer } from "./harness.mjs";
import { ROOT, pkgDir } from "./fixtures.mjs";
import { readFileSync } from "node:fs";
import { cells, unzip } from "./zip.mjs";
import { fillTemplate } from "./tables.mjs";

const api = await import(pathToFileURL(join(pkgDir(), "node.js")).href);
const rs = api.RuleSet.builtin();
const server = await startServer();
const browser = await launch();
after(async () => {
  await browser.close();
  await server.close();
});
const { page, problems } = await openPage(browser, `${server.url}/wasm/portal/index.html`, { width: 1360, height: 1000 });
await page.waitForFunction(() => Number(document.body.dataset.updates) >= 1, null, { timeout: 30_000 });

const updates = () => page.evaluate(() => Number(document.body.dataset.updates));
/** Do something on the page and wait until the page has rescored after it: a new update, none
 * pending, and the unit last scored is the one the form now holds (an update a blur's `change`
 * event scheduled before the new value was typed does not count). */
async function act(fn) {
  const before = await updates();
  await fn();
  await page.waitForFunction(
    (n) =>
      Number(document.body.dataset.updates) > n &&
      !window.portal.pending() &&
      JSON.stringify(window.portal.lastUnit()) === JSON.stringify(window.portal.currentUnit()),
    before,
    { timeout: 10_000 },
  );
}
const field = (code, k) => page.locator(`.node.leaf[data-code="${code}"] [data-k="${k}"]`);

/** What the page shows, and what the engine says for the unit and batch the page scored. */
async function compareWithEngine() {
  const shown = await page.evaluate(() => {
    const nodes = {};
    for (const box of document.querySelectorAll("[data-code]")) {
      const pts = box.querySelector(".pts");
      nodes[box.dataset.code] = pts.dataset.points ?? null;
    }
    const components = {};
    for (const box of document.querySelectorAll("[data-component]")) components[box.dataset.component] = box.querySelector(".pts").dataset.points ?? null;
    const v = (id) => document.getElementById(id).dataset.value;
    const ranking = [...document.querySelectorAll("#ranking tbody tr")].map((tr) => tr.dataset.id);
    return { nodes, components, total: v("total"), index: v("index"), band: v("band"), rank: v("rank"), ranking, errors: !document.getElementById("errors").hidden };
  });
  const batch = await page.evaluate(() => window.portal.lastBatch());
  const id = await page.evaluate(() => window.portal.unitId);
  assert.equal(shown.errors, false, "the page shows no error");
  const me = rs.explain(batch, id);
  const ranked = rs.rank(batch);
  let checked = 0;
  for (const n of me.nodes) {
    if (!(n.code in shown.nodes)) continue;
    assert.equal(shown.nodes[n.code], n.points, `points shown for ${n.code}`);
    checked++;
  }
  assert.ok(checked >= me.nodes.length - 2, `every criterion is shown (${checked} of ${me.nodes.length})`);
  for (const c of me.components) {
    if (c.id in shown.components) assert.equal(shown.components[c.id], c.points, `component ${c.id}`);
  }
  assert.equal(shown.total, me.total, "total");
  assert.equal(shown.index, me.index, "index");
  assert.equal(shown.band, me.band, "band");
  const block = ranked.ranking.find((b) => b.entries.some((e) => e.id === id));
  assert.equal(shown.rank, String(block.entries.find((e) => e.id === id).rank), "rank");
  assert.deepEqual(shown.ranking, block.entries.map((e) => e.id), "ranking table");
  return { me, checked };
}

test("portal: loads without errors and shows the engine's numbers for the prefilled unit", async () => {
  assert.deepEqual(problems, []);
  const { checked } = await compareWithEngine();
  assert.ok(checked > 50);
});

test("portal: typing into the form rescoring every criterion like the engine", async (ctx) => {
  await act(() => field("1.1.1", "choice").selectOption("cham"));
  await act(() => field("1.1.2", "percentage").fill("57,5")); // a Vietnamese decimal comma
  await act(() => field("1.3.1", "met").selectOption("false"));
  await act(() => field("1.3.2", "count").fill("3"));
  await act(() => field("1.2", "event:bao_cao_tre_han").fill("2"));
  await act(() => page.locator('[data-component="survey"] [data-k="percentage"]').fill("88,25"));
  const unit = await page.evaluate(() => window.portal.currentUnit());
  assert.equal(unit.items["1.1.1"].choice, "cham");
  assert.equal(unit.items["1.1.2"].percentage, "57.5", "the comma reaches the engine as a decimal point, as a string");
  assert.equal(unit.items["1.3.1"].met, false);
  assert.equal(unit.items["1.3.2"].count, 3);
  assert.equal(unit.items["1.2"].events.bao_cao_tre_han, 2);
  assert.equal(unit.components.survey.percentage, "88.25");
  const { me } = await compareWithEngine();
  const n = (code) => me.nodes.find((x) => x.code === code);
  assert.equal(n("1.1.1").points, "0.50");
  assert.equal(n("1.1.2").percentage, "57.50");
  assert.equal(n("1.3.1").points, "0.00");
  assert.equal(n("1.2").points, "0.50");
  // The explanation in the officer's words: the option chosen by its label (C1), where the
  // criterion comes from by the engine's label, no rule id of the specification.
  const why = await page.locator('.node.leaf[data-code="1.1.1"] details.why').evaluate((d) => ({
    summary: d.querySelector("summary").textContent,
    rows: Object.fromEntries([...d.querySelectorAll("dt")].map((dt) => [dt.textContent, dt.nextElementSibling.textContent])),
  }));
  assert.ok(why.summary.startsWith("Giải thích: Phương án đã chọn: Ban hành chậm so với thời hạn"), why.summary);
  assert.equal(why.rows["Xuất xứ"], "dựng lại (chờ phụ lục)");
  assert.equal(why.rows["Dữ kiện"], "choice: Ban hành chậm so với thời hạn", "the facts name the option by its label");
  const events = await page.locator('.node.leaf[data-code="1.2"] details.why dl').evaluate((dl) =>
    [...dl.querySelectorAll("dt")].find((dt) => dt.textContent === "Dữ kiện").nextElementSibling.textContent,
  );
  assert.ok(events.includes("Mỗi báo cáo gửi trễ hạn=2") && !events.includes("bao_cao_tre_han"), events);
  assert.ok(!/\((C|S)\d+\)/.test(Object.values(why.rows).join(" ")), JSON.stringify(why.rows));
  ctx.diagnostic(`engine time per update on the page (explain + rank of ${(await page.evaluate(() => window.portal.lastBatch().units.length))} units): ${(await page.evaluate(() => window.portal.engineMs())).toFixed(1)} ms`);
});

test("portal: bad input is reported at its field with the engine's path and code", async () => {
  await act(() => field("1.1.2", "percentage").fill("abc"));
  const err = await page.evaluate(() => document.getElementById("errors").textContent);
  assert.match(err, /items\["1\.1\.2"\]\.percentage/);
  assert.match(err, /\[input\.invalid_type\]|\[input\.[a-z_]+\]/);
  assert.equal(await page.locator('.node.leaf[data-code="1.1.2"]').evaluate((e) => e.classList.contains("invalid")), true);
  await act(() => field("1.1.2", "percentage").fill("100"));
  await compareWithEngine();
});

test("portal: a commune is ranked within its district (S10)", async () => {
  await act(() => page.selectOption("#group", "commune"));
  assert.equal(await page.locator("#parent-label").isVisible(), true);
  await compareWithEngine();
  const batch = await page.evaluate(() => window.portal.lastBatch());
  const mine = batch.units.at(-1);
  assert.equal(mine.group, "commune");
  assert.ok(mine.parent, "the commune has its district");
  await act(() => page.selectOption("#group", "department"));
  assert.equal(await page.locator("#parent-label").isVisible(), false);
});

test("portal: forms and templates download from the tables module, loaded at the first download; a filled template uploads into the form", async () => {
  const loaded = () =>
    page.evaluate(() => performance.getEntriesByType("resource").some((r) => r.name.endsWith("parindex_tables_bg.wasm")));
  assert.equal(await loaded(), false, "the tables module is not fetched before a download");
  const get = async (button) => {
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
    return { name: dl.suggestedFilename(), bytes: new Uint8Array(readFileSync(await dl.path())) };
  };
  const form = await get("#dl-form");
  assert.equal(await loaded(), true, "fetched at the first download");
  assert.equal(form.name, "bieu-tu-cham-diem-mau-03.xlsx");
  // The form holds the numbers of the unit the page shows (the engine's, for the page's batch).
  const batch = await page.evaluate(() => window.portal.lastBatch());
  const me = rs.explain(batch, await page.evaluate(() => window.portal.unitId));
  const parts = await unzip(form.bytes);
  const dec = (b) => new TextDecoder().decode(b);
  assert.match(dec(parts.get("xl/workbook.xml")), /<sheet name="Mẫu 03"/);
  const c = cells(dec(parts.get("xl/worksheets/sheet1.xml")), dec(parts.get("xl/sharedStrings.xml")));
  const totalRow = Object.keys(c).find((k) => k.startsWith("B") && c[k] === "TỔNG ĐIỂM").slice(1);
  assert.equal(Number(c[`D${totalRow}`]), Number(me.total), "the form's total is the page's");
  const report = await get("#dl-report");
  assert.equal(report.name, "bao-cao-tu-danh-gia-mau-01.docx");
  assert.ok((await unzip(report.bytes)).has("word/document.xml"), "a Word document");
  // The blank template of the group, filled as an officer would, uploaded back into the form.
  const template = await get("#dl-template");
  assert.equal(template.name, "mau-nhap-lieu-department.xlsx");
  const filled = await fillTemplate(template.bytes, {
    id: "so_thu",
    name: "Sở Thử",
    "1.1.2.numerator": 9,
    "1.1.2.denominator": 10,
    "1.3.2.count": 2,
  });
  await act(() => page.setInputFiles("#upload", { name: "da-dien.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from(filled) }));
  const unit = await page.evaluate(() => window.portal.currentUnit());
  assert.equal(unit.name, "Sở Thử");
  assert.equal(unit.items["1.1.2"].numerator, 9);
  assert.equal(unit.items["1.1.2"].denominator, 10);
  assert.equal(unit.items["1.3.2"].count, 2);
  assert.equal(unit.items["1.1.1"], undefined, "a criterion left blank in the template is blank in the form");
  await compareWithEngine();
  // A bad cell: the page shows the engine's problem with its cell.
  const bad = await fillTemplate(template.bytes, { id: "so_thu", name: "Sở Thử", "1.1.2.numerator": "chín" });
  await page.setInputFiles("#upload", { name: "sai.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from(bad) });
  await page.waitForFunction(() => !document.getElementById("errors").hidden, null, { timeout: 10_000 });
  const err = await page.evaluate(() => document.getElementById("errors").textContent);
  assert.match(err, /Tự chấm điểm!F15: /);
  assert.match(err, /\[input\.invalid_type\]/);
  // Back to the first example unit, as the page opened.
  const first = await page.locator("#prefill option").nth(1).getAttribute("value");
  await act(() => page.selectOption("#prefill", first));
  await compareWithEngine();
});

test("portal: screenshot", async () => {
  await act(() => field("1.1.2", "percentage").fill("57,5"));
  await page.locator('.node.leaf[data-code="1.1.2"] details.why').evaluate((d) => (d.open = true));
  await page.locator('.node.leaf[data-code="1.2"] details.why').evaluate((d) => (d.open = true));
  await compareWithEngine();
  const dir = join(ROOT, "test-output");
  mkdirSync(dir, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(dir, "portal.png") });
  assert.deepEqual(problems, [], "no console error during the session");
});
