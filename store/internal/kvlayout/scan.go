package kvlayout

import (
	"context"
	"fmt"

	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
)

// Scan lists every quad of a store in Cayley's key-value layout in one
// pass: one cursor over the "log" bucket, where Cayley's own all-quads
// iterator looks each quad and each value up from the root of the tree.
func Scan(ctx context.Context, kv hkv.KV) ([]quad.Quad, error) {
	tx, err := kv.Tx(false)
	if err != nil {
		return nil, err
	}
	defer tx.Close()
	it := tx.Scan(hkv.Key{[]byte("log")})
	defer it.Close()
	vals := map[uint64]quad.Value{}
	var links []proto.Primitive
	for it.Next(ctx) {
		v := it.Val()
		if len(v) == 0 {
			continue // the bucket's own marker in leveldb's flat key space
		}
		var p proto.Primitive
		if err := p.Unmarshal(v); err != nil {
			return nil, fmt.Errorf("reading the store's log: %w", err)
		}
		switch {
		case p.Deleted:
		case p.IsNode():
			v, err := unmarshalValue(p.Value)
			if err != nil {
				return nil, fmt.Errorf("reading the store's log: node %d: %w", p.ID, err)
			}
			vals[p.ID] = v
		default:
			links = append(links, p)
		}
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	quads := make([]quad.Quad, 0, len(links))
	for _, p := range links {
		q := quad.Quad{Subject: vals[p.Subject], Predicate: vals[p.Predicate], Object: vals[p.Object]}
		if p.Label != 0 {
			q.Label = vals[p.Label]
		}
		if !q.IsValid() {
			return nil, fmt.Errorf("reading the store's log: quad %d names a node the log lacks", p.ID)
		}
		quads = append(quads, q)
	}
	return quads, nil
}
