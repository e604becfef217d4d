package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/itkg/itkg/graph"
)

// The column names follow Kumu's spreadsheet import (docs/formats.md cites
// its guide): ID first, then Label, Type, Description and Tags for
// elements; ID, From and To (element IDs, since the elements have IDs),
// then Type, Label, Description and Tags for connections. Every other
// column becomes a field of the element or connection. Lists are joined
// with "|", as Kumu splits them.
var (
	csvElementHeader    = []string{"ID", "Label", "Type", "Description", "Tags", "Cluster", "Aliases"}
	csvConnectionHeader = []string{"ID", "From", "To", "Type", "Label", "Direction", "Description", "Tags",
		"Date", "Start", "End", "Polarity", "Modality", "Source", "Citation", "Claimed By", "Event"}
)

// CSVPaths names the two files of the csv format for the name given to -o:
// out.csv (or out) gives out-elements.csv and out-connections.csv; an
// existing directory gives elements.csv and connections.csv inside it.
func CSVPaths(name string) (elements, connections string) {
	if fi, err := os.Stat(name); err == nil && fi.IsDir() {
		return filepath.Join(name, "elements.csv"), filepath.Join(name, "connections.csv")
	}
	base := strings.TrimSuffix(name, ".csv")
	return base + "-elements.csv", base + "-connections.csv"
}

// WriteCSV writes the map's subgraph as two CSV tables: one row per node
// (entity or value) to elements, one row per fact to connections.
func WriteCSV(elements, connections io.Writer, ds *graph.Dataset, m Map) error {
	sg := collect(ds, m)
	tags := map[string][]string{} // node id: themes of its facts here, in order
	for _, l := range sg.Links {
		for _, end := range []string{l.Source, l.Target} {
			for _, t := range l.Themes {
				if !slices.Contains(tags[end], t) {
					tags[end] = append(tags[end], t)
				}
			}
		}
	}
	rows := [][]string{csvElementHeader}
	for _, n := range sg.Nodes {
		desc, aliases := "", []string(nil)
		if e := ds.Entity(n.ID); e != nil {
			desc, aliases = e.Description, e.Aliases
		}
		rows = append(rows, []string{n.ID, n.Name, n.Type, desc, strings.Join(tags[n.ID], "|"), n.Cluster, strings.Join(aliases, "|")})
	}
	if err := csv.NewWriter(elements).WriteAll(rows); err != nil {
		return fmt.Errorf("elements: %w", err)
	}
	facts := make(map[string]*graph.Fact, len(m.Facts))
	for _, f := range m.Facts {
		facts[f.ID] = f
	}
	rows = [][]string{csvConnectionHeader}
	for _, l := range sg.Links {
		f := facts[l.ID]
		var date, start, end string
		if !f.Date.IsZero() {
			date = f.Date.String()
		}
		if !f.Start.IsZero() {
			start = f.Start.String()
		}
		if !f.End.IsZero() {
			end = f.End.String()
		}
		rows = append(rows, []string{l.ID, l.Source, l.Target, l.Predicate, l.Label, "directed", l.Quote, strings.Join(l.Themes, "|"),
			date, start, end, l.Polarity, l.Modality, l.SourceID, l.Citation, f.ClaimedBy, f.Event})
	}
	if err := csv.NewWriter(connections).WriteAll(rows); err != nil {
		return fmt.Errorf("connections: %w", err)
	}
	return nil
}

// WriteCSVFiles writes the csv format to the two files CSVPaths names for
// name and returns their paths. Both are written in full to temporary
// files beside their targets before either replaces anything, so a failed
// export leaves no half pair; an existing file is replaced only if its
// first line is the header itkg writes (a file itkg created).
func WriteCSVFiles(name string, ds *graph.Dataset, m Map) (elements, connections string, err error) {
	elements, connections = CSVPaths(name)
	if elements == connections {
		return "", "", fmt.Errorf("%s: the elements and connections files would be one file", name)
	}
	for _, c := range []struct {
		path   string
		header []string
	}{{elements, csvElementHeader}, {connections, csvConnectionHeader}} {
		if err := checkReplaceable(c.path, c.header); err != nil {
			return "", "", err
		}
	}
	var eb, cb bytes.Buffer
	if err := WriteCSV(&eb, &cb, ds, m); err != nil {
		return "", "", err
	}
	etmp, err := writeTemp(elements, eb.Bytes())
	if err != nil {
		return "", "", err
	}
	ctmp, err := writeTemp(connections, cb.Bytes())
	if err != nil {
		os.Remove(etmp)
		return "", "", err
	}
	if err := os.Rename(etmp, elements); err != nil {
		os.Remove(etmp)
		os.Remove(ctmp)
		return "", "", fmt.Errorf("writing %s: %w", elements, err)
	}
	if err := os.Rename(ctmp, connections); err != nil {
		os.Remove(ctmp)
		return "", "", fmt.Errorf("writing %s (%s was written; export again): %w", connections, elements, err)
	}
	return elements, connections, nil
}

// checkReplaceable refuses to replace a file itkg did not write: one that
// is not a regular file, or whose first line is not header.
func checkReplaceable(path string, header []string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s exists and is not a regular file; not replacing it", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	line, err := bufio.NewReader(io.LimitReader(f, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if strings.TrimRight(line, "\r\n") != strings.Join(header, ",") {
		return fmt.Errorf("%s exists and was not written by itkg export (its first line is not itkg's header); not replacing it", path)
	}
	return nil
}

// writeTemp writes data to a new temporary file in path's directory, so a
// rename onto path is atomic.
func writeTemp(path string, data []byte) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("writing %s: %w", path, err)
	}
	_, werr := f.Write(data)
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(f.Name(), 0o644)
	}
	if werr != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("writing %s: %w", path, werr)
	}
	return f.Name(), nil
}
