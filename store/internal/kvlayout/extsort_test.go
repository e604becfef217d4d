package kvlayout

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestExtSorter: records come back grouped by key in key order, each
// group's values in the order they were added, whether the sorter kept
// them in memory or wrote runs to disk.
func TestExtSorter(t *testing.T) {
	// 64 bytes a run makes hundreds of runs, merged fanIn at a time as
	// they come.
	for _, limit := range []int{1 << 20, 512, 64} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			s := NewExtSorter(t.TempDir(), limit)
			defer s.close()
			want := map[string][]string{}
			for i := range 3000 {
				k := fmt.Sprintf("k%03d", r.IntN(200))
				v := fmt.Sprint(i)
				want[k] = append(want[k], v)
				if err := s.add([]byte(k), []byte(v)); err != nil {
					t.Fatal(err)
				}
			}
			if limit < 1<<20 && (len(s.runs) < 3 || len(s.runs) > 3*fanIn) {
				t.Fatalf("%d runs with a limit of %d bytes", len(s.runs), limit)
			}
			var keys []string
			err := s.groups(func(key []byte, vals [][]byte) error {
				keys = append(keys, string(key))
				got := []string{}
				for _, v := range vals {
					got = append(got, string(v))
				}
				if !slices.Equal(got, want[string(key)]) {
					return fmt.Errorf("key %s: values %v, want %v", key, got, want[string(key)])
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.IsSortedFunc(keys, func(a, b string) int { return bytes.Compare([]byte(a), []byte(b)) }) || len(keys) != len(want) {
				t.Fatalf("%d keys, want %d, in order", len(keys), len(want))
			}
		})
	}
}

// TestExtSorterUnwritableDir: a run that cannot be written fails the add
// that spills it, naming the cause.
func TestExtSorterUnwritableDir(t *testing.T) {
	s := NewExtSorter(t.TempDir()+"/missing", 16)
	defer s.close()
	var err error
	for i := 0; i < 10 && err == nil; i++ {
		err = s.add([]byte("key"), []byte("value"))
	}
	if err == nil || !strings.Contains(err.Error(), "no such file or directory") {
		t.Fatalf("err = %v, want the system's message", err)
	}
}
