package neo4jtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Chart reads a treaty chart of the seeds (seeds/charts/NAME, the file the loader reads) as plainly as a person
// would, so that tests compare the API with the chart itself rather than with the loader's reading of it: its rows
// by column name, and its "# key: value" header lines.
func Chart(t testing.TB, name string) (rows []map[string]string, header map[string]string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(SeedsDir(t), "charts", name))
	if err != nil {
		t.Fatal(err)
	}
	header = map[string]string{}
	var columns []string
	for _, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if rest, ok := strings.CutPrefix(line, "# "); ok {
			if key, value, ok := strings.Cut(rest, ": "); ok {
				header[key] = value
			}
			continue
		}
		cells := strings.Split(line, "\t")
		if columns == nil {
			columns = cells
			continue
		}
		row := map[string]string{}
		for i, c := range columns {
			if i < len(cells) {
				row[c] = cells[i]
			}
		}
		rows = append(rows, row)
	}
	return rows, header
}
