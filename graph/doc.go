// Package graph holds itkg's domain types: the sources, entities, predicates,
// themes and facts of the curated corpus, the partial dates facts carry, and
// the vocabulary that names them as quads.
//
// Every other package speaks in these types: loaders produce a Dataset from
// the curated files and turn it into quads, queries rebuild a Dataset from a
// quad store and answer questions over it, and export draws it.
package graph
