// The tests of `parindex/tables` (the second module: templates, forms, the rubric workbook,
// reading uploads), independent of where they run: node.test.mjs runs them in Node against
// wasm/pkg/tables-node.js, browser.html in headless Chromium against wasm/pkg/parindex_tables.js.
// No Node-only API here. Produced files are opened with zip.mjs (written from the ZIP format, not
// the module's own readers) and checked part by part and cell by cell.
//
// tablesSuite(api, tables) returns [{ name, fn }], as suite() does: `api` is the main module,
// `tables` the tables module.

import { eq, ok, throws } from "./suite.mjs";
import { cells, unzip, zip } from "./zip.mjs";

const text = (bytes) => new TextDecoder().decode(bytes);

/** A decimal string without trailing zeros (`"0.50"` → `"0.5"`), to compare a cell with a score. */
const plain = (d) => (String(d).includes(".") ? String(d).replace(/0+$/, "").replace(/\.$/, "") : String(d));

/** JSON with every object's keys sorted: the same data give the same text. */
function canon(v) {
  if (Array.isArray(v)) return `[${v.map(canon).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** The parts and first sheet's cells of a workbook. */
async function workbook(bytes) {
  eq(text(bytes.subarray(0, 2)), "PK", "a workbook is a ZIP archive");
  const parts = await unzip(bytes);
  const sheet = text(parts.get("xl/worksheets/sheet1.xml") ?? new Uint8Array());
  const shared = parts.has("xl/sharedStrings.xml") ? text(parts.get("xl/sharedStrings.xml")) : "";
  return { parts, cells: cells(sheet, shared) };
}

/** The row numbers whose cell in column `col` holds `value`. */
function rowsWhere(c, col, value) {
  return Object.keys(c)
    .filter((ref) => ref.startsWith(col) && /^\d+$/.test(ref.slice(col.length)) && c[ref] === value)
    .map((ref) => ref.slice(col.length));
}

/**
 * An input template filled as an officer fills it: `values` by the key of the template's hidden
 * key column (K: `id`, `name`, `1.1.2.numerator`…), written into the input column (F) of that row,
 * numbers as numbers and text as text; the workbook is written back.
 */
export async function fillTemplate(bytes, values) {
  const parts = await unzip(bytes);
  const name = "xl/worksheets/sheet1.xml";
  let sheet = text(parts.get(name));
  const c = cells(sheet, text(parts.get("xl/sharedStrings.xml")));
  for (const [key, value] of Object.entries(values)) {
    const rows = rowsWhere(c, "K", key);
    eq(rows.length, 1, `the template has one row keyed ${key}`);
    const ref = `F${rows[0]}`;
    const re = new RegExp(`<c r="${ref}"([^>]*?)(/>|>[\\s\\S]*?</c>)`);
    ok(re.test(sheet), `the template has an input cell ${ref} for ${key}`);
    const esc = String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;");
    sheet = sheet.replace(re, (_, attrs) =>
      typeof value === "number"
        ? `<c r="${ref}"${attrs}><v>${value}</v></c>`
        : `<c r="${ref}"${attrs} t="inlineStr"><is><t>${esc}</t></is></c>`,
    );
  }
  parts.set(name, new TextEncoder().encode(sheet));
  return zip(parts);
}

/** What is compared of two results: the units and the ranking (the receipts differ: inputs). */
const scores = (r) => canon({ units: r.units, ranking: r.ranking, errors: r.errors });

export function tablesSuite(api, tables) {
  const builtin = () => api.RuleSet.builtin();
  const unitJson = {
    id: "so_thu",
    name: "Sở Thử",
    group: "department",
    items: {
      "1.1.2": { numerator: 9, denominator: 10 },
      "1.2": { events: { bao_cao_tre_han: 1 } },
      "1.6": { count: 1 },
    },
  };
  return [
    {
      name: "tables: a filled template reads back as the unit it was filled with and scores as its JSON",
      fn: async () => {
        const rs = builtin();
        const blank = tables.template(rs, "department");
        ok(blank instanceof Uint8Array, "template() returns a Uint8Array");
        const filled = await fillTemplate(blank, {
          id: "so_thu",
          name: "Sở Thử",
          "1.1.2.numerator": 9,
          "1.1.2.denominator": 10,
          "1.2.events.bao_cao_tre_han": 1,
          "1.6.count": 1,
        });
        const read = tables.readWorkbook(rs, filled);
        eq(read.errors.length, 0, "no refusal");
        eq(read.batch.ruleset, rs.id, "the template names its rule set");
        eq(read.batch.units.length, 1, "one unit");
        eq(canon(read.batch.units[0]), canon(unitJson), "the unit read is the one filled in");
        const fromTable = rs.score(read.batch);
        const fromJson = rs.score({ format_version: 1, units: [unitJson] });
        eq(scores(fromTable), scores(fromJson), "scores of the template and of the JSON");
        // The rates are scored from their facts (S9: the percentage first): 9/10 is 90 %.
        const node = fromTable.units[0].nodes.find((n) => n.code === "1.1.2");
        eq(node.percentage, "90.00", "1.1.2 percentage from the template's counts");
      },
    },
    {
      name: "tables: a bad template cell refuses its unit, told as Sheet!F15 with its code and JSON path",
      fn: async () => {
        const rs = builtin();
        const filled = await fillTemplate(tables.template(rs, "department"), {
          id: "so_thu",
          name: "Sở Thử",
          "1.1.2.numerator": "chín",
          "1.1.2.denominator": 10,
        });
        const read = tables.readWorkbook(rs, filled);
        eq(read.batch.units.length, 0, "the unit is not in the batch");
        eq(read.errors.length, 1, "one refusal");
        const [e] = read.errors;
        eq(e.id, "so_thu", "the refused unit's id");
        eq(e.index, 0, "its index");
        const issue = e.errors[0];
        eq(issue.code, "input.invalid_type", "code");
        eq(issue.path, '$.units[0].items["1.1.2"].numerator', "the JSON path the cell stands for");
        ok(issue.message.startsWith("Tự chấm điểm!F15: "), `the message names the cell: ${issue.message}`);
      },
    },
    {
      name: "tables: one refused row of a CSV fact table keeps the others, each problem with its cell (decimal comma)",
      fn: () => {
        const rs = builtin();
        const csv =
          "id;name;group;1.1.2.percentage;3.3.3.numerator;3.3.3.denominator\n" +
          "so_a;Sở A;department;93,5;180;200\n" +
          "so_b;Sở B;department;x;1;2\n" +
          "so_c;Sở C;department;50;300;200\n" +
          "so_d;Sở D;department;;7;8\n";
        const read = tables.readWorkbook(rs, new TextEncoder().encode(csv), { decimalComma: true });
        eq(read.batch.units.map((u) => u.id).join(","), "so_a,so_d", "the units that read and score");
        eq(read.batch.units[0].items["1.1.2"].percentage, "93.5", "the decimal comma read exactly");
        const refused = read.errors.map((e) => `${e.index} ${e.id} ${e.errors[0].code}`);
        eq(refused.join("; "), "1 so_b input.not_a_decimal; 2 so_c input.numerator_above_denominator", "refusals");
        ok(read.errors[0].errors[0].message.startsWith("dòng 3, cột 1.1.2.percentage: "), read.errors[0].errors[0].message);
        ok(read.errors[1].errors[0].message.startsWith("dòng 4, cột 3.3.3.numerator: "), read.errors[1].errors[0].message);
        const json = {
          format_version: 1,
          units: [
            { id: "so_a", name: "Sở A", group: "department", items: { "1.1.2": { percentage: "93.5" }, "3.3.3": { numerator: 180, denominator: 200 } } },
            { id: "so_d", name: "Sở D", group: "department", items: { "3.3.3": { numerator: 7, denominator: 8 } } },
          ],
        };
        eq(scores(rs.score(read.batch)), scores(rs.score(json)), "scores of the table and of the JSON");
        // Without the declaration, the comma is refused (it could be a thousands separator).
        const strict = tables.readWorkbook(rs, new TextEncoder().encode(csv));
        eq(strict.errors[0].errors[0].code, "input.decimal_comma", "a comma not declared");
      },
    },
    {
      name: "tables: factTable writes a batch as the fact table, read back as the same units",
      fn: async () => {
        const rs = builtin();
        const batch = api.exampleProvince();
        const bytes = tables.factTable(rs, batch);
        const { parts, cells: c } = await workbook(bytes);
        ok(text(parts.get("xl/workbook.xml")).includes('<sheet name="units"'), "its first sheet is units");
        eq([c.A1, c.B1, c.C1].join(), "id,name,group", "the header begins with id, name, group");
        eq(rowsWhere(c, "A", batch.units[0].id).join(), "2", "the first unit on row 2");
        eq(rowsWhere(c, "A", batch.units.at(-1).id).join(), String(batch.units.length + 1), "the last unit on its row");
        const want = scores(rs.score(batch));
        const read = tables.readWorkbook(rs, bytes);
        eq(read.errors.length, 0, "every row read");
        eq(scores(rs.score(read.batch)), want, "the workbook scores as the batch");
        const csv = tables.factTable(rs, JSON.stringify(batch), "csv");
        ok(text(csv).startsWith("id,name,group,"), "CSV from the batch's text");
        eq(scores(rs.score(tables.readWorkbook(rs, csv).batch)), want, "the CSV scores as the batch");
        const empty = text(tables.factTable(rs, null, "csv"));
        eq(empty.trim().split("\n").length, 1, "an empty table is its header");
        ok(empty.split(",").includes("self:1.1.1"), "with every column");
        throws(() => tables.factTable(rs, null, "ods"), { name: "InputError", code: "input.invalid_type", path: "$.format" }, "another format");
      },
    },
    {
      name: "tables: S4 form 03 is a workbook whose parts and cells hold the unit's scores",
      fn: async () => {
        const rs = builtin();
        const batch = api.exampleProvince();
        const unit = rs.explain(batch, "so_noi_vu");
        eq(unit.form, "03", "so_noi_vu's form");
        const bytes = tables.formWorkbook(rs, batch, "so_noi_vu", { place: "Hòa Bình", date: "2019-11-15" });
        const { parts, cells: c } = await workbook(bytes);
        for (const p of ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"]) {
          ok(parts.has(p), `the workbook has ${p}`);
        }
        ok(text(parts.get("xl/workbook.xml")).includes('<sheet name="Mẫu 03"'), "its sheet is Mẫu 03");
        ok(text(parts.get("[Content_Types].xml")).includes("spreadsheetml.sheet.main+xml"), "a spreadsheet's content type");
        eq(c.F1, "Mẫu số 03", "the form's number");
        for (const code of ["1.1.2", "1.3.2", "7.2.1"]) {
          const rows = rowsWhere(c, "A", code);
          eq(rows.length, 1, `one row for ${code}`);
          const node = unit.nodes.find((n) => n.code === code);
          eq(plain(c[`C${rows[0]}`]), plain(node.max_points), `${code}: maximum`);
          eq(plain(c[`D${rows[0]}`]), plain(node.points), `${code}: points`);
          eq(plain(c[`G${rows[0]}`] ?? "0"), plain(node.lost), `${code}: points lost`);
        }
        const total = rowsWhere(c, "B", "TỔNG ĐIỂM");
        eq(total.length, 1, "one total row");
        eq(plain(c[`D${total[0]}`]), plain(unit.total), "the total");
        ok(Object.values(c).some((v) => v.includes("Hòa Bình, ngày 15 tháng 11 năm 2019")), "the signing line");
      },
    },
    {
      name: "tables: S4 form 01 is a Word document holding the unit's name and figures",
      fn: async () => {
        const rs = builtin();
        const batch = api.exampleProvince();
        const unit = rs.explain(batch, "so_noi_vu");
        const bytes = tables.reportDocument(rs, batch, "so_noi_vu", { reportNumber: "45/BC-SNV" });
        eq(text(bytes.subarray(0, 2)), "PK", "a DOCX is a ZIP archive");
        const parts = await unzip(bytes);
        for (const p of ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml"]) {
          ok(parts.has(p), `the document has ${p}`);
        }
        ok(text(parts.get("[Content_Types].xml")).includes("wordprocessingml.document.main+xml"), "a Word document's content type");
        const words = text(parts.get("word/document.xml")).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
        ok(words.includes(unit.name), "the unit's name");
        ok(words.includes("45/BC-SNV"), "the report's number");
        ok(words.includes(unit.total.replace(".", ",")), `the total as Vietnamese writes it (${unit.total})`);
        ok(words.includes("Mẫu số 03"), "the form it goes with");
      },
    },
    {
      name: "tables: every built-in rule set's rubric workbook reads back as the same rule set",
      fn: async () => {
        for (const id of api.builtinRulesets()) {
          const rs = api.RuleSet.builtin(id);
          const bytes = tables.rubricWorkbook(rs);
          const { parts } = await workbook(bytes);
          ok(parts.has("xl/workbook.xml"), `${id}: a workbook`);
          const back = tables.rulesetFromWorkbook(bytes);
          eq(back, rs.toJson(), `${id}: the rule set read back`);
          eq(api.RuleSet.fromJson(back).sha256, rs.sha256, `${id}: the same hash`);
        }
        // The rule set as text and as an object give the same workbook's rule set.
        const rs = builtin();
        eq(tables.rulesetFromWorkbook(tables.rubricWorkbook(rs.toJson())), rs.toJson(), "from the text");
        eq(tables.rulesetFromWorkbook(tables.rubricWorkbook(rs.definition()).buffer), rs.toJson(), "from the object, read from an ArrayBuffer");
      },
    },
    {
      name: "tables: setLimits and getLimits, the limits this module reads uploads within (its own, the main module's checks)",
      fn: () => {
        const rs = builtin();
        const csv = new TextEncoder().encode("id,name,group,3.3.3.numerator,3.3.3.denominator\nso_x,Sở X,department,180,200\n");
        const d = tables.setLimits(null);
        eq(JSON.stringify(d), JSON.stringify(api.getLimits()), "the same defaults as the main module's");
        try {
          const changed = tables.setLimits({ maxInputBytes: 20 });
          eq(changed.maxInputBytes, 20, "maxInputBytes changed");
          eq(changed.maxUnits, d.maxUnits, "the others kept");
          eq(JSON.stringify(tables.getLimits()), JSON.stringify(changed), "getLimits");
          eq(api.getLimits().maxInputBytes, d.maxInputBytes, "the main module's limits are its own");
          const e = throws(() => tables.readWorkbook(rs, csv), { name: "LimitError", code: "limits.input_too_large" }, "an upload over the limit");
          ok(e.message.includes("setLimits"), `the message names setLimits: ${e.message}`);
          // Refused as the main module refuses, nothing changed.
          const unknown = throws(() => tables.setLimits({ maxUnits: 5, maxUnit: 5 }), { code: "limits.invalid", path: "$.maxUnit" }, "unknown limit");
          eq(unknown.errors[0].params.name, "maxUnit", "the limit named in params");
          ok(unknown.errors[0].params.names.includes("maxNumberDigits"), `the limits listed by their JavaScript names: ${unknown.message}`);
          throws(() => tables.setLimits({ maxUnits: 0 }), { code: "limits.invalid", path: "$.maxUnits" }, "zero");
          throws(() => tables.setLimits({ maxUnits: 1.5 }), { code: "limits.invalid" }, "fraction");
          throws(() => tables.setLimits(7), { code: "limits.invalid" }, "not an object");
          eq(JSON.stringify(tables.getLimits()), JSON.stringify(changed), "nothing changed by a refusal");
        } finally {
          eq(JSON.stringify(tables.setLimits(null)), JSON.stringify(d), "reset to defaults");
        }
        eq(tables.readWorkbook(rs, csv).batch.units.length, 1, "read within the defaults again");
      },
    },
    {
      name: "tables: errors are the main module's Error objects, with codes, paths and the language of setLang",
      fn: () => {
        const rs = builtin();
        const batch = api.exampleProvince();
        // Not `input.unknown_group` (a unit's group in a batch): the template's group is looked up.
        throws(() => tables.template(rs, "nope"), { name: "NotFoundError", kind: "not_found", code: "not_found.group", path: "$" }, "unknown group");
        throws(() => tables.formWorkbook(rs, batch, "nope"), { name: "NotFoundError", code: "not_found.unit" }, "unknown unit");
        throws(() => tables.formWorkbook(rs, batch, "so_noi_vu", { date: "2019-13-01" }), { name: "InputError", code: "input.bad_date", path: "$.date" }, "a date that is none");
        throws(() => tables.reportDocument(rs, batch, "so_noi_vu", { place: 7 }), { name: "InputError", code: "input.invalid_type", path: "$.place" }, "a place that is no text");
        const bad = { format_version: 1, units: [{ id: "x", name: "X", group: "department", items: { "3.3.3": { numerator: 3, denominator: 2 } } }] };
        throws(() => tables.formWorkbook(rs, bad, "x"), { name: "InputError", code: "input.numerator_above_denominator" }, "a refused unit has no form");
        throws(() => tables.readWorkbook(rs, "id,name"), { name: "InputError", code: "input.invalid_type", path: "$" }, "text where bytes belong");
        throws(() => tables.readWorkbook(rs, new TextEncoder().encode("id,name\n"), { delimiter: "|" }), { name: "InputError", code: "input.invalid_type", path: "$.delimiter" }, "a delimiter that is none");
        throws(() => tables.readWorkbook(rs, new Uint8Array([0x50, 0x4b, 3, 4, 0])), { name: "InputError", code: "input.not_a_workbook" }, "a broken workbook");
        throws(() => tables.rulesetFromWorkbook(tables.template(rs, "department")), { name: "RuleSetError" }, "a template is no rubric");
        throws(() => tables.template("{", "department"), { name: "RuleSetError", code: "ruleset.json_syntax" }, "a rule set that is no JSON");
        throws(() => tables.template(rs, "department", "fr"), { name: "InputError", code: "input.unknown_lang" }, "an unknown language");
        eq(tables.getLang(), "vi", "Vietnamese by default");
        try {
          tables.setLang("en");
          const e = throws(() => tables.template(rs, "nope"), { code: "not_found.group" }, "in English");
          ok(e.message.includes("has no group `nope`"), `the English message: ${e.message}`);
          ok(["department_52", "department", "district", "commune"].every((g) => e.message.includes(g)), `… listing the groups: ${e.message}`);
        } finally {
          tables.setLang("vi");
        }
      },
    },
  ];
}
