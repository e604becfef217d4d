// Package kvlayout writes and reads Cayley v0.7.7's key-value layout
// directly (bolt and leveldb stores), with itkg's own indexes beside it:
// the bulk writer (Writer), the external sorter it sorts with in bounded
// memory (ExtSorter), the adjacency, descriptions and naming indexes (IndexWriter,
// KVIndex) and the one-pass scan of every quad (Scan). README.md says
// which layout it writes and why, how it is held to Cayley's own writer
// and reader, and what to do on a Cayley upgrade.
package kvlayout
