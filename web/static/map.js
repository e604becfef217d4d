// itkg map explorer: zoom, pan, focus, highlight and side panels over the
// Graphviz SVG a page embeds in <div class="explorer">. No framework, no
// inline script (the Content-Security-Policy forbids it).
//
// The view is the SVG's viewBox: zooming and panning change it, so the
// drawing stays vector-sharp at every scale. The view (zoom and centre) is
// kept in the page's URL (z, cx, cy) so that a link reopens it.
"use strict";

(function () {
  const explorers = document.querySelectorAll(".explorer");
  for (const ex of explorers) setup(ex);
  // Tests and measurements read the moment the maps became interactive.
  window.itkgMapReady = performance.now();
  document.documentElement.dataset.mapReady = String(explorers.length);

  function setup(ex) {
    const view = ex.querySelector(".map-view");
    const svg = view && view.querySelector("svg");
    if (!svg) return;
    const panel = ex.querySelector(".panel");
    const body = panel.querySelector(".panel-body");
    const graph = svg.querySelector("g.graph") || svg;

    // Graphviz gives the drawing its size in points; the view decides it
    // from now on.
    const full = svg.viewBox.baseVal && svg.viewBox.baseVal.width ? svg.viewBox.baseVal : null;
    const bounds = full ? { x: full.x, y: full.y, w: full.width, h: full.height } : bbox(graph);
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");

    // Nodes and edges, read from Graphviz's <title> children: a node's is
    // its DOT id (the entity id), an edge's is "from->to".
    const nodes = new Map();
    const edges = [];
    for (const g of svg.querySelectorAll("g.node")) {
      const t = g.querySelector("title");
      if (t) nodes.set(t.textContent, { g, edges: [] });
    }
    for (const g of svg.querySelectorAll("g.edge")) {
      const t = g.querySelector("title");
      if (!t) continue;
      const parts = t.textContent.split(/->|--/);
      const e = { g, from: parts[0], to: parts[1] };
      edges.push(e);
      for (const end of [e.from, e.to]) if (nodes.has(end)) nodes.get(end).edges.push(e);
    }

    let vb = { ...bounds };
    let rememberTimer = null;
    // clamp keeps the drawing in view: a view smaller than the drawing
    // stays inside it, a larger one centres it.
    function clamp() {
      for (const [p, size] of [["x", "w"], ["y", "h"]]) {
        if (vb[size] >= bounds[size]) vb[p] = bounds[p] + (bounds[size] - vb[size]) / 2;
        else vb[p] = Math.min(Math.max(vb[p], bounds[p]), bounds[p] + bounds[size] - vb[size]);
      }
    }
    function apply() {
      clamp();
      svg.setAttribute("viewBox", `${vb.x} ${vb.y} ${vb.w} ${vb.h}`);
      remember();
    }
    // Scale: how many screen pixels one SVG unit takes.
    function scale() {
      const r = view.getBoundingClientRect();
      return Math.min(r.width / vb.w, r.height / vb.h);
    }
    function viewAspect() {
      const r = view.getBoundingClientRect();
      return { w: r.width || 1, h: r.height || 1 };
    }
    // setView shows the SVG point (cx, cy) at the centre, s screen pixels
    // per unit.
    function setView(cx, cy, s) {
      const a = viewAspect();
      s = Math.max(Math.min(s, 8), fitScale() / 2);
      vb = { x: cx - a.w / s / 2, y: cy - a.h / s / 2, w: a.w / s, h: a.h / s };
      apply();
    }
    function fitScale() {
      const a = viewAspect();
      return Math.min(a.w / bounds.w, a.h / bounds.h);
    }
    // fit shows the whole drawing, enlarged at most 1.5 times.
    function fit() {
      setView(bounds.x + bounds.w / 2, bounds.y + bounds.h / 2, Math.min(fitScale(), 1.5));
    }
    function centre() { return { x: vb.x + vb.w / 2, y: vb.y + vb.h / 2 }; }
    // zoom by factor k keeping the SVG point p (default the centre) still.
    function zoom(k, p) {
      const s = scale(), c = centre();
      p = p || c;
      const ns = Math.max(Math.min(s * k, 8), fitScale() / 2);
      const r = s / ns;
      setView(p.x + (c.x - p.x) * r, p.y + (c.y - p.y) * r, ns);
    }
    // toSvg converts a point on the screen to SVG units.
    function toSvg(clientX, clientY) {
      const m = svg.getScreenCTM();
      if (!m) return centre();
      const pt = new DOMPoint(clientX, clientY).matrixTransform(m.inverse());
      // The drawing is inside graph0's transform; the viewBox is outside
      // it, so the point is already in viewBox units.
      return { x: pt.x, y: pt.y };
    }
    // box of an element in viewBox units.
    function boxOf(el) {
      const r = el.getBoundingClientRect();
      const a = toSvg(r.left, r.top), b = toSvg(r.right, r.bottom);
      return { x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y };
    }
    function bbox(el) {
      const b = el.getBBox();
      return { x: b.x, y: b.y, w: b.width, h: b.height };
    }

    // The focus: the entities the map is about (the ego entity, a path's
    // ends), shown at a readable scale.
    const focusIds = (ex.dataset.focus || "").split(/\s+/).filter(id => nodes.has(id));
    for (const id of focusIds) nodes.get(id).g.classList.add("focus");
    function focus() {
      if (focusIds.length === 0) {
        // A map about no one entity opens on its best-connected entity at
        // a readable scale, or whole when it fits readably.
        let hub = null;
        for (const [, n] of nodes) if (n.g.id.startsWith("node_") && (!hub || n.edges.length > hub.edges.length)) hub = n;
        if (!hub || fitScale() >= 0.6) { fit(); return; }
        const b = boxOf(hub.g);
        setView(b.x + b.w / 2, b.y + b.h / 2, 0.9);
        return;
      }
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (const id of focusIds) {
        const b = boxOf(nodes.get(id).g);
        x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y);
        x1 = Math.max(x1, b.x + b.w); y1 = Math.max(y1, b.y + b.h);
      }
      const a = viewAspect();
      // Both ends in view with a margin, at most the drawing's own size
      // (one unit a pixel) so names stay readable, never less than fit.
      const s = Math.max(Math.min(1, a.w / (x1 - x0 + 160), a.h / (y1 - y0 + 160)), fitScale());
      setView((x0 + x1) / 2, (y0 + y1) / 2, s);
    }

    // A small drawing gets a view no taller than it needs at its own
    // scale (up to 1.5), so the page below it stays near.
    {
      const r = view.getBoundingClientRect();
      const need = bounds.h * Math.min(1.5, r.width / bounds.w) + 24;
      if (need < r.height) view.style.height = `${Math.max(need, 240)}px`;
    }

    // Open where the URL says, else on the focus.
    const url = new URL(location.href);
    const z = parseFloat(url.searchParams.get("z")), cx = parseFloat(url.searchParams.get("cx")), cy = parseFloat(url.searchParams.get("cy"));
    vb = { ...bounds };
    apply();
    if (isFinite(z) && isFinite(cx) && isFinite(cy)) setView(cx, cy, z);
    else focus();

    function remember() {
      clearTimeout(rememberTimer);
      rememberTimer = setTimeout(() => {
        const u = new URL(location.href);
        const c = centre();
        u.searchParams.set("z", scale().toFixed(3));
        u.searchParams.set("cx", c.x.toFixed(0));
        u.searchParams.set("cy", c.y.toFixed(0));
        history.replaceState(null, "", u);
      }, 250);
    }

    // Buttons and keys.
    for (const b of ex.querySelectorAll("[data-zoom]")) {
      b.addEventListener("click", () => {
        switch (b.dataset.zoom) {
          case "in": zoom(1.4); break;
          case "out": zoom(1 / 1.4); break;
          case "fit": fit(); break;
          case "focus": focus(); break;
        }
      });
    }
    view.addEventListener("keydown", ev => {
      // Typing in a field, or a browser shortcut (Ctrl+F), is not for the map.
      if (ev.target.closest("input, select, textarea, [contenteditable]") || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      // Enter or Space on a focused node or edge opens it, as a click
      // does; Space must not scroll the page.
      const g = ev.target.closest("g.node, g.edge");
      if (g && (ev.key === "Enter" || ev.key === " ")) {
        ev.preventDefault();
        if (!ev.repeat) activate(g);
        return;
      }
      const step = 60 / scale();
      const c = centre();
      switch (ev.key) {
        case "+": case "=": zoom(1.4); break;
        case "-": case "_": zoom(1 / 1.4); break;
        case "0": fit(); break;
        case "f": focus(); break;
        case "ArrowLeft": setView(c.x - step, c.y, scale()); break;
        case "ArrowRight": setView(c.x + step, c.y, scale()); break;
        case "ArrowUp": setView(c.x, c.y - step, scale()); break;
        case "ArrowDown": setView(c.x, c.y + step, scale()); break;
        default: return;
      }
      ev.preventDefault();
    });
    // Escape closes the panel from the map or from inside the panel, and
    // gives the focus back to what opened it.
    ex.addEventListener("keydown", ev => {
      if (ev.key !== "Escape" || panel.hidden) return;
      ev.preventDefault();
      closePanel(true);
    });

    // Wheel zooms around the pointer; drag pans. A drag is not a click.
    view.addEventListener("wheel", ev => {
      ev.preventDefault();
      zoom(Math.pow(1.0015, -ev.deltaY), toSvg(ev.clientX, ev.clientY));
    }, { passive: false });
    let drag = null, dragged = false;
    view.addEventListener("pointerdown", ev => {
      if (ev.button !== 0) return;
      drag = { x: ev.clientX, y: ev.clientY, vb: { ...vb }, s: scale() };
      dragged = false;
    });
    view.addEventListener("pointermove", ev => {
      if (!drag) return;
      const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (!dragged && Math.hypot(dx, dy) < 4) return;
      if (!dragged) { view.setPointerCapture(ev.pointerId); view.classList.add("dragging"); }
      dragged = true;
      vb = { ...drag.vb, x: drag.vb.x - dx / drag.s, y: drag.vb.y - dy / drag.s };
      apply();
    });
    const endDrag = () => { drag = null; view.classList.remove("dragging"); };
    view.addEventListener("pointerup", endDrag);
    view.addEventListener("pointercancel", endDrag);

    // Hover lights up a node's relations.
    function clearHighlight() {
      svg.classList.remove("highlighting");
      for (const el of svg.querySelectorAll(".lit")) el.classList.remove("lit");
    }
    function highlight(id) {
      const n = nodes.get(id);
      if (!n) return;
      svg.classList.add("highlighting");
      n.g.classList.add("lit");
      for (const e of n.edges) {
        e.g.classList.add("lit");
        for (const end of [e.from, e.to]) if (nodes.has(end)) nodes.get(end).g.classList.add("lit");
      }
    }
    for (const [id, n] of nodes) {
      n.g.addEventListener("mouseenter", () => { if (!drag) highlight(id); });
      n.g.addEventListener("mouseleave", () => { if (!panel.dataset.node) clearHighlight(); });
    }

    // Keyboard access: every node and edge is a button in the tab order,
    // named for screen readers by what it draws. Graphviz's links inside
    // them leave the tab order, so that each is one stop, not two.
    // A name is drawn on one or more lines; an edge's label has a line per
    // relation.
    const linesOf = g => Array.from(g.querySelectorAll("text"), t => t.textContent.trim()).filter(Boolean);
    const nodeName = id => nodes.has(id) ? linesOf(nodes.get(id).g).join(" ") || id : id;
    for (const [id, n] of nodes) {
      const g = n.g;
      let label = nodeName(id);
      if (g.id.startsWith("group_")) label = `Expand ${label}`;
      else if (g.id.startsWith("value_")) label = `${label} (value)`;
      button(g, label);
    }
    for (const e of edges) {
      const n = factIds(e.g).length;
      const text = linesOf(e.g).join(", ");
      const arrow = e.g.classList.contains("pair") ? " – " : " → ";
      button(e.g, `${nodeName(e.from)}${arrow}${nodeName(e.to)}${text ? ": " + text : ""}, ${n} fact${n === 1 ? "" : "s"}`);
    }
    // The drawing is not a tab stop of its own: the view and what is
    // drawn in it are.
    svg.setAttribute("tabindex", "-1");
    function button(g, label) {
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", label);
      for (const a of g.querySelectorAll("a")) a.setAttribute("tabindex", "-1");
    }
    // The browser cannot scroll a viewBox: a node or edge reached with Tab
    // outside the view is brought into it. Before the focus moves, the
    // browser has scrolled the page to where the element was drawn
    // outside the view; the page goes back to where it was before the
    // Tab, and scrolls only as far as the element now needs.
    let beforeTab = null;
    ex.addEventListener("keydown", ev => {
      if (ev.key !== "Tab") return;
      beforeTab = { x: scrollX, y: scrollY };
      setTimeout(() => { beforeTab = null; });
    });
    svg.addEventListener("focusin", ev => {
      const g = ev.target.closest("g.node, g.edge");
      if (!g) return;
      const r = g.getBoundingClientRect(), v = view.getBoundingClientRect();
      if (r.left >= v.left && r.right <= v.right && r.top >= v.top && r.bottom <= v.bottom) return;
      const b = boxOf(g);
      setView(b.x + b.w / 2, b.y + b.h / 2, scale());
      if (beforeTab) scrollTo(beforeTab.x, beforeTab.y);
      g.scrollIntoView({ block: "nearest", inline: "nearest" });
    });

    // Clicks open panels instead of leaving the page; a "+N" group
    // expands in place (the server redraws the map with it open).
    svg.addEventListener("click", ev => {
      if (dragged) { ev.preventDefault(); dragged = false; return; }
      const g = ev.target.closest("g.node, g.edge");
      if (!g) return;
      ev.preventDefault();
      activate(g);
    });
    // opener is the node or edge whose panel is open, to return the
    // focus to when the panel closes.
    let opener = null;
    function activate(g) {
      opener = g;
      const t = g.querySelector("title");
      if (g.classList.contains("node")) {
        if (g.id.startsWith("group_")) { expand(g.id.slice("group_".length)); return; }
        if (g.id.startsWith("value_")) { openFacts([g.id.slice("value_".length)]); return; }
        const id = t ? t.textContent : "";
        clearHighlight();
        highlight(id);
        openEntity(id);
      } else {
        openEdge(g);
      }
    }

    function expand(key) {
      const u = new URL(location.href);
      const keys = u.searchParams.getAll("expand");
      if (!keys.includes(key)) u.searchParams.append("expand", key);
      location.assign(u);
    }

    function show(nodesToAdd, id) {
      body.replaceChildren(...nodesToAdd.filter(n => n !== null && n !== undefined));
      panel.hidden = false;
      if (id) panel.dataset.node = id; else delete panel.dataset.node;
    }
    // A click on the close button from the keyboard (detail 0) returns the
    // focus too; one from the mouse leaves the view where it is.
    panel.querySelector(".close").addEventListener("click", ev => closePanel(ev.detail === 0));
    function closePanel(refocus) {
      panel.hidden = true;
      delete panel.dataset.node;
      clearHighlight();
      if (refocus && opener && opener.isConnected) opener.focus();
    }

    function el(tag, attrs, ...children) {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) {
        if (k === "class") e.className = v; else e.setAttribute(k, v);
      }
      for (const c of children) if (c !== null && c !== undefined) e.append(c);
      return e;
    }
    function link(href, text) { return el("a", { href }, text); }
    function filters() {
      // The page's filters, passed on to the API so the panel agrees
      // with the map.
      const q = new URLSearchParams(location.search);
      for (const k of ["z", "cx", "cy", "focus", "expand", "depth"]) q.delete(k);
      return q;
    }

    function openEntity(id) {
      const enc = encodeURIComponent(id);
      show([el("p", { class: "meta" }, "loading…")], id);
      fetch(`/api/itkg/entity/${enc}?${filters()}`)
        .then(r => r.ok ? r.json() : Promise.reject(new Error(`${r.status} ${r.statusText}`)))
        .then(card => {
          const e = card.entity;
          const rels = el("ul", { class: "panel-relations" });
          for (const rel of (card.relations || []).slice(0, 12)) {
            const other = rel.other ? link(`/entity/${encodeURIComponent(rel.other.id)}`, rel.other.name) : el("q", null, rel.value || "");
            rels.append(el("li", null, rel.label + " ", other, el("span", { class: "meta" }, ` ×${rel.facts.length}`)));
          }
          const more = (card.relations || []).length > 12 ? el("p", { class: "meta" }, `${card.relations.length - 12} more relations on the entity's page`) : null;
          show([
            el("h2", null, link(`/entity/${enc}`, e.name)),
            el("p", { class: "meta" }, `${e.type} · ${e.facts} fact${e.facts === 1 ? "" : "s"} in the graph`),
            el("p", null, e.description || ""),
            el("p", { class: "panel-links" },
              link(`/entity/${enc}?depth=2`, "expand neighbours"), " · ",
              link(`/path?from=${enc}`, "paths from here"), " · ",
              link(`/timeline?entity=${enc}`, "timeline")),
            rels, more,
          ], id);
        })
        .catch(err => show([el("p", { class: "error" }, `Could not load ${id}: ${err.message}`)], id));
    }

    // An edge's facts: every id in its SVG id (edge_<id>_<id>…), or in its
    // class list.
    function factIds(g) {
      let ids = [];
      if (g.id.startsWith("edge_")) ids = g.id.slice(5).split("_");
      else ids = Array.from(g.classList).filter(c => /\d$/.test(c) && c.includes("-"));
      return ids.filter(Boolean);
    }
    // An edge lists at most this many facts; the rest are a link away.
    const maxFacts = 60;
    function openEdge(g) {
      clearHighlight();
      svg.classList.add("highlighting");
      g.classList.add("lit");
      openFacts(factIds(g));
    }
    function openFacts(all) {
      const ids = all.slice(0, maxFacts);
      show([el("p", { class: "meta" }, `loading ${ids.length} fact${ids.length === 1 ? "" : "s"}…`)]);
      Promise.all(ids.map(id => fetch(`/api/itkg/fact/${encodeURIComponent(id)}`).then(r => r.ok ? r.json() : null)))
        .then(results => {
          const list = [];
          for (const d of results) {
            if (!d) continue;
            const f = d.fact;
            const obj = f.object ? link(`/entity/${encodeURIComponent(f.object.id)}`, f.object.name) : el("q", null, f.value || "");
            const when = f.date || (f.start ? `${f.start}..${f.end || ""}` : (f.as_of ? `as of ${f.as_of}` : "undated"));
            list.push(el("article", { class: "fact" },
              el("p", { class: "head" }, link(`/fact/${encodeURIComponent(f.id)}`, f.id), " ", el("span", { class: "when" }, when), " ",
                link(`/entity/${encodeURIComponent(f.subject.id)}`, f.subject.name), ` —${f.negated ? "not " : ""}${f.predicate.label}→ `, obj),
              el("blockquote", null, f.quote),
              el("p", { class: "cite" }, `— ${f.source.id}; ${f.modality}`, f.claimed_by ? `; claimed by ${f.claimed_by.name}` : "")));
          }
          const more = all.length > ids.length ? el("p", { class: "meta" }, `The first ${ids.length} of ${all.length} facts; the others are on the entities' pages.`) : null;
          show([el("h2", null, `${all.length} fact${all.length === 1 ? "" : "s"} on this edge`), more, ...list]);
        })
        .catch(err => show([el("p", { class: "error" }, `Could not load the facts: ${err.message}`)]));
    }

    ex.dataset.ready = "1";
  }
})();
