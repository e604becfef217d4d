package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/itkg/itkg/queries"
)

// rankCache holds the rankings of one open store, computed once, the
// first time a page asks, with the default options (no filter; negated
// and speculative facts left out): an entity page names its entity's
// places without ranking the graph again.
type rankCache struct {
	once  sync.Once
	by    map[string]*queries.Ranking
	place map[string]map[string]int // kind → entity id → rank
	err   error
}

// rankings returns the store's default rankings, computing them on first
// use. The computation is the store's, not the request's: a request that
// gives up does not leave the cache empty.
func (s *Server) rankings(ctx context.Context, st *state) (map[string]*queries.Ranking, map[string]map[string]int, error) {
	c := &st.ranks
	c.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opts.QueryTimeout+rankTimeout)
		defer cancel()
		rd := st.reader()
		ds, err := rd.All(ctx)
		if err != nil {
			c.err = err
			return
		}
		c.by, c.place = map[string]*queries.Ranking{}, map[string]map[string]int{}
		for _, by := range queries.RankKinds {
			r, err := queries.Rank(ctx, ds, queries.RankOptions{By: by, Seed: 1})
			if err != nil {
				c.err = err
				return
			}
			c.by[by] = r
			c.place[by] = make(map[string]int, len(r.Ranked))
			for _, x := range r.Ranked {
				c.place[by][x.Entity.ID] = x.Rank
			}
		}
	})
	if c.err != nil {
		s.opts.Log.Error("ranking the entities", "err", c.err)
	}
	return c.by, c.place, c.err
}

// rankTimeout is the time ranking a store may take beyond a query's: it
// runs once per store, and a big store's betweenness is an estimate
// (queries.ExactRankLimit).
const rankTimeout = 50 * time.Second

// entityRank is an entity's place in one ranking.
type entityRank struct {
	By    string
	Rank  int
	Of    int
	Place string // "3rd"
}

// entityRanks is where an entity stands in each ranking, betweenness
// first; nil when it has no relation or the rankings failed.
func (s *Server) entityRanks(ctx context.Context, st *state, id string) []entityRank {
	by, place, err := s.rankings(ctx, st)
	if err != nil {
		return nil
	}
	var out []entityRank
	for _, k := range []string{queries.RankBetweenness, queries.RankDegree, queries.RankBrokerage} {
		if n, ok := place[k][id]; ok {
			out = append(out, entityRank{By: k, Rank: n, Of: by[k].Entities, Place: queries.Ordinal(n)})
		}
	}
	return out
}

// rankQuery reads a ranking request; custom is false when the request
// asks only for a default ranking the cache holds.
func rankQuery(ctx context.Context, rd *queries.Reader, q url.Values) (opt queries.RankOptions, custom bool, err error) {
	opt.By = q.Get("by")
	if opt.By == "" {
		opt.By = queries.RankDegree
	}
	if !slices.Contains(queries.RankKinds, opt.By) {
		return opt, false, badRequest{msg: "by: want one of " + strings.Join(queries.RankKinds, ", ")}
	}
	opt.Between = listParam(q, "between")
	opt.IncludeNegated, opt.IncludeSpeculative = boolParam(q, "include_negated"), boolParam(q, "include_speculative")
	opt.Seed = 1
	spec := filterSpec(q)
	if opt.Filter, err = rd.Filter(ctx, spec); err != nil {
		return opt, false, err
	}
	custom = len(opt.Between) > 0 || opt.IncludeNegated || opt.IncludeSpeculative || len(opt.Filter.Settings()) > 0
	return opt, custom, nil
}

// ranking answers a ranking request, from the cache when it can.
func (s *Server) ranking(ctx context.Context, st *state, q url.Values, defLimit int) (*queries.Ranking, error) {
	limit, err := intParam(q, "limit", defLimit, 0, 1_000_000)
	if err != nil {
		return nil, err
	}
	rd := st.reader()
	opt, custom, err := rankQuery(ctx, rd, q)
	if err != nil {
		return nil, err
	}
	var r *queries.Ranking
	if custom {
		ds, err := rd.All(ctx)
		if err != nil {
			return nil, err
		}
		opt.Limit = limit
		return queries.Rank(ctx, ds, opt)
	}
	by, _, err := s.rankings(ctx, st)
	if err != nil {
		return nil, err
	}
	full := by[opt.By]
	c := *full
	if limit > 0 && len(c.Ranked) > limit {
		c.Ranked = c.Ranked[:limit]
	}
	r = &c
	return r, nil
}

// apiRank answers as `itkg rank --output json` does (limit 20 unless
// given; 0 lists all).
func (s *Server) apiRank(ctx context.Context, st *state, r *http.Request) (any, error) {
	return s.ranking(ctx, st, r.URL.Query(), 20)
}

// rankData is what the ranking page shows.
type rankData struct {
	By      string
	Kinds   []string
	Ranking *queries.Ranking
}

func (s *Server) rankPage(ctx context.Context, st *state, r *http.Request) (string, *page, error) {
	q := r.URL.Query()
	p := &page{Title: "Brokers and hubs", Nav: "rank", Form: s.form(ctx, st, q, "/rank")}
	p.Form.NoNegated = true
	data := &rankData{By: q.Get("by"), Kinds: queries.RankKinds}
	if data.By == "" {
		data.By = queries.RankDegree
	}
	p.Data = data
	rk, err := s.ranking(ctx, st, q, 200)
	if err != nil {
		if statusOf(err) >= 500 {
			return "", nil, err
		}
		p.Error = err.Error()
		return "rank", p, nil
	}
	data.Ranking = rk
	return "rank", p, nil
}
