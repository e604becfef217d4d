package loaders

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"sort"
	"strings"

	"github.com/itkg/itkg/graph"
)

// The files of a data directory. The *.d directories hold further entity
// and predicate files, so several curators can add to them without editing
// one shared file.
const (
	SourcesFile    = "sources.yaml"
	EntitiesFile   = "entities.yaml"
	EntitiesDir    = "entities.d"
	PredicatesFile = "predicates.yaml"
	PredicatesDir  = "predicates.d"
	ThemesFile     = "themes.yaml"
	ClustersFile   = "clusters.yaml"
	LinksFile      = "links.yaml"
	MarksFile      = "marks.yaml"
	FactsDir       = "facts"
)

// MaxQuote is the longest quote a fact may carry, in characters.
const MaxQuote = 300

// Load reads and checks the data directory at the root of fsys. display is
// the directory's name in messages ("data"). It returns every problem found
// as Problems; the dataset is returned only when there are none.
func Load(fsys fs.FS, display string) (*graph.Dataset, error) {
	return LoadContext(context.Background(), fsys, display)
}

// LoadContext is Load stopping when ctx ends (SIGINT, SIGTERM): between
// files, and during a file's parse, which it abandons.
func LoadContext(ctx context.Context, fsys fs.FS, display string) (*graph.Dataset, error) {
	ds, problems, err := LoadAll(ctx, fsys, display)
	if err != nil {
		return nil, err
	}
	if problems != nil {
		return nil, problems
	}
	return ds, nil
}

// LoadAll reads the data directory as LoadContext does, but returns what it
// read along with the problems found (as Problems), for tools that account
// for the data rather than build from it: coverage reports on every article
// while some still have problems to fix. err is set only when the files
// cannot be read at all.
func LoadAll(ctx context.Context, fsys fs.FS, display string) (ds *graph.Dataset, problems, err error) {
	files, err := dataFiles(fsys)
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", display, err)
	}
	l := &loader{fsys: fsys, display: display, ds: &graph.Dataset{}, broken: map[string]bool{}}
	if err := l.readAll(ctx, files); err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", display, err)
	}
	l.ds.Index()
	l.validate()
	return l.ds, l.probs.err(), nil
}

// Hash is a content hash of every data file and of QuadsVersion: a store
// built from data with another hash is out of date.
func Hash(fsys fs.FS) (string, error) {
	files, err := dataFiles(fsys)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "itkg quads v%s\n", graph.QuadsVersion)
	for _, f := range files {
		b, err := readData(fsys, f)
		if err != nil {
			return "", fmt.Errorf("%s: %w", f, err)
		}
		fmt.Fprintf(h, "%s %d\n", f, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// dataFiles lists the data files in load order; missing optional files and
// directories are skipped, missing required files are errors.
func dataFiles(fsys fs.FS) ([]string, error) {
	var files []string
	for _, f := range []string{SourcesFile, EntitiesFile, PredicatesFile, ThemesFile} {
		if _, err := fs.Stat(fsys, f); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("required file %s is missing", f)
			}
			return nil, err
		}
		files = append(files, f)
	}
	for _, f := range []string{ClustersFile, LinksFile, MarksFile} {
		if _, err := fs.Stat(fsys, f); err == nil {
			files = append(files, f)
		}
	}
	for _, dir := range []string{EntitiesDir, PredicatesDir, FactsDir} {
		entries, err := fs.ReadDir(fsys, dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
				continue
			}
			files = append(files, path.Join(dir, e.Name()))
		}
	}
	sort.SliceStable(files, func(i, j int) bool { return fileRank(files[i]) < fileRank(files[j]) })
	return files, nil
}

func fileRank(f string) int {
	switch {
	case f == SourcesFile:
		return 0
	case f == EntitiesFile || strings.HasPrefix(f, EntitiesDir+"/"):
		return 1
	case f == PredicatesFile || strings.HasPrefix(f, PredicatesDir+"/"):
		return 2
	case f == ThemesFile, f == ClustersFile:
		return 3
	case f == LinksFile, f == MarksFile:
		return 5 // after the facts they name
	}
	return 4
}

type loader struct {
	fsys    fs.FS
	display string
	ds      *graph.Dataset
	probs   problemList
	// broken marks kinds (entity, predicate, theme, ...) with a file that did
	// not parse, so references to them are not reported as unknown: one YAML
	// slip should give one message, not hundreds.
	broken map[string]bool
	links  []*record // links.yaml, attached to facts once all are read
	marks  []*record // marks.yaml, checked once the facts are read
}

func (l *loader) readAll(ctx context.Context, files []string) error {
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		name := path.Join(l.display, f)
		data, err := readData(l.fsys, f)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err // the problem already names the file
			}
			l.probs.add(name, 0, 0, "", "%v", err)
			l.broken[kindOf(f)] = true
			continue
		}
		before := len(l.probs.ps)
		recs, err := parseAside(ctx, name, data, &l.probs)
		if err != nil {
			return err
		}
		if len(l.probs.ps) > before {
			l.broken[kindOf(f)] = true
		}
		switch {
		case f == SourcesFile:
			l.sources(recs)
		case f == EntitiesFile || strings.HasPrefix(f, EntitiesDir+"/"):
			l.entities(recs)
		case f == PredicatesFile || strings.HasPrefix(f, PredicatesDir+"/"):
			l.predicates(recs)
		case f == ThemesFile:
			l.themes(recs)
		case f == ClustersFile:
			l.clusters(recs)
		case f == LinksFile:
			l.links = recs
		case f == MarksFile:
			l.marks = recs
		default:
			if len(recs) == 0 && len(l.probs.ps) == before {
				// Most likely a file emptied by mistake: its facts would
				// vanish from the graph without a word.
				l.probs.add(name, 0, 0, "", "no facts in the file (delete it if the source has none)")
			}
			l.facts(strings.TrimSuffix(path.Base(f), ".yaml"), recs)
		}
	}
	return nil
}

// readData reads a data file of at most MaxDataFile bytes.
func readData(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxDataFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxDataFile {
		return nil, fmt.Errorf("larger than %d MiB, the most a data file may hold", MaxDataFile>>20)
	}
	return b, nil
}

// parseAside parses a data file in a goroutine of its own, so that a
// signal need not wait for the parse to end: the parse is bounded by the
// file's size and nesting, but a stopped command should stop now.
func parseAside(ctx context.Context, file string, data []byte, probs *problemList) ([]*record, error) {
	type parsed struct {
		recs  []*record
		probs problemList
	}
	done := make(chan parsed, 1)
	go func() {
		var p parsed
		p.recs = parseList(file, data, &p.probs)
		done <- p
	}()
	select {
	case p := <-done:
		probs.ps = append(probs.ps, p.probs.ps...)
		for _, r := range p.recs {
			r.probs = probs // later problems of a record go to the loader's list
		}
		return p.recs, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// kindOf names what a data file defines.
func kindOf(f string) string {
	switch {
	case f == SourcesFile:
		return "source"
	case f == EntitiesFile || strings.HasPrefix(f, EntitiesDir+"/"):
		return "entity"
	case f == PredicatesFile || strings.HasPrefix(f, PredicatesDir+"/"):
		return "predicate"
	case f == ThemesFile:
		return "theme"
	case f == ClustersFile:
		return "cluster"
	case f == LinksFile:
		return "link"
	case f == MarksFile:
		return "mark"
	}
	return "fact"
}

func (r *record) date(field string) graph.Date {
	s := r.str(field, false)
	d, err := graph.ParseDate(s)
	if err != nil {
		r.problem(field, "%v", err)
	}
	return d
}

func pos(r *record) graph.Pos { return graph.Pos{File: r.file, Line: r.line} }

func (l *loader) sources(recs []*record) {
	for _, r := range recs {
		s := &graph.Source{
			ID:           r.str("id", true),
			Title:        r.str("title", true),
			TitlePrinted: r.boolean("title_printed"),
			Authors:      r.strs("authors", true),
			Publisher:    r.str("publisher", true),
			Published:    r.date("published"),
			Approximate:  r.boolean("approximate"),
			Window:       r.str("window", false),
			File:         r.str("file", true),
			Pos:          pos(r),
		}
		if s.Published.IsZero() {
			r.problem("published", "required field is missing")
		}
		r.unknown([]string{"id", "title", "title_printed", "authors", "publisher", "published", "approximate", "window", "file"})
		l.ds.Sources = append(l.ds.Sources, s)
	}
}

func (l *loader) entities(recs []*record) {
	for _, r := range recs {
		e := &graph.Entity{
			ID:          r.str("id", true),
			Name:        graph.NormName(r.str("name", true)),
			Type:        r.str("type", true),
			Aliases:     normNames(r.strs("aliases", false)),
			Description: r.str("description", true),
			Cluster:     r.str("cluster", false),
			Pos:         pos(r),
		}
		r.unknown([]string{"id", "name", "type", "aliases", "description", "cluster"})
		l.ds.Entities = append(l.ds.Entities, e)
	}
}

// normNames puts names in the form graph.NormName gives.
func normNames(names []string) []string {
	for i, n := range names {
		names[i] = graph.NormName(n)
	}
	return names
}

func (l *loader) predicates(recs []*record) {
	for _, r := range recs {
		p := &graph.Predicate{
			ID:          r.str("id", true),
			Label:       r.str("label", true),
			Inverse:     r.str("inverse", true),
			Polarity:    r.str("polarity", true),
			Symmetric:   r.boolean("symmetric"),
			Contradicts: r.strs("contradicts", false),
			Description: r.str("description", true),
			Pos:         pos(r),
		}
		p.Weight, p.WeightReason = weight(r, p.Polarity)
		r.unknown([]string{"id", "label", "inverse", "polarity", "symmetric", "contradicts", "description", "weight", "weight_reason"})
		l.ds.Predicates = append(l.ds.Predicates, p)
	}
}

// weight reads a predicate's place on the barometer's scale: its sign is
// its polarity, so a cooperative or hostile predicate needs a weight and
// the reason for it, and a neutral one weighs 0 (docs/schema.md).
func weight(r *record, polarity string) (float64, string) {
	_, given := r.fields["weight"]
	w := r.number("weight")
	reason := r.str("weight_reason", false)
	if w == nil {
		if !given && (polarity == "cooperative" || polarity == "hostile") {
			r.problem("weight", "required field is missing for a %s predicate (a number from -%d to %d, see docs/schema.md)", polarity, graph.MaxWeight, graph.MaxWeight)
		}
		return 0, reason
	}
	switch v := *w; {
	case math.IsNaN(v) || v < -graph.MaxWeight || v > graph.MaxWeight:
		r.problem("weight", "weight %v is outside -%d..%d", v, graph.MaxWeight, graph.MaxWeight)
	case polarity == "cooperative" && v <= 0:
		r.problem("weight", "weight %v of a cooperative predicate must be above 0", v)
	case polarity == "hostile" && v >= 0:
		r.problem("weight", "weight %v of a hostile predicate must be below 0", v)
	case polarity == "neutral" && v != 0:
		r.problem("weight", "weight %v of a neutral predicate must be 0 (make the predicate cooperative or hostile to weigh it)", v)
	}
	if reason == "" && *w != 0 {
		r.problem("weight_reason", "required field is missing: say why the predicate weighs %v", *w)
	}
	return *w, reason
}

func (l *loader) themes(recs []*record) {
	for _, r := range recs {
		t := &graph.Theme{ID: r.str("id", true), Title: r.str("title", true), Description: r.str("description", true), Pos: pos(r)}
		r.unknown([]string{"id", "title", "description"})
		l.ds.Themes = append(l.ds.Themes, t)
	}
}

func (l *loader) clusters(recs []*record) {
	for _, r := range recs {
		c := &graph.Cluster{ID: r.str("id", true), Title: r.str("title", true), Description: r.str("description", false), Pos: pos(r)}
		r.unknown([]string{"id", "title", "description"})
		l.ds.Clusters = append(l.ds.Clusters, c)
	}
}

var factFields = []string{"id", "subject", "predicate", "object", "value", "amount", "unit", "date", "start", "end",
	"approximate", "themes", "quote", "modality", "claimed_by", "event", "negated", "stage", "note"}

func (l *loader) facts(source string, recs []*record) {
	for _, r := range recs {
		f := &graph.Fact{
			ID:          r.str("id", true),
			Source:      source,
			Subject:     r.str("subject", true),
			Predicate:   r.str("predicate", true),
			Object:      r.str("object", false),
			Value:       r.str("value", false),
			Amount:      r.number("amount"),
			Unit:        r.str("unit", false),
			Date:        r.date("date"),
			Start:       r.date("start"),
			End:         r.date("end"),
			Approximate: r.boolean("approximate"),
			Themes:      r.strs("themes", true),
			Quote:       r.str("quote", true),
			Modality:    r.str("modality", true),
			ClaimedBy:   r.str("claimed_by", false),
			Event:       r.str("event", false),
			Negated:     r.boolean("negated"),
			Stage:       r.str("stage", false),
			Note:        r.str("note", false),
			Pos:         pos(r),
		}
		r.unknown(factFields)
		l.ds.Facts = append(l.ds.Facts, f)
	}
}
