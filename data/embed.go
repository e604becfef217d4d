// Package data embeds the curated data files in the itkg binary, so the tool
// works from any directory; `--data DIR` reads a working copy instead.
package data

import "embed"

// FS holds sources.yaml, entities.yaml, predicates.yaml, themes.yaml,
// clusters.yaml, the optional links.yaml and marks.yaml, and the
// entities.d, predicates.d, facts and coverage directories.
//
//go:embed *.yaml entities.d predicates.d facts coverage
var FS embed.FS
