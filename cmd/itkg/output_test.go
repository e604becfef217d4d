package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// failingWriter takes n bytes, then fails every write, as a full disk or
// a closed pipe does.
type failingWriter struct{ n int }

var errFull = errors.New("no space left on device")

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) <= w.n {
		w.n -= len(p)
		return len(p), nil
	}
	k := w.n
	w.n = 0
	return k, errFull
}

// TestOutputErrors: a read command whose output cannot be written exits
// non-zero and says so, whether the first write fails or one in the
// middle, in text and in JSON.
func TestOutputErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "graph.bolt")
	cases := append(goldenCases[:len(goldenCases):len(goldenCases)], struct {
		name string
		args []string
	}{"entities", []string{"entities"}})
	for _, c := range cases {
		for _, format := range []string{"text", "json"} {
			for _, after := range []int{0, 200} {
				args := append(append([]string{"--db", db}, c.args...), "--output", format)
				var errb strings.Builder
				code := Main(args, &failingWriter{n: after}, &errb)
				if code == 0 || !strings.Contains(errb.String(), errFull.Error()) {
					t.Errorf("itkg %s into a writer failing after %d bytes: exit %d, stderr %q; want a failure naming the error",
						strings.Join(c.args, " "), after, code, errb.String())
				}
			}
		}
	}
}

// TestDevFull runs the itkg binary with its output on /dev/full, where
// every write fails: it must exit non-zero.
func TestDevFull(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full here: %v", err)
	}
	defer full.Close()
	db := filepath.Join(t.TempDir(), "graph.bolt")
	for _, args := range [][]string{{"show", "Kazemi Qomi"}, {"facts", "--theme", "water", "-o", "json"}, {"check"}, {"build"}} {
		cmd := exec.Command(itkgBin, append([]string{"--db", db}, args...)...)
		cmd.Stdout = full
		var errb strings.Builder
		cmd.Stderr = &errb
		err := cmd.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() == 0 || !strings.Contains(errb.String(), "no space left") {
			t.Errorf("itkg %s > /dev/full: %v, stderr %q; want a non-zero exit naming the full device", strings.Join(args, " "), err, errb.String())
		}
	}
}
