package loader

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cybercoop/cybercoop"
)

// FuzzReadChart checks ReadChart on any bytes: it never panics, and what it accepts is a chart of a known treaty
// whose every row has a party, a status of its treaty and dates of the allowed forms, and whose steps (rowSteps)
// are dated or certain by a day, each citing its own line.
func FuzzReadChart(f *testing.F) {
	names, err := filepath.Glob("../seeds/charts/*.tsv")
	if err != nil || len(names) == 0 {
		f.Fatalf("no charts in ../seeds/charts: %v", err)
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		// The header and a few rows: small inputs keep the fuzzer's minimisation short (TestReadRealCharts reads the
		// whole files).
		lines := bytes.SplitAfter(data, []byte("\n"))
		head := bytes.Join(lines[:min(len(lines), 16)], nil)
		f.Add(filepath.Base(name), head)
		f.Add("newer.tsv", head)
	}
	f.Add("uncc-x-2026-01.tsv", []byte("# treaty: United Nations Convention against Cybercrime\n# source: UN Treaty Collection\n"+
		"# status_as_of: January 2026\n# complete: names yes\n# dates: YYYY-MM-DD, or YYYY-MM\n"+
		"country\tiso2\tsignature\tratification\tstatus\tsource_url\tsource_note\n"+
		"European Union\t\t\t\tsigned\thttps://x.org\t\nQatar\tqa\t2025-10-25\t2026-02\tratified\thttps://x.org\tn\n"))
	f.Add("ets185-a-2026-04-25.tsv", []byte("\uFEFF# treaty: ETS No. 185\r\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		chart, err := ReadChart(name, data)
		if err != nil {
			return
		}
		kind := chart.kind()
		if !slices.ContainsFunc(chartKinds, func(k chartKind) bool { return k.prefix == chart.Kind }) ||
			chart.ConventionID != kind.convention || chart.Publisher == "" || len(chart.Rows) == 0 {
			t.Fatalf("accepted a chart of kind %q, convention %q, publisher %q, %d rows", chart.Kind,
				chart.ConventionID, chart.Publisher, len(chart.Rows))
		}
		if _, err := cybercoop.ParsePartialDate(chart.StatusAsOf); err != nil {
			t.Fatalf("accepted status date %q: %v", chart.StatusAsOf, err)
		}
		if bytes.Contains([]byte(chart.Note), []byte("%d")) {
			t.Fatalf("note %q still holds %%d", chart.Note)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, row := range chart.Rows {
			if row.ISO2 == "" && row.Country != europeanUnion || row.ISO2 != "" && !isCountryCode(row.ISO2) {
				t.Fatalf("accepted row %+v", row)
			}
			if !slices.Contains(kind.statuses, row.Status) || row.Line < 1 || row.Line > lines {
				t.Fatalf("accepted row %+v", row)
			}
			for _, d := range []string{row.Signature, row.Ratification, row.EntryIntoForce} {
				if _, err := cybercoop.ParsePartialDate(d); d != "" && (err != nil || len(d) != 10 && !(len(d) == 7 && kind.months)) {
					t.Fatalf("accepted date %q in row %+v", d, row)
				}
			}
			steps := rowSteps(chart, &row, chartParty{"Country", "x"})
			if len(steps) == 0 {
				t.Fatalf("row %+v gives no step", row)
			}
			for _, s := range steps {
				certain, _ := s.rel.Props["certainBy"].(string)
				if d, err := cybercoop.ParsePartialDate(certain); err != nil || len(certain) != 10 || d.String() != certain {
					t.Fatalf("step %v of row %+v: certainBy %q", s.rel.Props, row, certain)
				}
				if date := s.date(); date != "" && lastDay(date) != certain {
					t.Fatalf("step %v: certainBy is not the last day of its date", s.rel.Props)
				}
				if len(s.rel.Sources) != 1 || s.rel.Sources[0].Locator != fmt.Sprintf("line %d", row.Line) {
					t.Fatalf("step %v cites %v", s.rel.Props, s.rel.Sources)
				}
			}
		}
	})
}

func isCountryCode(iso2 string) bool {
	_, err := countryRegion(iso2)
	return err == nil
}
