// Package graph holds itkg's domain types (the sources, entities,
// predicates, themes and facts of the curated corpus, the partial dates
// facts carry) and the rules every output shares about them: the quad
// schema both ways (Quads, FromQuads, IsEdge, QuadsVersion; docs/schema.md),
// how a fact's period and amount are written (Fact.Period, FormatAmount),
// and how names are normalised and matched (NameKey, NormName, Closest).
//
// Every other package speaks in these types: loaders produce a Dataset from
// the curated files, store keeps its quads, queries answer questions over
// it, export draws it; citation cites its sources.
package graph
