package kvlayout

// The entries of the adjacency index (see indexes.go).

import (
	"encoding/binary"
	"errors"
	"slices"
	"sort"
)

// EncodeAdjacent encodes an entity's (other, fact) pairs as the number of
// other entities, then each other entity, in id order, with the number of
// its facts and their ids (a repeated pair once): the count comes first
// so that a search can learn an entity's degree without decoding the rest.
func EncodeAdjacent(pairs []string) []byte {
	type pair struct{ other, fact string }
	ps := make([]pair, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		ps = append(ps, pair{pairs[i], pairs[i+1]})
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].other != ps[j].other {
			return ps[i].other < ps[j].other
		}
		return ps[i].fact < ps[j].fact
	})
	ps = slices.Compact(ps)
	var others []string
	var facts [][]string
	for i, p := range ps {
		if i == 0 || p.other != ps[i-1].other {
			others = append(others, p.other)
			facts = append(facts, nil)
		}
		facts[len(facts)-1] = append(facts[len(facts)-1], p.fact)
	}
	b := binary.AppendUvarint(nil, uint64(len(others)))
	for i, o := range others {
		b = appendString(b, o)
		b = binary.AppendUvarint(b, uint64(len(facts[i])))
		for _, f := range facts[i] {
			b = appendString(b, f)
		}
	}
	return b
}

var ErrMalformed = errors.New("malformed entry")

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// decodeStrings reads strings appended by appendString.
func decodeStrings(b []byte) ([]string, error) {
	var out []string
	for len(b) > 0 {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return nil, ErrMalformed
		}
		out = append(out, string(b[k:k+int(n)]))
		b = b[k+int(n):]
	}
	return out, nil
}

// DecodeAdjacent reverses EncodeAdjacent.
func DecodeAdjacent(b []byte) (others []string, facts [][]string, err error) {
	bad := ErrMalformed
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, nil, bad
	}
	b = b[k:]
	str := func() (string, bool) {
		l, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < l {
			return "", false
		}
		s := string(b[k : k+int(l)])
		b = b[k+int(l):]
		return s, true
	}
	others = make([]string, 0, n)
	facts = make([][]string, 0, n)
	for range n {
		o, ok := str()
		if !ok {
			return nil, nil, bad
		}
		m, k := binary.Uvarint(b)
		if k <= 0 || m > uint64(len(b)) {
			return nil, nil, bad
		}
		b = b[k:]
		fs := make([]string, 0, m)
		for range m {
			f, ok := str()
			if !ok {
				return nil, nil, bad
			}
			fs = append(fs, f)
		}
		others, facts = append(others, o), append(facts, fs)
	}
	if len(b) > 0 {
		return nil, nil, bad
	}
	return others, facts, nil
}
