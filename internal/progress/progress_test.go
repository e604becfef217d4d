package progress

import (
	"strings"
	"testing"
	"time"
)

func TestMeter(t *testing.T) {
	for _, tc := range []struct {
		name  string
		tty   bool
		drawn []string // what the status line shows, in order
	}{
		{"terminal", true, []string{"1,500 quads", "50% read, about", "left to read", "1,500 quads read; numbering values…", "\r\033[K"}},
		{"not a terminal", false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			m := New(&out, tc.tty, "quads")
			m.start = time.Now().Add(-time.Second)
			m.Update(1500, 50, 100)
			m.Stage("numbering values")
			m.Done()
			got := out.String()
			if len(tc.drawn) == 0 && got != "" {
				t.Fatalf("drew %q off a terminal", got)
			}
			rest := got
			for _, want := range tc.drawn {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Fatalf("status %q lacks %q (in order)", got, want)
				}
				rest = rest[i+len(want):]
			}
		})
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
