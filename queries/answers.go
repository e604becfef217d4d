package queries

import (
	"cmp"
	"context"
	"fmt"

	"github.com/itkg/itkg/graph"
)

// The answers to the read commands, over a store. The command line and the
// web server both call these; each reads only what its question needs.

// Card answers `show NAME`: everything the graph says about the entity
// name names, through the facts passing flt.
func (r *Reader) Card(ctx context.Context, name string, flt Filter) (Card, error) {
	return r.CardPage(ctx, name, flt, Page{})
}

// CardPage is Card listing only the facts page asks for (`show --limit
// --offset`).
func (r *Reader) CardPage(ctx context.Context, name string, flt Filter, page Page) (Card, error) {
	e, err := r.Resolve(ctx, name)
	if err != nil {
		return Card{}, err
	}
	if page.IsZero() || flt.Grep != "" {
		// Every fact listed, or every quote searched: read them whole.
		ds, err := r.Around(ctx, e.ID)
		if err != nil {
			return Card{}, err
		}
		return CardOf(ds, e, flt, page), nil
	}
	// A page: group and date the card from the facts' digests, then read
	// whole only the facts the page lists.
	digests, err := r.src.Digests(ctx, e.ID)
	if err != nil {
		return Card{}, err
	}
	c, claims := groupCard(digests, e, flt)
	var listed []string
	pageCard(c, claims, page, func(f *graph.Fact) FactView {
		listed = append(listed, f.ID)
		return FactView{}
	})
	whole, err := r.src.Facts(ctx, listed)
	if err != nil {
		return Card{}, err
	}
	return pageCard(c, claims, page, func(f *graph.Fact) FactView {
		if w := whole.Fact(f.ID); w != nil {
			f = w
		}
		return ViewFact(whole, f)
	}), nil
}

// FactList answers `facts`: the facts passing flt, in date order.
func (r *Reader) FactList(ctx context.Context, flt Filter) ([]FactView, error) {
	views, _, err := r.FactPage(ctx, flt, Page{})
	return views, err
}

// FactPage is FactList listing only the facts page asks for (`facts
// --limit --offset`), and which they are.
func (r *Reader) FactPage(ctx context.Context, flt Filter, page Page) ([]FactView, PageInfo, error) {
	entity := cmp.Or(flt.Entity, flt.Subject, flt.Object)
	if page.IsZero() || flt.Grep != "" || entity == "" {
		ds, err := r.Select(ctx, flt)
		if err != nil {
			return nil, PageInfo{}, err
		}
		facts := Facts(ds, flt)
		lo, hi := page.window(len(facts))
		return ViewFacts(ds, facts[lo:hi]), PageInfo{Offset: lo, Limit: page.Limit, Total: len(facts)}, nil
	}
	// A page of an entity's facts: filter and order them by their
	// digests, as a card's page does, and read whole only the page's.
	digests, err := r.src.Digests(ctx, entity)
	if err != nil {
		return nil, PageInfo{}, err
	}
	facts := Facts(digests, flt)
	lo, hi := page.window(len(facts))
	ids := make([]string, 0, hi-lo)
	for _, f := range facts[lo:hi] {
		ids = append(ids, f.ID)
	}
	whole, err := r.src.Facts(ctx, ids)
	if err != nil {
		return nil, PageInfo{}, err
	}
	views := make([]FactView, 0, len(ids))
	for _, id := range ids {
		if f := whole.Fact(id); f != nil {
			views = append(views, ViewFact(whole, f))
		}
	}
	return views, PageInfo{Offset: lo, Limit: page.Limit, Total: len(facts)}, nil
}

// Timeline answers `timeline`: the facts passing flt by date, undated apart.
func (r *Reader) Timeline(ctx context.Context, flt Filter) (Timeline, error) {
	ds, err := r.Select(ctx, flt)
	if err != nil {
		return Timeline{}, err
	}
	return TimelineOf(ds, flt), nil
}

// Path answers `path FROM TO`: FROM and TO are ids, names or aliases.
func (r *Reader) Path(ctx context.Context, from, to string, opt PathOptions) (*PathResult, error) {
	a, err := r.Resolve(ctx, from)
	if err != nil {
		return nil, fmt.Errorf("FROM: %w", err)
	}
	b, err := r.Resolve(ctx, to)
	if err != nil {
		return nil, fmt.Errorf("TO: %w", err)
	}
	g, err := r.graph(ctx, opt.IncludeNegated)
	if err != nil {
		return nil, err
	}
	return g.Paths(a.ID, b.ID, opt)
}

// Neighborhood answers `neighbors NAME`.
func (r *Reader) Neighborhood(ctx context.Context, name string, opt NeighborOptions) (*Neighborhood, error) {
	e, err := r.Resolve(ctx, name)
	if err != nil {
		return nil, err
	}
	g, err := r.graph(ctx, opt.IncludeNegated)
	if err != nil {
		return nil, err
	}
	return g.Neighbors(e.ID, opt)
}
