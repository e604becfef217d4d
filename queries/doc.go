// Package queries answers analysts' questions over a Cayley quad store:
// entity cards, fact lists with filters, paths and neighbourhoods, timelines,
// conflicts between sources, corroboration, and Gizmo queries.
//
// It works on any quad store that holds itkg's quads (bolt, memory, SQL),
// never on the curated YAML: Read rebuilds the dataset from the store's
// quads, so what is answered is what is stored.
package queries
