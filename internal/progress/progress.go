// Package progress reports long writes such as bulk loads: on a terminal,
// a status line redrawn in place (count, rate, share done, time left);
// elsewhere, nothing until the one-line summary, so logs stay readable.
package progress

import (
	"fmt"
	"io"
	"os"
	"time"
)

// Meter reports the progress of one job.
type Meter struct {
	w     io.Writer
	tty   bool
	unit  string
	start time.Time
	last  time.Time
	drawn bool
	n     int64 // the last count
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// New starts a meter counting unit ("quads") on w; it draws only when tty
// is set.
func New(w io.Writer, tty bool, unit string) *Meter {
	now := time.Now()
	return &Meter{w: w, tty: tty, unit: unit, start: now}
}

// Update reports n items done; done and total are bytes read of the input
// and its size (total 0 when unknown), from which the share done and the
// time left are estimated. Redraws at most ten times a second.
func (m *Meter) Update(n, done, total int64) {
	m.n = n
	if !m.tty {
		return
	}
	now := time.Now()
	if now.Sub(m.last) < 100*time.Millisecond {
		return
	}
	m.last = now
	elapsed := now.Sub(m.start)
	line := fmt.Sprintf("%s %s  %s/s", Count(n), m.unit, Count(Rate(n, elapsed)))
	if total > 0 && done > 0 {
		frac := float64(done) / float64(total)
		left := time.Duration(float64(elapsed) * (1 - frac) / frac)
		line += fmt.Sprintf("  %3.0f%% read, about %s left to read", 100*frac, left.Round(time.Second))
	}
	fmt.Fprintf(m.w, "\r\033[K%s", line)
	m.drawn = true
}

// Stage reports that counting is over and the job now does what (a bulk
// load sorts and writes its indexes after reading its input): on a
// terminal, the status line says so.
func (m *Meter) Stage(what string) {
	if !m.tty {
		return
	}
	fmt.Fprintf(m.w, "\r\033[K%s %s read; %s…", Count(m.n), m.unit, what)
	m.drawn = true
}

// Done clears the status line and returns the time since the meter
// started.
func (m *Meter) Done() time.Duration {
	if m.drawn {
		fmt.Fprint(m.w, "\r\033[K")
	}
	return time.Since(m.start)
}

// Rate is n per second over d.
func Rate(n int64, d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64(float64(n) / d.Seconds())
}

// Count formats n with thousands separators: 1,234,567.
func Count(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + Count(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
