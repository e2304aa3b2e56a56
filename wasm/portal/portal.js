// Self-scoring page for a PAR-index portal, on the npm package `parindex` (WebAssembly).
//
// The page builds the self-scoring form from the built-in rule set (criteria tree, Vietnamese
// labels, one input per rule kind), turns what the user types into a unit (decimals as strings),
// and asks the engine for everything it shows: the points of every criterion with its
// explanation, the total, the index and the band, and the ranking of the example province with
// the user's unit in it. It computes no number itself.

// Where the package's parindex.js is served from (next to parindex_bg.wasm and snippets/).
const PACKAGE = new URL("../pkg/parindex.js", import.meta.url).href;
// The package's second module (`parindex/tables`: templates, forms, uploads), loaded at the first
// download or upload only.
const TABLES = new URL("../pkg/parindex_tables.js", import.meta.url).href;

const { default: init, RuleSet, exampleProvince, provenanceLabels } = await import(PACKAGE);
await init();

const MY_ID = "don_vi_cua_ban";
const rs = RuleSet.builtin();
const def = rs.definition();
const example = exampleProvince();

const $ = (id) => document.getElementById(id);
const form = $("form");
const state = { group: null, updates: 0, lastBatch: null, lastUnit: null, pending: false };

// ---- display helpers (formatting only: the values are the engine's decimal strings) ------------
const fmt = (d) => (d === undefined || d === null ? "–" : String(d).replace("-", "−").replace(".", ","));
const vi = (label) => (label ? label.vi : "");
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("data-")) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
};
const STATUS = {
  scored: "Đã chấm theo dữ kiện",
  sum: "Tổng điểm các tiêu chí con",
  not_applicable_full: "Không áp dụng — được điểm tối đa",
  not_applicable_excluded: "Không áp dụng — trừ khỏi điểm tối đa",
  not_in_group: "Không áp dụng cho nhóm đơn vị này",
  missing: "Chưa nhập dữ kiện — 0 điểm",
  not_recognised: "Tự chấm không có tài liệu kiểm chứng — không được công nhận",
};
const SOURCE = {
  reappraised: "Hội đồng thẩm định lại (vòng 2)",
  appraised: "Hội đồng thẩm định",
  facts: "Tính từ dữ kiện",
  self_score: "Điểm tự chấm (có tài liệu kiểm chứng)",
};
const LOST = { rule: "theo quy tắc chấm", appraisal: "do Hội đồng thẩm định", self_score: "theo điểm tự chấm" };
// Where a criterion comes from, in the engine's words (as `parindex explain` shows it).
const PROVENANCE = provenanceLabels("vi");

// ---- the rule set: groups, levels, applicability ----------------------------------------------
const levelOf = (groupId) => def.levels.find((l) => l.id === def.groups.find((g) => g.id === groupId).level);
const applies = (node, groupId) => !node.groups || node.groups.length === 0 || node.groups.includes(groupId);
const bandLabel = (id) => vi(def.bands.find((b) => b.id === id)?.label) || id;
const districts = example.units.filter((u) => levelOf(u.group).id === "district");

// ---- the form -------------------------------------------------------------------------------------
function textInput(k, label, placeholder = "") {
  return el("label", {}, label, el("input", { type: "text", inputMode: "decimal", placeholder, "data-k": k }));
}

function inputsFor(node) {
  const rule = node.rule;
  const box = el("div", { class: "inputs" });
  switch (rule.kind) {
    case "choice": {
      const s = el("select", { "data-k": "choice" }, el("option", { value: "", text: "— chọn —" }));
      for (const o of rule.options) s.append(el("option", { value: o.id, text: `${vi(o.label)} (${fmt(o.points)} đ)` }));
      box.append(s);
      break;
    }
    case "met":
      box.append(
        el(
          "select",
          { "data-k": "met" },
          el("option", { value: "", text: "— chọn —" }),
          el("option", { value: "true", text: "Đạt" }),
          el("option", { value: "false", text: "Không đạt" }),
        ),
      );
      break;
    case "bands":
    case "proportional":
      box.append(textInput("percentage", "Tỷ lệ %"), el("span", { class: "muted", text: "hoặc" }), textInput("numerator", "Số đạt"), textInput("denominator", "Tổng số"));
      break;
    case "normalized":
      box.append(textInput("value", "Giá trị"));
      break;
    case "count":
      box.append(textInput("count", "Số lượng"));
      break;
    case "outcome_ratio":
      box.append(textInput("denominator", "Tổng số phát hiện"));
      for (const o of rule.outcomes) box.append(textInput(`outcome:${o.id}`, vi(o.label)));
      break;
    case "deductions":
      for (const d of rule.deductions) box.append(textInput(`event:${d.id}`, `${vi(d.label)} (−${fmt(d.points)} đ)`));
      break;
    case "survey":
      box.append(textInput("percentage", "Kết quả điều tra %"));
      break;
    default: // external, manual
      box.append(textInput("points", "Điểm", rule.step ? `bước ${fmt(rule.step)}` : ""));
  }
  if (node.not_applicable) {
    box.append(el("label", {}, el("input", { type: "checkbox", "data-k": "not_applicable" }), "Không áp dụng"));
  }
  return box;
}

function nodeEl(node, depth, groupId) {
  const inGroup = applies(node, groupId);
  const head = el(
    "div",
    { class: "head" },
    el("span", { class: "label" }, el("span", { class: "code", text: node.code }), vi(node.label)),
    el("span", { class: "pts", text: `– / ${fmt(node.max_points)}` }),
  );
  const box = el("div", { class: `node ${node.rule ? "leaf" : "parent"}${inGroup ? "" : " out"}`, "data-code": node.code }, head);
  box.style.setProperty("--depth", depth);
  if (node.rule && inGroup) {
    box.append(inputsFor(node), el("details", { class: "why" }, el("summary", { text: "Giải thích" }), el("dl")));
  }
  for (const c of node.children ?? []) box.append(nodeEl(c, depth + 1, inGroup ? groupId : null));
  return box;
}

function buildForm(groupId) {
  const level = levelOf(groupId);
  form.replaceChildren();
  for (const field of level.nodes) {
    const d = el(
      "details",
      { class: "field", open: true, "data-code": field.code },
      el("summary", {}, el("span", {}, el("span", { class: "code", text: field.code }), vi(field.label)), el("span", { class: "pts", text: `– / ${fmt(field.max_points)}` })),
    );
    for (const c of field.children ?? []) d.append(nodeEl(c, 1, applies(field, groupId) ? groupId : null));
    if (field.rule) d.append(nodeEl({ ...field, children: [] }, 1, groupId));
    form.append(d);
  }
  const comps = level.components.filter((c) => c.kind !== "rubric");
  const d = el("details", { class: "field", open: true }, el("summary", {}, el("span", { text: "Điểm công bố riêng và điều tra xã hội học" })));
  for (const c of comps) {
    const max = c.group_max?.[groupId] ?? c.max_points;
    const input = c.kind === "survey" ? textInput("percentage", "Kết quả điều tra %") : textInput("points", "Điểm");
    d.append(
      el(
        "div",
        { class: "node leaf", "data-component": c.id },
        el("div", { class: "head" }, el("span", { class: "label", text: vi(c.label) }), el("span", { class: "pts", text: `– / ${fmt(max)}` })),
        el("div", { class: "inputs" }, input),
      ),
    );
  }
  form.append(d);
}

// ---- form ⇄ unit ------------------------------------------------------------------------------------
const decimalText = (s) => s.trim().replace(",", "."); // users type "57,5"; the engine reads "57.5"
const integerOrText = (s) => (/^\d+$/.test(s.trim()) && Number.isSafeInteger(Number(s)) ? Number(s) : s.trim());

function readItem(box) {
  const item = {};
  const outcomes = {};
  const events = {};
  for (const input of box.querySelectorAll(":scope > .inputs [data-k]")) {
    const k = input.dataset.k;
    if (input.type === "checkbox") {
      if (input.checked) item.not_applicable = true;
      continue;
    }
    const v = input.value;
    if (v.trim() === "") continue;
    if (k === "choice") item.choice = v;
    else if (k === "met") item.met = v === "true";
    else if (k === "percentage" || k === "value" || k === "points") item[k] = decimalText(v);
    else if (k.startsWith("outcome:")) outcomes[k.slice(8)] = integerOrText(v);
    else if (k.startsWith("event:")) events[k.slice(6)] = integerOrText(v);
    else item[k] = integerOrText(v); // numerator, denominator, count
  }
  if (Object.keys(outcomes).length) item.outcomes = outcomes;
  if (Object.keys(events).length) item.events = events;
  return Object.keys(item).length ? item : null;
}

function currentUnit() {
  const unit = { id: MY_ID, name: $("unit-name").value.trim() || "Đơn vị của bạn", group: state.group, items: {}, components: {} };
  if (levelOf(state.group).block_by === "parent") unit.parent = $("parent").value;
  for (const box of form.querySelectorAll(".node.leaf[data-code]")) {
    const item = readItem(box);
    if (item) unit.items[box.dataset.code] = item;
  }
  for (const box of form.querySelectorAll(".node[data-component]")) {
    const input = box.querySelector("[data-k]");
    if (input.value.trim() !== "") unit.components[box.dataset.component] = { [input.dataset.k]: decimalText(input.value) };
  }
  return unit;
}

function fillFrom(unit) {
  for (const input of form.querySelectorAll("[data-k]")) {
    if (input.type === "checkbox") input.checked = false;
    else input.value = "";
  }
  if (!unit) return;
  for (const [code, item] of Object.entries(unit.items ?? {})) {
    const box = form.querySelector(`.node.leaf[data-code="${CSS.escape(code)}"]`);
    if (!box) continue;
    const set = (k, v) => {
      const input = box.querySelector(`[data-k="${CSS.escape(k)}"]`);
      if (!input || v === undefined || v === null) return;
      if (input.type === "checkbox") input.checked = Boolean(v);
      else input.value = String(v);
    };
    for (const [k, v] of Object.entries(item)) {
      if (k === "outcomes") Object.entries(v).forEach(([o, n]) => set(`outcome:${o}`, n));
      else if (k === "events") Object.entries(v).forEach(([o, n]) => set(`event:${o}`, n));
      else set(k, v);
    }
  }
  for (const [id, c] of Object.entries(unit.components ?? {})) {
    const input = form.querySelector(`[data-component="${CSS.escape(id)}"] [data-k]`);
    if (input) input.value = String(c.percentage ?? c.points ?? "");
  }
  if (unit.parent) $("parent").value = unit.parent;
}

// ---- explanations ----------------------------------------------------------------------------------
// The rule of criterion `code` in the unit's level: what names an option, outcome or deduction by
// its label rather than its id.
function ruleOf(code) {
  const find = (nodes) => {
    for (const n of nodes ?? []) {
      if (n.code === code) return n;
      const found = find(n.children);
      if (found) return found;
    }
    return undefined;
  };
  return find(levelOf(state.group).nodes)?.rule;
}

function explanation(ns, how) {
  const rows = [["Trạng thái", STATUS[ns.status] ?? ns.status]];
  if (ns.source) rows.push(["Nguồn điểm", SOURCE[ns.source] ?? ns.source]);
  if (ns.facts) {
    const rule = ruleOf(ns.code);
    const name = (id) => vi([...(rule?.options ?? []), ...(rule?.outcomes ?? []), ...(rule?.deductions ?? [])].find((o) => o.id === id)?.label) || id;
    const facts = Object.entries(ns.facts).map(([k, v]) => `${k}: ${typeof v === "object" ? Object.entries(v).map(([a, n]) => `${name(a)}=${n}`).join(", ") : k === "choice" ? name(v) : fmt(v)}`);
    rows.push(["Dữ kiện", facts.join("; ")]);
  }
  if (ns.percentage !== undefined) {
    rows.push(["Tỷ lệ", `${fmt(ns.percentage)}%` + (ns.percentage_raw && ns.percentage_raw !== ns.percentage ? ` (chưa làm tròn ${fmt(ns.percentage_raw)}%)` : "")]);
  }
  rows.push(["Cách tính", how]);
  rows.push(["Điểm", `thô ${fmt(ns.raw_points)} → làm tròn ${fmt(ns.rounded_points)} → ${fmt(ns.points)} / ${fmt(ns.max_points)}`]);
  for (const c of ns.caps ?? []) rows.push(["Giới hạn", `${c.kind} ${fmt(c.limit)} (trước đó ${fmt(c.before)}, ${c.cut.startsWith("-") ? "cộng " + fmt(c.cut.slice(1)) : "cắt " + fmt(c.cut)} điểm)`]);
  if (ns.lost_reason) rows.push(["Mất điểm", `${fmt(ns.lost)} ${LOST[ns.lost_reason] ?? ns.lost_reason}`]);
  if (ns.legal_ref) rows.push(["Căn cứ", ns.legal_ref]);
  rows.push(["Xuất xứ", PROVENANCE[ns.provenance] ?? ns.provenance]);
  if (ns.appraiser) rows.push(["Thẩm định", ns.appraiser]);
  return rows;
}

// ---- rendering engine results -------------------------------------------------------------------
function render(me, ranked, texts) {
  for (const ns of me.nodes) {
    const box = form.querySelector(`[data-code="${CSS.escape(ns.code)}"]`);
    if (!box) continue;
    const pts = box.querySelector(".pts");
    pts.textContent = `${fmt(ns.points)} / ${fmt(ns.max_points)}`;
    pts.dataset.points = ns.points;
    pts.dataset.max = ns.max_points;
    pts.dataset.status = ns.status;
    pts.classList.toggle("full", ns.lost_reason === undefined && ns.status !== "missing" && ns.status !== "not_in_group");
    pts.classList.toggle("lost", ns.lost_reason !== undefined);
    box.classList.toggle("na", ns.status.startsWith("not_applicable"));
    const why = box.querySelector(":scope > details.why");
    if (why) {
      why.querySelector("summary").textContent = `Giải thích: ${texts[ns.code]}`;
      why.querySelector("dl").replaceChildren(...explanation(ns, texts[ns.code]).flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]));
    }
  }
  const level = levelOf(state.group);
  for (const c of me.components) {
    const box = form.querySelector(`[data-component="${CSS.escape(c.id)}"] .pts`);
    if (box) {
      box.textContent = `${fmt(c.points)} / ${fmt(c.max_points)}`;
      box.dataset.points = c.points;
    }
  }
  $("total").textContent = `${fmt(me.total)} / ${fmt(me.max_points)}`;
  $("total").dataset.value = me.total;
  $("index").textContent = `${fmt(me.index)}%`;
  $("index").dataset.value = me.index;
  $("band").textContent = me.band_label;
  $("band").dataset.value = me.band;
  $("components").textContent = me.components
    .map((c) => `${vi(level.components.find((x) => x.id === c.id)?.label) || c.id}: ${fmt(c.points)}/${fmt(c.max_points)}`)
    .concat(me.bonus !== "0" ? [`thưởng ${fmt(me.bonus)}`] : [], me.penalty !== "0" ? [`trừ ${fmt(me.penalty)}`] : [])
    .join(" · ");

  const block = ranked.ranking.find((b) => b.entries.some((e) => e.id === MY_ID));
  const mine = block?.entries.find((e) => e.id === MY_ID);
  $("rank").textContent = mine ? `${mine.rank} / ${block.entries.length}${mine.tied ? " (đồng hạng)" : ""}` : "–";
  $("rank").dataset.value = mine ? String(mine.rank) : "";
  $("ranking-block").textContent = block ? `— ${vi(def.levels.find((l) => l.id === block.level)?.label)}${block.parent ? ` (${districts.find((d) => d.id === block.parent)?.name ?? block.parent})` : ""}` : "";
  $("ranking").tBodies[0].replaceChildren(
    ...(block?.entries ?? []).map((e) =>
      el(
        "tr",
        { class: e.id === MY_ID ? "me" : "", "data-id": e.id, title: e.note ?? "" },
        el("td", { class: "num", text: `${e.rank}${e.tied ? "=" : ""}` }),
        el("td", { text: e.name }),
        el("td", { class: "num", text: fmt(e.index) }),
        el("td", { text: bandLabel(e.band) }),
      ),
    ),
  );
  const r = ranked.receipt;
  $("receipt").textContent = `${r.engine} · bộ chỉ số ${r.ruleset_id} (${r.provisional ? "tạm thời" : "chính thức"}) · SHA-256 ${r.ruleset_sha256.slice(0, 12)}…`;
}

function showErrors(e) {
  const box = $("errors");
  const issues = e && Array.isArray(e.errors) ? e.errors : [{ code: "error", path: "$", message: String(e) }];
  const rel = (p) => p.replace(/^\$\.units\[\d+\]/, "");
  box.replaceChildren(el("strong", { text: "Dữ liệu chưa hợp lệ — chưa tính được điểm:" }), el("ul", {}, ...issues.map((i) => el("li", { text: `${rel(i.path) || "$"}: ${i.message} [${i.code}]` }))));
  box.hidden = false;
  for (const i of issues) {
    const m = /items(?:\["([^"]+)"\]|\.(\w+))/.exec(i.path);
    const code = m && (m[1] ?? m[2]);
    if (code) form.querySelector(`[data-code="${CSS.escape(code)}"]`)?.classList.add("invalid");
  }
}

function update() {
  state.pending = false;
  $("errors").hidden = true;
  form.querySelectorAll(".invalid").forEach((x) => x.classList.remove("invalid"));
  const unit = currentUnit();
  // The user's unit takes the place of the example unit the form was filled from.
  const batch = { ...example, units: [...example.units.filter((u) => u.id !== $("prefill").value), unit] };
  state.lastUnit = unit;
  state.lastBatch = batch;
  try {
    // The unit is scored within the example province, so that rules comparing units of a block
    // (C5) and the ranking see the same numbers.
    const t0 = performance.now();
    const me = rs.explain(batch, MY_ID);
    const ranked = rs.rank(batch);
    // How each node's points were computed, in the engine's words (as `parindex explain`).
    const texts = rs.explanationTexts(batch, MY_ID, "vi");
    state.engineMs = performance.now() - t0;
    render(me, ranked, texts);
  } catch (e) {
    showErrors(e);
  }
  state.updates += 1;
  document.body.dataset.updates = String(state.updates);
}

function schedule() {
  if (state.pending) return;
  state.pending = true;
  requestAnimationFrame(update);
}

// ---- files: forms and templates to download, a filled template to upload ---------------------------
// Made and read by the package's tables module, loaded when first needed (it is larger than the
// engine's main module). The rule set is handed over as it is: the module reads its JSON text.
let tablesModule = null;
async function tables() {
  if (!tablesModule) {
    $("files-status").textContent = "Đang tải mô-đun bảng tính…";
    const m = await import(TABLES);
    await m.default();
    tablesModule = m;
  }
  return tablesModule;
}
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
function save(bytes, name, type) {
  const a = el("a", { href: URL.createObjectURL(new Blob([bytes], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}
async function download(kind) {
  try {
    const t = await tables();
    const batch = state.lastBatch;
    if (kind === "template") save(t.template(rs, state.group), `mau-nhap-lieu-${state.group}.xlsx`, XLSX);
    // The unit's form (02, 03 or 04 by its group), scored within the batch the page shows.
    else if (kind === "form") save(t.formWorkbook(rs, batch, MY_ID), `bieu-tu-cham-diem-mau-${rs.explain(batch, MY_ID).form}.xlsx`, XLSX);
    else save(t.reportDocument(rs, batch, MY_ID), "bao-cao-tu-danh-gia-mau-01.docx", DOCX);
    $("files-status").textContent = "";
  } catch (e) {
    $("files-status").textContent = "";
    showErrors(e);
  }
}
async function upload(file) {
  try {
    const t = await tables();
    const read = t.readWorkbook(rs, new Uint8Array(await file.arrayBuffer()));
    // A refused row: its problems, each with its cell (`Tự chấm điểm!F15: …`).
    if (read.errors.length) return showErrors({ errors: read.errors.flatMap((e) => e.errors) });
    const unit = read.batch.units[0];
    if (!unit) {
      $("files-status").textContent = `${file.name}: không có đơn vị nào`;
      return;
    }
    if (unit.group !== state.group) selectGroup(unit.group);
    $("prefill").value = "";
    $("unit-name").value = unit.name;
    fillFrom(unit);
    schedule();
    $("files-status").textContent = `Đã đọc ${file.name}: ${unit.name}`;
  } catch (e) {
    $("files-status").textContent = "";
    showErrors(e);
  }
}
$("dl-form").addEventListener("click", () => download("form"));
$("dl-report").addEventListener("click", () => download("report"));
$("dl-template").addEventListener("click", () => download("template"));
$("upload").addEventListener("change", async () => {
  const file = $("upload").files[0];
  if (file) await upload(file);
  $("upload").value = "";
});

// ---- controls ------------------------------------------------------------------------------------
function selectGroup(groupId) {
  state.group = groupId;
  $("group").value = groupId;
  buildForm(groupId);
  const members = example.units.filter((u) => u.group === groupId);
  $("prefill").replaceChildren(el("option", { value: "", text: "— để trống —" }), ...members.map((u) => el("option", { value: u.id, text: u.name })));
  const byParent = levelOf(groupId).block_by === "parent";
  $("parent-label").hidden = !byParent;
  if (byParent) $("parent").replaceChildren(...districts.map((d) => el("option", { value: d.id, text: d.name })));
  prefill(members[0]);
}

$("ruleset-title").textContent = `${rs.title} — Quyết định ${def.decision.number} (${def.decision.date})`;
if (rs.notice) {
  $("notice").textContent = rs.notice;
  $("notice").hidden = false;
}
$("group").replaceChildren(...def.groups.map((g) => el("option", { value: g.id, text: vi(g.label) })));
$("group").addEventListener("change", () => selectGroup($("group").value));
function prefill(unit) {
  $("files-status").textContent = "";
  $("prefill").value = unit?.id ?? "";
  $("unit-name").value = unit ? `${unit.name} (tự chấm)` : "Đơn vị của bạn";
  fillFrom(unit);
  schedule();
}
$("prefill").addEventListener("change", () => prefill(example.units.find((u) => u.id === $("prefill").value)));
$("parent").addEventListener("change", schedule);
$("unit-name").addEventListener("input", schedule);
form.addEventListener("input", schedule);
form.addEventListener("change", schedule);

selectGroup(def.groups[0].id);

// For tests and for a host page: the unit and batch last scored, and the number of updates.
window.portal = {
  currentUnit,
  lastBatch: () => state.lastBatch,
  lastUnit: () => state.lastUnit,
  pending: () => state.pending,
  unitId: MY_ID,
  updates: () => state.updates,
  engineMs: () => state.engineMs,
  tablesLoaded: () => tablesModule !== null,
};
document.body.dataset.ready = "1";
