package worker_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/itkg/itkg/export/worker"
	"github.com/itkg/itkg/internal/fixture"
)

var helper string

func TestMain(m *testing.M) {
	os.Exit(fixture.Main(m, func(p map[string]string) { helper = p["itkg-render"] }, "itkg-render"))
}

const small = `digraph { a -> b [label="x < y & z"]; }`

// bigDOT is a graph whose dot layout takes seconds: many labelled edges.
func bigDOT(n int) []byte {
	var b bytes.Buffer
	b.WriteString("digraph {\n")
	for i := range n {
		fmt.Fprintf(&b, "n%d -> n%d [label=\"edge %d with a long label\"];\n", (i*i+7*i)%150, (i*31+3)%149, i)
	}
	b.WriteString("}\n")
	return b.Bytes()
}

func render(t *testing.T, p *worker.Pool, dot []byte, layout string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := p.SVG(context.Background(), &out, dot, layout)
	return out.String(), err
}

func TestRender(t *testing.T) {
	p := worker.NewPool(helper, 1, 0)
	defer p.Close()
	for _, layout := range []string{"", "dot", "sfdp", "neato"} {
		svg, err := render(t, p, []byte(small), layout)
		if err != nil {
			t.Fatalf("layout %q: %v", layout, err)
		}
		if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
			t.Fatalf("layout %q: SVG is not XML: %v", layout, err)
		}
		if !strings.Contains(svg, "x &lt; y &amp; z") {
			t.Errorf("layout %q: the edge label is missing or unescaped:\n%s", layout, svg)
		}
	}
}

func TestBadDOTKeepsHelper(t *testing.T) {
	p := worker.NewPool(helper, 1, 0)
	defer p.Close()
	if _, err := render(t, p, []byte("digraph { a -> "), "dot"); err == nil || !strings.Contains(err.Error(), "DOT") {
		t.Fatalf("bad DOT: err = %v, want a DOT parse error", err)
	}
	if _, err := render(t, p, []byte(small), "dot"); err != nil {
		t.Fatalf("render after a bad one: %v", err)
	}
}

func TestTimeoutKillsAndRecovers(t *testing.T) {
	p := worker.NewPool(helper, 1, 300*time.Millisecond)
	defer p.Close()
	start := time.Now()
	_, err := render(t, p, bigDOT(400), "dot")
	if err == nil || !strings.Contains(err.Error(), "rendering stopped after 300ms") {
		t.Fatalf("err = %v, want the timeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the timeout took %s to stop the render", d)
	}
	if _, err := render(t, p, []byte(small), "dot"); err != nil {
		t.Fatalf("render after a timeout: %v", err)
	}
}

func TestContextCancel(t *testing.T) {
	p := worker.NewPool(helper, 1, 0)
	defer p.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := p.SVG(ctx, &bytes.Buffer{}, bigDOT(400), "dot")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestConcurrent(t *testing.T) {
	p := worker.NewPool(helper, 2, 0)
	defer p.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dot := fmt.Sprintf(`digraph { a%d -> b%d; }`, i, i)
			var out bytes.Buffer
			if err := p.SVG(context.Background(), &out, []byte(dot), "dot"); err != nil {
				errs <- err
				return
			}
			if !strings.Contains(out.String(), fmt.Sprintf("a%d", i)) {
				errs <- fmt.Errorf("render %d returned another map", i)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestClosed(t *testing.T) {
	p := worker.NewPool(helper, 1, 0)
	if _, err := render(t, p, []byte(small), "dot"); err != nil {
		t.Fatal(err)
	}
	p.Close()
	if _, err := render(t, p, []byte(small), "dot"); !errors.Is(err, worker.ErrClosed) {
		t.Fatalf("render after Close: err = %v, want ErrClosed", err)
	}
}

func TestFindMissing(t *testing.T) {
	t.Setenv("ITKG_RENDER", "")
	t.Setenv("PATH", t.TempDir())
	if _, err := worker.Find(); err == nil || !strings.Contains(err.Error(), "make build") {
		t.Fatalf("Find without a helper: err = %v, want advice to build it", err)
	}
	t.Setenv("ITKG_RENDER", helper)
	if p, err := worker.Find(); err != nil || p != helper {
		t.Fatalf("Find = %q, %v; want %q", p, err, helper)
	}
}
