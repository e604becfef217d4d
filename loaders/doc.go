// Package loaders reads itkg's curated data files into a graph.Dataset,
// checks them (references, dates, quotes against the article texts) and
// turns the dataset into Cayley quads.
//
// Every problem found is reported with the file, line and field it concerns,
// and all problems are reported at once, not just the first.
package loaders
