// Package store opens and builds the Cayley quad stores itkg queries.
//
// The default store is a bolt file under the user's cache directory. It is a
// cache derived from the curated data: it records the data's content hash,
// is rebuilt when the data changes, and is always written to a new file that
// replaces the old one only when complete, so an interrupted build leaves the
// previous store working. Reads open the file read-only, without Cayley's
// bloom filter (which costs hundreds of megabytes and a full scan on every
// open), and give up after a bounded wait if another process holds it.
package store
