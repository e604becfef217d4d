package present

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/itkg/itkg/queries"
)

// WriteRankingText prints a ranking as a table.
func WriteRankingText(w io.Writer, r *queries.Ranking) error {
	var b strings.Builder
	what := map[string]string{
		queries.RankDegree:      "evidence-weighted degree (sources per relation, summed)",
		queries.RankBetweenness: "betweenness (shortest paths through the entity; a relation's length is 1/sources)",
		queries.RankBrokerage:   "brokerage (betweenness over pairs in different clusters)",
	}[r.By]
	fmt.Fprintf(&b, "%d entities ranked by %s", r.Entities, what)
	if len(r.Between) == 2 {
		fmt.Fprintf(&b, " between %s and %s", r.Between[0], r.Between[1])
	}
	fmt.Fprintf(&b, "; %d facts counted", r.Facts)
	if r.Pivots > 0 {
		fmt.Fprintf(&b, "; estimated from %d sampled entities", r.Pivots)
	}
	b.WriteString("\n\n")
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RANK\tENTITY\tTYPE\tCLUSTER\tSCORE\tNEIGHBOURS\tFACTS")
	for _, x := range r.Ranked {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%d\n", x.Rank, x.Entity.Name, x.Type, x.Cluster,
			strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", x.Score), "0"), "."), x.Neighbors, x.Facts)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, b.String())
	return err
}
