// Package loaders reads itkg's curated data files (data/*.yaml) into a
// graph.Dataset and checks them: references, dates, bounds, and quotes
// against the article texts; it also reads the coverage files and quad
// files for `itkg load`, and hashes the data (Data) so that a store can
// tell whether it is current. Turning a dataset into quads and back is
// package graph's job.
//
// Every problem found is reported with the file, line and field it concerns,
// and all problems are reported at once, not just the first.
package loaders
