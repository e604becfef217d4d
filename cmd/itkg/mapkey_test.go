package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMapKeyFlags: SVG files carry a key beside the drawing unless
// --no-legend; --all draws the backbone, --all --full every entity.
func TestMapKeyFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "graph.bolt")
	dir := t.TempDir()
	tests := []struct {
		name    string
		args    []string
		key     bool
		want    string
		wantErr string
	}{
		{"theme with key", []string{"export", "--theme", "water"}, true, "node_upland", ""},
		{"theme without key", []string{"export", "--theme", "water", "--no-legend"}, false, "node_upland", ""},
		{"backbone", []string{"export", "--all"}, true, "its backbone", ""},
		{"full overview", []string{"export", "--all", "--full"}, true, "The Iran–Taliban knowledge graph", ""},
		{"full needs all", []string{"export", "--theme", "water", "--full"}, false, "", "--full goes with --all"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, tt.name+".svg")
			_, errs, code := run(t, db, append(tt.args, "-o", out)...)
			if tt.wantErr != "" {
				if code == 0 || !strings.Contains(errs, tt.wantErr) {
					t.Errorf("exit %d, stderr %q; want an error %q", code, errs, tt.wantErr)
				}
				return
			}
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(string(b), `id="key"`); got != tt.key {
				t.Errorf("case %d: key in the SVG: %v, want %v", i, got, tt.key)
			}
			if !strings.Contains(string(b), tt.want) {
				t.Errorf("case %d: SVG lacks %q", i, tt.want)
			}
		})
	}
	mapsDir := filepath.Join(dir, "maps")
	if _, errs, code := run(t, db, "maps", "-o", mapsDir, "--no-legend"); code != 0 {
		t.Fatalf("maps --no-legend: exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(mapsDir, "water.svg"))
	if err != nil || strings.Contains(string(b), `id="key"`) {
		t.Errorf("maps --no-legend: water.svg has a key (or %v)", err)
	}
}
