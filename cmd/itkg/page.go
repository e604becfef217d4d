package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/itkg/itkg/queries"
)

// pageFlags are --limit and --offset on the commands whose answers can be
// long (a hub's card, a fact list), so that they can be read a page at a
// time.
type pageFlags struct{ limit, offset int }

func (p *pageFlags) register(cmd *cobra.Command) {
	cmd.Flags().IntVar(&p.limit, "limit", 0, "list at most this many facts (0: all)")
	cmd.Flags().IntVar(&p.offset, "offset", 0, "skip this many facts first")
}

func (p *pageFlags) page() (queries.Page, error) {
	if p.limit < 0 {
		return queries.Page{}, fmt.Errorf("--limit %d: want 0 (all) or more", p.limit)
	}
	if p.offset < 0 {
		return queries.Page{}, fmt.Errorf("--offset %d: want 0 or more", p.offset)
	}
	return queries.Page{Offset: p.offset, Limit: p.limit}, nil
}
