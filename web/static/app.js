// itkg web explorer: suggestions for entity boxes, and the Gizmo console.
// No framework, no inline script (the Content-Security-Policy forbids it).
"use strict";

// Suggest entity names in every input with data-suggest, through the
// shared <datalist id="entity-suggestions">.
(function () {
  const list = document.getElementById("entity-suggestions");
  if (!list) return;
  let timer = null, last = "";
  function fill(matches) {
    list.replaceChildren();
    for (const m of matches) {
      const o = document.createElement("option");
      o.value = m.name;
      o.label = m.matched ? `${m.name} (${m.type}; matched ${m.matched})` : `${m.name} (${m.type})`;
      list.appendChild(o);
    }
  }
  function suggest(input) {
    const q = input.value.trim();
    if (q === last) return;
    last = q;
    if (q.length < 2) { fill([]); return; }
    fetch("/api/itkg/search?limit=12&q=" + encodeURIComponent(q))
      .then(r => r.ok ? r.json() : [])
      .then(fill)
      .catch(() => fill([]));
  }
  for (const input of document.querySelectorAll("input[data-suggest]")) {
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => suggest(input), 120);
    });
  }
})();

// The Gizmo console: run the query through Cayley's HTTP API and show the
// results as a table and as JSON.
(function () {
  const form = document.getElementById("gizmo");
  if (!form) return;
  const query = document.getElementById("gizmo-query");
  const status = document.getElementById("gizmo-status");
  const result = document.getElementById("gizmo-result");
  const table = document.getElementById("gizmo-table");
  function render(rows) {
    table.replaceChildren();
    if (!Array.isArray(rows) || rows.length === 0) return;
    const keys = [];
    for (const row of rows) {
      if (row && typeof row === "object") {
        for (const k of Object.keys(row)) if (!keys.includes(k)) keys.push(k);
      }
    }
    if (keys.length === 0) return;
    const t = document.createElement("table");
    t.className = "results";
    const head = t.createTHead().insertRow();
    for (const k of keys) {
      const th = document.createElement("th");
      th.textContent = k;
      head.appendChild(th);
    }
    const body = t.createTBody();
    const cells = [];
    for (const row of rows) {
      const tr = body.insertRow();
      for (const k of keys) {
        const v = row && typeof row === "object" ? row[k] : row;
        const td = tr.insertCell();
        td.textContent = v === undefined ? "" : (typeof v === "string" ? v : JSON.stringify(v));
        if (typeof v === "string") cells.push({ td, v });
      }
    }
    table.appendChild(t);
    label(cells);
  }
  // IRIs in the results become links: <fact:ID> to the fact's page, an
  // entity's IRI to its page under its name.
  function label(cells) {
    const iri = /^<([^<>\s]+)>$/;
    const ids = new Set();
    for (const { td, v } of cells) {
      const m = iri.exec(v);
      if (!m) continue;
      if (m[1].startsWith("fact:")) {
        const id = m[1].slice(5);
        td.replaceChildren(link(`/fact/${encodeURIComponent(id)}`, `fact ${id}`, v));
      } else if (!m[1].includes(":")) {
        ids.add(m[1]);
      }
    }
    if (ids.size === 0) return;
    const q = new URLSearchParams();
    for (const id of Array.from(ids).slice(0, 500)) q.append("id", id);
    fetch("/api/itkg/labels?" + q)
      .then(r => r.ok ? r.json() : {})
      .then(names => {
        for (const { td, v } of cells) {
          const m = iri.exec(v);
          const e = m && names[m[1]];
          if (e) td.replaceChildren(link(`/entity/${encodeURIComponent(e.id)}`, e.name, v), " ", Object.assign(document.createElement("span"), { className: "meta", textContent: e.type }));
        }
      })
      .catch(() => {});
  }
  function link(href, text, title) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    a.title = title;
    return a;
  }
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    status.textContent = "running…";
    result.textContent = "";
    table.replaceChildren();
    const started = performance.now();
    fetch("/api/v2/query?lang=gizmo", { method: "POST", headers: { "Content-Type": "application/javascript" }, body: query.value })
      .then(r => r.json().then(body => ({ ok: r.ok, body })))
      .then(({ ok, body }) => {
        const ms = Math.round(performance.now() - started);
        if (!ok || body.error) {
          status.textContent = `error after ${ms} ms`;
          result.textContent = body.error || JSON.stringify(body);
          return;
        }
        const rows = body.result || [];
        status.textContent = `${rows.length} result${rows.length === 1 ? "" : "s"} in ${ms} ms`;
        render(rows);
        result.textContent = JSON.stringify(rows, null, 2);
      })
      .catch(err => { status.textContent = "failed"; result.textContent = String(err); });
  });
  for (const b of document.querySelectorAll("button.recipe")) {
    b.addEventListener("click", () => {
      query.value = b.dataset.query;
      form.requestSubmit();
    });
  }
})();
