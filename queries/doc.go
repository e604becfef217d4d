// Package queries answers analysts' questions: entity cards, fact lists
// with filters, paths and neighbourhoods, timelines, conflicts between
// sources, corroboration, rank, the barometer, and Gizmo queries.
//
// Every question is asked of a Reader, over a Store that holds itkg's
// quads (NewReader, FromStore with package storeread: bolt, leveldb,
// memory, SQL) or over a dataset already in memory (InMemory); the same
// code answers both, never the curated YAML. Where to look: how a card is
// read, package storeread (quads through Cayley's iterators and itkg's
// indexes) and reader.go (Around: which quads a card needs); how it is
// decided, card.go (CardOf); how it is printed, package present
// (present.WriteCardText and the other Write*Text printers). Filter
// mistakes are *FieldError values that each front end names its own way
// (Describe).
package queries
