// Package store keeps the graph's quads in a Cayley quad store: an
// embedded bolt file (the default, under the user's cache directory), a
// leveldb directory, memory, or a PostgreSQL or CockroachDB database shared
// by a team. It writes stores and opens them; reading the graph back is
// package queries' job, the quad schema graph's.
//
// Every write replaces a store whole and atomically: the new graph is
// written beside the live one (a temporary file, a new directory, a new SQL
// schema) and swapped in only when complete, so readers see the old graph
// or the new one, never half of either. Reads open stores read-only where
// the backend allows it, without Cayley's bloom filter (which costs
// hundreds of megabytes and a full scan on every open), and give up after
// a bounded wait if another process holds a bolt file.
//
// A store records what it holds as quads on the node <itkg:store> (see
// Info): the hash of the data it was built from, or "load" when bulk
// loaded from a quad file. The store reads no data files: its caller hands
// it the data's hash and quads (Data). A local store built from data is a
// cache: Open rebuilds it when it is missing, damaged or out of date, and
// that rule lives here only (Open, OpenVerified, Reopen). A shared SQL
// store is never rebuilt behind its users' backs.
package store
