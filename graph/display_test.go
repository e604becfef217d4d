package graph_test

import (
	"testing"

	"github.com/itkg/itkg/graph"
)

func TestDisplayRules(t *testing.T) {
	d := graph.MustDate
	for _, tc := range []struct {
		f    graph.Fact
		want string
	}{
		{graph.Fact{Date: d("2023-02-14")}, "2023-02-14"},
		{graph.Fact{Start: d("2021"), End: d("2024")}, "2021..2024"},
		{graph.Fact{Start: d("2022-05")}, "2022-05.."},
		{graph.Fact{End: d("2023-02"), Approximate: true}, "~..2023-02"},
		{graph.Fact{Date: d("2023"), Approximate: true}, "~2023"},
		{graph.Fact{}, ""},
	} {
		if got := tc.f.Period(); got != tc.want {
			t.Errorf("Period(%+v) = %q, want %q", tc.f, got, tc.want)
		}
	}
	for _, tc := range []struct {
		a    float64
		want string
	}{{5000000, "5,000,000"}, {33.3, "33.3"}, {-1200, "-1,200"}, {-123456, "-123,456"}, {999, "999"}, {0, "0"}} {
		if got := graph.FormatAmount(tc.a); got != tc.want {
			t.Errorf("FormatAmount(%v) = %q, want %q", tc.a, got, tc.want)
		}
	}
	for _, tc := range []struct {
		n          int
		word, want string
	}{{1, "fact", "1 fact"}, {0, "fact", "0 facts"}, {2, "entity", "2 entities"}, {3, "person", "3 people"},
		{2, "media", "2 media"}, {2, "key", "2 keys"}, {2, "state body", "2 state bodies"}} {
		if got := graph.Count(tc.n, tc.word); got != tc.want {
			t.Errorf("Count(%d, %q) = %q, want %q", tc.n, tc.word, got, tc.want)
		}
	}
}
