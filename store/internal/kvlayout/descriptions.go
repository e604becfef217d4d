package kvlayout

import (
	"encoding/binary"
	"fmt"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
)

// The entries of the descriptions index (see indexes.go).

// EncodeDescribed appends q's predicate, object and label to b: the
// predicate and object each a length-prefixed pquads value; the label the
// same with the length plus two, 0 for no label, or 1 for the subject
// itself, which labels most of a fact's quads.
func EncodeDescribed(b []byte, q quad.Quad) ([]byte, error) {
	for i, v := range []quad.Value{q.Predicate, q.Object, q.Label} {
		label := i == 2
		switch {
		case label && v == nil:
			b = append(b, 0)
			continue
		case label && v == q.Subject:
			b = append(b, 1)
			continue
		}
		enc, err := pquads.MarshalValue(v)
		if err != nil {
			return nil, err
		}
		n := uint64(len(enc))
		if label {
			n += 2
		}
		b = binary.AppendUvarint(b, n)
		b = append(b, enc...)
	}
	return b, nil
}

// unmarshalValue decodes a pquads value. pquads panics on some malformed
// values (an unknown type); a damaged store must give an error instead.
func unmarshalValue(b []byte) (v quad.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("malformed value: %v", r)
		}
	}()
	return pquads.UnmarshalValue(b)
}

// DescribedValues decodes the values of descriptions, keeping the short
// ones it has decoded before (predicates, themes, sources, modalities
// repeat across facts) so that each is decoded and allocated once.
type DescribedValues map[string]quad.Value

func (c DescribedValues) value(b []byte) (quad.Value, error) {
	if v, ok := c[string(b)]; ok {
		return v, nil
	}
	v, err := unmarshalValue(b)
	if err == nil && len(b) <= 64 {
		c[string(b)] = v
	}
	return v, err
}

// DecodeDescribed appends the quads of subject s, read from its
// description, to out.
func DecodeDescribed(out []quad.Quad, s quad.IRI, b []byte, vals DescribedValues) ([]quad.Quad, error) {
	for len(b) > 0 {
		q := quad.Quad{Subject: s}
		for i := range 3 {
			n, k := binary.Uvarint(b)
			if k <= 0 {
				return nil, fmt.Errorf("malformed description of %s", s)
			}
			b = b[k:]
			if i == 2 {
				if n < 2 {
					if n == 1 {
						q.Label = s
					}
					break
				}
				n -= 2
			}
			if uint64(len(b)) < n {
				return nil, fmt.Errorf("malformed description of %s", s)
			}
			v, err := vals.value(b[:n])
			if err != nil {
				return nil, fmt.Errorf("the description of %s: %w", s, err)
			}
			b = b[n:]
			switch i {
			case 0:
				q.Predicate = v
			case 1:
				q.Object = v
			case 2:
				q.Label = v
			}
		}
		out = append(out, q)
	}
	return out, nil
}
