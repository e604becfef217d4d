package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"html/template"
	"sync"

	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/graph"
)

// mapCache keeps rendered maps by the hash of their DOT source: the graph
// changes only when the store is rebuilt, and laying out a map costs far
// more than hashing its DOT (docs/scaling.md).
type mapCache struct {
	r       export.Renderer
	mu      sync.Mutex
	entries map[[32]byte][]byte
	order   [][32]byte // oldest first
}

// mapCacheSize is the number of maps kept; the corpus has a dozen theme
// maps and an ego map per entity.
const mapCacheSize = 256

func newMapCache(r export.Renderer) *mapCache {
	return &mapCache{r: r, entries: map[[32]byte][]byte{}}
}

// svg renders m as SVG to embed in a page, or "" when the server draws no
// maps. Graphviz escapes every name and quote it writes into the SVG.
func (c *mapCache) svg(ctx context.Context, ds *graph.Dataset, m export.Map) (template.HTML, error) {
	if c.r == nil {
		return "", nil
	}
	m.Links = "/" // nodes and edges lead to their pages
	var dot bytes.Buffer
	if err := export.DOT(&dot, ds, m); err != nil {
		return "", err
	}
	key := sha256.Sum256(append(dot.Bytes(), m.Layout...))
	c.mu.Lock()
	svg, ok := c.entries[key]
	c.mu.Unlock()
	if !ok {
		var out bytes.Buffer
		if err := c.r.SVG(ctx, &out, dot.Bytes(), m.Layout); err != nil {
			return "", err
		}
		svg = stripProlog(out.Bytes())
		c.mu.Lock()
		if _, ok := c.entries[key]; !ok {
			c.entries[key] = svg
			c.order = append(c.order, key)
			if len(c.order) > mapCacheSize {
				delete(c.entries, c.order[0])
				c.order = c.order[1:]
			}
		}
		c.mu.Unlock()
	}
	return template.HTML(svg), nil // Graphviz escapes every text it writes
}

// stripProlog drops the XML declaration and doctype Graphviz writes before
// <svg>, which have no place inside an HTML page.
func stripProlog(svg []byte) []byte {
	if i := bytes.Index(svg, []byte("<svg")); i > 0 {
		return svg[i:]
	}
	return svg
}
