package web

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/itkg/itkg/internal/fixture"
)

// chromium finds the browser: $CHROMIUM, else Debian's chromium package
// (scripts/install-chromium.sh installs it; CI runs that first). Without
// it the test is skipped, or fails when $CI is set.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "chromium"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium: CI must run the browser test (scripts/install-chromium.sh installs it)")
	}
	t.Skip("no chromium (run scripts/install-chromium.sh, or set $CHROMIUM)")
	return ""
}

// TestBrowser drives a real headless Chromium through the explorer as an
// analyst would: the home page's maps, a search with suggestions, an
// entity page and a neighbour, the path finder, and a Gizmo recipe. It
// saves a screenshot of each step ($ITKG_SCREENSHOTS, or a temporary
// directory) and fails on any JavaScript error or Content-Security-Policy
// violation the pages cause.
func TestBrowser(t *testing.T) {
	bin := chromium(t)
	_, ts, _ := start(t, fixture.CorpusData(), nil)
	shots := os.Getenv("ITKG_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	ctx, problems := newBrowser(t, bin, 1300, 1000)
	shot := func(name string) chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			var buf []byte
			if err := chromedp.FullScreenshot(&buf, 100).Do(ctx); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(shots, name+".png"), buf, 0o644)
		})
	}
	var text string
	var n int
	step := func(name string, actions ...chromedp.Action) {
		t.Helper()
		if err := chromedp.Run(ctx, append(actions, shot(name))...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}

	step("1-home",
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(`#theme-iskp img`),
		// Thumbnails load as they scroll into view; load them all now.
		chromedp.Evaluate(`document.querySelectorAll(".theme img").forEach(i => i.loading = "eager")`, nil),
		chromedp.Poll(`Array.from(document.querySelectorAll(".theme img")).every(i => i.complete)`, nil, chromedp.WithPollingTimeout(60*time.Second)),
		chromedp.Evaluate(`Array.from(document.querySelectorAll(".theme a.thumb img")).filter(i => i.naturalWidth > 0).length`, &n),
	)
	if n < 11 {
		t.Errorf("the home page shows %d theme thumbnails, want 11", n)
	}

	// The search box suggests names as one types, and a name leads to the
	// entity's page.
	step("2-suggestions",
		chromedp.SendKeys(`#search`, "kazemi"),
		chromedp.Poll(`document.querySelectorAll("#entity-suggestions option").length > 0`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`document.querySelector("#entity-suggestions option").value`, &text),
	)
	if text != "Hassan Kazemi Qomi" {
		t.Errorf("first suggestion for %q = %q, want Hassan Kazemi Qomi", "kazemi", text)
	}
	step("3-entity",
		chromedp.SetValue(`#search`, text),
		chromedp.Submit(`#search`),
		chromedp.WaitVisible(`.entity-head`),
		chromedp.Text(`h1`, &text),
	)
	if text != "Hassan Kazemi Qomi" {
		t.Errorf("the search led to %q", text)
	}
	step("4-neighbour",
		chromedp.Click(`details.neighbours summary`),
		chromedp.Click(`.neighbors a[href="/entity/iran"]`),
		chromedp.WaitVisible(`.explorer .map-view svg`),
		chromedp.Text(`h1`, &text),
	)
	if text != "Iran" {
		t.Errorf("the neighbour link led to %q", text)
	}

	// The path finder, filled in as a person would.
	step("5-path",
		chromedp.Navigate(ts.URL+"/path"),
		chromedp.SendKeys(`input[name=from]`, "Fatemiyoun Division"),
		chromedp.SendKeys(`input[name=to]`, "Mullah Baradar"),
		chromedp.Click(`form.ask button[type=submit]`),
		chromedp.WaitVisible(`section.path`),
		chromedp.Text(`p.lead`, &text),
		chromedp.Evaluate(`document.querySelectorAll("section.path").length`, &n),
	)
	if !strings.Contains(text, "paths from Fatemiyoun Division to Abdul Ghani Baradar") || n == 0 {
		t.Errorf("path finder: %q, %d paths shown", text, n)
	}

	// A Gizmo recipe, run from the console.
	step("6-gizmo",
		chromedp.Navigate(ts.URL+"/gizmo"),
		chromedp.Click(`button.recipe`),
		chromedp.Poll(`/result/.test(document.getElementById("gizmo-status").textContent)`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Text(`#gizmo-status`, &text),
		chromedp.Evaluate(`document.querySelectorAll("#gizmo-table tr").length`, &n),
	)
	if strings.HasPrefix(text, "0 results") || n < 2 {
		t.Errorf("gizmo console: %q, %d table rows", text, n)
	}
	// IRIs in the results are links, entities under their names.
	step("7-gizmo-links",
		chromedp.SetValue(`#gizmo-query`, `g.V("<iran>").Out("<hosts>").All()`),
		chromedp.Click(`#gizmo-run`),
		chromedp.WaitVisible(`#gizmo-table a[href="/entity/taliban"]`),
		chromedp.Text(`#gizmo-table a[href="/entity/taliban"]`, &text),
	)
	if text != "Taliban" {
		t.Errorf("the Gizmo result <taliban> reads %q", text)
	}

	for _, p := range problems() {
		t.Error(p)
	}
	t.Logf("screenshots in %s", shots)
}

// newBrowser starts a headless Chromium of the given window size. Every
// console error or warning, uncaught exception, browser log error and
// Content-Security-Policy violation (reported by a listener added to every
// page before its scripts run) is collected; problems returns them.
func newBrowser(t *testing.T, bin string, width, height int) (context.Context, func() []string) {
	t.Helper()
	// Chromium's helper processes can still write into its profile after
	// the browser has exited, which fails t.TempDir's removal: the profile
	// is removed here, retrying for a while.
	profile, err := os.MkdirTemp("", "itkg-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		var rmErr error
		for range 100 {
			if rmErr = os.RemoveAll(profile); rmErr == nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Logf("leaving Chromium's profile %s: %v", profile, rmErr)
	})
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(width, height),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(cancel)

	var mu sync.Mutex
	var problems []string
	chromedp.ListenTarget(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Error())
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError || ev.Type == runtime.APITypeWarning {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value))
				}
				problems = append(problems, fmt.Sprintf("console %s: %s", ev.Type, strings.Join(args, " ")))
			}
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.LevelError || strings.Contains(ev.Entry.Text, "Content Security Policy") {
				problems = append(problems, "browser log: "+ev.Entry.Text)
			}
		}
	})
	err = chromedp.Run(ctx, log.Enable(), runtime.Enable(), chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := cdppage.AddScriptToEvaluateOnNewDocument(`document.addEventListener("securitypolicyviolation",
			e => console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber));`).Do(ctx)
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), problems...)
	}
}
