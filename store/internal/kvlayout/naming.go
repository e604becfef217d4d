package kvlayout

// The entries of the naming index (see indexes.go), and how they are
// joined in bounded memory. Each fact of an entry carries its description
// less quote and note, and the labels of the entities it names, so that a
// card groups and names a hub's relations from one entry:
//
//  1. described: as the descriptions are written (in key order), each
//     node's label goes to labels under the node; each fact's shortened
//     description goes to facts under the fact, and a request for a label
//     to labels under each entity the fact names;
//  2. join: labels, in node order, answers each request: the node's label
//     goes to facts under the fact that asked;
//  3. join: facts, in fact order, puts each fact, its description and its
//     labels, into naming under every entity it names.

import (
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/cayleygraph/quad"

	"github.com/itkg/itkg/graph"
)

// naming are the predicates of a fact's description that name an entity
// the fact is listed under; shortened are those left out of the
// description the naming index keeps (the long texts).
var (
	naming    = []quad.IRI{graph.PredSubject, graph.PredObject, graph.PredClaimedBy}
	shortened = []quad.IRI{graph.PredQuote, graph.RDFSComment}
)

// The kinds of the sorted values, their first byte. One key's values come
// in the order they were added: a fact's description before its labels.
const (
	isLabel       = 0 // labels: the node's label
	wantsLabel    = 1 // labels: the fact that names the node
	isDescription = 0 // facts: the shortened description, then the entities named
	hasLabel      = 1 // facts: a named entity and its label
)

// described queues what the naming index needs of the description desc
// of node key.
func (x *IndexWriter) described(key, desc []byte) error {
	quads, err := DecodeDescribed(nil, quad.IRI(key), desc, DescribedValues{})
	if err != nil {
		return err
	}
	if _, isFact := graph.TrimPrefix(quad.IRI(key), "fact:"); !isFact {
		for _, q := range quads {
			if l, ok := q.Object.(quad.String); ok && q.Predicate == graph.RDFSLabel {
				return x.labels.add(key, append([]byte{isLabel}, l...))
			}
		}
		return nil
	}
	var short []byte
	var named []string
	for _, q := range quads {
		p, _ := q.Predicate.(quad.IRI)
		if o, ok := q.Object.(quad.IRI); ok && slices.Contains(naming, p) && !slices.Contains(named, string(o)) {
			named = append(named, string(o))
		}
		if !slices.Contains(shortened, p) {
			if short, err = EncodeDescribed(short, q); err != nil {
				return err
			}
		}
	}
	val := appendString([]byte{isDescription}, string(short))
	for _, e := range named {
		val = appendString(val, e)
		if err := x.labels.add([]byte(e), append([]byte{wantsLabel}, key...)); err != nil {
			return err
		}
	}
	return x.facts.add(key, val)
}

// join answers the requests for labels, then puts every fact under the
// entities it names.
func (x *IndexWriter) join() error {
	err := x.labels.groups(func(node []byte, vals [][]byte) error {
		var label []byte
		for _, v := range vals {
			if len(v) == 0 {
				return fmt.Errorf("an empty sorted entry of %s", node)
			}
			if v[0] == isLabel {
				label = v[1:]
			}
		}
		if label == nil {
			return nil // not an entity: no label to give
		}
		answer := appendString(appendString([]byte{hasLabel}, string(node)), string(label))
		for _, v := range vals {
			if v[0] == wantsLabel {
				if err := x.facts.add(v[1:], answer); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	x.labels.close()
	defer x.facts.close()
	return x.facts.groups(func(fact []byte, vals [][]byte) error {
		if len(vals) == 0 || len(vals[0]) == 0 || vals[0][0] != isDescription {
			return fmt.Errorf("the sorted entries of %s have no description", fact)
		}
		short, rest, err := cutString(vals[0][1:])
		if err != nil {
			return err
		}
		var labels []byte
		for _, v := range vals[1:] {
			labels = append(labels, v[1:]...)
		}
		id, _ := graph.TrimPrefix(quad.IRI(fact), "fact:")
		entry := EncodeNamed(nil, id, short, labels)
		for len(rest) > 0 {
			var e []byte
			if e, rest, err = cutString(rest); err != nil {
				return err
			}
			if err := x.naming.add(e, entry); err != nil {
				return err
			}
		}
		return nil
	})
}

// EncodeNamed appends to b a fact of a naming entry: its id, its
// shortened description (EncodeDescribed), and the labels of the entities
// it names (pairs of appendString: entity id, label), each length-prefixed.
func EncodeNamed(b []byte, id string, desc, labels []byte) []byte {
	return appendString(appendString(appendString(b, id), string(desc)), string(labels))
}

// cutString cuts a string appended by appendString off b.
func cutString(b []byte) (s, rest []byte, err error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < n {
		return nil, nil, ErrMalformed
	}
	return b[k : k+int(n)], b[k+int(n):], nil
}

// Named is what a naming entry says: the ids of the facts, and when
// decoded with descriptions, their shortened descriptions as quads and the
// labels of the entities they name, by entity id.
type Named struct {
	Facts  []string
	Quads  []quad.Quad
	Labels map[string]string
}

// DecodeNamed reads a naming entry, with descriptions or the ids alone.
func DecodeNamed(b []byte, descriptions bool, vals DescribedValues) (Named, error) {
	var n Named
	if descriptions {
		n.Labels = map[string]string{}
	}
	for len(b) > 0 {
		id, desc, labels, rest, err := cutNamed(b)
		if err != nil {
			return Named{}, err
		}
		n.Facts = append(n.Facts, string(id))
		if descriptions {
			if n.Quads, err = DecodeDescribed(n.Quads, graph.FactIRI(string(id)), desc, vals); err != nil {
				return Named{}, err
			}
			for len(labels) > 0 {
				var e, l []byte
				if e, labels, err = cutString(labels); err != nil {
					return Named{}, err
				}
				if l, labels, err = cutString(labels); err != nil {
					return Named{}, err
				}
				n.Labels[string(e)] = string(l)
			}
		}
		b = rest
	}
	return n, nil
}

// cutNamed cuts the first fact off a naming entry: its id, its shortened
// description, its labels, and the rest of the entry.
func cutNamed(b []byte) (id, desc, labels, rest []byte, err error) {
	if id, b, err = cutString(b); err != nil {
		return nil, nil, nil, nil, err
	}
	if desc, b, err = cutString(b); err != nil {
		return nil, nil, nil, nil, err
	}
	if labels, b, err = cutString(b); err != nil {
		return nil, nil, nil, nil, err
	}
	return id, desc, labels, b, nil
}
