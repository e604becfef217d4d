package citation_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itkg/itkg/citation"
	"github.com/itkg/itkg/graph"
)

func sources() []*graph.Source {
	return []*graph.Source{
		{ID: "zelin-2023", Title: "Iran Formalizes Ties with the Taliban", TitlePrinted: true, Authors: []string{"Aaron Y. Zelin"},
			Publisher: "The Washington Institute for Near East Policy", Published: graph.MustDate("2023-03-03")},
		{ID: "cafiero-aman-2025", Title: "Iran and the question of recognising the Taliban", Authors: []string{"Giorgio Cafiero", "Fatemeh Aman"},
			Publisher: "not printed", Published: graph.MustDate("2025-07"), Approximate: true, Window: "mid-2025"},
		{ID: "three-2020", Title: "Water & Power: 100% of the {Helmand}", TitlePrinted: true, Authors: []string{"Ann Alpha", "Bo Beta", "Cy Gamma"},
			Publisher: "Press #1", Published: graph.MustDate("2020")},
		{ID: "nobody-2019", Title: "Unsigned brief", TitlePrinted: true, Publisher: "An Institute", Published: graph.MustDate("2019-05")},
	}
}

func items() []citation.Item {
	var out []citation.Item
	for i, s := range sources() {
		f := &graph.Fact{ID: s.ID + "-001", Source: s.ID, Quote: "Iran officially handed over the Afghan embassy in Tehran"}
		out = append(out, citation.Item{Source: s, Fact: f, Locator: []string{"para. 2", "", "para. 1", ""}[i],
			URL: "http://localhost:8080/fact/" + f.ID})
	}
	return out
}

func TestShort(t *testing.T) {
	want := []string{"Zelin 2023-03-03", "Cafiero & Aman ~2025-07", "Alpha et al. 2020", "nobody-2019 2019-05"}
	for i, s := range sources() {
		if got := citation.Short(s); got != want[i] {
			t.Errorf("Short(%s) = %q, want %q", s.ID, got, want[i])
		}
	}
}

func TestFormats(t *testing.T) {
	tests := []struct {
		format string
		want   []string
	}{
		{"chicago", []string{
			`Zelin, Aaron Y. “Iran Formalizes Ties with the Taliban.” The Washington Institute for Near East Policy, March 3, 2023. Quoted: “Iran officially handed over the Afghan embassy in Tehran” (para. 2). http://localhost:8080/fact/zelin-2023-001.`,
			`Cafiero, Giorgio, and Fatemeh Aman. [Iran and the question of recognising the Taliban]. Ca. July 2025. Quoted: “Iran officially handed over the Afghan embassy in Tehran”. http://localhost:8080/fact/cafiero-aman-2025-001.`,
			`Alpha, Ann, Bo Beta, and Cy Gamma. “Water & Power: 100% of the {Helmand}.” Press #1, 2020.`,
			`“Unsigned brief.” An Institute, May 2019.`}},
		{"apa", []string{
			`Zelin, A. Y. (2023, March 3). Iran Formalizes Ties with the Taliban. The Washington Institute for Near East Policy.`,
			`Cafiero, G., & Aman, F. (ca. 2025, July). [Iran and the question of recognising the Taliban].`,
			`Alpha, A., Beta, B., & Gamma, C. (2020).`}},
		{"bibtex", []string{`@misc{three-2020-001,`, `author       = {Alpha, Ann and Beta, Bo and Gamma, Cy},`,
			`title        = {{Water \& Power: 100\% of the \{Helmand\}}},`, `howpublished = {Press \#1},`, `month        = {mar},`}},
		{"ris", []string{"TY  - ELEC\nID  - zelin-2023-001\nAU  - Zelin, Aaron Y.\n", "DA  - 2023/03/03/\n", "DA  - 2025/07//\n", "SP  - para. 2\n", "ER  - \n"}},
		{"csl-json", []string{`"date-parts": [`, `"circa": true`, `"family": "Cafiero"`}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			var b bytes.Buffer
			if err := citation.Write(&b, tt.format, items()); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("%s output lacks\n%s\nin\n%s", tt.format, w, b.String())
				}
			}
		})
	}
	if err := citation.Write(&bytes.Buffer{}, "mla", items()); err == nil || !strings.Contains(err.Error(), `unknown citation format "mla"`) {
		t.Errorf("unknown format: %v", err)
	}
}

// TestRealReaders reads the BibTeX with pybtex and the CSL-JSON with
// citeproc-py and the Citation Style Language's APA style, from Debian's
// packages (scripts/install-readers.sh). In CI a missing reader fails.
func TestRealReaders(t *testing.T) {
	const python = "/usr/bin/python3"
	style := "/usr/share/citation-style-language/styles/apa.csl"
	probe := exec.Command(python, "-c", "import pybtex, citeproc")
	if _, err := os.Stat(style); err != nil || probe.Run() != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("pybtex, citeproc-py or the CSL styles are missing (scripts/install-readers.sh installs them)")
		}
		t.Skip("pybtex, citeproc-py or the CSL styles are missing; scripts/install-readers.sh installs them")
	}
	dir := t.TempDir()
	write := func(name, format string) string {
		var b bytes.Buffer
		if err := citation.Write(&b, format, items()); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bib, csl := write("refs.bib", "bibtex"), write("refs.json", "csl-json")
	out, err := exec.Command(python, "testdata/read.py", bib, csl, style).Output()
	if err != nil {
		t.Fatalf("readers: %v\n%s", err, out)
	}
	var got struct {
		Bibtex map[string]struct {
			Authors     []string
			Year, Title string
		}
		CSL []string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(got.Bibtex) != 4 {
		t.Fatalf("pybtex read %d entries, want 4: %+v", len(got.Bibtex), got.Bibtex)
	}
	if e := got.Bibtex["three-2020-001"]; len(e.Authors) != 3 || e.Year != "2020" {
		t.Errorf("pybtex read three-2020-001 as %+v", e)
	}
	if e := got.Bibtex["cafiero-aman-2025-001"]; len(e.Authors) != 2 || e.Authors[1] != "Aman, Fatemeh" {
		t.Errorf("pybtex read cafiero-aman-2025-001 as %+v", e)
	}
	if len(got.CSL) != 4 {
		t.Fatalf("citeproc-py rendered %d references, want 4: %q", len(got.CSL), got.CSL)
	}
	all := strings.Join(got.CSL, "\n")
	for _, w := range []string{"Zelin, A. Y.", "(2023, March 3)", "Cafiero, G., & Aman, F.", "(ca. 2025, July)",
		"Iran Formalizes Ties with the Taliban", "The Washington Institute for Near East Policy. http://localhost:8080/fact/zelin-2023-001"} {
		if !strings.Contains(all, w) {
			t.Errorf("citeproc-py's APA rendering lacks %q:\n%s", w, all)
		}
	}
	t.Logf("citeproc-py, APA:\n%s", all)
}
