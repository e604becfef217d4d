package queries_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/queries"
)

// TestGizmoParseGuard: goja's parser is quadratic on some inputs. At the
// size limit the worst of them parses in well under the default time
// limit (the log has the times), and compiling counts against the
// deadline: a query still compiling at it is answered with the time limit.
func TestGizmoParseGuard(t *testing.T) {
	s := fixture.Bolt(t, fixture.FixtureData())
	n := queries.DefaultGizmoMaxSize
	rnd := make([]byte, n)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range rnd {
		rnd[i] = byte(r.UintN(256))
	}
	shapes := map[string]string{
		"@": strings.Repeat("@", n), "(": strings.Repeat("(", n), "[": strings.Repeat("[", n),
		"{": strings.Repeat("{", n), "random bytes": string(rnd),
	}
	var worst time.Duration
	for name, q := range shapes {
		start := time.Now()
		_, err := queries.RunGizmo(context.Background(), s.QS, q, queries.GizmoOptions{Timeout: time.Minute})
		took := time.Since(start)
		t.Logf("%-12s %d bytes: %s (%v)", name, len(q), took.Round(time.Millisecond), err != nil)
		worst = max(worst, took)
		if err == nil {
			t.Errorf("%s: compiled without an error", name)
		}
	}
	if worst > queries.DefaultGizmoTimeout {
		t.Errorf("the worst parse at the size limit took %s, past the default time limit %s", worst, queries.DefaultGizmoTimeout)
	}
	start := time.Now()
	_, err := queries.RunGizmo(context.Background(), s.QS, shapes["["], queries.GizmoOptions{Timeout: 20 * time.Millisecond})
	var le *queries.LimitError
	if !errors.As(err, &le) || !errors.Is(err, queries.ErrQueryTimeout) || time.Since(start) > time.Second {
		t.Errorf("a compile past the deadline: %v after %s", err, time.Since(start))
	}
	if _, err := queries.RunGizmo(context.Background(), s.QS, strings.Repeat(" ", n+1), queries.GizmoOptions{}); !errors.Is(err, queries.ErrQueryTooLarge) {
		t.Errorf("a query past the size limit: %v", err)
	}
}
