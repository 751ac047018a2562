// textaudit HTML report: renders one page of the document table and its sections on demand.
// Document text, ids, reasons and details reach the page only through textContent and setAttribute,
// never as HTML.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const checks = data.meta.checks;
  const docs = data.documents;
  const VERDICT_RANK = { reject: 0, review: 1, keep: 2 };
  const DESCENDING_FIRST = new Set(["spans"]);
  const fmt = new Intl.NumberFormat("en");

  const state = { key: "index", dir: 1, query: "", verdict: "all", page: 0, size: 50 };
  let order = docs.map((_, i) => i);
  const disabled = new Map(); // document index -> Set of check indexes whose highlights are hidden

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "class") node.className = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  const risk = (doc, c) => (doc.risks[c] === undefined ? null : doc.risks[c]);
  const spanCount = (doc) => doc.spans.length;
  const riskLevel = (r) => (r === null ? "none" : r >= 0.7 ? "high" : r >= 0.3 ? "mid" : "low");

  function sortValue(i, key) {
    const doc = docs[i];
    switch (key) {
      case "index": return i;
      case "id": return doc.id.toLowerCase();
      case "trust": return doc.trust;
      case "verdict": return VERDICT_RANK[doc.verdict] ?? -1;
      case "spans": return spanCount(doc);
      case "finding": return doc.finding.toLowerCase();
      default: {
        const r = risk(doc, Number(key.slice("risk:".length)));
        return r === null ? -1 : r;
      }
    }
  }

  function matches(doc) {
    if (state.verdict === "error" ? doc.error === null : state.verdict !== "all" && doc.verdict !== state.verdict) {
      return false;
    }
    if (!state.query) return true;
    return doc.id.toLowerCase().includes(state.query) || doc.source.toLowerCase().includes(state.query);
  }

  function computeOrder() {
    const keys = new Map();
    order = [];
    docs.forEach((doc, i) => {
      if (matches(doc)) {
        order.push(i);
        keys.set(i, sortValue(i, state.key));
      }
    });
    order.sort((a, b) => {
      const x = keys.get(a);
      const y = keys.get(b);
      if (x < y) return -state.dir;
      if (x > y) return state.dir;
      return a - b;
    });
  }

  const pageCount = () => Math.max(1, Math.ceil(order.length / state.size));

  function render() {
    state.page = Math.min(Math.max(state.page, 0), pageCount() - 1);
    const start = state.page * state.size;
    const onPage = order.slice(start, start + state.size);
    renderTable(onPage);
    renderPager(start, onPage.length);
    renderSections(onPage);
  }

  function renderTable(onPage) {
    const rows = onPage.map((i) => {
      const doc = docs[i];
      const trust = el("td", { class: "num" }, doc.trust.toFixed(1));
      const cells = [
        el("td", { class: "num muted" }, String(i + 1)),
        el("td", { class: "id" }, el("a", { href: `#doc-${i + 1}` }, doc.id)),
        trust,
        el("td", {}, el("span", { class: `badge v-${doc.verdict}` }, doc.verdict)),
      ];
      checks.forEach((_, c) => {
        const r = risk(doc, c);
        const cell = el("td", { class: `num risk r-${riskLevel(r)}` }, r === null ? "–" : r.toFixed(2));
        if (r !== null) cell.style.setProperty("--r", r);
        cells.push(cell);
      });
      cells.push(el("td", { class: "num" }, fmt.format(spanCount(doc))));
      const finding = el("td", { class: doc.error === null ? "finding" : "finding error" }, doc.finding);
      finding.setAttribute("title", doc.finding);
      cells.push(finding);
      return el("tr", { "data-index": String(i) }, ...cells);
    });
    document.querySelector("#doc-table tbody").replaceChildren(...rows);
    document.querySelectorAll("#doc-table th").forEach((th) => {
      const key = th.querySelector("button").dataset.sort;
      th.setAttribute("aria-sort", key !== state.key ? "none" : state.dir > 0 ? "ascending" : "descending");
    });
  }

  function renderPager(start, shown) {
    document.getElementById("pages").textContent = fmt.format(pageCount());
    const pageInput = document.getElementById("page");
    pageInput.value = String(state.page + 1);
    pageInput.max = String(pageCount());
    const range = order.length ? `${fmt.format(start + 1)}–${fmt.format(start + shown)}` : "none";
    const filtered = order.length === docs.length ? "" : ` (${fmt.format(docs.length)} in all)`;
    document.getElementById("shown").textContent =
      `documents ${range} of ${fmt.format(order.length)}${filtered}`;
    const last = state.page >= pageCount() - 1;
    for (const button of document.querySelectorAll(".pager button")) {
      const forward = button.dataset.page === "next" || button.dataset.page === "last";
      button.disabled = forward ? last : state.page === 0;
    }
  }

  function renderSections(onPage) {
    const sections = onPage.map((i) => renderDocument(i));
    document.getElementById("document-sections").replaceChildren(...sections);
  }

  function renderDocument(i) {
    const doc = docs[i];
    const header = el(
      "header",
      {},
      el("h3", {}, doc.id),
      el("span", { class: "trust" }, `trust ${doc.trust.toFixed(1)}`),
      el("span", { class: `badge v-${doc.verdict}` }, doc.verdict),
      el("a", { href: "#documents", class: "back" }, "↑ table"),
    );
    const article = el("article", { class: "doc", id: `doc-${i + 1}`, "data-index": String(i) }, header);
    article.append(el("p", { class: "source muted" }, doc.source));
    if (doc.error !== null) article.append(el("p", { class: "error" }, doc.error));
    const ran = checks.map((_, c) => c).filter((c) => risk(doc, c) !== null);
    if (ran.length) {
      article.append(renderLegend(i, ran));
      article.append(renderDetails(doc, ran));
    }
    const text = el("div", { class: "text" });
    article.append(text);
    renderText(text, i);
    return article;
  }

  function renderLegend(i, ran) {
    const doc = docs[i];
    const hidden = disabled.get(i) || new Set();
    const counts = new Map();
    for (const [c] of doc.spans) counts.set(c, (counts.get(c) || 0) + 1);
    const chips = ran.map((c) => {
      const n = counts.get(c) || 0;
      const r = risk(doc, c);
      const chip = el(
        "button",
        { type: "button", class: `chip r-${riskLevel(r)}`, "data-check": String(c), "aria-pressed": String(!hidden.has(c)) },
        el("span", { class: "swatch" }),
        el("b", {}, checks[c].name),
        ` risk ${r.toFixed(2)} · ${fmt.format(n)} span${n === 1 ? "" : "s"}`,
      );
      chip.style.setProperty("--c", checks[c].color);
      chip.setAttribute("title", n ? `${checks[c].description} (click to hide or show its highlights)` : checks[c].description);
      if (!n) chip.disabled = true;
      return chip;
    });
    return el("div", { class: "legend" }, ...chips);
  }

  function renderDetails(doc, ran) {
    const rows = [];
    for (const c of ran) {
      const details = doc.details[c] || {};
      const names = Object.keys(details);
      if (!names.length) {
        rows.push(el("tr", {}, el("th", {}, checks[c].name), el("td", { class: "muted" }, "—"), el("td", {})));
      }
      names.forEach((name, n) => {
        rows.push(el("tr", {}, el("th", {}, n === 0 ? checks[c].name : ""), el("td", {}, name), el("td", {}, showValue(details[name]))));
      });
    }
    const table = el("table", { class: "features" }, el("tbody", {}, ...rows));
    return el("details", { class: "features" }, el("summary", {}, "Features behind the risks"), table);
  }

  function showValue(value) {
    if (typeof value === "number") return Number.isInteger(value) ? fmt.format(value) : String(value);
    if (typeof value === "string") return value;
    return JSON.stringify(value);
  }

  function renderText(container, i) {
    const doc = docs[i];
    const hidden = disabled.get(i) || new Set();
    const nodes = [];
    for (const piece of doc.text) {
      if (typeof piece === "string") {
        nodes.push(document.createTextNode(piece));
        continue;
      }
      const [text, refs] = piece;
      const shown = refs.filter((s) => !hidden.has(doc.spans[s][0]));
      if (!shown.length) {
        nodes.push(document.createTextNode(text));
        continue;
      }
      const kinds = [...new Set(shown.map((s) => doc.spans[s][0]))];
      const mark = el("mark", { "data-spans": shown.join(" "), class: kinds.length > 1 ? "multi" : "" }, text);
      mark.style.setProperty("--c", checks[kinds[0]].color);
      mark.style.setProperty("--c2", checks[kinds[kinds.length - 1]].color);
      nodes.push(mark);
    }
    container.replaceChildren(...nodes);
  }

  // Hovering over highlighted text shows every span under it: check, reason and offsets.
  const tip = document.getElementById("tip");
  function showTip(mark) {
    const i = Number(mark.closest("article").dataset.index);
    const doc = docs[i];
    const lines = mark.dataset.spans.split(" ").map((s) => {
      const [c, start, end, reason] = doc.spans[Number(s)];
      const swatch = el("span", { class: "swatch" });
      swatch.style.setProperty("--c", checks[c].color);
      return el("div", {}, swatch, el("b", {}, checks[c].name), " ", reason, el("span", { class: "muted" }, ` · characters ${start}–${end}`));
    });
    tip.replaceChildren(...lines);
    tip.hidden = false;
    const box = mark.getBoundingClientRect();
    tip.style.left = `${Math.max(4, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 4))}px`;
    tip.style.top = `${box.bottom + window.scrollY + 6}px`;
  }
  const sectionsRoot = document.getElementById("document-sections");
  sectionsRoot.addEventListener("mouseover", (event) => {
    const mark = event.target.closest("mark[data-spans]");
    if (mark) showTip(mark);
  });
  sectionsRoot.addEventListener("mouseout", (event) => {
    const mark = event.target.closest("mark[data-spans]");
    if (mark && !mark.contains(event.relatedTarget)) tip.hidden = true;
  });
  sectionsRoot.addEventListener("click", (event) => {
    const chip = event.target.closest("button.chip");
    if (!chip) return;
    const article = chip.closest("article");
    const i = Number(article.dataset.index);
    const c = Number(chip.dataset.check);
    const hidden = disabled.get(i) || new Set();
    if (hidden.has(c)) hidden.delete(c);
    else hidden.add(c);
    disabled.set(i, hidden);
    chip.setAttribute("aria-pressed", String(!hidden.has(c)));
    tip.hidden = true;
    renderText(article.querySelector(".text"), i);
  });

  // Controls: sorting, filtering, pages.
  document.querySelector("#doc-table thead").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-sort]");
    if (!button) return;
    const key = button.dataset.sort;
    if (key === state.key) state.dir = -state.dir;
    else {
      state.key = key;
      state.dir = key.startsWith("risk:") || DESCENDING_FIRST.has(key) ? -1 : 1;
    }
    state.page = 0;
    computeOrder();
    render();
  });
  document.getElementById("query").addEventListener("input", (event) => {
    state.query = event.target.value.trim().toLowerCase();
    state.page = 0;
    computeOrder();
    render();
  });
  document.getElementById("verdict").addEventListener("change", (event) => {
    state.verdict = event.target.value;
    state.page = 0;
    computeOrder();
    render();
  });
  document.getElementById("page-size").addEventListener("change", (event) => {
    const first = state.page * state.size;
    state.size = Number(event.target.value);
    state.page = Math.floor(first / state.size);
    render();
  });
  document.getElementById("page").addEventListener("change", (event) => {
    state.page = (Number(event.target.value) || 1) - 1;
    render();
  });
  document.querySelector(".pager").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-page]");
    if (!button) return;
    const moves = { first: -Infinity, prev: state.page - 1, next: state.page + 1, last: Infinity };
    state.page = Math.min(Math.max(moves[button.dataset.page], 0), pageCount() - 1);
    render();
  });

  // #doc-N opens the page that holds the Nth document (clearing filters that hide it) and scrolls to it.
  function followHash() {
    const found = /^#doc-(\d+)$/.exec(window.location.hash);
    if (!found || Number(found[1]) < 1 || Number(found[1]) > docs.length) return;
    const i = Number(found[1]) - 1;
    if (!order.includes(i)) {
      state.query = "";
      state.verdict = "all";
      document.getElementById("query").value = "";
      document.getElementById("verdict").value = "all";
      computeOrder();
    }
    const page = Math.floor(order.indexOf(i) / state.size);
    if (page !== state.page || !document.getElementById(`doc-${i + 1}`)) {
      state.page = page;
      render();
    }
    document.getElementById(`doc-${i + 1}`).scrollIntoView();
  }
  window.addEventListener("hashchange", followHash);

  computeOrder();
  render();
  followHash();
  document.body.dataset.ready = "true";
})();
