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

// parseShapes are inputs goja's parser is slow on (it is quadratic on some),
// at the query size limit.
func parseShapes() map[string]string {
	n := queries.DefaultGizmoMaxSize
	rnd := make([]byte, n)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range rnd {
		rnd[i] = byte(r.UintN(256))
	}
	return map[string]string{
		"@": strings.Repeat("@", n), "(": strings.Repeat("(", n), "[": strings.Repeat("[", n),
		"{": strings.Repeat("{", n), "random bytes": string(rnd),
	}
}

// TestGizmoParseGuard: the slow shapes at the size limit are refused as
// errors, compiling counts against the deadline (a query still compiling
// at it is answered with the time limit), and a query past the size limit
// is refused before it is parsed. How long the worst shape takes to parse
// is a figure of BenchmarkGizmoParse, not a timed test.
func TestGizmoParseGuard(t *testing.T) {
	s := fixture.Bolt(t, fixture.FixtureData())
	shapes := parseShapes()
	for name, q := range shapes {
		if _, err := queries.RunGizmo(context.Background(), s.QS, q, queries.GizmoOptions{Timeout: time.Minute}); err == nil {
			t.Errorf("%s: compiled without an error", name)
		}
	}
	_, err := queries.RunGizmo(context.Background(), s.QS, shapes["["], queries.GizmoOptions{Timeout: time.Millisecond})
	var le *queries.LimitError
	if !errors.As(err, &le) || !errors.Is(err, queries.ErrQueryTimeout) {
		t.Errorf("a compile past the deadline: %v", err)
	}
	if _, err := queries.RunGizmo(context.Background(), s.QS, strings.Repeat(" ", queries.DefaultGizmoMaxSize+1), queries.GizmoOptions{}); !errors.Is(err, queries.ErrQueryTooLarge) {
		t.Errorf("a query past the size limit: %v", err)
	}
}

// BenchmarkGizmoParse times each slow shape at the size limit: the worst
// must stay well under DefaultGizmoTimeout (docs/reliability.md).
func BenchmarkGizmoParse(b *testing.B) {
	s := fixture.Bolt(b, fixture.FixtureData())
	for name, q := range parseShapes() {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				queries.RunGizmo(context.Background(), s.QS, q, queries.GizmoOptions{Timeout: time.Minute})
			}
		})
	}
}

// TestGizmoCallStack: a query recursing without end is stopped by the
// call-stack limit at once, with JavaScript's own RangeError, before its
// memory grows; a recursion within the limit runs.
func TestGizmoCallStack(t *testing.T) {
	s := fixture.Bolt(t, fixture.FixtureData())
	if !queries.SessionRuntimeFound(s.QS) {
		t.Fatal("the Gizmo session's runtime was not found: Cayley changed, and queries run without a call-stack limit")
	}
	start := time.Now()
	_, err := queries.RunGizmo(context.Background(), s.QS, `function f(n){return f(n+1)+1}; f(0)`, queries.GizmoOptions{Timeout: time.Minute})
	var le *queries.LimitError
	if !errors.As(err, &le) || !errors.Is(err, queries.ErrQueryCallStack) {
		t.Fatalf("unbounded recursion: %v", err)
	}
	t.Logf("unbounded recursion stopped in %s: %v", time.Since(start).Round(time.Millisecond), err)
	if _, err := queries.RunGizmo(context.Background(), s.QS, `function f(n){return n == 0 ? 0 : f(n-1)+1}; g.Emit(f(100))`, queries.GizmoOptions{}); err != nil {
		t.Errorf("a recursion 100 deep: %v", err)
	}
}
