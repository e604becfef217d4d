package export_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/itkg/itkg/export"
)

// testChart is a chart of two pairs over 1995..2024, with marks at both
// ends of the time axis, as the corpus has them.
func testChart(bySource bool) export.BarometerChart {
	dots := func(from, to int, score float64, facts int) []export.BarometerDot {
		var out []export.BarometerDot
		for y := from; y <= to; y++ {
			out = append(out, export.BarometerDot{Year: y, Score: score, Facts: facts, Sources: 1, Cooperative: facts, FactIDs: []string{fmt.Sprintf("src-%d-001", y)}})
		}
		return out
	}
	c := export.BarometerChart{
		Title:    "Aland — Bland: cooperation against hostility, per year",
		Subtitle: "score: mean weight of the year's cooperative and hostile facts",
		Panels: []export.BarometerPanel{{Title: "Aland — Bland", Subtitle: "12 facts from 2 sources",
			Series: []export.BarometerLine{{Label: "all sources", Combined: true, Points: append(dots(1995, 1999, -7, 1), dots(2021, 2024, 4, 12)...)}}}},
		Marks: []export.ChartMark{
			{Year: 1998, Label: "Consulate killings", Fact: "src-1998-001"},
			{Year: 2021, Month: 8, Label: "Takeover of the capital", Fact: "src-2021-001"},
			{Year: 2023, Month: 5, Label: "Border clashes over water", Fact: "src-2023-001"},
			{Year: 2024, Month: 1, Label: "Bombings in the east", Fact: "src-2024-001"},
			{Year: 1950, Label: "Outside the chart", Fact: "src-1950-001"},
		},
	}
	if bySource {
		c.Panels[0].Series = append(c.Panels[0].Series,
			export.BarometerLine{Label: "One 2023 (5)", Points: dots(2021, 2023, 6, 2)},
			export.BarometerLine{Label: "Two 2024 (7)", Points: dots(2022, 2024, -3, 3)})
	} else {
		c.Panels = append(c.Panels, export.BarometerPanel{Title: "Aland — Cland", Series: []export.BarometerLine{{Label: "all sources", Combined: true}}})
	}
	return c
}

// svgNode is an element of the parsed chart.
type svgNode struct {
	name  string
	attrs map[string]string
	text  string
}

// parseSVG parses an SVG document with encoding/xml, failing the test on
// any error, and returns its elements in order.
func parseSVG(t *testing.T, doc []byte) []svgNode {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var nodes []svgNode
	var stack []int
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the SVG does not parse: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := svgNode{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			nodes = append(nodes, n)
			stack = append(stack, len(nodes)-1)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				nodes[stack[len(stack)-1]].text += string(tok)
			}
		}
	}
	return nodes
}

func TestBarometerSVG(t *testing.T) {
	for _, bySource := range []bool{false, true} {
		t.Run(fmt.Sprintf("bySource=%v", bySource), func(t *testing.T) {
			var b bytes.Buffer
			if err := export.WriteBarometerSVG(&b, testChart(bySource)); err != nil {
				t.Fatal(err)
			}
			nodes := parseSVG(t, b.Bytes())
			count := map[string]int{}
			var texts []string
			for _, n := range nodes {
				for _, c := range strings.Fields(n.attrs["class"]) {
					count[n.name+"."+c]++
				}
				if n.name == "text" || n.name == "tspan" {
					texts = append(texts, n.text)
				}
				if n.name == "g" && n.attrs["class"] == "point" && n.attrs["data-facts"] == "" {
					t.Errorf("a point without its facts: %v", n.attrs)
				}
			}
			all := strings.Join(texts, "|")
			panels := 2
			if bySource {
				panels = 1
			}
			for _, want := range []struct {
				what string
				n    int
			}{{"g.x-axis", panels}, {"g.y-axis", panels}, {"g.legend", 1}, {"line.zero", panels}, {"g.mark", 4}, {"g.panel", panels}} {
				if count[want.what] != want.n {
					t.Errorf("%d %s, want %d", count[want.what], want.what, want.n)
				}
			}
			if count["g.point"] < 9 {
				t.Errorf("%d points, want every scored year", count["g.point"])
			}
			for _, want := range []string{"Takeover of the capital", "Border clashes over water", "1995", "2020", "+10", "−10", "1, 5, 20 facts", "key event"} {
				if !strings.Contains(all, want) {
					t.Errorf("the chart lacks the text %q", want)
				}
			}
			if strings.Contains(all, "Outside the chart") {
				t.Error("a mark outside the chart's years is drawn")
			}
			if bySource && (!strings.Contains(all, "One 2023 (5)") || !strings.Contains(all, "all sources")) {
				t.Error("the legend lacks the series")
			}
			if !bySource && !strings.Contains(all, "no cooperative or hostile facts between the two") {
				t.Error("an empty panel does not say so")
			}
		})
	}
}

func TestBarometerSVGBounds(t *testing.T) {
	var b bytes.Buffer
	if err := export.WriteBarometerSVG(&b, export.BarometerChart{}); err == nil {
		t.Error("a chart of no pair: no error")
	}
	c := testChart(false)
	for len(c.Panels) <= 20 {
		c.Panels = append(c.Panels, c.Panels[0])
	}
	if err := export.WriteBarometerSVG(&b, c); err == nil || !strings.Contains(err.Error(), "at most 20") {
		t.Errorf("21 pairs: error %v", err)
	}
	path := filepath.Join(t.TempDir(), "chart.svg")
	if err := export.WriteBarometerFile(path, c); err == nil {
		t.Error("21 pairs written to a file: no error")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a refused chart left a file: %v", err)
	}
}

// TestBarometerSVGBrowser lays the chart out in a real headless Chromium,
// at a desktop and a phone width, and checks what a reader sees: every
// text inside the chart, and no two mark labels or legend entries on top
// of each other.
func TestBarometerSVGBrowser(t *testing.T) {
	bin := ""
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "chromium"} {
		if path, err := exec.LookPath(p); p != "" && err == nil {
			bin = path
			break
		}
	}
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no chromium: CI must run the browser tests (scripts/install-chromium.sh installs it)")
		}
		t.Skip("no chromium (run scripts/install-chromium.sh, or set $CHROMIUM)")
	}
	dir := t.TempDir()
	for _, bySource := range []bool{false, true} {
		path := filepath.Join(dir, fmt.Sprintf("chart-%v.svg", bySource))
		if err := export.WriteBarometerFile(path, testChart(bySource)); err != nil {
			t.Fatal(err)
		}
		profile, err := os.MkdirTemp("", "itkg-chromium-")
		if err != nil {
			t.Fatal(err)
		}
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(bin), chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true),
			chromedp.Flag("disable-gpu", true), chromedp.UserDataDir(profile),
		}
		actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(actx)
		ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
		for _, width := range []int64{1400, 400} {
			var problems []string
			err := chromedp.Run(ctx,
				chromedp.EmulateViewport(width, 900),
				chromedp.Navigate("file://"+path),
				chromedp.Evaluate(layoutCheck, &problems),
			)
			if err != nil {
				t.Fatalf("bySource=%v, width %d: %v", bySource, width, err)
			}
			for _, p := range problems {
				t.Errorf("bySource=%v, width %d: %s", bySource, width, p)
			}
		}
		cancelT()
		cancelCtx()
		cancel()
		for range 100 {
			if os.RemoveAll(profile) == nil {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// layoutCheck runs in the page: it returns what a reader would find
// wrong with the chart's text.
const layoutCheck = `(() => {
  const svg = document.documentElement;
  const box = svg.getBoundingClientRect();
  const out = [];
  const texts = [...svg.querySelectorAll('text')].filter(t => getComputedStyle(t).display !== 'none');
  if (texts.length === 0) out.push('no text drawn');
  for (const t of texts) {
    const r = t.getBoundingClientRect();
    if (r.width === 0) out.push('text not laid out: ' + t.textContent);
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) out.push('text past the edge: ' + t.textContent);
  }
  const overlap = (sel) => {
    const bs = [...svg.querySelectorAll(sel)].map(e => [e.textContent, e.getBBox()]);
    for (let i = 0; i < bs.length; i++) for (let j = i + 1; j < bs.length; j++) {
      const [ta, a] = bs[i], [tb, b] = bs[j];
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) out.push('overlapping: ' + ta + ' / ' + tb);
    }
  };
  overlap('.mark text');
  overlap('.legend text');
  // Every other text that shows, against each other: titles, axes.
  const shown = [...svg.querySelectorAll('text')].filter(t =>
    getComputedStyle(t).display !== 'none' && !t.closest('.mark') && !t.closest('.legend') && !t.classList.contains('count'));
  for (let i = 0; i < shown.length; i++) for (let j = i + 1; j < shown.length; j++) {
    const a = shown[i].getBoundingClientRect(), b = shown[j].getBoundingClientRect();
    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
      out.push('overlapping: ' + shown[i].textContent + ' / ' + shown[j].textContent);
  }
  return out;
})()`
