// bipub desk: plain JS, no build step.  Every datum goes into the page through textContent.
// What is asynchronous says when it is done, for people and for the browser tests to wait on:
// #documents[data-state] "loading"/"ready", #segments[data-state] "loading"/"ready" (and data-doc), #page[data-state] "loading"/"loaded",
// #detail[data-state] "loading"/"ready" (data-for: the segment id), #mt[data-state] "asking"/"done",
// #terms[data-q] the query the table shows.  Answers that come back after a newer request are dropped.
"use strict";
const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const STATES = ["draft", "needs-review", "reviewed", "approved"];
const $ = (sel) => document.querySelector(sel);
const desk = { doc: null, segs: [], shown: [], cur: 0, editing: false, via: "" };
let seq = 0;  // every view load takes a number; an answer to an older one is dropped

function el(tag, props, ...kids) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === "text") n.textContent = v;
    else if (k === "class") n.className = v;
    else if (k.startsWith("on")) n.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(n.dataset, v);
    else n.setAttribute(k, v);
  }
  for (const c of kids) if (c != null) n.append(c);
  return n;
}
function status(msg, bad) { const s = $("#status"); s.textContent = msg; s.className = bad ? "bad" : "ok"; }

async function call(method, url, body) {
  const opts = { method, headers: { "X-CSRF-Token": CSRF } };
  if (body !== undefined) { opts.body = JSON.stringify(body); opts.headers["Content-Type"] = "application/json"; }
  const r = await fetch(url, opts);
  let data = null;
  try { data = await r.json(); } catch (e) { data = { error: r.statusText }; }
  return { status: r.status, data };
}

// ------------------------------------------------------------------ views
function show(view) {
  for (const v of ["documents", "segments", "glossary"]) {
    $("#view-" + v).hidden = v !== view;
    $("#tab-" + v).classList.toggle("on", v === view);
  }
  location.hash = view === "segments" && desk.doc ? "doc=" + encodeURIComponent(desk.doc) : view;
  if (view === "documents") loadDocuments();
  if (view === "glossary") loadGlossary();
}

async function loadDocuments() {
  const mine = loadDocuments.seq = ++seq;
  $("#documents").dataset.state = "loading";
  const { data } = await call("GET", "/api/documents");
  if (mine !== loadDocuments.seq) return;
  $("#project").textContent = data.project || "bipub desk";
  const body = $("#documents tbody");
  body.replaceChildren();
  for (const d of data.documents) {
    const p = d.progress, g = d.gate;
    const gate = d.refused ? "refused: " + d.refused : g.publishable === true ? "publishable"
      : g.publishable === false ? "blocked: " + g.why : g.why;
    body.append(el("tr", { dataset: { doc: d.name } },
      el("td", {}, el("strong", { text: d.name }), el("br"), el("small", { text: d.title })),
      ...["approved", "reviewed", "needs-review", "draft", "untranslated"].map((k) => el("td", { text: String(p[k]) })),
      el("td", { class: d.refused || g.publishable === false ? "bad" : g.publishable === true ? "ok" : "", text: gate }),
      el("td", {}, d.refused ? null : el("button", { text: "Open", onclick: () => openDoc(d.name) }))));
  }
  $("#documents").dataset.state = "ready";
  showBuild(data.build);
}

function showBuild(b) {
  $("#build-status").textContent = b.running ? "building…" : b.ok === true ? "last build: done" : b.ok === false ? "last build: errors" : "";
  $("#build-summary").textContent = b.running ? "" : b.summary || "";
  $("#build").disabled = b.running;
  if (b.running) setTimeout(async () => { const r = await call("GET", "/api/build"); showBuild(r.data); if (!r.data.running) loadDocuments(); }, 1000);
}

// ------------------------------------------------------------------ segments
async function openDoc(name, keepCur) {
  desk.doc = name;
  const mine = desk.openSeq = ++seq;
  $("#segments").dataset.state = "loading";
  const { status: code, data } = await call("GET", "/api/doc/" + encodeURIComponent(name) + "/segments");
  if (mine !== desk.openSeq) return;
  if (code !== 200) { status(data.error, true); return; }
  desk.segs = data.segments;
  const sec = $("#f-section"), chosen = sec.value;
  sec.replaceChildren(el("option", { value: "", text: "all sections" }));
  for (const s of [...new Set(desk.segs.map((x) => x.section))]) sec.append(el("option", { value: s, text: s }));
  sec.value = chosen;
  $("#pdf").href = "/doc/" + encodeURIComponent(name) + "/pdf";
  show("segments");
  applyFilters(keepCur);
  reloadPage();
  $("#segments").dataset.doc = name;
  $("#segments").dataset.state = "ready";
}

function stateOf(s) { return s.unit ? s.unit.state : "untranslated"; }

function applyFilters(keepCur) {
  const st = $("#f-state").value, qa = $("#f-qa").checked, term = $("#f-term").value.trim().toLowerCase(), sec = $("#f-section").value;
  const curId = desk.shown[desk.cur] && desk.shown[desk.cur].id;
  desk.shown = desk.segs.filter((s) => {
    const state = stateOf(s);
    if (st === "open" && (state === "reviewed" || state === "approved")) return false;
    if (st && st !== "open" && state !== st) return false;
    if (qa && !s.findings.length) return false;
    if (sec && s.section !== sec) return false;
    if (term && !(s.zh.toLowerCase().includes(term) || (s.en || "").toLowerCase().includes(term)
        || s.spans.some((p) => p.target.toLowerCase().includes(term)))) return false;
    return true;
  });
  const again = keepCur ? desk.shown.findIndex((s) => s.id === curId) : -1;
  desk.cur = again >= 0 ? again : 0;
  $("#count").textContent = desk.shown.length + " of " + desk.segs.length;
  renderSegments();
}

function zhWithSpans(s) {
  const out = el("div", { class: "zh", lang: "zh" });
  let at = 0;
  for (const p of s.spans) {
    if (p.start < at) continue;
    out.append(s.zh.slice(at, p.start));
    out.append(el("mark", { class: p.kind, title: p.kind + ": " + p.target, text: s.zh.slice(p.start, p.end) }));
    at = p.end;
  }
  out.append(s.zh.slice(at));
  return out;
}

function renderSegments() {
  const box = $("#segments");
  box.replaceChildren();
  desk.shown.forEach((s, i) => {
    const state = stateOf(s);
    const en = el("div", { class: "en", lang: "en", text: s.en || "(no English)" });
    if (!s.en) en.dataset.empty = "1";
    const buttons = el("div", {}, ...STATES.map((st) => el("button", {
      class: "state s-" + st + (st === state ? " on" : ""), text: st, title: "set " + st,
      onclick: (ev) => { ev.stopPropagation(); desk.cur = i; save(st); } })));
    const findings = s.findings.map((f) => el("div", { class: "finding " + f.severity, text: f.severity + " " + f.code + ": " + f.message }));
    const row = el("div", { class: "seg" + (i === desk.cur ? " cur" : ""), id: "seg-" + s.id, dataset: { id: s.id },
      onclick: () => select(i) },
      el("div", { class: "id", text: s.id + "\n" + state }), zhWithSpans(s), el("div", {}, en, buttons, ...findings));
    box.append(row);
  });
  select(desk.cur, true);
}

function select(i, quiet) {
  if (!desk.shown.length) { $("#detail").replaceChildren(); return; }
  if (desk.editing && i !== desk.cur) cancelEdit();
  desk.cur = Math.max(0, Math.min(i, desk.shown.length - 1));
  document.querySelectorAll(".seg.cur").forEach((n) => n.classList.remove("cur"));
  const row = $("#seg-" + CSS.escape(desk.shown[desk.cur].id));
  row.classList.add("cur");
  row.scrollIntoView({ block: "nearest" });
  scrollPage();
  showDetail();
}

function scrollPage() {
  const s = desk.shown[desk.cur], f = $("#page");
  try {
    const target = f.contentDocument && f.contentDocument.getElementById(s.id);
    if (target) target.scrollIntoView({ block: "center" });
  } catch (e) { /* the page is still loading */ }
}

function reloadPage() {
  const f = $("#page");
  f.dataset.state = "loading";
  f.onload = () => { f.dataset.state = "loaded"; scrollPage(); };
  f.src = "/doc/" + encodeURIComponent(desk.doc) + "/page?t=" + Date.now();
}

async function showDetail() {
  const s = desk.shown[desk.cur], d = $("#detail");
  d.dataset.state = "loading";
  d.dataset.for = s.id;
  d.replaceChildren(el("h4", { text: s.id + " · " + s.section }));
  if (s.spans.length) d.append(el("p", { text: "Must say: " + s.spans.map((p) => s.zh.slice(p.start, p.end) + " → " + p.target).join("; ") }));
  const hist = (s.unit && s.unit.history) || [];
  d.append(el("h5", { text: "History" }));
  if (s.unit) d.append(el("div", { text: "now: " + s.unit.state + " by " + s.unit.by + " at " + s.unit.at }));
  for (const h of hist) d.append(el("div", { text: h.at + " " + h.by + " " + h.action + " → " + h.state + (h.from ? " (from " + h.from + ")" : "") + (h.was ? " · was: " + h.was : "") }));
  const sugg = el("div", {}, el("h5", { text: "Suggestions" }));
  const mt = el("div", { id: "mt" }, el("button", { text: "machine draft (m)", onclick: () => askModel() }));
  d.append(sugg, el("h5", { text: "Machine draft" }), mt);
  const q = new URLSearchParams({ key: s.key, zh: s.zh });
  const { data } = await call("GET", "/api/doc/" + encodeURIComponent(desk.doc) + "/suggest?" + q);
  if (desk.shown[desk.cur] !== s || d.dataset.for !== s.id) return;
  if (!data.memory || !data.memory.length) sugg.append(el("div", { text: "no similar sentence in the memory" }));
  for (const m of data.memory || []) sugg.append(suggestion(s, m));
  d.dataset.state = "ready";
}

function diffRuns(runs, lang) {
  const out = el("div", { lang });
  for (const [op, theirs, ours] of runs) {
    if (op === "equal") out.append(theirs);
    else { if (theirs) out.append(el("span", { class: "diff-del", text: theirs })); if (ours) out.append(el("span", { class: "diff-ins", text: ours })); }
  }
  return out;
}

function suggestion(s, m) {
  const head = Math.round(m.score * 100) + "% · " + m.document + " · " + m.state;
  const box = el("div", { class: "sugg", dataset: { figures: m.figures } }, el("small", { text: head }), diffRuns(m.diff, "zh"));
  if (m.figures === "repaired") {
    box.append(el("div", { class: "label", text: "number-repaired (the build's rule): " + m.changes }), diffRuns(m.en_diff, "en"),
      el("button", { text: "apply with the new figures (needs review)", onclick: () => reuse(s, m) }));
  } else {
    if (m.figures === "refused") box.append(el("div", { class: "finding warning", text: "figures differ and are not carried over: " + m.why + "; rewrite every figure" }));
    box.append(el("div", { text: m.en }), el("button", { text: "use this English", onclick: () => useText(m.en, "memory " + m.key) }));
    // the same figures: stored as the build's fuzzy reuse stores it (needs review: the words differ)
    if (m.figures === "same") box.append(el("button", { text: "apply as it is (needs review)", onclick: () => reuse(s, m) }));
  }
  return box;
}

function useText(en, via) {
  edit();
  $("#segments textarea").value = en;
  desk.via = via;
}

async function askModel() {
  const s = desk.shown[desk.cur], box = $("#mt");
  if (!box) return;
  box.dataset.state = "asking";
  box.replaceChildren(el("div", { text: "asking the model…" }));
  const { status: code, data } = await call("GET", "/api/doc/" + encodeURIComponent(desk.doc) + "/draft?" + new URLSearchParams({ id: s.id }));
  if (desk.shown[desk.cur] !== s || $("#mt") !== box) return;
  if (code !== 200) box.replaceChildren(el("div", { class: "bad", text: data.error }));
  else if (!data.available) box.replaceChildren(el("div", { class: "finding warning", text: "no machine draft: " + data.why }));
  else box.replaceChildren(el("small", { text: data.engine + (data.origin === "cache" ? " (from the MT cache)" : "") }),
    el("div", { lang: "en", text: data.en }), ...data.notes.map((n) => el("div", { class: "finding warning", text: n })),
    el("button", { text: "use this draft", onclick: () => useText(data.en, "MT draft (" + data.engine + ")") }));
  box.dataset.state = "done";
}

async function reuse(s, m) {
  const editor = $("#editor").value.trim();
  if (!editor) { status("type your name in Editor first", true); $("#editor").focus(); return; }
  const base = s.unit ? { at: s.unit.at, en: s.unit.en, state: s.unit.state, by: s.unit.by } : null;
  const r = await call("POST", "/api/doc/" + encodeURIComponent(desk.doc) + "/reuse",
    { id: s.id, key: s.key, from_doc: m.document, from_key: m.key, base, editor });
  if (r.status === 409) { await openDoc(desk.doc, true); status("conflict: " + r.data.error + "; reloaded, look again", true); return; }
  if (r.status !== 200) { status(r.data.error, true); return; }
  desk.editing = false;
  await openDoc(desk.doc, true);
  status("saved " + s.id + " (needs-review, " + (m.figures === "repaired" ? "number-repaired" : "reused") + " from " + m.key + ")");
}

// ------------------------------------------------------------------ editing
function edit() {
  if (desk.editing || !desk.shown.length) return;
  const s = desk.shown[desk.cur], row = $("#seg-" + CSS.escape(s.id)), en = row.querySelector(".en");
  const ta = el("textarea", { "aria-label": "English of " + s.id });
  ta.value = s.en || "";
  en.replaceWith(ta);
  desk.editing = true;
  ta.focus();
}

function cancelEdit() { desk.editing = false; desk.via = ""; renderSegments(); }

async function save(state, over) {
  const s = desk.shown[desk.cur];
  const ta = $("#segments textarea");
  const en = ta ? ta.value : s.en;
  const editor = $("#editor").value.trim();
  if (!editor) { status("type your name in Editor first", true); $("#editor").focus(); return; }
  if (!en) { status("no English to save", true); return; }
  const base = over !== undefined ? over : s.unit ? { at: s.unit.at, en: s.unit.en, state: s.unit.state, by: s.unit.by } : null;
  const newState = state || (s.unit && s.unit.state !== "draft" ? s.unit.state : "reviewed");
  const r = await call("POST", "/api/doc/" + encodeURIComponent(desk.doc) + "/unit",
    { id: s.id, key: s.key, en, state: newState, base, editor, via: ta ? desk.via : "" });
  if (r.status === 409) { showConflict(s, r.data, en, newState); return; }
  if (r.status !== 200) { status(r.data.error, true); return; }
  desk.editing = false;
  desk.via = "";
  s.unit = r.data.unit;  // the next edit is based on what was just saved
  s.en = r.data.unit.en;
  await openDoc(desk.doc, true);
  status("saved " + s.id + " (" + newState + ")");
}

function showConflict(s, data, en, state) {
  status("conflict: " + data.error, true);
  const row = $("#seg-" + CSS.escape(s.id));
  if (data.gone) {  // the Chinese changed in the source: nothing to save over; the English stays here to copy
    row.append(el("div", { class: "conflict", role: "alert" },
      el("strong", { text: "The Chinese of this segment changed in the source since the page was loaded: not saved" }),
      el("div", { class: "mine", text: "Yours (" + state + "): " + en }),
      el("button", { text: "Reload the document", onclick: () => { desk.editing = false; openDoc(desk.doc, true); } })));
    return;
  }
  const theirs = data.theirs;
  const box = el("div", { class: "conflict", role: "alert" },
    el("strong", { text: "Changed meanwhile" + (theirs ? " by " + theirs.by + " at " + theirs.at : "") }),
    el("div", { text: "Theirs (" + (theirs ? theirs.state : "none") + "): " + (theirs ? theirs.en : "") }),
    el("div", { text: "Yours (" + state + "): " + en }),
    el("button", { text: "Keep theirs", onclick: () => { desk.editing = false; openDoc(desk.doc, true); } }),
    el("button", { text: "Save mine over theirs", onclick: () => { box.remove(); save(state, theirs); } }));
  row.append(box);
}

// ------------------------------------------------------------------ keys
document.addEventListener("keydown", (ev) => {
  if ($("#view-segments").hidden) return;
  const inText = ev.target.matches("input, textarea, select");
  if (ev.target.matches("textarea")) {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); save(); }
    else if (ev.key === "Escape") { ev.preventDefault(); cancelEdit(); }
    return;
  }
  if (inText) { if (ev.key === "Escape") ev.target.blur(); return; }
  const keys = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 };
  if (ev.key in keys) { ev.preventDefault(); select(desk.cur + keys[ev.key]); }
  else if (ev.key === "Enter") { ev.preventDefault(); edit(); }
  else if (ev.key === "a") save("approved");
  else if (ev.key === "r") save("reviewed");
  else if (ev.key === "n") save("needs-review");
  else if (ev.key === "m") askModel();
  else if (ev.key === "/") { ev.preventDefault(); $("#f-term").focus(); }
});

// ------------------------------------------------------------------ glossary
let glossaryFiles = [], editingTerm = null;
async function loadGlossary() {
  const q = $("#g-search").value, mine = loadGlossary.seq = ++seq;
  const { data } = await call("GET", "/api/glossary?q=" + encodeURIComponent(q));
  if (mine !== loadGlossary.seq) return;
  glossaryFiles = data.files;
  const body = $("#terms tbody");
  body.replaceChildren();
  for (const t of data.terms) {
    body.append(el("tr", {}, ...["zh", "en", "variants", "forbidden", "status", "type", "note"].map((k) => el("td", { text: t[k] })),
      el("td", { text: t.file + ":" + t.line }),
      el("td", { title: t.uses.concat(t.inside).join("\n"), text: t.uses.length + (t.inside.length ? " (+" + t.inside.length + " inside)" : "") }),
      el("td", {}, t.imported ? null : el("button", { text: "Edit", onclick: () => termForm(t) }))));
  }
  $("#terms").dataset.q = q;
}

function termForm(t) {
  editingTerm = t;
  const f = $("#g-form");
  f.hidden = false;
  const file = f.elements.file;
  file.replaceChildren(...glossaryFiles.map((n) => el("option", { text: n })));
  const types = ["term", "programme", "slogan", "org", "company", "product", "place", "event", "person", "publication", "document", "title"];
  f.elements.type.replaceChildren(...types.map((n) => el("option", { text: n })));
  for (const k of ["zh", "en", "variants", "forbidden", "note"]) f.elements[k].value = t ? t[k] : "";
  f.elements.status.value = t ? t.status : "approved";
  f.elements.type.value = t ? t.type : "term";
  file.value = t ? t.file : glossaryFiles[0];
  file.disabled = !!t;
  f.elements.zh.focus();
}

$("#g-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = ev.target, t = editingTerm;
  const term = Object.fromEntries(["zh", "en", "variants", "forbidden", "status", "type", "note"].map((k) => [k, f.elements[k].value]));
  const r = await call("POST", "/api/glossary", { file: f.elements.file.value, line: t ? t.line : null, base: t ? t.base : null,
    term, old_en: t ? t.en : null, editor: $("#editor").value.trim() });
  const out = $("#g-result");
  out.replaceChildren();
  if (r.status !== 200) {
    out.append(el("p", { class: "bad", text: r.data.error }), ...(r.data.findings || []).map((x) => el("div", { class: "finding", text: x.code + ": " + x.message })));
    return;
  }
  out.append(el("p", { class: "ok", text: "saved " + r.data.file + ":" + r.data.line }),
    ...r.data.findings.map((x) => el("div", { class: "finding warning", text: x.code + ": " + x.message })));
  if (r.data.old_renderings.length) {
    out.append(el("p", { text: "Reviewed units that still hold the old rendering:" }));
    for (const u of r.data.old_renderings) out.append(el("div", {}, el("a", { href: "#doc=" + encodeURIComponent(u.document), text: u.document + " " + u.id, onclick: (e) => { e.preventDefault(); openDoc(u.document); } }), " " + u.en));
  }
  f.hidden = true;
  loadGlossary();
});
$("#g-cancel").addEventListener("click", () => { $("#g-form").hidden = true; });
$("#g-add").addEventListener("click", () => termForm(null));
$("#g-search").addEventListener("input", loadGlossary);

// ------------------------------------------------------------------ start
for (const b of document.querySelectorAll("header nav button")) b.addEventListener("click", () => show(b.dataset.view));
for (const id of ["#f-state", "#f-qa", "#f-section"]) $(id).addEventListener("change", () => applyFilters());
$("#f-term").addEventListener("input", () => applyFilters());
$("#build").addEventListener("click", async () => {
  const r = await call("POST", "/api/build");
  if (r.status !== 202) status(r.data.error, true); else showBuild(r.data);
});
$("#editor").value = localStorage.getItem("bipub-desk-editor") || "";
$("#editor").addEventListener("change", () => localStorage.setItem("bipub-desk-editor", $("#editor").value.trim()));
const m = location.hash.match(/^#doc=(.+)$/);
if (m) openDoc(decodeURIComponent(m[1])); else show("documents");
