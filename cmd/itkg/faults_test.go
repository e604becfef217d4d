package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/loaders"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/store"
	"github.com/itkg/itkg/storeread"
)

// versions writes two versions of the curated corpus into directories: A
// whole, B without one source's facts. A store built from either is
// complete; anything else is a broken store.
type versions struct {
	dirs   [2]string
	hashes [2]string
	facts  [2]int
}

func twoVersions(t *testing.T) versions {
	t.Helper()
	var v versions
	for i := range v.dirs {
		dir := filepath.Join(t.TempDir(), fmt.Sprintf("data-%c", 'a'+i))
		if err := os.CopyFS(dir, fixture.CorpusData().FS); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			// Without Tabaan's facts, and the links that name them.
			os.Remove(filepath.Join(dir, "facts", "tabaan-2024.yaml"))
			os.Remove(filepath.Join(dir, "links.yaml"))
		}
		fsys := os.DirFS(dir)
		ds, err := loaders.Load(fsys, "data")
		if err != nil {
			t.Fatal(err)
		}
		hash, err := loaders.Hash(fsys)
		if err != nil {
			t.Fatal(err)
		}
		v.dirs[i], v.hashes[i], v.facts[i] = dir, hash, len(ds.Facts)
	}
	return v
}

// check opens the store and fails unless it is one of the two versions,
// complete; it returns which.
func (v versions) check(t *testing.T, db string) int {
	t.Helper()
	s, err := store.OpenRead(context.Background(), store.Options{Addr: db})
	if err != nil {
		t.Fatalf("the store does not open: %v", err)
	}
	defer s.Close()
	ds, err := queries.FromStore(storeread.New(s.QS).WithScan(s.Scanner())).All(context.Background())
	if err != nil {
		t.Fatalf("the store does not read: %v", err)
	}
	for i := range v.hashes {
		if s.Info.Hash == v.hashes[i] {
			if len(ds.Facts) != v.facts[i] {
				t.Fatalf("the store says it holds version %c but has %d facts, want %d", 'A'+i, len(ds.Facts), v.facts[i])
			}
			return i
		}
	}
	t.Fatalf("the store holds neither version (hash %q, %d facts)", s.Info.Hash, len(ds.Facts))
	return -1
}

func leftovers(t *testing.T, db string) []string {
	t.Helper()
	files, _ := filepath.Glob(db + ".tmp-*")
	return files
}

// rounds is how many times the fault tests repeat: $ITKG_FAULT_ROUNDS, 20
// by default.
func rounds() int {
	if n, err := strconv.Atoi(os.Getenv("ITKG_FAULT_ROUNDS")); err == nil && n > 0 {
		return n
	}
	return 20
}

// TestKilledBuildsLeaveAStore kills `itkg build` with SIGKILL at random
// moments, switching between two versions of the data, and checks after
// each kill that the store opens and holds one version whole.
func TestKilledBuildsLeaveAStore(t *testing.T) {
	v := twoVersions(t)
	db := filepath.Join(t.TempDir(), "graph.bolt")
	if out, err := exec.Command(itkgBin, "--data", v.dirs[0], "build", "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	// How long a build takes here, to kill within it.
	start := time.Now()
	exec.Command(itkgBin, "--data", v.dirs[1], "build", "--db", db).Run()
	took := time.Since(start)
	seed := uint64(time.Now().UnixNano())
	if env := os.Getenv("ITKG_SEED"); env != "" {
		var err error
		if seed, err = strconv.ParseUint(env, 10, 64); err != nil {
			t.Fatalf("ITKG_SEED: %v", err)
		}
	}
	t.Logf("kill times drawn with seed %d (ITKG_SEED=%d draws them again)", seed, seed)
	r := rand.New(rand.NewPCG(seed, 1))
	killed, finished := 0, 0
	n := rounds()
	for i := range n {
		cmd := exec.Command(itkgBin, "--data", v.dirs[i%2], "build", "--db", db)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Mostly within the build, sometimes just after it.
		time.Sleep(time.Duration(r.Int64N(int64(took) * 5 / 4)))
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signaled() {
			killed++
		} else {
			finished++
		}
		v.check(t, db)
	}
	t.Logf("%d rounds (builds take %s here): %d killed mid-build, %d finished first; the store held one version whole after every one",
		n, took.Round(time.Millisecond), killed, finished)
	if killed == 0 {
		t.Errorf("no kill landed mid-build")
	}
	// The next build clears what killed builds left behind.
	if out, err := exec.Command(itkgBin, "--data", v.dirs[0], "build", "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("build after the kills: %v\n%s", err, out)
	}
	if got := v.check(t, db); got != 0 {
		t.Errorf("after a finished build of version A the store holds version %c", 'A'+got)
	}
	if l := leftovers(t, db); len(l) > 0 {
		t.Errorf("temporary files left after a successful build: %v", l)
	}
}

// TestConcurrentBuildsAndReaders runs many readers, each a process, while
// builds replace the store again and again, two at a time: no reader may
// fail, hang or print anything but the whole answer, and every build must
// wait its turn and succeed.
func TestConcurrentBuildsAndReaders(t *testing.T) {
	data := fixture.CorpusData()
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.CopyFS(dir, data.FS); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "graph.bolt")
	args := []string{"--data", dir, "--db", db, "facts", "--theme", "trade", "--output", "json"}
	want, err := exec.Command(itkgBin, args...).Output() // builds the store, then reads it
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var mu sync.Mutex
	var failures []string
	fail := func(f string, a ...any) {
		mu.Lock()
		failures = append(failures, fmt.Sprintf(f, a...))
		mu.Unlock()
	}
	reads := 0
	var wg sync.WaitGroup
	const readers = 12
	for range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				out, err := exec.Command(itkgBin, args...).Output()
				mu.Lock()
				reads++
				mu.Unlock()
				if err != nil {
					fail("reader: %v", err)
				} else if !bytes.Equal(out, want) {
					fail("a reader printed another answer: %.200s", out)
				}
			}
		}()
	}
	rounds := max(3, rounds()/5)
	for range rounds {
		var bw sync.WaitGroup
		for range 2 {
			bw.Add(1)
			go func() {
				defer bw.Done()
				if out, err := exec.Command(itkgBin, "--data", dir, "build", "--db", db, "--lock-timeout", "60s").CombinedOutput(); err != nil {
					fail("build: %v\n%s", err, out)
				}
			}()
		}
		bw.Wait()
	}
	close(stop)
	wg.Wait()
	t.Logf("%d reads by %d concurrent reader processes during %d builds, two at a time: %d failures", reads, readers, 2*rounds, len(failures))
	for i, f := range failures {
		if i == 5 {
			t.Errorf("…and %d more", len(failures)-5)
			break
		}
		t.Error(f)
	}
	if l := leftovers(t, db); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

// TestDiskFull: when the disk fills up during a build (simulated by a file
// size limit, under which writes fail with EFBIG as they would with
// ENOSPC), the build fails with a clear message, the previous store stays
// whole, and nothing is left behind.
func TestDiskFull(t *testing.T) {
	v := twoVersions(t)
	db := filepath.Join(t.TempDir(), "graph.bolt")
	if out, err := exec.Command(itkgBin, "--data", v.dirs[0], "build", "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	// ulimit -f counts 1024-byte blocks in bash: 1 MB, a quarter of the store.
	cmd := exec.Command("bash", "-c", `ulimit -f 1024; exec "$0" "$@"`, itkgBin, "--data", v.dirs[1], "build", "--db", db)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if err == nil || !strings.Contains(stderr.String(), "itkg: writing "+db+": ") || !strings.Contains(stderr.String(), "file too large") {
		t.Fatalf("build on a full disk: %v, stderr %q; want an error naming the store and the cause", err, stderr.String())
	}
	if got := v.check(t, db); got != 0 {
		t.Errorf("the failed build changed the store to version %c", 'A'+got)
	}
	if l := leftovers(t, db); len(l) > 0 {
		t.Errorf("a failed build left %v", l)
	}
}

// TestDiskFullTmpfs fills a real 2 MB file system during a build, when
// this machine allows mounting one (as root, in CI's containers); else it
// is skipped, TestDiskFull covering the same path.
func TestDiskFullTmpfs(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	defer exec.Command("umount", dir).Run()
	db := filepath.Join(dir, "graph.bolt")
	out, err := exec.Command(itkgBin, "build", "--db", db).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "no space left on device") {
		t.Fatalf("build into a full file system: %v\n%s", err, out)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "graph.bolt.lock" {
			t.Errorf("the failed build left %s", e.Name())
		}
	}
}

// TestReadOnlyCacheDirectory: a cache directory itkg cannot write gives a
// clear error and no files.
func TestReadOnlyCacheDirectory(t *testing.T) {
	base := t.TempDir()
	cache := filepath.Join(base, "cache")
	if err := os.MkdirAll(cache, 0o755); err != nil {
		t.Fatal(err)
	}
	// Let another user reach the directory (test directories are private).
	for d := base; d != filepath.Dir(d) && strings.HasPrefix(d, os.TempDir()) && d != os.TempDir(); d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	cmd := exec.Command(itkgBin, "show", "iran")
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cache, "ITKG_DB=")
	if os.Geteuid() == 0 {
		// Root writes anywhere: run as nobody, for whom the directory is
		// read-only.
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		cmd.Dir = "/"
	} else if err := os.Chmod(cache, 0o555); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	store := filepath.Join(cache, "itkg", "graph.bolt")
	want := "itkg: building " + store + "\nitkg: writing " + store + ": mkdir " + filepath.Join(cache, "itkg") + ": permission denied"
	if err == nil || strings.TrimSpace(stderr.String()) != want {
		t.Fatalf("show with a read-only cache: %v, stderr %q; want %q", err, stderr.String(), want)
	}
	entries, _ := os.ReadDir(cache)
	if len(entries) != 0 {
		t.Errorf("files left in the read-only cache: %v", entries)
	}
}

// TestDamagedStore: a store cut short is found on open and rebuilt; one
// damaged in its middle gives a message, not a crash or a hang.
func TestDamagedStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "graph.bolt")
	if out, err := exec.Command(itkgBin, "build", "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	good, _ := os.ReadFile(db)
	os.WriteFile(db, good[:len(good)/2], 0o600)
	out, err := exec.Command(itkgBin, "show", "qomi", "--db", db).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "it was cut short; rebuilding it from data (the store is a cache)") ||
		!strings.Contains(string(out), "Hassan Kazemi Qomi  [person]") {
		t.Fatalf("show on a truncated store: %v\n%s", err, out)
	}
	// Garbage over a stretch in the middle, the header intact: found by
	// the open (and the store rebuilt) when opening reads the damage, else
	// by the read that reaches it (and reported); never a crash or a hang.
	bad := append([]byte(nil), good...)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 64 << 10; i < len(bad)-(64<<10); i++ {
		bad[i] = byte(r.Uint32())
	}
	for _, args := range [][]string{{"show", "iran"}, {"facts"}, {"path", "fatemiyoun", "baradar"}} {
		os.WriteFile(db, bad, 0o600)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		out, err := exec.CommandContext(ctx, itkgBin, append(args, "--db", db)...).CombinedOutput()
		hung := errors.Is(ctx.Err(), context.DeadlineExceeded)
		cancel()
		rebuilt := err == nil && strings.Contains(string(out), "is damaged: ") && strings.Contains(string(out), "rebuilding it from data (the store is a cache)")
		var ee *exec.ExitError
		reported := errors.As(err, &ee) && ee.ExitCode() == 1 &&
			strings.Contains(string(out), "the store is probably damaged; `itkg build` rebuilds it from the data")
		if hung || !(rebuilt || reported) {
			t.Errorf("itkg %s on a damaged store: %v (hung %v)\n%.400s", strings.Join(args, " "), err, hung, out)
		}
	}
}

// sum is the SHA-256 of a file's bytes, or of "missing".
func sum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		return "missing: " + err.Error()
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

// snapshot lists every file under dir with its checksum.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			fmt.Fprintf(&b, "%s %s\n", path, sum(t, path))
		}
		return nil
	})
	return b.String()
}

// TestForeignFilesUntouched: a file (or directory) that itkg did not write,
// named by --db, is refused by every command that would read or replace it,
// and left byte for byte as it was.
func TestForeignFilesUntouched(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "n.txt")
	os.WriteFile(notes, []byte("notes\n"), 0o644)
	nq := filepath.Join(dir, "graph.nq")
	if out, err := exec.Command(itkgBin, "export", "--all", "--format", "nquads", "--backend", "memory", "-o", nq).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	empty := filepath.Join(dir, "empty.bolt")
	os.WriteFile(empty, nil, 0o644)
	foreign := filepath.Join(dir, "other.bolt") // a bolt file of another program
	db, err := bbolt.Open(foreign, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucket([]byte("accounts"))
		if err == nil {
			err = b.Put([]byte("alice"), []byte("42"))
		}
		return err
	})
	db.Close()
	cases := []struct {
		path, backend, want string
	}{
		{notes, "bolt", "is not an itkg store (a text file)"},
		{nq, "bolt", "is not an itkg store (a text file)"},
		{empty, "bolt", "is empty (0 bytes): a damaged store, or a file itkg did not write"},
		{foreign, "bolt", "is not an itkg store (a bolt file without itkg's mark"},
		{dir, "bolt", "is not an itkg store (a directory)"},
	}
	level := filepath.Join(dir, "notes-dir") // a directory of someone's files, as a leveldb store
	os.Mkdir(level, 0o755)
	os.WriteFile(filepath.Join(level, "a.txt"), []byte("mine\n"), 0o644)
	cases = append(cases, struct{ path, backend, want string }{level, "leveldb", "is not an itkg store (a directory itkg did not make)"})
	for _, c := range cases {
		for _, args := range [][]string{{"show", "iran"}, {"facts"}, {"build"}, {"load", nq}, {"load", "--append", nq}} {
			before := snapshot(t, dir)
			out, err := exec.Command(itkgBin, append(args, "--backend", c.backend, "--db", c.path)...).CombinedOutput()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(string(out), c.want) {
				t.Errorf("itkg %s --db %s: %v, want exit 1 and %q\n%s", strings.Join(args, " "), filepath.Base(c.path), err, c.want, out)
			}
			if after := snapshot(t, dir); after != before {
				t.Errorf("itkg %s --db %s changed the files:\n%s\nthen\n%s", strings.Join(args, " "), filepath.Base(c.path), before, after)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(level, "LOCK")); err == nil {
		t.Errorf("the leveldb backend left a LOCK file in %s", level)
	}
}

// TestExportOverTheStoreRefused: export -o naming the store in use fails
// and leaves the store as it was.
func TestExportOverTheStoreRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "graph.bolt")
	if out, err := exec.Command(itkgBin, "build", "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	before := sum(t, db)
	for _, o := range []string{db, filepath.Join(filepath.Dir(db), ".", "graph.bolt")} {
		out, err := exec.Command(itkgBin, "export", "--all", "--format", "nquads", "--db", db, "-o", o).CombinedOutput()
		if err == nil || !strings.Contains(string(out), "is the store this command reads") {
			t.Errorf("export -o %s: %v\n%s", o, err, out)
		}
	}
	if after := sum(t, db); after != before {
		t.Errorf("export -o changed the store")
	}
}

// TestEmptyLoadRefused: a load that reads no quad (an empty file, only
// comments, /dev/null, empty standard input) fails and leaves the store
// as it was, unless --allow-empty; the report counts the distinct quads
// stored, not the statements read.
func TestEmptyLoadRefused(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "graph.bolt")
	full := filepath.Join(dir, "full.nq")
	// Three statements, one of them twice: two distinct quads.
	os.WriteFile(full, []byte("<a> <b> <c> .\n<a> <b> <c> .\n<a> <b> \"d\" <l> .\n"), 0o644)
	out, err := exec.Command(itkgBin, "load", full, "--db", db).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "loaded 2 quads (3 read) (nquads)") {
		t.Fatalf("load of two distinct quads: %v\n%s", err, out)
	}
	empty := filepath.Join(dir, "empty.nq")
	os.WriteFile(empty, nil, 0o644)
	comments := filepath.Join(dir, "comments.nq")
	os.WriteFile(comments, []byte("# nothing here\n\n# nor here\n"), 0o644)
	for _, args := range [][]string{{empty}, {comments}, {"/dev/null"}, {"-"}, {"--append", empty}} {
		before := sum(t, db)
		cmd := exec.Command(itkgBin, append(append([]string{"load"}, args...), "--db", db)...)
		cmd.Stdin = strings.NewReader("")
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "holds no quads; the store is left as it was (--allow-empty loads it anyway)") {
			t.Errorf("load %v: %v\n%s", args, err, out)
		}
		if sum(t, db) != before {
			t.Errorf("load %v changed the store", args)
		}
	}
	out, err = exec.Command(itkgBin, "load", "--allow-empty", empty, "--db", db).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "loaded 0 quads") {
		t.Errorf("load --allow-empty: %v\n%s", err, out)
	}
}

// TestFlippedBytes flips 1 to 8 random bytes of a built store, anywhere in
// the file, and runs a read command on it: it must print the original
// answer (the damage missed what it reads, or the store was found damaged
// and rebuilt) or fail saying the store is damaged; never print altered
// data, crash, or print a Go stack. $ITKG_FLIP_ROUNDS sets the rounds
// (default 60), $ITKG_FLIP_SEED the seed (logged).
func TestFlippedBytes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "graph.bolt")
	if out, err := exec.Command(itkgBin, "build", "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	good, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	reads := [][]string{
		{"show", "iran"}, {"show", "qomi"}, {"facts"}, {"path", "fatemiyoun", "baradar"},
		{"timeline", "--entity", "iran"}, {"neighbors", "taliban"},
		{"query", `g.V("<iran>").Out().All()`},
	}
	want := make([]string, len(reads))
	for i, args := range reads {
		out, err := exec.Command(itkgBin, append(args, "--db", db)...).Output()
		if err != nil {
			t.Fatalf("itkg %s on the intact store: %v", strings.Join(args, " "), err)
		}
		want[i] = string(out)
	}
	rounds := 60
	if n, err := strconv.Atoi(os.Getenv("ITKG_FLIP_ROUNDS")); err == nil {
		rounds = n
	}
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("ITKG_FLIP_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("seed %d (ITKG_FLIP_SEED=%d reruns it), %d rounds", seed, seed, rounds)
	r := rand.New(rand.NewPCG(seed, 14))
	var same, rebuilt, refused int
	for round := range rounds {
		bad := append([]byte(nil), good...)
		flips := 1 + r.IntN(8)
		var at []int
		for range flips {
			i := r.IntN(len(bad))
			bad[i] ^= byte(1 + r.IntN(255))
			at = append(at, i)
		}
		if err := os.WriteFile(db, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		k := round % len(reads)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cmd := exec.CommandContext(ctx, itkgBin, append(reads[k], "--db", db)...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		cancel()
		var ee *exec.ExitError
		switch {
		case err == nil && stdout.String() == want[k] && !strings.Contains(stderr.String(), "goroutine "):
			if strings.Contains(stderr.String(), "rebuilding") {
				rebuilt++
			} else {
				same++
			}
		case errors.As(err, &ee) && ee.ExitCode() == 1 && strings.Contains(stderr.String(), "damaged") &&
			!strings.Contains(stderr.String(), "goroutine ") && !strings.Contains(stderr.String(), "internal error"):
			refused++
		default:
			t.Errorf("round %d: itkg %s with bytes flipped at %v: %v\nstderr: %.600s\nstdout: %s",
				round, strings.Join(reads[k], " "), at, err, stderr.String(), firstDiff(stdout.String(), want[k]))
		}
	}
	t.Logf("%d rounds: %d original answers, %d rebuilt then answered, %d refused as damaged", rounds, same, rebuilt, refused)
}

// firstDiff shows the first line where got differs from want.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d is %q, want %q (%d lines, want %d)", i+1, g[i], w[i], len(g), len(w))
		}
	}
	if len(g) != len(w) {
		return fmt.Sprintf("%d lines, want %d", len(g), len(w))
	}
	return "as on the intact store"
}
