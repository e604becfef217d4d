package store

import (
	"slices"
	"testing"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/store/internal/kvlayout"

	"github.com/cayleygraph/quad"
)

// FuzzIndexEntries feeds the decoders of itkg's index entries arbitrary
// bytes, as a damaged store would: they must return an error, never panic
// or loop. An adjacency entry that decodes to what kvlayout.EncodeAdjacent writes
// (entities and facts in order, each once) must survive encoding again.
func FuzzIndexEntries(f *testing.F) {
	f.Add(kvlayout.EncodeAdjacent([]string{"b", "f1", "a", "f2", "b", "f3"}))
	desc, _ := kvlayout.EncodeDescribed(nil, quad.Quad{Subject: quad.IRI("fact:x"), Predicate: quad.IRI("p"), Object: quad.String("o"), Label: quad.IRI("fact:x")})
	f.Add(desc)
	f.Add(kvlayout.EncodeNamed(nil, "x-2024-001", desc, []byte("\x04iran\x04Iran")))
	f.Add([]byte{})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		if others, facts, err := kvlayout.DecodeAdjacent(b); err == nil {
			var pairs []string
			for i, o := range others {
				for _, fact := range facts[i] {
					pairs = append(pairs, o, fact)
				}
			}
			if slices.IsSorted(others) && len(slices.Compact(slices.Clone(others))) == len(others) && allSortedUnique(facts) {
				o2, f2, err := kvlayout.DecodeAdjacent(kvlayout.EncodeAdjacent(pairs))
				if err != nil || !slices.Equal(o2, others) || len(f2) != len(facts) {
					t.Fatalf("%x decodes to %v %v, which encodes and decodes to %v %v, %v", b, others, facts, o2, f2, err)
				}
				for i := range facts {
					if !slices.Equal(f2[i], facts[i]) {
						t.Fatalf("%x: the facts of %s change from %v to %v", b, others[i], facts[i], f2[i])
					}
				}
			}
		}
		if n, err := kvlayout.DecodeNamed(b, true, kvlayout.DescribedValues{}); err == nil {
			for _, q := range n.Quads {
				if id, ok := graph.TrimPrefix(q.Subject.(quad.IRI), "fact:"); !ok || !slices.Contains(n.Facts, id) {
					t.Fatalf("a naming entry listing %v decoded a quad of %v", n.Facts, q.Subject)
				}
			}
		}
		if qs, err := kvlayout.DecodeDescribed(nil, "s", b, kvlayout.DescribedValues{}); err == nil {
			for _, q := range qs {
				if q.Subject != quad.IRI("s") {
					t.Fatalf("decoded a quad of %v", q.Subject)
				}
			}
		}
	})
}

func allSortedUnique(facts [][]string) bool {
	for _, fs := range facts {
		if len(fs) == 0 || !slices.IsSorted(fs) || len(slices.Compact(slices.Clone(fs))) != len(fs) {
			return false
		}
	}
	return true
}
