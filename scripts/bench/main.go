// Command bench measures itkg as users run it, whole processes from start
// to exit, and prints each figure beside its target: read commands, a full
// rebuild and the maps on the real corpus; bulk loads and cold queries on
// synthetic stores of 10k, 100k and 1M quads; and, when a `cayley` binary
// is on PATH, Cayley's own load and query on the same files. It is run by
// `make bench` after the Go benchmarks.
//
//	go run ./scripts/bench [-sizes 10k,100k,1M] [-runs 20] [-keep DIR]
//
// Wall times are medians (and the slowest run) of repeated runs; memory is
// the peak resident set of the process (getrusage), file mappings
// included.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
)

func main() {
	sizes := flag.String("sizes", "10k,100k,1M", "synthetic store sizes, in quads")
	runs := flag.Int("runs", 20, "runs of each read command")
	keep := flag.String("keep", "", "keep the work directory here instead of a temporary one")
	flag.Parse()
	if err := run(*sizes, *runs, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// result is one measured process.
type result struct {
	wall   time.Duration
	rssKB  int64
	stdout string
}

// measure runs a command once, with stdin from in when set.
func measure(in string, name string, args ...string) (result, error) {
	cmd := exec.Command(name, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if in != "" {
		cmd.Stdin = strings.NewReader(in)
	}
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return result{}, fmt.Errorf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, errb.String())
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return result{wall: wall, rssKB: ru.Maxrss, stdout: out.String()}, nil
}

// repeat runs a command n times (after one warm-up run) and returns the
// median and slowest wall time and the largest peak memory.
func repeat(n int, in string, name string, args ...string) (med, slowest time.Duration, rssKB int64, err error) {
	if _, err := measure(in, name, args...); err != nil {
		return 0, 0, 0, err
	}
	var walls []time.Duration
	for range n {
		r, err := measure(in, name, args...)
		if err != nil {
			return 0, 0, 0, err
		}
		walls = append(walls, r.wall)
		rssKB = max(rssKB, r.rssKB)
	}
	slices.Sort(walls)
	return walls[len(walls)/2], walls[len(walls)-1], rssKB, nil
}

// table collects rows of figures and their targets.
type table struct {
	tw *tabwriter.Writer
}

func newTable(title string, cols ...string) *table {
	fmt.Printf("\n## %s\n\n", title)
	t := &table{tw: tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)}
	fmt.Fprintln(t.tw, strings.Join(cols, "\t"))
	return t
}

func (t *table) row(cells ...string) { fmt.Fprintln(t.tw, strings.Join(cells, "\t")) }
func (t *table) flush()              { t.tw.Flush() }

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/1e6) }
func mb(kb int64) string        { return fmt.Sprintf("%.1f MB", float64(kb)/1024) }

// verdict compares a figure with its limit.
func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

func run(sizeList string, runs int, keep string) error {
	work := keep
	if work == "" {
		dir, err := os.MkdirTemp("", "itkg-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		work = dir
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	bin := filepath.Join(work, "bin")
	fmt.Fprintln(os.Stderr, "bench: building itkg and itkg-render")
	build := exec.Command("go", "build", "-o", bin+"/", "./cmd/itkg", "./cmd/itkg-render")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	itkg := filepath.Join(bin, "itkg")
	fmt.Printf("# itkg benchmarks, %s, %s\n", time.Now().Format("2006-01-02 15:04"), machine())
	if err := corpus(itkg, work, runs); err != nil {
		return err
	}
	for _, s := range strings.Split(sizeList, ",") {
		if s == "" {
			continue
		}
		n, err := parseSize(s)
		if err != nil {
			return err
		}
		if err := scale(itkg, work, n, s, runs); err != nil {
			return err
		}
	}
	return nil
}

func machine() string {
	cpus := 0
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		cpus = strings.Count(string(b), "\nprocessor")
		if strings.HasPrefix(string(b), "processor") {
			cpus++
		}
	}
	return fmt.Sprintf("%d CPUs", cpus)
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "k"):
		mult, s = 1000, strings.TrimSuffix(s, "k")
	case strings.HasSuffix(s, "M"):
		mult, s = 1_000_000, strings.TrimSuffix(s, "M")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return n * mult, nil
}

// corpus measures the commands on the curated data.
func corpus(itkg, work string, runs int) error {
	db := filepath.Join(work, "corpus.bolt")
	t := newTable("The corpus (bolt store, whole processes)", "command", "median", "slowest", "peak memory", "target", "verdict")
	med, slow, rss, err := repeat(5, "", itkg, "build", "--db", db)
	if err != nil {
		return err
	}
	t.row("itkg build (full rebuild)", ms(med), ms(slow), mb(rss), "≤ 500 ms", verdict(med <= 500*time.Millisecond))
	first, err := settle(itkg, db, "show", "iran")
	if err != nil {
		return err
	}
	t.row("first read after the build (verifies the store)", ms(first.wall), "", mb(first.rssKB), "", "")
	for _, args := range [][]string{
		{"show", "iran"},
		{"show", "Kazemi Qomi"},
		{"facts"},
		{"facts", "--theme", "water"},
		{"path", "fatemiyoun", "Mullah Baradar"},
		{"path", "iran", "hazaras", "--all"},
		{"neighbors", "iskp", "--depth", "2"},
		{"timeline", "--entity", "Helmand River"},
		{"query", `g.V("<iran>").Out("<hosts>").All()`},
	} {
		med, slow, rss, err := repeat(runs, "", itkg, append(args, "--db", db)...)
		if err != nil {
			return err
		}
		ok := med <= 30*time.Millisecond && rss <= 30*1024
		t.row("itkg "+strings.Join(quoted(args), " "), ms(med), ms(slow), mb(rss), "≤ 30 ms, ≤ 30 MB", verdict(ok))
	}
	maps := filepath.Join(work, "maps")
	med, slow, rss, err = repeat(3, "", itkg, "maps", "-o", maps, "--db", db)
	if err != nil {
		return err
	}
	t.row("itkg maps (35 files)", ms(med), ms(slow), mb(rss)+" (itkg; Graphviz runs in itkg-render)", "≤ 2 s", verdict(med <= 2*time.Second))
	t.flush()
	return nil
}

// settle waits out the window in which a store's note of verification
// is not trusted (store.racyWindow: a note made within two seconds of the
// file's change), then asks the store one question, which verifies it:
// the timed reads after it measure a store in use, not the first read
// after a write, which settle returns.
func settle(itkg, db string, question ...string) (result, error) {
	time.Sleep(2100 * time.Millisecond)
	return measure("", itkg, append(question, "--db", db)...)
}

func quoted(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if strings.ContainsAny(a, " <>\"()") {
			a = "'" + a + "'"
		}
		out[i] = a
	}
	return out
}

// scale measures loads and cold queries on a synthetic store of n quads.
func scale(itkg, work string, n int64, label string, runs int) error {
	nq := filepath.Join(work, "syn-"+label+".nq")
	if _, err := measure("", itkg, "gen", "--quads", fmt.Sprint(n), "-o", nq); err != nil {
		return err
	}
	t := newTable(fmt.Sprintf("%s synthetic quads", label), "what", "itkg", "cayley", "itkg / cayley", "target", "verdict")
	db := filepath.Join(work, "syn-"+label+".bolt")
	load, err := measure("", itkg, "load", nq, "--db", db)
	if err != nil {
		return err
	}
	cayley, _ := exec.LookPath("cayley")
	var cLoad result
	cdb := filepath.Join(work, "cayley-"+label)
	if cayley != "" {
		if cLoad, err = measure("", cayley, "load", "--init", "-d", "bolt", "-a", cdb, "-i", nq, "--logtostderr=false"); err != nil {
			return err
		}
	}
	rate := float64(n) / load.wall.Seconds()
	if cayley == "" {
		t.row("load time", fmt.Sprintf("%.2f s (%.0f quads/s)", load.wall.Seconds(), rate), "no cayley on PATH", "", "2x faster", "")
		t.row("load peak memory", mb(load.rssKB), "", "", "¼ of cayley's", "")
	} else {
		speed := cLoad.wall.Seconds() / load.wall.Seconds()
		mem := float64(load.rssKB) / float64(cLoad.rssKB)
		t.row("load time", fmt.Sprintf("%.2f s (%.0f quads/s)", load.wall.Seconds(), rate), fmt.Sprintf("%.2f s", cLoad.wall.Seconds()),
			fmt.Sprintf("%.2fx faster", speed), "≥ 2x faster", verdict(speed >= 2))
		t.row("load peak memory", mb(load.rssKB), mb(cLoad.rssKB), fmt.Sprintf("%.2f", mem), "≤ 0.25", verdict(mem <= 0.25))
	}
	first, err := settle(itkg, db, "show", "syn-e-1")
	if err != nil {
		return err
	}
	t.row("first read after the load (verifies the store)", ms(first.wall)+", "+mb(first.rssKB), "", "", "", "")
	// Cold queries: a new process per question, on entities picked at
	// random (the same ones for both programs).
	entities := max(2, n/13/3)
	r := rand.New(rand.NewPCG(uint64(n), 3))
	var showW, gizmoW, cGizmoW, pathW []time.Duration
	var showRSS, pathRSS int64
	for range runs {
		a, b := r.Int64N(entities), r.Int64N(entities)
		for b == a {
			b = r.Int64N(entities)
		}
		res, err := measure("", itkg, "show", fmt.Sprintf("syn-e-%d", a), "--db", db)
		if err != nil {
			return err
		}
		showW, showRSS = append(showW, res.wall), max(showRSS, res.rssKB)
		q := fmt.Sprintf(`g.V("<syn-e-%d>").Out().All()`, a)
		if res, err = measure("", itkg, "query", q, "--db", db); err != nil {
			return err
		}
		gizmoW = append(gizmoW, res.wall)
		if cayley != "" {
			if res, err = measure(q, cayley, "query", "-d", "bolt", "-a", cdb, "--logtostderr=false"); err != nil {
				return err
			}
			cGizmoW = append(cGizmoW, res.wall)
		}
		if res, err = measure("", itkg, "path", fmt.Sprintf("syn-e-%d", a), fmt.Sprintf("syn-e-%d", b), "--db", db); err != nil {
			return err
		}
		pathW, pathRSS = append(pathW, res.wall), max(pathRSS, res.rssKB)
	}
	p := func(ds []time.Duration, q float64) time.Duration {
		s := slices.Clone(ds)
		slices.Sort(s)
		return s[min(len(s)-1, int(q*float64(len(s))))]
	}
	cold := p(showW, 0.5)
	t.row("cold show, whole process (p50 / p99)", ms(cold)+" / "+ms(p(showW, 0.99))+", "+mb(showRSS), "", "", "≤ 50 ms", verdict(cold <= 50*time.Millisecond))
	if cayley != "" {
		t.row("cold Gizmo query (p50)", ms(p(gizmoW, 0.5)), ms(p(cGizmoW, 0.5)), fmt.Sprintf("%.2fx faster", float64(p(cGizmoW, 0.5))/float64(p(gizmoW, 0.5))), "≤ 50 ms", verdict(p(gizmoW, 0.5) <= 50*time.Millisecond))
	} else {
		t.row("cold Gizmo query (p50)", ms(p(gizmoW, 0.5)), "no cayley on PATH", "", "≤ 50 ms", verdict(p(gizmoW, 0.5) <= 50*time.Millisecond))
	}
	t.row("cold path, whole process (p50 / p99)", ms(p(pathW, 0.5))+" / "+ms(p(pathW, 0.99))+", "+mb(pathRSS), "", "", "in-process p99 ≤ 10 ms: see BenchmarkScale", "")
	t.flush()
	return nil
}
