// Package queries answers analysts' questions: entity cards, fact lists
// with filters, paths and neighbourhoods, timelines, conflicts between
// sources, corroboration, rank, the barometer, and Gizmo queries.
//
// Every question is a method of Reader, implemented once over the Source
// interface (reader.go), which two kinds of source satisfy: a store
// (storeread.Store, through FromStore or NewReader: bolt, leveldb, memory,
// SQL) and a dataset held in memory whole (InMemory, memory.go). Never the
// curated YAML. Where to look: how a card is read, package storeread
// (the store's lookups) behind Source; how it is decided, card.go
// (CardOf); how it is printed, package present (present.WriteCardText
// and the other Write*Text printers). Filter mistakes are *FieldError
// values that each front end names its own way (Describe).
package queries
