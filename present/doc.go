// Package present prints the answers of package queries for a terminal:
// one Write*Text function per answer (cards, fact lists, paths,
// neighbourhoods, timelines, conflicts, corroboration, rank, the
// barometer). Every printer writes through TextWriter, which escapes the
// characters a terminal would act on, and returns the first write error.
package present
