// Package queries answers analysts' questions: entity cards, fact lists
// with filters, paths and neighbourhoods, timelines, conflicts between
// sources, corroboration, rank, the barometer, and Gizmo queries.
//
// Every question is asked of a Reader, over a quad store that holds itkg's
// quads (NewReader: bolt, leveldb, memory, SQL) or over a dataset already
// in memory (InMemory); the same code answers both, never the curated YAML.
// Where to look: how a card is read, reader.go (Around, through the store's
// indexes); how it is decided, card.go (CardOf); how it is printed,
// package present (present.WriteCardText and the other Write*Text
// printers). Filter mistakes are *FieldError values that each front end
// names its own way (Describe).
package queries
