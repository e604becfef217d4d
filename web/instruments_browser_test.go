package web

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/itkg/itkg/internal/fixture"
)

// TestBarometerBrowser drives the barometer, ranking and fact pages in a
// real headless Chromium at 1400 and 400 px: no page overflows sideways,
// clicking a point of the chart (or a year of the table) lists the facts
// behind it, the Cite box copies. Any console error or CSP violation
// fails it.
func TestBarometerBrowser(t *testing.T) {
	bin := chromium(t)
	_, ts, _ := start(t, fixture.CorpusData(), func(o *Options) { o.Sources = fixture.CorpusSourcesDir() })
	ctx, problems := newBrowser(t, bin, 1400, 1000)
	shots := os.Getenv("ITKG_SCREENSHOTS")
	run := func(what string, actions ...chromedp.Action) {
		t.Helper()
		if err := chromedp.Run(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	shot := func(name string) {
		if shots == "" {
			return
		}
		var buf []byte
		if err := chromedp.Run(ctx, chromedp.FullScreenshot(&buf, 80)); err == nil {
			os.WriteFile(filepath.Join(shots, name+".png"), buf, 0o644)
		}
	}

	for _, width := range []int64{1400, 400} {
		for _, path := range []string{"/barometer?a=iran&b=taliban", "/barometer?pairs=main&by_source=1", "/rank?by=brokerage",
			"/fact/tabaan-2024-079", "/source/tabaan-2024", "/entity/iran"} {
			var w int64
			run(fmt.Sprintf("%s at %d px", path, width),
				chromedp.EmulateViewport(width, 900),
				chromedp.Navigate(ts.URL+path),
				chromedp.WaitReady(`footer`),
				chromedp.Evaluate(`document.documentElement.scrollWidth`, &w),
			)
			if w > width {
				t.Errorf("%s is %d px wide at %d px", path, w, width)
			}
		}

		// Click a point: the facts behind it appear under the chart, as
		// many as the point names.
		var ids, head, href string
		var shown int
		sel := `.barometer-chart a.point-link g.point[data-year="2022"]`
		run(fmt.Sprintf("click a point at %d px", width),
			chromedp.Navigate(ts.URL+"/barometer?a=iran&b=taliban"),
			chromedp.WaitVisible(`.barometer-chart svg`),
			chromedp.AttributeValue(sel, "data-facts", &ids, nil),
			chromedp.Click(sel),
			chromedp.WaitVisible(`#point-facts .point-facts-body article.fact`),
			chromedp.Text(`#point-facts h2`, &head),
			chromedp.Evaluate(`document.querySelectorAll("#point-facts .point-facts-body article.fact").length`, &shown),
			chromedp.Evaluate(`location.search`, &href),
		)
		want := len(strings.Fields(ids))
		if want == 0 || shown != want {
			t.Errorf("at %d px the 2022 point names %d facts, the list shows %d", width, want, shown)
		}
		if !strings.Contains(head, "2022") || !strings.Contains(head, fmt.Sprintf("%d fact", want)) {
			t.Errorf("at %d px the list is headed %q", width, head)
		}
		if !strings.Contains(href, "facts=") {
			t.Errorf("the address after a click is %q, not the point's", href)
		}
		shot(fmt.Sprintf("barometer-clicked-%d", width))

		// A year of the table lists every fact counted in it.
		run(fmt.Sprintf("click a year at %d px", width),
			chromedp.AttributeValue(`.barometer-table a[data-year="1998"]`, "data-facts", &ids, nil),
			chromedp.ScrollIntoView(`.barometer-table a[data-year="1998"]`),
			chromedp.Sleep(time.Second), // the smooth scroll to the list ends
			chromedp.Click(`.barometer-table a[data-year="1998"]`),
			chromedp.Poll(`document.querySelector("#point-facts h2").textContent.includes("1998")`, nil, chromedp.WithPollingTimeout(5*time.Second)),
			chromedp.Evaluate(`document.querySelectorAll("#point-facts .point-facts-body article.fact").length`, &shown),
		)
		if shown != len(strings.Fields(ids)) {
			t.Errorf("at %d px the year 1998 names %d facts, the list shows %d", width, len(strings.Fields(ids)), shown)
		}
	}

	// The Cite box's Copy button copies.
	var label string
	run("copy a citation",
		chromedp.EmulateViewport(1400, 900),
		chromedp.Navigate(ts.URL+"/fact/tabaan-2024-079"),
		chromedp.Click(`details.cite-format summary`), // closes Chicago
		chromedp.Click(`details.cite-format summary`), // opens it again
		chromedp.Click(`button.copy[data-copy="cite-chicago"]`),
		chromedp.Poll(`document.querySelector('button.copy[data-copy="cite-chicago"]').textContent === "Copied"`, nil, chromedp.WithPollingTimeout(5*time.Second)),
		chromedp.Text(`button.copy[data-copy="cite-chicago"]`, &label),
	)
	if label != "Copied" {
		t.Errorf("the Copy button reads %q after a click", label)
	}
	for _, p := range problems() {
		t.Error(p)
	}
}
