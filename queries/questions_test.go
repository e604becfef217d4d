package queries_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/itkg/itkg/graph"
	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/queries"
)

// question is one analyst question from testdata/questions/<source>.yaml:
// a fact filter and the facts (with field values) that must answer it.
type question struct {
	Ask    string            `yaml:"ask"`
	Where  map[string]string `yaml:"where"`
	Count  *int              `yaml:"count"`
	Expect []map[string]any  `yaml:"expect"`
}

// TestQuestions asks the real corpus, built into a bolt store, the questions
// curators wrote from their reading of each article. They fail when a fact
// is dropped or changed.
func TestQuestions(t *testing.T) {
	ds := fixture.Dataset(t, fixture.CorpusData())
	files, _ := filepath.Glob("testdata/questions/*.yaml")
	if len(files) != len(ds.Sources) {
		t.Errorf("%d question files for %d sources", len(files), len(ds.Sources))
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var qs []question
		if err := yaml.UnmarshalWithOptions(b, &qs, yaml.DisallowUnknownField()); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if len(qs) < 5 {
			t.Errorf("%s: %d questions, want at least 5", file, len(qs))
		}
		for _, q := range qs {
			t.Run(filepath.Base(file)+"/"+q.Ask, func(t *testing.T) {
				flt := whereFilter(t, q.Where)
				got := queries.Facts(ds, flt)
				if q.Count != nil && len(got) != *q.Count {
					t.Errorf("%d facts match, want %d: %v", len(got), *q.Count, ids(got))
				}
				for _, want := range q.Expect {
					id, _ := want["id"].(string)
					f := find(got, id)
					if f == nil {
						t.Errorf("fact %s is not among the answers %v", id, ids(got))
						continue
					}
					for k, v := range want {
						if got := field(f, k); got != scalar(v) {
							t.Errorf("fact %s: %s = %q, want %q", id, k, got, scalar(v))
						}
					}
				}
			})
		}
	}
}

func whereFilter(t *testing.T, w map[string]string) queries.Filter {
	t.Helper()
	var flt queries.Filter
	for k, v := range w {
		switch k {
		case "source":
			flt.Source = v
		case "subject":
			flt.Subject = v
		case "predicate":
			flt.Predicates = []string{v}
		case "object":
			flt.Object = v
		case "entity":
			flt.Entity = v
		case "theme":
			flt.Theme = v
		case "claimed_by":
			flt.ClaimedBy = v
		case "modality":
			flt.Modalities = []string{v}
		case "event":
			flt.Event = v
		case "since":
			flt.Since = graph.MustDate(v)
		case "until":
			flt.Until = graph.MustDate(v)
		default:
			t.Fatalf("unknown where key %q", k)
		}
	}
	return flt
}

func field(f *graph.Fact, k string) string {
	switch k {
	case "id":
		return f.ID
	case "object":
		return f.Object
	case "value":
		return f.Value
	case "amount":
		if f.Amount == nil {
			return ""
		}
		return strconv.FormatFloat(*f.Amount, 'f', -1, 64)
	case "unit":
		return f.Unit
	case "date":
		return f.Date.String()
	case "start":
		return f.Start.String()
	case "end":
		return f.End.String()
	case "claimed_by":
		return f.ClaimedBy
	case "modality":
		return f.Modality
	case "subject":
		return f.Subject
	case "predicate":
		return f.Predicate
	case "event":
		return f.Event
	case "negated":
		return strconv.FormatBool(f.Negated)
	case "stage":
		return f.Stage
	}
	return "unknown expect key " + k
}

func scalar(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case uint64:
		return strconv.FormatUint(v, 10)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return "unsupported value"
}

func find(fs []*graph.Fact, id string) *graph.Fact {
	for _, f := range fs {
		if f.ID == id {
			return f
		}
	}
	return nil
}

func ids(fs []*graph.Fact) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.ID
	}
	return out
}
