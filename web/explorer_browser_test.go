package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/itkg/itkg/internal/fixture"
)

// mapPages are the explorer's map pages over the corpus: every kind of map.
var mapPages = []string{
	"/map/water", "/map/iskp", "/map/diplomacy", "/map/overview", "/map/overview-full",
	"/entity/iran", "/entity/hassan-kazemi-qomi", "/entity/taliban",
	"/path?from=fatemiyoun&to=baradar",
}

// ready waits until the map script has set up every map of the page.
var ready = chromedp.Poll(`document.documentElement.dataset.mapReady !== undefined &&
	Array.from(document.querySelectorAll(".explorer")).every(e => e.dataset.ready === "1")`, nil,
	chromedp.WithPollingTimeout(60*time.Second))

// remembered waits until the page's URL holds its map's view: the script
// writes it 250 ms after the view changes, with history.replaceState,
// which chromedp.Navigate would take for the end of a navigation begun
// meanwhile.
var remembered = chromedp.Poll(`(() => {
	const s = document.querySelector(".map-view svg");
	if (!s) return true;
	const [x, y, w, h] = s.getAttribute("viewBox").split(" ").map(Number);
	const r = document.querySelector(".map-view").getBoundingClientRect(), q = new URLSearchParams(location.search);
	return Math.abs(q.get("cx") - (x + w / 2)) < 1 && Math.abs(q.get("cy") - (y + h / 2)) < 1 && Math.abs(q.get("z") - Math.min(r.width / w, r.height / h)) < 0.001;
})()`, nil, chromedp.WithPollingTimeout(5*time.Second))

// TestMapExplorer drives the map pages in a real headless Chromium: the
// time until a map is interactive, the legend beside (never over) the
// drawing, zoom by button and wheel, the view kept in the URL, the focus
// in view, hover, node and edge panels, filters that redraw, and no
// horizontal overflow on any page at 400 px. Any console error or CSP
// violation fails it.
func TestMapExplorer(t *testing.T) {
	bin := chromium(t)
	_, ts, _ := start(t, fixture.CorpusData(), nil)
	ctx, problems := newBrowser(t, bin, 1400, 1000)
	run := func(what string, actions ...chromedp.Action) {
		t.Helper()
		if err := chromedp.Run(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	// Time to interactive: from the start of navigation to the moment the
	// map script reports ready, first with the map not yet drawn (the
	// server lays it out, the browser fetches the script and stylesheet),
	// then with both cached.
	for _, path := range []string{"/entity/iran", "/map/water"} {
		var first, again float64
		var nav string
		const timing = `(() => { const n = performance.getEntriesByType("navigation")[0];
			return "response " + Math.round(n.responseEnd) + " ms, DOM " + Math.round(n.domInteractive) + " ms, " + n.transferSize + " bytes"; })()`
		run("timing "+path,
			chromedp.Navigate(ts.URL+path), ready, chromedp.Evaluate(`window.itkgMapReady`, &first),
			chromedp.Navigate(ts.URL+path), ready, chromedp.Evaluate(`window.itkgMapReady`, &again),
			chromedp.Evaluate(timing, &nav))
		t.Logf("time to interactive of %s: %.0f ms uncached, %.0f ms cached (%s)", path, first, again, nav)
		if again > 1000 {
			t.Errorf("%s: %.0f ms to interactive with the map cached", path, again)
		}
	}

	for _, path := range mapPages {
		var legend, nodes, overlaps int
		var before, afterButton, afterWheel string
		run(path,
			chromedp.Navigate(ts.URL+path), ready,
			chromedp.Evaluate(`document.querySelectorAll(".explorer .legend li").length`, &legend),
			chromedp.Evaluate(`document.querySelectorAll(".map-view g.node").length`, &nodes),
			// A node's visible part is its box clipped to the map's view.
			chromedp.Evaluate(`(() => {
				const l = document.querySelector(".explorer .legend").getBoundingClientRect();
				const v = document.querySelector(".map-view").getBoundingClientRect();
				let n = 0;
				for (const g of document.querySelectorAll(".map-view g.node")) {
					const r = g.getBoundingClientRect();
					const x0 = Math.max(r.left, v.left), x1 = Math.min(r.right, v.right);
					const y0 = Math.max(r.top, v.top), y1 = Math.min(r.bottom, v.bottom);
					if (x0 >= x1 || y0 >= y1) continue;
					if (x0 < l.right && l.left < x1 && y0 < l.bottom && l.top < y1) n++;
				}
				return n;
			})()`, &overlaps),
			chromedp.AttributeValue(`.map-view svg`, "viewBox", &before, nil),
			chromedp.Click(`[data-zoom=in]`),
			chromedp.AttributeValue(`.map-view svg`, "viewBox", &afterButton, nil),
			chromedp.Evaluate(`(() => {
				const v = document.querySelector(".map-view"), r = v.getBoundingClientRect();
				v.dispatchEvent(new WheelEvent("wheel", {deltaY: 300, clientX: r.left + r.width / 3, clientY: r.top + r.height / 3, bubbles: true, cancelable: true}));
			})()`, nil),
			chromedp.AttributeValue(`.map-view svg`, "viewBox", &afterWheel, nil),
		)
		if legend == 0 || nodes == 0 {
			t.Errorf("%s: %d legend items, %d nodes", path, legend, nodes)
		}
		if overlaps > 0 {
			t.Errorf("%s: the legend covers %d nodes", path, overlaps)
		}
		if before == afterButton || afterButton == afterWheel {
			t.Errorf("%s: zooming left the view alone: %q, after + %q, after the wheel %q", path, before, afterButton, afterWheel)
		}
	}

	// /entity/iran opens on Iran, and the view is kept in the URL: a
	// reload opens the same view.
	var inside bool
	var zoomed, reloaded, url string
	run("iran in view",
		chromedp.Navigate(ts.URL+"/entity/iran"), ready,
		chromedp.Evaluate(`(() => {
			const n = document.getElementById("node_iran").getBoundingClientRect();
			const v = document.querySelector(".map-view").getBoundingClientRect();
			const x = (n.left + n.right) / 2, y = (n.top + n.bottom) / 2;
			return n.width > 0 && x > v.left && x < v.right && y > v.top && y < v.bottom && y < window.innerHeight;
		})()`, &inside),
		chromedp.Click(`[data-zoom=out]`),
		chromedp.AttributeValue(`.map-view svg`, "viewBox", &zoomed, nil),
		chromedp.Poll(`location.search.includes("z=")`, nil, chromedp.WithPollingTimeout(5*time.Second)),
		chromedp.Location(&url),
	)
	run("reopening "+url,
		chromedp.Navigate(url), ready,
		chromedp.AttributeValue(`.map-view svg`, "viewBox", &reloaded, nil),
	)
	if !inside {
		t.Error("/entity/iran does not open with Iran's node in view")
	}

	// The keyboard zooms and pans; a drag pans.
	var start, keyed, arrowed, dragged string
	run("keys and drag",
		chromedp.Navigate(ts.URL+"/entity/iran"), ready,
		chromedp.AttributeValue(`.map-view svg`, "viewBox", &start, nil),
		chromedp.Focus(`.map-view`),
		chromedp.KeyEvent("+"),
		chromedp.AttributeValue(`.map-view svg`, "viewBox", &keyed, nil),
		chromedp.KeyEvent(kb.ArrowRight),
		chromedp.AttributeValue(`.map-view svg`, "viewBox", &arrowed, nil),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var box []float64
			if err := chromedp.Evaluate(`(() => { const r = document.querySelector(".map-view").getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`, &box).Do(ctx); err != nil {
				return err
			}
			x, y := box[0], box[1]
			for _, ev := range []struct {
				typ  input.MouseType
				x, y float64
			}{{input.MousePressed, x, y}, {input.MouseMoved, x - 40, y - 30}, {input.MouseMoved, x - 120, y - 90}, {input.MouseReleased, x - 120, y - 90}} {
				p := input.DispatchMouseEvent(ev.typ, ev.x, ev.y).WithButton(input.Left).WithClickCount(1)
				if ev.typ == input.MouseMoved {
					p = p.WithButtons(1)
				}
				if err := p.Do(ctx); err != nil {
					return err
				}
			}
			return nil
		}),
		chromedp.AttributeValue(`.map-view svg`, "viewBox", &dragged, nil),
	)
	if start == keyed || keyed == arrowed || arrowed == dragged {
		t.Errorf("keys and drag: the view went %q, + %q, → %q, dragged %q", start, keyed, arrowed, dragged)
	}
	if !sameView(zoomed, reloaded) {
		t.Errorf("the URL %s reopened the view %q, want %q", url, reloaded, zoomed)
	}

	// A "+N" group of a hub map expands in place, keeping the view's URL.
	var groups, nodesBefore, nodesAfter int
	run("hub groups", chromedp.Navigate(ts.URL+"/entity/iran"), ready,
		chromedp.Evaluate(`document.querySelectorAll(".map-view g.node[id^=group_]").length`, &groups),
		chromedp.Evaluate(`document.querySelectorAll(".map-view g.node[id^=node_]").length`, &nodesBefore))
	if groups == 0 {
		t.Error("Iran's map has no +N groups")
	} else {
		if _, err := chromedp.RunResponse(ctx, chromedp.Evaluate(`document.querySelector(".map-view g.node[id^=group_] text").dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true}))`, nil)); err != nil {
			t.Fatalf("expanding a group: %v", err)
		}
		run("expanded", ready, chromedp.Evaluate(`document.querySelectorAll(".map-view g.node[id^=node_]").length`, &nodesAfter))
		if nodesAfter <= nodesBefore {
			t.Errorf("expanding a group drew %d entities, %d before", nodesAfter, nodesBefore)
		}
	}

	// Hover lights up a node's relations; a click on a node opens its card
	// in the panel, a click on a merged edge every fact it merges.
	var lit, heading, panelLinks, panelText string
	var edgeFacts, shownFacts int
	run("panels",
		chromedp.Navigate(ts.URL+"/map/water"), ready,
		chromedp.Evaluate(`(() => {
			document.getElementById("node_iran").dispatchEvent(new MouseEvent("mouseenter"));
			return document.querySelectorAll(".map-view g.edge.lit").length + " lit edges";
		})()`, &lit),
		chromedp.Click(`#node_taliban text`),
		chromedp.WaitVisible(`.panel .panel-body h2 a`),
		chromedp.Text(`.panel .panel-body h2`, &heading),
		chromedp.Text(`.panel .panel-links`, &panelLinks),
		chromedp.Text(`.panel .panel-body`, &panelText),
		chromedp.Evaluate(`(() => {
			const g = Array.from(document.querySelectorAll(".map-view g.edge")).find(g => g.id.split("_").length > 2);
			g.querySelector("path").dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true}));
			return g.id.split("_").length - 1;
		})()`, &edgeFacts),
		chromedp.Poll(`document.querySelectorAll(".panel .panel-body article.fact").length > 0`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`document.querySelectorAll(".panel .panel-body article.fact").length`, &shownFacts),
	)
	if lit == "0 lit edges" {
		t.Error("hovering Iran lit none of its edges")
	}
	if heading != "Taliban" || !strings.Contains(panelLinks, "expand neighbours") || !strings.Contains(panelLinks, "paths from here") || !strings.Contains(panelLinks, "timeline") {
		t.Errorf("the node panel shows %q with links %q", heading, panelLinks)
	}
	if strings.Contains(panelText, "undefined") || strings.Contains(panelText, "null") {
		t.Errorf("the node panel reads %q", panelText)
	}
	if edgeFacts < 2 || shownFacts != edgeFacts {
		t.Errorf("a merged edge of %d facts opened %d", edgeFacts, shownFacts)
	}

	// The keyboard reaches every node and edge: each is a named button in
	// the tab order (Graphviz's links inside it are not), Tab from the
	// view lands on the first with a visible outline and then on the
	// next, Enter or Space opens its panel (Space without scrolling the
	// page), Escape closes it from the map or from inside the panel and
	// gives the focus back; the zoom keys still work on a focused node but
	// not while typing in a field, and what Tab reaches outside the view
	// is brought into it.
	var unnamed, buttons int
	var iranLabel, opened, back, typed string
	var firstTab, secondTab, outlined, scrolled bool
	var keyHeading, spaceHeading, edgeHeading string
	var zoomBefore, zoomKey, zoomTyping string
	var tabbed []string
	// focusedIs reports whether the focus is on the i-th node or edge of
	// the map in the tab order.
	focusedIs := func(i int, ok *bool) chromedp.Action {
		return chromedp.Evaluate(fmt.Sprintf(`document.activeElement === document.querySelectorAll('.map-view svg [tabindex="0"]')[%d]`, i), ok)
	}
	var edge []string
	run("keyboard",
		chromedp.Navigate(ts.URL+"/entity/iran"), ready,
		chromedp.Evaluate(`document.querySelectorAll(".map-view g.node, .map-view g.edge").length`, &buttons),
		chromedp.Evaluate(`Array.from(document.querySelectorAll(".map-view g.node, .map-view g.edge")).filter(g =>
			g.getAttribute("tabindex") !== "0" || g.getAttribute("role") !== "button" || !g.getAttribute("aria-label")).length +
			Array.from(document.querySelectorAll(".map-view a")).filter(a => a.getAttribute("tabindex") !== "-1").length`, &unnamed),
		chromedp.AttributeValue(`#node_iran`, "aria-label", &iranLabel, nil),
		chromedp.Evaluate(`(() => {
			const g = Array.from(document.querySelectorAll(".map-view g.edge")).find(g => g.querySelector("title").textContent === "iran->taliban");
			return [g.id, g.getAttribute("aria-label")];
		})()`, &edge),
		chromedp.Focus(`.map-view`),
		chromedp.KeyEvent(kb.Tab),
		focusedIs(0, &firstTab),
		chromedp.Evaluate(`(() => { const s = getComputedStyle(document.activeElement);
			return document.activeElement.matches(":focus-visible") && s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2; })()`, &outlined),
		chromedp.KeyEvent(kb.Tab),
		focusedIs(1, &secondTab),
		chromedp.Focus(`#node_taliban`),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(`.panel .panel-body h2 a`),
		chromedp.Text(`.panel .panel-body h2`, &keyHeading),
		chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotVisible(`.panel`),
		chromedp.Evaluate(`document.activeElement.id`, &back),
		chromedp.Evaluate(`window.scrollTo(0, 0)`, nil),
		chromedp.Focus(`#node_iran`),
		chromedp.Evaluate(`window.scrollTo(0, 40)`, nil),
		press(" ", "Space", 32),
		chromedp.WaitVisible(`.panel .panel-body h2 a`),
		chromedp.Text(`.panel .panel-body h2`, &spaceHeading),
		chromedp.Evaluate(`window.scrollY !== 40`, &scrolled),
		chromedp.Focus(`.panel .panel-body h2 a`),
		chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotVisible(`.panel`),
		chromedp.Evaluate(`document.activeElement.id`, &opened),
		remembered,
	)
	if len(edge) != 2 {
		t.Fatalf("no edge from Iran to the Taliban: %q", edge)
	}
	run("keyboard on an edge",
		chromedp.Focus(`[id="`+edge[0]+`"]`),
		chromedp.KeyEvent(kb.Enter),
		chromedp.Poll(`document.querySelectorAll(".panel .panel-body article.fact").length > 0`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Text(`.panel .panel-body h2`, &edgeHeading),
		chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotVisible(`.panel`),
		chromedp.AttributeValue(`.map-view svg`, "viewBox", &zoomBefore, nil),
		chromedp.KeyEvent("+"),
		chromedp.AttributeValue(`.map-view svg`, "viewBox", &zoomKey, nil),
		chromedp.Focus(`#search`),
		chromedp.SendKeys(`#search`, "+0f "),
		chromedp.AttributeValue(`.map-view svg`, "viewBox", &zoomTyping, nil),
		chromedp.Value(`#search`, &typed),
		remembered,
	)
	// Zoomed in far, most of the map is outside the view: each node or
	// edge Tab reaches is brought into the view, and the view into the
	// window.
	tabs := []chromedp.Action{chromedp.Focus(`.map-view`), chromedp.KeyEvent("+"), chromedp.KeyEvent("+"), chromedp.KeyEvent("+"), chromedp.KeyEvent("+")}
	tabbed = make([]string, 8)
	for i := range tabbed {
		tabs = append(tabs, chromedp.KeyEvent(kb.Tab), chromedp.Evaluate(`(() => {
			const a = document.activeElement, r = a.getBoundingClientRect(), v = document.querySelector(".map-view").getBoundingClientRect();
			const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
			const seen = x > v.left && x < v.right && y > v.top && y < v.bottom && y > 0 && y < innerHeight;
			return a.id + (seen ? "" : " out of sight");
		})()`, &tabbed[i]))
	}
	run("tabbing through a zoomed map", append(tabs, remembered)...)
	if buttons == 0 || unnamed > 0 {
		t.Errorf("of %d nodes and edges, %d lack tabindex, role or name, or hold a link in the tab order", buttons, unnamed)
	}
	if iranLabel != "Iran" || !strings.HasPrefix(edge[1], "Iran → Taliban") {
		t.Errorf("Iran's node is named %q, an edge from Iran to the Taliban %q", iranLabel, edge[1])
	}
	if !firstTab || !secondTab || !outlined {
		t.Errorf("Tab from the view: first node or edge focused %v (outlined %v), then the next %v", firstTab, outlined, secondTab)
	}
	if keyHeading != "Taliban" || back != "node_taliban" {
		t.Errorf("Enter on the Taliban's node opened %q; Escape left the focus on %q", keyHeading, back)
	}
	if spaceHeading != "Iran" || scrolled || opened != "node_iran" {
		t.Errorf("Space on Iran's node opened %q (page scrolled %v); Escape from the panel left the focus on %q", spaceHeading, scrolled, opened)
	}
	if !strings.Contains(edgeHeading, "on this edge") {
		t.Errorf("Enter on an edge opened %q", edgeHeading)
	}
	if zoomKey == zoomBefore || zoomTyping != zoomKey || typed != "+0f " {
		t.Errorf("+ on a focused node: view %q → %q; typing %q in the search box: → %q", zoomBefore, zoomKey, typed, zoomTyping)
	}
	for _, f := range tabbed {
		if !strings.HasPrefix(f, "node_") && !strings.HasPrefix(f, "edge_") && !strings.HasPrefix(f, "group_") || strings.HasSuffix(f, "out of sight") {
			t.Errorf("Tab through the zoomed map reached %q", f)
		}
	}

	// With negated facts hidden the map is drawn without them, and its
	// side panel lists none either. Shown, the Taliban's card in the panel
	// has "NOT allied with" Iran among its first relations, Iran's counts
	// its negated relations among those left for its page, and Iran's
	// "+k relations" edge to the Taliban merges seven negated facts.
	type sidePanel struct {
		Relations []string `json:"relations"` // of a node's card
		More      int      `json:"more"`      // relations left for the entity's page
		Text      string   `json:"text"`
		Facts     []string `json:"facts"` // ids an edge's panel lists
		Negated   []string `json:"negated"`
	}
	const readPanel = `(() => {
		const body = document.querySelector(".panel .panel-body");
		const more = Array.from(body.querySelectorAll("p.meta"), p => p.textContent).find(t => / more relations/.test(t)) || "0";
		return {relations: Array.from(body.querySelectorAll(".panel-relations li"), li => li.textContent), more: parseInt(more, 10),
			text: body.textContent, facts: Array.from(body.querySelectorAll("article.fact .head a:first-child"), a => a.textContent), negated: []};
	})()`
	// negatedOnMap lists the negated facts of the corpus the map's edges
	// draw, read from their edge_<fact ids> ids.
	const negatedOnMap = `fetch("/api/itkg/facts").then(r => r.json()).then(facts => {
		const negated = new Set(facts.filter(f => f.negated).map(f => f.id));
		return Array.from(document.querySelectorAll(".map-view g.edge")).flatMap(g => g.id.slice(5).split("_")).filter(id => negated.has(id));
	})`
	openNode := func(page, node string) sidePanel {
		t.Helper()
		var p sidePanel
		run(node+"'s panel on "+page,
			chromedp.Navigate(ts.URL+page), ready,
			chromedp.Focus("#"+node), chromedp.KeyEvent(kb.Enter),
			chromedp.WaitVisible(`.panel .panel-body h2 a`),
			chromedp.Evaluate(readPanel, &p), remembered)
		return p
	}
	openMoreEdge := func(page string) sidePanel {
		t.Helper()
		var p sidePanel
		var id string
		run("Iran's +k relations edge to the Taliban on "+page,
			chromedp.Navigate(ts.URL+page), ready,
			chromedp.Evaluate(`Array.from(document.querySelectorAll(".map-view g.edge.more")).find(g => g.querySelector("title").textContent === "iran->taliban").id`, &id),
			chromedp.Evaluate(negatedOnMap, &p.Negated, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		negated := p.Negated
		run("opening "+id,
			chromedp.Focus(`[id="`+id+`"]`), chromedp.KeyEvent(kb.Enter),
			chromedp.Poll(`document.querySelectorAll(".panel .panel-body article.fact").length > 0`, nil, chromedp.WithPollingTimeout(10*time.Second)),
			chromedp.Evaluate(readPanel, &p), remembered)
		p.Negated = negated
		return p
	}
	notIn := func(lines []string) (n int) {
		for _, l := range lines {
			if strings.HasPrefix(l, "NOT ") {
				n++
			}
		}
		return n
	}
	talibanShown, talibanHidden := openNode("/entity/iran", "node_taliban"), openNode("/entity/iran?negated=hide", "node_taliban")
	iranShown, iranHidden := openNode("/entity/iran", "node_iran"), openNode("/entity/iran?negated=hide", "node_iran")
	edgeShown, edgeHidden := openMoreEdge("/entity/iran"), openMoreEdge("/entity/iran?negated=hide")
	if notIn(talibanShown.Relations) == 0 {
		t.Errorf("with negated facts shown, the Taliban's panel lists no negated relation: %q", talibanShown.Relations)
	}
	if n := notIn(talibanHidden.Relations) + notIn(iranHidden.Relations); n > 0 || strings.Contains(talibanHidden.Text+iranHidden.Text, "NOT ") {
		t.Errorf("with negated facts hidden, the panels list %d negated relations: %q, %q", n, talibanHidden.Relations, iranHidden.Relations)
	}
	if iranHidden.More >= iranShown.More || len(iranHidden.Relations) != len(iranShown.Relations) {
		t.Errorf("Iran's panel lists %d relations and leaves %d for its page with negated facts hidden, %d and %d shown",
			len(iranHidden.Relations), iranHidden.More, len(iranShown.Relations), iranShown.More)
	}
	if len(edgeShown.Negated) == 0 || !strings.Contains(edgeShown.Text, "—not ") {
		t.Errorf("with negated facts shown, the map draws negated facts %q, Iran's edge to the Taliban lists %d facts, none negated", edgeShown.Negated, len(edgeShown.Facts))
	}
	if len(edgeHidden.Negated) > 0 || strings.Contains(edgeHidden.Text, "—not ") || len(edgeHidden.Facts) == 0 {
		t.Errorf("with negated facts hidden, the map draws negated facts %q; Iran's edge to the Taliban lists %d facts: %.300s", edgeHidden.Negated, len(edgeHidden.Facts), edgeHidden.Text)
	}

	// Filters redraw the map: dropping speculation draws fewer edges, and
	// the form keeps every filter it was given.
	var all, fewer int
	var kept []string
	run("filters",
		chromedp.Navigate(ts.URL+"/map/iskp?grep=&negated=hide"), ready,
		chromedp.Evaluate(`document.querySelectorAll(".map-view g.edge").length`, &all))
	follow := func(sel string) {
		t.Helper()
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(sel)); err != nil {
			t.Fatalf("following %s: %v", sel, err)
		}
	}
	follow(`a.drop-spec`)
	run("dropping speculation", ready,
		chromedp.Evaluate(`document.querySelectorAll(".map-view g.edge").length`, &fewer))
	follow(`form.map-filters button[type=submit]`)
	run("resubmitting the filters", ready,
		chromedp.Evaluate(`Array.from(new URLSearchParams(location.search)).map(([k, v]) => k + "=" + v).filter(s => !s.endsWith("="))`, &kept),
	)
	if fewer >= all {
		t.Errorf("dropping speculation drew %d edges of %d", fewer, all)
	}
	if got := strings.Join(kept, "&"); got != "negated=hide&modality=asserted&modality=reported&modality=assessed" {
		t.Errorf("resubmitting the filters kept %q", got)
	}

	// Timeline lane names are shown whole: at 1400 px in the wide chart's
	// gutter, wrapped where longer, at 400 px in the narrow chart's rows
	// above the bars; never over the bars or the next lane's name. A name
	// cut short would carry its whole self as a tooltip.
	timelineNames(t, run, ts.URL, "1400 px", "wide")

	// At 400 px no page overflows sideways.
	narrow := append([]string{"/", "/timeline", "/timeline?entity=iran", "/conflicts", "/sources", "/source/abdi-2021", "/fact/abdi-2021-001",
		"/gizmo", "/search?q=ir", "/path", "/map/overview"}, mapPages...)
	shots := os.Getenv("ITKG_SCREENSHOTS")
	for _, path := range narrow {
		var width int
		run(path+" at 400 px",
			chromedp.EmulateViewport(400, 900),
			chromedp.Navigate(ts.URL+path),
			chromedp.WaitReady(`footer`),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &width),
		)
		if width > 400 {
			t.Errorf("%s is %d px wide at 400 px", path, width)
			if shots != "" {
				var buf []byte
				if err := chromedp.Run(ctx, chromedp.FullScreenshot(&buf, 80)); err == nil {
					name := strings.NewReplacer("/", "_", "?", "_", "&", "_", "=", "_").Replace(path)
					os.WriteFile(filepath.Join(shots, "narrow"+name+".png"), buf, 0o644)
				}
			}
		}
	}

	timelineNames(t, run, ts.URL, "400 px", "narrow")

	// On a narrow screen a node's panel opens in view, over the bottom of
	// the screen.
	var panelTop, innerHeight float64
	run("panel at 400 px",
		chromedp.EmulateViewport(400, 900),
		chromedp.Navigate(ts.URL+"/entity/iran"), ready,
		chromedp.Evaluate(`document.querySelector("#node_iran text").dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true}))`, nil),
		chromedp.WaitVisible(`.panel .panel-body h2 a`),
		chromedp.Evaluate(`document.querySelector(".panel").getBoundingClientRect().top`, &panelTop),
		chromedp.Evaluate(`window.innerHeight`, &innerHeight),
	)
	if shots != "" {
		var buf []byte
		if err := chromedp.Run(ctx, chromedp.CaptureScreenshot(&buf)); err == nil {
			os.WriteFile(filepath.Join(shots, "panel-400.png"), buf, 0o644)
		}
	}
	if panelTop <= 0 || panelTop >= innerHeight {
		t.Errorf("at 400 px the panel opens at %.0f px, the window is %.0f px tall", panelTop, innerHeight)
	}

	for _, p := range problems() {
		t.Error(p)
	}
}

// laneName is a timeline lane's name as drawn: its text (the lines of a
// wrapped name are joined by spaces), its tooltip, and its box in the
// chart's units.
type laneName struct {
	Name                     string
	Title                    string
	Left, Right, Top, Bottom float64
	OverBars                 int // bars its box overlaps
}

// timelineNames checks, at the browser's current width, the lane names
// of the timeline's chart drawn there ("wide" or "narrow"): the long names
// of the corpus are whole, every name is within its room (the gutter, or
// the narrow chart) and over no bar, no name overlaps the next, and a
// name cut short has a tooltip.
func timelineNames(t *testing.T, run func(string, ...chromedp.Action), base, width, chart string) {
	t.Helper()
	for _, path := range []string{"/timeline", "/timeline?entity=iran"} {
		var got struct {
			Shown bool
			Room  float64
			Names []laneName
		}
		run(path+" at "+width,
			chromedp.Navigate(base+path), chromedp.WaitReady(`footer`),
			chromedp.Evaluate(`(() => {
				const chart = document.querySelector(".timeline-chart.`+chart+`");
				if (getComputedStyle(chart).display === "none") return {shown: false, room: 0, names: []};
				const svg = chart.querySelector("svg");
				const bars = Array.from(svg.querySelectorAll("rect.bar"), r => r.getBBox());
				const room = "`+chart+`" === "wide" ? Math.min(...Array.from(svg.querySelectorAll("line.tick"), l => +l.getAttribute("x1"))) : svg.viewBox.baseVal.width;
				const names = Array.from(svg.querySelectorAll("text.lane-name"), t => {
					const b = t.getBBox(), title = t.querySelector("title");
					return {name: Array.from(t.childNodes).filter(n => n !== title).map(n => n.textContent).join(""), title: title ? title.textContent : "",
						left: b.x, right: b.x + b.width, top: b.y, bottom: b.y + b.height,
						overBars: bars.filter(r => r.x < b.x + b.width && b.x < r.x + r.width && r.y < b.y + b.height && b.y < r.y + r.height).length};
				});
				return {shown: true, room, names};
			})()`, &got))
		if !got.Shown {
			t.Errorf("%s at %s: the %s chart is not shown", path, width, chart)
			continue
		}
		var all []string
		for i, n := range got.Names {
			all = append(all, n.Name)
			if n.Right > got.Room || n.OverBars > 0 {
				t.Errorf("%s at %s: %q reaches %.0f of the %.0f units it has, over %d bars", path, width, n.Name, n.Right, got.Room, n.OverBars)
			}
			if i > 0 && n.Top < got.Names[i-1].Bottom {
				t.Errorf("%s at %s: %q (%.0f–%.0f) overlaps %q above it (to %.0f)", path, width, n.Name, n.Top, n.Bottom, got.Names[i-1].Name, got.Names[i-1].Bottom)
			}
			if strings.Contains(n.Name, "…") && n.Title == "" {
				t.Errorf("%s at %s: %q is cut short with no tooltip", path, width, n.Name)
			}
		}
		want := map[string][]string{
			"/timeline":             {"Islamic State Khorasan Province", "Akhtar Mohammad Mansour"},
			"/timeline?entity=iran": {"Major water projects in western Afghanistan", "Taliban Ministry of Defense", "1973 Helmand River Water Treaty"},
		}[path]
		for _, w := range want {
			if !slices.Contains(all, w) {
				t.Errorf("%s at %s: no lane named %q whole; the lanes read %q", path, width, w, all)
			}
		}
	}
}

// press types one key as a keyboard does: a key down carrying its text
// (so that preventing the key down prevents the text's default action, as
// Space scrolling the page), then the key up. chromedp.KeyEvent sends the
// text as a separate event, which a page cannot cancel.
func press(key, code string, vk int64) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		down := input.DispatchKeyEvent(input.KeyDown).WithKey(key).WithCode(code).WithWindowsVirtualKeyCode(vk).WithText(key).WithUnmodifiedText(key)
		if err := down.Do(ctx); err != nil {
			return err
		}
		return input.DispatchKeyEvent(input.KeyUp).WithKey(key).WithCode(code).WithWindowsVirtualKeyCode(vk).Do(ctx)
	})
}

// sameView reports whether two viewBox values agree to within 1% of the
// view's size, as the URL rounds the zoom and the centre.
func sameView(a, b string) bool {
	var x [2][4]float64
	for i, s := range []string{a, b} {
		if _, err := fmt.Sscan(s, &x[i][0], &x[i][1], &x[i][2], &x[i][3]); err != nil {
			return false
		}
	}
	tol := 0.01*max(x[0][2], x[0][3]) + 1
	for k := range 4 {
		if d := x[0][k] - x[1][k]; d > tol || d < -tol {
			return false
		}
	}
	return true
}
