package export_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itkg/itkg/export"
	"github.com/itkg/itkg/internal/fixture"
)

// TestCSVFiles writes the csv pair under each naming rule, replaces a pair
// it wrote, and refuses, without writing either file, when one target is
// a file itkg did not write or cannot be replaced.
func TestCSVFiles(t *testing.T) {
	ds := fixture.Dataset(t, fixture.FixtureData())
	m := themeMap(ds, "water")
	tests := []struct {
		name      string
		out       string   // -o, relative to the test's directory
		existing  []string // files made before the export (name: content)
		dirs      []string // directories made before the export
		wantFiles []string
		wantErr   string
	}{
		{"name.csv", "out.csv", nil, nil, []string{"out-elements.csv", "out-connections.csv"}, ""},
		{"name without .csv", "out", nil, nil, []string{"out-elements.csv", "out-connections.csv"}, ""},
		{"directory", "d", nil, []string{"d"}, []string{"d/elements.csv", "d/connections.csv"}, ""},
		{"replaces its own pair", "out.csv", []string{"out-elements.csv:ID,Label,Type,Description,Tags,Cluster,Aliases\nold,Old,,,,,\n"}, nil,
			[]string{"out-elements.csv", "out-connections.csv"}, ""},
		{"refuses another file", "out.csv", []string{"out-connections.csv:my notes\n"}, nil, nil,
			"out-connections.csv exists and was not written by itkg export"},
		{"refuses a directory in the way", "out.csv", nil, []string{"out-connections.csv"}, nil,
			"out-connections.csv exists and is not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, d := range tt.dirs {
				if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			before := map[string]string{}
			for _, e := range tt.existing {
				name, content, _ := strings.Cut(e, ":")
				before[name] = content
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			el, conn, err := export.WriteCSVFiles(filepath.Join(dir, tt.out), ds, m)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				entries, _ := os.ReadDir(dir)
				if len(entries) != len(tt.existing)+len(tt.dirs) {
					t.Errorf("a refused export left %d entries in the directory, want %d", len(entries), len(tt.existing)+len(tt.dirs))
				}
				for name, content := range before {
					if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != content {
						t.Errorf("%s changed to %q", name, got)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dir, tt.wantFiles[0]); el != want {
				t.Errorf("elements at %s, want %s", el, want)
			}
			if want := filepath.Join(dir, tt.wantFiles[1]); conn != want {
				t.Errorf("connections at %s, want %s", conn, want)
			}
			elements, connections := readCSV(t, el), readCSV(t, conn)
			if strings.Join(elements[0][:5], ",") != "ID,Label,Type,Description,Tags" {
				t.Errorf("elements header %v", elements[0])
			}
			if strings.Join(connections[0][:6], ",") != "ID,From,To,Type,Label,Direction" {
				t.Errorf("connections header %v", connections[0])
			}
			if len(connections)-1 != len(m.Facts) {
				t.Errorf("%d connections for %d facts", len(connections)-1, len(m.Facts))
			}
			ids := map[string]bool{}
			for _, r := range elements[1:] {
				ids[r[0]] = true
			}
			for i, r := range connections[1:] {
				f := m.Facts[i]
				if r[0] != f.ID || !ids[r[1]] || !ids[r[2]] || r[1] != f.Subject || r[6] != f.Quote {
					t.Errorf("connection %v does not carry fact %s", r, f.ID)
				}
			}
			if entries, _ := os.ReadDir(filepath.Dir(el)); len(entries) != 2 {
				t.Errorf("%d files beside the pair, want the pair only (no temporary files left)", len(entries))
			}
		})
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}
