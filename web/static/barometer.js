// itkg barometer page: a click on a point of the chart (or on a year of
// the tables) lists the facts behind it under the chart, taken from the
// page's own pool of facts, without reloading. Without the script the
// same links load the page with that list.
"use strict";
(function () {
  const pool = document.getElementById("barometer-pool");
  const box = document.getElementById("point-facts");
  if (!pool || !box) return;
  const title = box.querySelector("h2");
  const body = box.querySelector(".point-facts-body");
  const byID = new Map();
  // The pool holds every fact of the page but those listed already.
  for (const a of document.querySelectorAll("#barometer-pool article.fact, #point-facts article.fact")) {
    byID.set(a.id.replace(/^fact-/, ""), a);
  }

  function show(ids, heading, link) {
    body.replaceChildren();
    let n = 0;
    for (const id of ids) {
      const a = byID.get(id);
      if (!a) continue;
      const c = a.cloneNode(true);
      c.removeAttribute("id");
      body.appendChild(c);
      n++;
    }
    title.textContent = `${heading}: ${n} fact${n === 1 ? "" : "s"}`;
    box.hidden = false;
    for (const el of document.querySelectorAll(".barometer-chart .point-link.selected")) el.classList.remove("selected");
    if (link) link.classList.add("selected");
    if (link && link.href && history.replaceState) history.replaceState(null, "", link.href.baseVal || link.href);
    box.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  document.addEventListener("click", (ev) => {
    const point = ev.target.closest(".barometer-chart a.point-link");
    if (point) {
      const g = point.querySelector("g.point");
      if (!g) return;
      ev.preventDefault();
      const series = point.closest("g.series");
      const panel = point.closest("g.panel");
      let heading = g.dataset.year;
      if (panel && panel.dataset.pair) heading = `${panel.dataset.pair}, ${heading}`;
      if (series && series.dataset.series && series.dataset.series !== "all sources") heading += ` (${series.dataset.series})`;
      show(g.dataset.facts.split(" ").filter(Boolean), `Behind the score of ${heading}`, point);
      return;
    }
    const row = ev.target.closest(".barometer-table a[data-facts]");
    if (row) {
      ev.preventDefault();
      const table = row.closest("section.barometer-table");
      const pair = table ? table.querySelector("h2").firstChild.textContent.trim() : "";
      show(row.dataset.facts.split(" ").filter(Boolean), `Counted in ${pair}, ${row.dataset.year}`, null);
    }
  });
})();

// Copy buttons of the Cite box: copy the text of the textarea they name.
(function () {
  document.addEventListener("click", (ev) => {
    const b = ev.target.closest("button.copy[data-copy]");
    if (!b) return;
    const t = document.getElementById(b.dataset.copy);
    if (!t) return;
    t.select();
    const done = () => { b.textContent = "Copied"; setTimeout(() => { b.textContent = "Copy"; }, 1500); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(t.value).then(done, () => { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
