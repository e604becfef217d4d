package loaders_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/loaders"
)

// copyFixture copies the fixture data into a temporary directory so a test
// can break one file.
func copyFixture(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.Walk(fixture.Dir(), func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(fixture.Dir(), path)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestLoadFixture(t *testing.T) {
	ds := fixture.Load(t, fixture.FixtureData())
	st := loaders.Count(ds)
	if st.Sources != 2 || st.Entities != 6 || st.Predicates != 9 || st.Themes != 3 || st.Facts != 10 {
		t.Fatalf("counts = %+v, want 2 sources, 6 entities, 9 predicates, 3 themes, 10 facts", st)
	}
	f := ds.Fact("alpha-2022-003")
	if f == nil || f.Source != "alpha-2022" || f.Amount == nil || *f.Amount != 4 || f.Unit != "percent" ||
		f.ClaimedBy != "lowland" || f.Modality != "reported" || f.Pos.Line != 17 {
		t.Fatalf("alpha-2022-003 = %+v", f)
	}
	if got := ds.Entity("jo-smith").Name; got != `Jo "The Engineer" Smith <& co>` {
		t.Errorf("jo-smith name = %q", got)
	}
}

// TestLoadBad breaks the fixture one way at a time and checks the exact
// message, which must name the file, line and field.
func TestLoadBad(t *testing.T) {
	longQuote := strings.Repeat("Lowland ", 1250)
	tests := []struct {
		name  string
		file  string // relative to the data dir
		body  string // replaces the file; with old, replaces old in it
		old   string
		perms os.FileMode
		want  []string
	}{
		{
			name: "unknown entity with suggestion", file: "facts/beta-2023.yaml",
			old: "subject: upland", body: "subject: uplnd",
			want: []string{`data/facts/beta-2023.yaml:19: subject: unknown entity "uplnd" (did you mean "upland"?)`},
		},
		{
			name: "unknown predicate and theme", file: "facts/beta-2023.yaml",
			old: "predicate: cooperates_with\n  object: lowland\n  themes: [security]", body: "predicate: cooperate_with\n  object: lowland\n  themes: [securty]",
			want: []string{
				`data/facts/beta-2023.yaml:19: predicate: unknown predicate "cooperate_with" (did you mean "cooperates_with"?)`,
				`data/facts/beta-2023.yaml:19: themes: unknown theme "securty" (did you mean "security"?)`,
			},
		},
		{
			name: "tab indentation", file: "themes.yaml",
			body: "- id: water\n\ttitle: Water\n",
			want: []string{`data/themes.yaml:2:1: YAML syntax: found character '\t' that cannot start any token (indent with spaces, not tabs)`},
		},
		{
			name: "duplicate key", file: "themes.yaml",
			body: "- id: water\n  title: Water\n  title: Again\n  description: d\n",
			want: []string{`data/themes.yaml:3:3: YAML syntax: mapping key "title" already defined at [2:3]`},
		},
		{
			name: "duplicate id", file: "facts/beta-2023.yaml",
			old: "id: beta-2023-002", body: "id: beta-2023-001",
			want: []string{`data/facts/beta-2023.yaml:10: id: duplicate fact id "beta-2023-001" (first defined at data/facts/beta-2023.yaml:1)`},
		},
		{
			name: "alias shared by two entities", file: "entities.yaml",
			old: "aliases: [GB]", body: "aliases: [Low Country]",
			want: []string{`data/entities.yaml:12: aliases: "Low Country" is already a name or alias of entity "lowland"`},
		},
		{
			name: "quote of 10000 characters", file: "facts/beta-2023.yaml",
			old: `quote: "The Green Brigade attacked Lowland in 1998."`, body: `quote: "` + strings.TrimSpace(longQuote) + `"`,
			want: []string{`data/facts/beta-2023.yaml:1: quote: quote is 9999 characters long, at most 300 allowed`},
		},
		{
			name: "invalid date", file: "facts/beta-2023.yaml",
			old: `date: "1998"`, body: `date: "2023-13-40"`,
			want: []string{`data/facts/beta-2023.yaml:5:9: date: invalid date "2023-13-40": month 13 out of range`},
		},
		{
			name: "missing required field", file: "facts/beta-2023.yaml",
			old: "  modality: asserted\n  quote: \"Lowland hosts", body: "  quote: \"Lowland hosts",
			want: []string{`data/facts/beta-2023.yaml:10: modality: required field is missing`},
		},
		{
			name: "unknown field", file: "facts/alpha-2022.yaml",
			old: "claimed_by: lowland", body: "claimedby: lowland",
			want: []string{`data/facts/alpha-2022.yaml:25:14: claimedby: unknown field (did you mean "claimed_by"?)`},
		},
		{
			name: "object and value", file: "facts/beta-2023.yaml",
			old: "  object: lowland\n  themes: [security]\n  modality: asserted\n  quote: \"Upland and", body: "  object: lowland\n  value: x\n  themes: [security]\n  modality: asserted\n  quote: \"Upland and",
			want: []string{`data/facts/beta-2023.yaml:19: value: a fact has an object or a value, not both`},
		},
		{
			name: "empty facts file", file: "facts/beta-2023.yaml", body: "",
			want: []string{`data/facts/beta-2023.yaml: no facts in the file (delete it if the source has none)`},
		},
		{
			name: "empty file that may be empty", file: "clusters.yaml", body: "# no clusters yet\n",
			want: []string{`data/entities.yaml:1: cluster: unknown cluster "north"`, `data/entities.yaml:17: cluster: unknown cluster "north"`},
		},
		{
			name: "not a list", file: "themes.yaml", body: "id: water\n",
			want: []string{`data/themes.yaml:1:3: want a list of items (each starting with "- "), found Mapping`},
		},
		{
			name: "binary file", file: "themes.yaml", body: "- id: \x00\x01\x02",
			want: []string{`data/themes.yaml: binary content (NUL byte)`},
		},
		{
			name: "not UTF-8", file: "themes.yaml", body: "- id: caf\xe9\n",
			want: []string{`data/themes.yaml: not UTF-8 text`},
		},
		{
			name: "quote with link markup", file: "facts/beta-2023.yaml",
			old: `quote: "The Green Brigade attacked Lowland in 1998."`, body: `quote: "The Green Brigade attacked [Lowland](https://x.example) in 1998."`,
			want: []string{`data/facts/beta-2023.yaml:1: quote: fact beta-2023-001: quote carries markup "]("; quote the text a reader sees (a link's text, no URL, no emphasis marks)`},
		},
		{
			name: "quote of one word", file: "facts/beta-2023.yaml",
			old: `quote: "The Green Brigade attacked Lowland in 1998."`, body: `quote: "Lowland"`,
			want: []string{`data/facts/beta-2023.yaml:1: quote: fact beta-2023-001: quote has 1 words, at least 6 needed to state a fact`},
		},
		{
			name: "quote naming neither end", file: "facts/beta-2023.yaml",
			old: `quote: "The Green Brigade attacked Lowland in 1998."`, body: `quote: "It was attacked by them in that year."`,
			want: []string{`data/facts/beta-2023.yaml:1: quote: fact beta-2023-001: quote names neither green-brigade nor lowland; quote a span that does, or say in note whom its pronoun means`},
		},
		{
			name: "escape sequence in a key", file: "themes.yaml",
			old: "- id: water", body: "- id: water\n  \"\\e]0;x\\a\": v",
			want: []string{`data/themes.yaml:2:15: "\x1b]0;x\a": unknown field (known fields: id, title, description)`},
		},
		{
			name: "date before 1900", file: "facts/beta-2023.yaml",
			old: `date: "1998"`, body: `date: "1000"`,
			want: []string{`data/facts/beta-2023.yaml:1: date: date 1000 is before 1900`},
		},
		{
			name: "date after publication", file: "facts/beta-2023.yaml",
			old: `date: "1998"`, body: `date: "9999"`,
			want: []string{`data/facts/beta-2023.yaml:1: date: date 9999 is after the source was published (2023-01-15); only a speculative fact may be dated later`},
		},
		{
			name: "end after publication", file: "facts/beta-2023.yaml",
			old: `date: "1998"`, body: "start: \"2022\"\n  end: \"2023-02\"",
			want: []string{`data/facts/beta-2023.yaml:1: end: end 2023-02 is after the source was published (2023-01-15); only a speculative fact may be dated later`},
		},
		{
			name: "speculative fact dated after publication", file: "facts/beta-2023.yaml",
			old: "date: \"1998\"\n  event: embassy-killings\n  themes: [security]\n  modality: asserted", body: "date: \"2030\"\n  event: embassy-killings\n  themes: [security]\n  modality: speculative",
		},
		{
			name: "event key not a slug", file: "facts/beta-2023.yaml",
			old: "event: embassy-killings", body: "event: Embassy Killings",
			want: []string{`data/facts/beta-2023.yaml:1: event: event key "Embassy Killings" is not a lower-case slug (like embassy-killings)`},
		},
		{
			name: "no suggestion for a symbol", file: "facts/beta-2023.yaml",
			old: "subject: green-brigade", body: `subject: "-"`,
			want: []string{`data/facts/beta-2023.yaml:1: subject: unknown entity "-"`},
		},
		{
			name: "NUL in a name", file: "entities.yaml",
			old: "name: Upland", body: `name: "Up\0land"`,
			want: []string{`data/entities.yaml:2:9: name: holds a control character (U+0000), which a data field may not`},
		},
		{
			name: "escape sequence in a quote", file: "facts/beta-2023.yaml",
			old: `quote: "The Green Brigade attacked Lowland in 1998."`, body: `quote: "The Green Brigade \e]0;owned\a attacked Lowland in 1998."`,
			want: []string{`data/facts/beta-2023.yaml:9:10: quote: holds a control character (U+001B), which a data field may not`},
		},
		{
			name: "C1 control in an alias", file: "entities.yaml",
			old: "aliases: [Uplanders]", body: `aliases: ["Upland\x9b"]`,
			want: []string{`data/entities.yaml:4:13: aliases: holds a control character (U+009B), which a data field may not`},
		},
		{
			name: "bidi override in an id", file: "entities.yaml",
			old: "- id: green-brigade", body: "- id: \"new\u202eone\"\n  name: New\n  type: country\n  description: d.\n- id: green-brigade",
			want: []string{
				`data/entities.yaml:12:7: id: holds a bidirectional control (U+202E), which a data field may not`,
				`data/entities.yaml:12: id: entity id "new\u202eone" is not a lower-case slug (like hassan-kazemi-qomi)`,
			},
		},
		{
			name: "zero-width joiner in an alias", file: "entities.yaml",
			old: "aliases: [Uplanders]", body: `aliases: ["Up\u200dland"]`,
			want: []string{`data/entities.yaml:4:13: aliases: holds a zero-width character (U+200D), which a data field may not`},
		},
		{
			name: "zero-width space in an alias", file: "entities.yaml",
			old: "aliases: [Uplanders]", body: `aliases: ["Lowland\u200b"]`,
			want: []string{`data/entities.yaml:4:13: aliases: holds a zero-width character (U+200B), which a data field may not`},
		},
		{
			name: "tab in a quote", file: "facts/beta-2023.yaml",
			old: `quote: "The Green Brigade attacked Lowland in 1998."`, body: `quote: "The Green Brigade\tattacked Lowland in 1998."`,
			want: []string{`data/facts/beta-2023.yaml:9:10: quote: holds a tab or line break (U+0009), which a data field may not`},
		},
		{
			name: "tab and line break in a note", file: "facts/beta-2023.yaml",
			old: `quote: "The Green Brigade attacked Lowland in 1998."`, body: `quote: "The Green Brigade attacked Lowland in 1998."` + "\n  note: \"first\\tline\\nsecond\"",
		},
		{
			name: "composed alias", file: "entities.yaml",
			old: "aliases: [Low Country]", body: "aliases: [Low Country, \"Caf\u00e9\"]",
		},
		{
			name: "decomposed alias equal to a composed one", file: "entities.yaml",
			old:  "aliases: [Low Country]\n  description: A downstream country.\n- id: green-brigade",
			body: "aliases: [Low Country, \"Caf\u00e9\"]\n  description: A downstream country.\n- id: cafe\n  name: \"Cafe\u0301\"\n  type: country\n  description: d.\n- id: green-brigade",
			want: []string{`data/entities.yaml:12: name: "Café" is already a name or alias of entity "lowland"`},
		},
		{
			name: "facts file for unknown source", file: "facts/gamma-2024.yaml",
			body: "- id: gamma-2024-001\n  subject: upland\n  predicate: signs\n  object: river-accord\n  themes: [water]\n  modality: asserted\n  quote: \"Upland signed the river accord this year\"\n",
			want: []string{`data/facts/gamma-2024.yaml:1: facts file gamma-2024.yaml names no source in sources.yaml`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyFixture(t)
			path := filepath.Join(dir, tt.file)
			body := tt.body
			if tt.old != "" {
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(b), tt.old) {
					t.Fatalf("%s does not contain %q", tt.file, tt.old)
				}
				body = strings.Replace(string(b), tt.old, tt.body, 1)
			}
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := loaders.Load(os.DirFS(dir), "data")
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Load: %v, want no error", err)
				}
				return
			}
			var probs loaders.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("Load error = %v, want Problems", err)
			}
			var got []string
			for _, p := range probs {
				got = append(got, p.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	dir := copyFixture(t)
	os.Remove(filepath.Join(dir, "entities.yaml"))
	_, err := loaders.Load(os.DirFS(dir), "data")
	if err == nil || err.Error() != "reading data: required file entities.yaml is missing" {
		t.Fatalf("Load error = %v", err)
	}
}

func TestSymlinkLoop(t *testing.T) {
	dir := copyFixture(t)
	if err := os.Symlink("loop", filepath.Join(dir, "facts", "loop")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	if err := os.Symlink("loop.yaml", filepath.Join(dir, "facts", "loop.yaml")); err != nil {
		t.Fatal(err)
	}
	_, err := loaders.Load(os.DirFS(dir), "data")
	var probs loaders.Problems
	if !errors.As(err, &probs) || len(probs) != 1 || probs[0].String() != "data/facts/loop.yaml: too many levels of symbolic links" {
		t.Fatalf("Load error = %v, want one problem naming data/facts/loop.yaml and the loop", err)
	}
}
