package loader_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/loader"
)

// Small charts of the shape of the real ones. Their rows are test data: the real charts are tested below.
const (
	budapestChartName = "charts/ets185-chart-2026-04-25.tsv"
	budapestChart     = "# treaty: Convention on Cybercrime (Budapest Convention), ETS No. 185\n" +
		"# source: Council of Europe Treaty Office, Chart of signatures and ratifications of Treaty 185\n" +
		"# source_url: https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&treatynum=185 ; https://example.org/other\n" +
		"# status_as_of: 2026-04-25 (the page says 'Status as of 25/04/2026')\n" +
		"# complete: yes: three rows\n" +
		"# dates: YYYY-MM-DD\n" +
		"# chart_notes: 'a' accession; '4' invitation note above; '55' Montenegro and Serbia: date of signature by the state union of Serbia and Montenegro\n" +
		"country\tiso2\tgroup\tsignature\tratification_or_accession\tentry_into_force\tstatus\tchart_notes\tchart_marks\n" +
		"Morocco\tMA\tnon-member\t\t2018-06-29\t2018-10-01\tacceded\ta\tA.\n" + // line 9
		"Denmark\tDK\tCoE member\t2003-04-22\t2005-06-21\t2005-10-01\tratified\t\tR.A.T.\n" + // line 10
		"Kenya\tKE\tnon-member\t\t\t\tlisted-no-date\ta 4\t" // line 11

	protocolChartName = "charts/ets189-partial-2025-06-04.tsv"
	protocolChart     = "# treaty: Additional Protocol to the Convention on Cybercrime, ETS No. 189\n" +
		"# source: Netherlands Treaty Database parties table of treaty 010573\n" +
		"# status_as_of: 2025-06-04 for the table\n" +
		"# complete: NO: %d of about 47 States\n" +
		"country\tiso2\tsignature\tratification_or_accession\tentry_into_force\tstatus\tsource_url\tsource_note\n" +
		"Poland\tPL\t\t\t2015-06-01\tratified\thttps://www.prawo.pl/akty/dz-u-2015-731,18197524.html\tnote\n" + // line 6
		"Kosovo\tXK\t2003-01-28\t\t\tsigned\thttps://example.org/x\t\n" // line 7

	unChartName = "charts/uncc-signatories-2026-01.tsv"
	unChart     = "# treaty: United Nations Convention against Cybercrime (opened for signature in Hanoi on 2025-10-25)\n" +
		"# source: names: Wikipedia; dates: the UN Treaty Collection's status page\n" +
		"# status_as_of: January 2026 for the names; per row for the dates\n" +
		"# complete: names yes (test); dates NO\n" +
		"# dates: YYYY-MM-DD, or YYYY-MM where only the month is known\n" +
		"country\tiso2\tsignature\tratification\tstatus\tsource_url\tsource_note\n" +
		"European Union\t\t2025-10-25\t\tsigned\thttps://treaties.un.org/x\tUN Treaty Collection (depositary)\n" + // line 7
		"Qatar\tQA\t2025-10-25\t2026-02\tratified\thttps://verdragen.nl/x\tmonth only\n" + // line 8
		"Fiji\tFJ\t\t\tsigned\thttps://en.wikipedia.org/x\tno date in the sources read" // line 9

	okEU = `{"id":"eu","name":"European Union","kind":"intergovernmental","sources":[{"source":"doc","at":"line 6"}]}`
	okUN = `{"id":"un-cybercrime","name":"United Nations Convention against Cybercrime","sources":[{"source":"doc","at":"line 7"}]}`
	okP1 = `{"id":"ets-189","name":"Additional Protocol","protocolOf":"budapest","sources":[{"source":"doc","at":"line 8"}]}`
)

// chartSeeds is a seed folder with the three small charts and what they refer to; files overrides any file.
func chartSeeds(files map[string]string) map[string]string {
	out := map[string]string{
		budapestChartName:     budapestChart,
		protocolChartName:     protocolChart,
		unChartName:           unChart,
		"organizations.jsonl": okEU,
		"conventions.jsonl":   okConvention + "\n" + okUN + "\n" + okP1,
	}
	for name, text := range files {
		out[name] = text
	}
	return out
}

// accessions returns the ACCESSION events from party ("country:ma") to convention.
func accessions(seeds loader.Seeds, party, convention string) []cybercoop.Relationship {
	var out []cybercoop.Relationship
	for _, r := range seeds.Dataset.Relationships {
		if r.Type == "ACCESSION" && strings.ToLower(r.FromLabel)+":"+r.FromID == party && r.ToID == convention {
			out = append(out, r)
		}
	}
	return out
}

func node(seeds loader.Seeds, label, id string) *cybercoop.Node {
	for i, n := range seeds.Dataset.Nodes {
		if n.Label == label && n.ID == id {
			return &seeds.Dataset.Nodes[i]
		}
	}
	return nil
}

func mustRead(t *testing.T, files map[string]string) loader.Seeds {
	t.Helper()
	seeds, err := loader.Read(seedFS(chartSeeds(files)))
	if err != nil {
		t.Fatal(err)
	}
	return seeds
}

// TestReadCharts checks what docs/data.md, "Treaty charts", says.
func TestReadCharts(t *testing.T) {
	t.Run("OK one event per step, cited by its line", func(t *testing.T) {
		seeds := mustRead(t, nil)
		want := []struct {
			party, convention, status, date, entryIntoForce, certainBy, at string
		}{
			{"country:ma", "budapest", "acceded", "2018-06-29", "2018-10-01", "2018-06-29", "line 9"},
			{"country:dk", "budapest", "signed", "2003-04-22", "", "2003-04-22", "line 10"},
			{"country:dk", "budapest", "ratified", "2005-06-21", "2005-10-01", "2005-06-21", "line 10"},
			// Listed with no date: invited, by the chart's status date.
			{"country:ke", "budapest", "invited", "", "", "2026-04-25", "line 11"},
			// Only the entry into force: a Party by then.
			{"country:pl", "ets-189", "ratified", "", "2015-06-01", "2015-06-01", "line 6"},
			{"country:xk", "ets-189", "signed", "2003-01-28", "", "2003-01-28", "line 7"},
			{"organization:eu", "un-cybercrime", "signed", "2025-10-25", "", "2025-10-25", "line 7"},
			{"country:qa", "un-cybercrime", "signed", "2025-10-25", "", "2025-10-25", "line 8"},
			{"country:qa", "un-cybercrime", "ratified", "2026-02", "", "2026-02-28", "line 8"},
			// A signatory without a date: by the end of the chart's status month.
			{"country:fj", "un-cybercrime", "signed", "", "", "2026-01-31", "line 9"},
		}
		total := 0
		for _, w := range want {
			var found []cybercoop.Relationship
			for _, r := range accessions(seeds, w.party, w.convention) {
				if r.Props["status"] == w.status {
					found = append(found, r)
				}
			}
			if len(found) != 1 {
				t.Errorf("%d %s events of %s to %s, want 1", len(found), w.status, w.party, w.convention)
				continue
			}
			total++
			r := found[0]
			str := func(key string) string { s, _ := r.Props[key].(string); return s }
			if str("date") != w.date || str("entryIntoForce") != w.entryIntoForce || str("certainBy") != w.certainBy ||
				len(r.Sources) != 1 || r.Sources[0].Locator != w.at || !strings.HasPrefix(r.Sources[0].SourceID, "chart-") {
				t.Errorf("%s %s %s = %v %v, want date %q, entryIntoForce %q, certainBy %q, cited at %q", w.party,
					w.status, w.convention, r.Props, r.Sources, w.date, w.entryIntoForce, w.certainBy, w.at)
			}
		}
		if n := seeds.Dataset.Counts().Relationships["ACCESSION"]; n != total {
			t.Errorf("%d ACCESSION events, want the %d steps", n, total)
		}
	})

	t.Run("OK each chart is a source, and its convention says how complete it is", func(t *testing.T) {
		seeds := mustRead(t, nil)
		src := node(seeds, "Source", "chart-ets185-2026-04-25")
		if src == nil || src.Props["publisher"] != "Council of Europe Treaty Office" ||
			src.Props["url"] != "https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&treatynum=185" ||
			src.Props["date"] != "2026-04-25" || src.Props["language"] != "en" || src.Props["note"] != "yes: three rows" ||
			src.Props["title"] != "Council of Europe Treaty Office, Chart of signatures and ratifications of Treaty 185" {
			t.Errorf("source = %+v", src)
		}
		un := node(seeds, "Source", "chart-uncc-2026-01")
		if un == nil || un.Props["date"] != nil || un.Props["url"] != nil || un.Props["publisher"] != "UN Treaty Collection" {
			t.Errorf("UN chart source = %+v, want no date (January 2026 is not ISO), no url, the depositary as publisher", un)
		}
		for id, want := range map[string][]any{
			"budapest":      {"chart-ets185-2026-04-25", "2026-04-25", true, "yes: three rows"},
			"ets-189":       {"chart-ets189-2025-06-04", "2025-06-04", false, "NO: 2 of about 47 States"},
			"un-cybercrime": {"chart-uncc-2026-01", "2026-01", true, "names yes (test); dates NO"},
		} {
			c := node(seeds, "Convention", id)
			got := []any{c.Props["chartSource"], c.Props["chartStatusAsOf"], c.Props["chartComplete"], c.Props["chartNote"]}
			if !slices.Equal(got, want) {
				t.Errorf("convention %s chart properties = %v, want %v", id, got, want)
			}
		}
	})

	t.Run("OK new countries are named from CLDR, existing ones keep their names, coeMember from ETS 185", func(t *testing.T) {
		seeds := mustRead(t, nil)
		ma, dk, ke, xk, eu := node(seeds, "Country", "ma"), node(seeds, "Country", "dk"), node(seeds, "Country", "ke"),
			node(seeds, "Country", "xk"), node(seeds, "Country", "eu")
		if ma.Props["name"] != "Morocco" || ma.Props["coeMember"] != false ||
			!slices.Contains(ma.Sources, cybercoop.SourceRef{SourceID: "chart-ets185-2026-04-25", Locator: "line 9"}) {
			t.Errorf("Morocco = %+v", ma)
		}
		if dk == nil || dk.Props["name"] != "Denmark" || dk.Props["nameFr"] != "Danemark" || dk.Props["iso3"] != "DNK" ||
			dk.Props["iso2"] != "DK" || dk.Props["coeMember"] != true || dk.Props["aliases"] != nil {
			t.Errorf("Denmark = %+v", dk)
		}
		if ke == nil || ke.Props["coeMember"] != false {
			t.Errorf("Kenya = %+v, want coeMember false (a non-member row)", ke)
		}
		if xk == nil || xk.Props["iso3"] != nil || xk.Props["coeMember"] != nil || xk.Props["name"] != "Kosovo" ||
			len(xk.Sources) != 1 || xk.Sources[0] != (cybercoop.SourceRef{SourceID: "chart-ets189-2025-06-04", Locator: "line 7"}) {
			t.Errorf("Kosovo = %+v, want no iso3 (XK is user-assigned), no coeMember (not on the ETS 185 chart)", xk)
		}
		if eu != nil {
			t.Errorf("the European Union became a country: %+v", eu)
		}
	})

	t.Run("OK a chart name CLDR spells otherwise is an alias", func(t *testing.T) {
		seeds := mustRead(t, map[string]string{budapestChartName: strings.Replace(budapestChart, "Kenya\tKE",
			"Republic of Kenya\tKE", 1)})
		if ke := node(seeds, "Country", "ke"); !slices.Equal(ke.Props["aliases"].([]string), []string{"Republic of Kenya"}) {
			t.Errorf("Kenya = %+v", ke)
		}
	})

	t.Run("OK a document event the chart confirms is one event with every source", func(t *testing.T) {
		party := `{"from":"country:ma","type":"ACCESSION","to":"convention:budapest","status":"party","periodStart":"2017-10","periodEnd":"2018-09","note":"became a Party","sources":[{"source":"doc","at":"§9"}]}`
		seeds := mustRead(t, map[string]string{"relations.jsonl": okAccession + "\n" + party})
		events := accessions(seeds, "country:ma", "budapest")
		if len(events) != 1 {
			t.Fatalf("Morocco's events = %v, want one", events)
		}
		e := events[0]
		want := []cybercoop.SourceRef{{SourceID: "chart-ets185-2026-04-25", Locator: "line 9"},
			{SourceID: "doc", Locator: "line 4"}, {SourceID: "doc", Locator: "§9"}}
		if e.Props["status"] != "acceded" || e.Props["date"] != "2018-06-29" || e.Props["entryIntoForce"] != "2018-10-01" ||
			e.Props["periodEnd"] != nil || e.Props["note"] != "became a Party" || !slices.Equal(e.Sources, want) ||
			e.Props["conflict"] != nil {
			t.Errorf("Morocco's accession = %+v %v", e.Props, e.Sources)
		}
		if len(seeds.Report.Conflicts) != 0 {
			t.Errorf("conflicts %v", seeds.Report.Conflicts)
		}
	})

	t.Run("OK a party the chart dates by its entry into force agrees", func(t *testing.T) {
		// Accession 2018-06-29, in force 2018-10-01: "became a Party" in the fourth quarter of 2018 is the same event.
		party := `{"from":"country:ma","type":"ACCESSION","to":"convention:budapest","status":"party","periodStart":"2018-10","periodEnd":"2018-12","sources":[{"source":"doc","at":"§9"}]}`
		seeds := mustRead(t, map[string]string{"relations.jsonl": party})
		if events := accessions(seeds, "country:ma", "budapest"); len(events) != 1 || len(events[0].Sources) != 2 {
			t.Errorf("Morocco's events = %v, want one with two sources", events)
		}
	})

	t.Run("ErrConflict a different day: both kept, both say so, the report lists it", func(t *testing.T) {
		late := `{"from":"country:ma","type":"ACCESSION","to":"convention:budapest","status":"acceded","periodEnd":"2018-03","sources":[{"source":"doc","at":"§3.6"}]}`
		seeds := mustRead(t, map[string]string{"relations.jsonl": late})
		events := accessions(seeds, "country:ma", "budapest")
		want := "the dates disagree: doc (§3.6) says it acceded by 2018-03; chart-ets185-2026-04-25 (line 9) says it acceded on 2018-06-29 (in force 2018-10-01)."
		if len(events) != 2 || events[0].Props["conflict"] != want || events[1].Props["conflict"] != want {
			t.Errorf("Morocco's events = %v, want two, each with conflict %q", events, want)
		}
		if len(seeds.Report.Conflicts) != 1 {
			t.Fatalf("conflicts = %v, want one", seeds.Report.Conflicts)
		}
		c := seeds.Report.Conflicts[0]
		if got := c.String(); got != "relations.jsonl:1: country:ma, convention:budapest: "+want+" (chart: "+budapestChartName+":9)" {
			t.Errorf("conflict = %s", got)
		}
	})

	t.Run("ErrConflict a different step", func(t *testing.T) {
		ratified := `{"from":"country:ke","type":"ACCESSION","to":"convention:budapest","status":"ratified","date":"2019","sources":[{"source":"doc","at":"§2"}]}`
		seeds := mustRead(t, map[string]string{"relations.jsonl": ratified})
		want := "the steps disagree: doc (§2) says it ratified in 2019; chart-ets185-2026-04-25 (line 11) says it was invited to accede (no date)."
		if len(seeds.Report.Conflicts) != 1 || seeds.Report.Conflicts[0].Message != want {
			t.Errorf("conflicts = %v, want %q", seeds.Report.Conflicts, want)
		}
		if n := len(accessions(seeds, "country:ke", "budapest")); n != 2 {
			t.Errorf("%d events of Kenya, want the document's and the chart's", n)
		}
	})

	t.Run("OK the documents' own steps and conventions without a chart stay as they are", func(t *testing.T) {
		interest := `{"from":"country:ke","type":"ACCESSION","to":"convention:budapest","status":"interest","periodEnd":"2018-03","note":"interest","sources":[{"source":"doc","at":"§3.6"}]}`
		other := `{"from":"country:ma","type":"ACCESSION","to":"convention:lanzarote","status":"party","date":"2015","sources":[{"source":"doc","at":"§1"}]}`
		seeds := mustRead(t, map[string]string{"relations.jsonl": interest + "\n" + other,
			"conventions.jsonl": okConvention + "\n" + okUN + "\n" + okP1 + "\n" + `{"id":"lanzarote","name":"Lanzarote","sources":[{"source":"doc","at":"l"}]}`})
		for _, party := range []string{"country:ke>budapest>interest", "country:ma>lanzarote>party"} {
			p := strings.Split(party, ">")
			found := false
			for _, e := range accessions(seeds, p[0], p[1]) {
				found = found || e.Props["status"] == p[2] && len(e.Sources) == 1 && e.Sources[0].SourceID == "doc"
			}
			if !found {
				t.Errorf("no document event %s", party)
			}
		}
		if len(seeds.Report.Conflicts) != 0 {
			t.Errorf("conflicts %v", seeds.Report.Conflicts)
		}
	})

	t.Run("OK warnings: a Party to a protocol that is not a Party to ETS 185", func(t *testing.T) {
		seeds := mustRead(t, nil)
		want := []string{protocolChartName + ":6: Poland (country:pl) is a Party to ETS 189 by this chart, but " +
			budapestChartName + " does not list it"}
		var got []string
		for _, w := range seeds.Report.Warnings {
			got = append(got, w.String())
		}
		if !slices.Equal(got, want) {
			t.Errorf("warnings = %q, want %q", got, want)
		}
	})

	t.Run("OK a folder without charts reads as before", func(t *testing.T) {
		if _, err := loader.Read(seedFS(nil)); err != nil {
			t.Fatal(err)
		}
	})

	bad := []struct {
		name  string
		files map[string]string
		want  string // a problem starting so
	}{
		{"ErrByteOrderMark", map[string]string{budapestChartName: "\uFEFF" + budapestChart},
			budapestChartName + ":1: the file starts with a byte-order mark"},
		{"ErrCells", map[string]string{budapestChartName: strings.Replace(budapestChart, "\tR.A.T.", "", 1)},
			budapestChartName + ":10: 8 cells, the column header (line 8) has 9"},
		{"ErrStatus", map[string]string{budapestChartName: strings.Replace(budapestChart, "\tratified\t", "\tparty\t", 1)},
			budapestChartName + `:10: status "party": want one of ratified, acceded, signed, listed-no-date`},
		{"ErrDate", map[string]string{budapestChartName: strings.Replace(budapestChart, "2003-04-22", "22/04/2003", 1)},
			budapestChartName + `:10: signature "22/04/2003": want YYYY-MM-DD`},
		{"ErrMonthOnAChartWhoseDatesAreDays", map[string]string{budapestChartName: strings.Replace(budapestChart, "2005-06-21", "2005-06", 1)},
			budapestChartName + `:10: ratification_or_accession "2005-06": want YYYY-MM-DD`},
		{"ErrMonthOnTheUNChartWithoutItsDatesHeader", map[string]string{unChartName: strings.Replace(unChart, ", or YYYY-MM where only the month is known", "", 1)},
			unChartName + `:8: ratification "2026-02": want YYYY-MM-DD`},
		{"ErrYearOnTheUNChart", map[string]string{unChartName: strings.Replace(unChart, "2026-02", "2026", 1)},
			unChartName + `:8: ratification "2026": want YYYY-MM-DD or YYYY-MM`},
		{"ErrImpossibleDate", map[string]string{budapestChartName: strings.Replace(budapestChart, "2003-04-22", "2003-02-30", 1)},
			budapestChartName + `:10: signature: date "2003-02-30": day must be 01 to 28`},
		{"ErrDatesOutOfOrder", map[string]string{budapestChartName: strings.Replace(budapestChart, "2005-10-01", "2005-01-01", 1)},
			budapestChartName + `:10: entry_into_force 2005-01-01 is before ratification 2005-06-21`},
		{"ErrNoTreaty", map[string]string{budapestChartName: strings.Replace(budapestChart, "# treaty: ", "# treaty_name: ", 1)},
			budapestChartName + ":8: the header has no # treaty: line"},
		{"ErrNoSource", map[string]string{budapestChartName: strings.Replace(budapestChart, "# source: ", "# from: ", 1)},
			budapestChartName + ":8: the header has no # source: line"},
		{"ErrNoStatusAsOf", map[string]string{protocolChartName: strings.Replace(protocolChart, "# status_as_of: ", "# as_of: ", 1)},
			protocolChartName + ":5: the header has no # status_as_of: line"},
		{"ErrNoComplete", map[string]string{unChartName: strings.Replace(unChart, "# complete: ", "# completeness: ", 1)},
			unChartName + ":6: the header has no # complete: line"},
		{"ErrComplete", map[string]string{budapestChartName: strings.Replace(budapestChart, "# complete: yes", "# complete: mostly", 1)},
			budapestChartName + `:5: # complete: want it to start with "yes" or "NO"`},
		{"ErrStatusAsOf", map[string]string{budapestChartName: strings.Replace(budapestChart, "# status_as_of: 2026-04-25", "# status_as_of: spring", 1)},
			budapestChartName + ":4: # status_as_of: want it to start with a date"},
		{"ErrHeaderLine", map[string]string{budapestChartName: "#treaty ETS No. 185\n" + budapestChart},
			budapestChartName + `:1: want a header line "# key: value"`},
		{"ErrHeaderTwice", map[string]string{budapestChartName: strings.Replace(budapestChart, "# dates:", "# complete: yes\n# dates:", 1)},
			budapestChartName + ":6: # complete: given twice (first at line 5)"},
		{"ErrHeaderAfterColumns", map[string]string{budapestChartName: budapestChart + "\n# note: late"},
			budapestChartName + ":12: a # line after the column header (line 8)"},
		{"ErrColumns", map[string]string{budapestChartName: strings.Replace(budapestChart, "\tchart_marks\n", "\tmarks\n", 1)},
			budapestChartName + `:8: columns ["country" "iso2" "group"`},
		{"ErrTreatyAndFileName", map[string]string{budapestChartName: strings.Replace(budapestChart, "ETS No. 185", "CETS No. 224", 1)},
			budapestChartName + ":1: # treaty: names CETS No. 224, but the file name (ets185-...) is that of a ETS 185 chart"},
		{"ErrNoISO2", map[string]string{budapestChartName: strings.Replace(budapestChart, "Denmark\tDK", "Denmark\t", 1)},
			budapestChartName + ":10: iso2: empty; only the European Union, which is not a State, has no iso2"},
		{"ErrISO2NotACountry", map[string]string{budapestChartName: strings.Replace(budapestChart, "Denmark\tDK", "Denmark\tEU", 1)},
			budapestChartName + `:10: iso2 "EU": not the code of a country in ISO 3166-1`},
		{"ErrISO2NotISO", map[string]string{budapestChartName: strings.Replace(budapestChart, "Denmark\tDK", "Denmark\tUK", 1)},
			budapestChartName + `:10: iso2 "UK": not the code of a country in ISO 3166-1`},
		{"ErrISO2Twice", map[string]string{budapestChartName: strings.Replace(budapestChart, "Kenya\tKE", "Kenya\tdk", 1)},
			budapestChartName + `:11: iso2 "DK" again (first at line 10)`},
		{"ErrSpaces", map[string]string{budapestChartName: strings.Replace(budapestChart, "Denmark\t", "Denmark \t", 1)},
			budapestChartName + `:10: country "Denmark ": spaces around the value`},
		{"ErrCarriageReturn", map[string]string{budapestChartName: strings.Replace(budapestChart, "R.A.T.\n", "R.A.T.\r\n", 1)},
			budapestChartName + ":10: carriage return at column"},
		{"ErrInvalidUTF8", map[string]string{budapestChartName: strings.Replace(budapestChart, "Denmark", "Denm\xe4rk", 1)},
			budapestChartName + ":10: invalid UTF-8 at column 5"},
		{"ErrGroup", map[string]string{budapestChartName: strings.Replace(budapestChart, "CoE member", "member", 1)},
			budapestChartName + `:10: group "member": want "CoE member" or "non-member"`},
		{"ErrChartNote", map[string]string{budapestChartName: strings.Replace(budapestChart, "\ta 4\t", "\ta 5\t", 1)},
			budapestChartName + `:11: chart_notes "a 5": note "5" is not one the # chart_notes: header explains`},
		{"ErrAccessionWithSignature", map[string]string{budapestChartName: strings.Replace(budapestChart, "non-member\t\t2018-06-29", "non-member\t2001-11-23\t2018-06-29", 1)},
			budapestChartName + ":9: status acceded with a signature date"},
		{"ErrAccessionWithoutNoteA", map[string]string{budapestChartName: strings.Replace(budapestChart, "\tacceded\ta\t", "\tacceded\t\t", 1)},
			budapestChartName + ":9: status acceded without chart note 'a'"},
		{"ErrSignedWithRatification", map[string]string{budapestChartName: strings.Replace(budapestChart, "\tratified\t", "\tsigned\t", 1)},
			budapestChartName + ":10: status signed with a date of ratification or entry into force"},
		{"ErrListedWithDate", map[string]string{budapestChartName: strings.Replace(budapestChart, "non-member\t\t\t\tlisted", "non-member\t2001-01-01\t\t\tlisted", 1)},
			budapestChartName + ":11: status listed-no-date with a date"},
		{"ErrNoRows", map[string]string{protocolChartName: strings.SplitAfter(protocolChart, "source_note\n")[0]},
			protocolChartName + ":5: the chart has no rows"},
		{"ErrNoColumnHeader", map[string]string{protocolChartName: "# treaty: ETS No. 189\n"},
			protocolChartName + ":2: no column header line up to the end of the file"}, // seedFS ends files with a blank line
		{"ErrUnknownChartName", map[string]string{"charts/ets186-chart-2026-04-25.tsv": budapestChart},
			"charts/ets186-chart-2026-04-25.tsv: not a chart file: charts/ holds one file per treaty"},
		{"ErrNotATSV", map[string]string{"charts/README.md": "charts"}, "charts/README.md: not a chart file"},
		{"ErrTwoChartsOfATreaty", map[string]string{"charts/ets185-chart-2026-05-01.tsv": strings.Replace(budapestChart, "2026-04-25", "2026-05-01", 1)},
			"charts/ets185-chart-2026-05-01.tsv: a second ETS 185 chart (the first is " + budapestChartName + ")"},
		{"ErrFileNameDate", map[string]string{budapestChartName: strings.Replace(budapestChart, "# status_as_of: 2026-04-25", "# status_as_of: 2026-05-01", 1)},
			budapestChartName + ":4: the file name dates the chart 2026-04-25, its # status_as_of: 2026-05-01: rename the file"},
		{"ErrNoConvention", map[string]string{"conventions.jsonl": okConvention + "\n" + okP1},
			unChartName + `:1: the chart is about convention "un-cybercrime", which conventions.jsonl does not hold`},
		{"ErrNoEuropeanUnion", map[string]string{"organizations.jsonl": ""},
			unChartName + `:7: country "European Union" (no iso2) "eu": no Organization has this id`},
		{"ErrCountryIDTaken", map[string]string{"countries.jsonl": okCountry + "\n" + `{"id":"dk","iso2":"DN","name":"Not Denmark","nameFr":"x","sources":[{"source":"doc","at":"l"}]}`},
			budapestChartName + `:10: duplicate Country id "dk" (first at countries.jsonl:2)`},
	}
	for _, tc := range bad {
		t.Run(tc.name+" nothing is loaded", func(t *testing.T) {
			seeds, err := loader.Read(seedFS(chartSeeds(tc.files)))
			var invalid *loader.InvalidSeedsError
			if !errors.As(err, &invalid) {
				t.Fatalf("Read() error = %v, want *InvalidSeedsError", err)
			}
			if len(seeds.Dataset.Nodes) != 0 || len(seeds.Dataset.Relationships) != 0 {
				t.Errorf("Read() returned a dataset with an error")
			}
			for _, p := range invalid.Problems {
				if strings.HasPrefix(p.String(), tc.want) {
					return
				}
			}
			t.Errorf("problems:\n%v\nwant one starting with %q", err, tc.want)
		})
	}
}

func TestReadChartKind(t *testing.T) {
	t.Run("OK a chart named otherwise is known by its treaty header", func(t *testing.T) {
		chart, err := loader.ReadChart("/tmp/newer.tsv", []byte(budapestChart))
		if err != nil {
			t.Fatal(err)
		}
		if chart.Kind != "ets185" || chart.ConventionID != "budapest" || chart.SourceID() != "chart-ets185-2026-04-25" {
			t.Errorf("chart = %s %s %s", chart.Kind, chart.ConventionID, chart.SourceID())
		}
	})
	t.Run("ErrWhichTreaty", func(t *testing.T) {
		_, err := loader.ReadChart("newer.tsv", []byte(strings.Replace(budapestChart, "ETS No. 185", "the Convention", 1)))
		if err == nil || !strings.Contains(err.Error(), "newer.tsv:8: which treaty? name the file after it (ets185, cets224, ets189, uncc, then a dash)") {
			t.Errorf("ReadChart() = %v", err)
		}
	})
	t.Run("OK ReadWithChart puts the chart in place of its treaty's", func(t *testing.T) {
		chart, err := loader.ReadChart("newer.tsv", []byte(budapestChart+"\nKenya2\tGH\tnon-member\t\t2018-12-03\t2019-04-01\tacceded\ta\tA."))
		if err != nil {
			t.Fatal(err)
		}
		seeds, replaced, err := loader.ReadWithChart(seedFS(chartSeeds(nil)), chart)
		if err != nil || replaced != budapestChartName {
			t.Fatalf("ReadWithChart() = %v, replaced %q", err, replaced)
		}
		if n := len(accessions(seeds, "country:gh", "budapest")); n != 1 || seeds.Files["newer.tsv"] != 4 || seeds.Files[budapestChartName] != 0 {
			t.Errorf("%d events of Ghana, files %v", n, seeds.Files)
		}
	})
}

// realChart is a chart of seeds/charts/ as the test reads it, apart from the loader: its lines, and its rows as
// maps of its columns, with their line numbers.
type realChart struct {
	lines []string
	rows  []map[string]string
}

func readRealChart(t *testing.T, name string) realChart {
	t.Helper()
	data, err := os.ReadFile(path.Join("../seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	c := realChart{lines: strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")}
	var columns []string
	for i, line := range c.lines {
		if strings.HasPrefix(line, "#") {
			continue
		}
		cells := strings.Split(line, "\t")
		if columns == nil {
			columns = cells
			continue
		}
		row := map[string]string{"line": fmt.Sprint(i + 1)}
		for j, column := range columns {
			row[column] = cells[j]
		}
		c.rows = append(c.rows, row)
	}
	return c
}

// TestReadRealCharts checks the repository's charts as loaded: every count comes from the files themselves.
func TestReadRealCharts(t *testing.T) {
	seeds, err := loader.Read(os.DirFS("../seeds"))
	if err != nil {
		t.Fatal(err)
	}
	charts := map[string]string{} // source id -> file
	for _, n := range seeds.Dataset.Nodes {
		if file, _ := n.Props["file"].(string); n.Label == "Source" && strings.HasPrefix(file, "charts/") {
			charts[n.ID] = file
		}
	}
	files, _ := os.ReadDir("../seeds/charts")
	if len(charts) != len(files) || len(files) != 4 {
		t.Fatalf("chart sources %v for the files %v", charts, files)
	}

	t.Run("OK the Parties to the Budapest Convention are the chart's", func(t *testing.T) {
		parties := 0
		for _, row := range readRealChart(t, "charts/ets185-chart-2026-04-25.tsv").rows {
			if row["status"] == "ratified" || row["status"] == "acceded" {
				parties++
			}
		}
		events := 0
		for _, r := range seeds.Dataset.Relationships {
			if r.Type == "ACCESSION" && r.ToID == "budapest" && oneOf(r.Props["status"], "ratified", "acceded") &&
				slices.ContainsFunc(r.Sources, func(s cybercoop.SourceRef) bool { return s.SourceID == "chart-ets185-2026-04-25" }) {
				events++
			}
		}
		if parties == 0 || events != parties {
			t.Errorf("%d ratified or acceded events to convention:budapest from the chart, the chart has %d such rows", events, parties)
		}
	})

	t.Run("OK Morocco's accession to the Budapest Convention is one event", func(t *testing.T) {
		var line string
		for _, row := range readRealChart(t, "charts/ets185-chart-2026-04-25.tsv").rows {
			if row["iso2"] == "MA" {
				line = "line " + row["line"]
			}
		}
		var parties []cybercoop.Relationship
		for _, r := range accessions(seeds, "country:ma", "budapest") {
			if oneOf(r.Props["status"], "acceded", "ratified", "party") {
				parties = append(parties, r)
			}
		}
		if len(parties) != 1 {
			t.Fatalf("Morocco has %d events making it a Party to the Budapest Convention, want one: %v", len(parties), parties)
		}
		e := parties[0]
		for _, want := range []cybercoop.SourceRef{{SourceID: "chart-ets185-2026-04-25", Locator: line},
			{SourceID: "cproc-report-2018", Locator: "§3.8, line 319"}, {SourceID: "cproc-report-2018", Locator: "§9, line 412"}} {
			if !slices.Contains(e.Sources, want) {
				t.Errorf("Morocco's accession cites %v, not %v", e.Sources, want)
			}
		}
		if len(e.Sources) != 3 || e.Props["status"] != "acceded" || e.Props["date"] != "2018-06-29" || e.Props["conflict"] != nil {
			t.Errorf("Morocco's accession = %v %v", e.Props, e.Sources)
		}
	})

	t.Run("OK Ghana acceded to the Budapest Convention and signed the UN Convention", func(t *testing.T) {
		budapest := accessions(seeds, "country:gh", "budapest")
		if len(budapest) != 1 || budapest[0].Props["status"] != "acceded" || budapest[0].Props["date"] != "2018-12-03" ||
			budapest[0].Props["entryIntoForce"] != "2019-04-01" {
			t.Errorf("Ghana's Budapest events = %v", budapest)
		}
		un := accessions(seeds, "country:gh", "un-cybercrime")
		if len(un) != 1 || un[0].Props["status"] != "signed" {
			t.Errorf("Ghana's UN events = %v", un)
		}
	})

	t.Run("OK the European Union signed the UN Convention as organization:eu", func(t *testing.T) {
		if eu := accessions(seeds, "organization:eu", "un-cybercrime"); len(eu) != 1 || eu[0].Props["status"] != "signed" {
			t.Errorf("the EU's UN events = %v", eu)
		}
		if node(seeds, "Country", "eu") != nil {
			t.Error("the European Union is a country")
		}
	})

	t.Run("OK every chart line with a step is cited by it, and names its party", func(t *testing.T) {
		cited := map[string]bool{} // file:line
		for _, r := range seeds.Dataset.Relationships {
			for _, src := range r.Sources {
				file, ok := charts[src.SourceID]
				if !ok {
					continue
				}
				if r.Type != "ACCESSION" {
					t.Errorf("a %s relationship cites %s", r.Type, file)
					continue
				}
				var n int
				if _, err := fmt.Sscanf(src.Locator, "line %d", &n); err != nil || fmt.Sprintf("line %d", n) != src.Locator {
					t.Errorf("%s %s cites %s at %q, want \"line N\"", r.FromID, r.ToID, file, src.Locator)
					continue
				}
				lines := readRealChart(t, file).lines
				if n < 1 || n > len(lines) {
					t.Errorf("%s %s cites %s line %d, beyond its end", r.FromID, r.ToID, file, n)
					continue
				}
				cells := strings.Split(lines[n-1], "\t")
				names := r.FromLabel == "Country" && strings.EqualFold(cells[1], r.FromID) ||
					r.FromLabel == "Organization" && r.FromID == "eu" && cells[0] == "European Union" && cells[1] == ""
				if !names {
					t.Errorf("%s:%s cites %s line %d, which is %q", r.FromLabel, r.FromID, file, n, lines[n-1])
				}
				if conv := node(seeds, "Convention", r.ToID); conv == nil || conv.Props["chartSource"] != src.SourceID {
					t.Errorf("an event to %s cites the chart of another convention, %s", r.ToID, src.SourceID)
				}
				cited[file+":"+fmt.Sprint(n)] = true
			}
		}
		for _, file := range charts {
			for _, row := range readRealChart(t, file).rows {
				if !cited[file+":"+row["line"]] {
					t.Errorf("%s:%s (%s) is cited by no event", file, row["line"], row["country"])
				}
			}
		}
	})

	t.Run("OK the charts' States are countries: those of the seeds, and new ones", func(t *testing.T) {
		existing := map[string]bool{}
		base, err := loader.Read(withoutCharts(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range base.Dataset.Nodes {
			if n.Label == "Country" {
				existing[strings.ToUpper(n.Props["iso2"].(string))] = true
			}
		}
		named := map[string]bool{}
		for _, file := range charts {
			for _, row := range readRealChart(t, file).rows {
				if row["iso2"] != "" {
					named[strings.ToUpper(row["iso2"])] = true
				}
			}
		}
		added := 0
		for iso2 := range named {
			if !existing[iso2] {
				added++
			}
			if node(seeds, "Country", strings.ToLower(iso2)) == nil {
				t.Errorf("no country %s", iso2)
			}
		}
		count := seeds.Dataset.Counts()
		if count.Nodes["Country"] != len(existing)+added || count.Nodes["Source"] != base.Dataset.Counts().Nodes["Source"]+len(charts) {
			t.Errorf("%d countries, %d sources; want the %d of the seeds and %d new; %d sources and the %d charts",
				count.Nodes["Country"], count.Nodes["Source"], len(existing), added, base.Dataset.Counts().Nodes["Source"], len(charts))
		}
		t.Logf("the charts name %d States, %d of them already in countries.jsonl", len(named), len(named)-added)
	})

	t.Run("OK the report lists every conflict", func(t *testing.T) {
		withConflict := 0
		for _, r := range seeds.Dataset.Relationships {
			if _, ok := r.Props["conflict"]; ok && !slices.ContainsFunc(r.Sources, func(s cybercoop.SourceRef) bool { return charts[s.SourceID] != "" }) {
				withConflict++
			}
		}
		if withConflict != len(seeds.Report.Conflicts) {
			t.Errorf("%d document events have a conflict, the report lists %d", withConflict, len(seeds.Report.Conflicts))
		}
		t.Logf("%d conflict(s) between the documents and the charts", len(seeds.Report.Conflicts))
		for _, c := range seeds.Report.Conflicts {
			t.Log("  " + c.String())
		}
		t.Logf("%d warning(s)", len(seeds.Report.Warnings))
		for _, w := range seeds.Report.Warnings {
			t.Log("  " + w.String())
		}
	})

	t.Run("OK the ETS 189 chart says it is partial, with its number of rows", func(t *testing.T) {
		rows := len(readRealChart(t, "charts/ets189-partial-2025-06-04.tsv").rows)
		c := node(seeds, "Convention", "ets-189")
		if note, _ := c.Props["chartNote"].(string); c.Props["chartComplete"] != false || !strings.HasPrefix(note, fmt.Sprintf("NO: %d of about 47 States", rows)) {
			t.Errorf("ETS 189: %v", c.Props)
		}
		for _, id := range []string{"budapest", "second-protocol", "un-cybercrime"} {
			if c := node(seeds, "Convention", id); c.Props["chartComplete"] != true {
				t.Errorf("%s: chartComplete %v", id, c.Props["chartComplete"])
			}
		}
	})
}

// withoutCharts is a copy of the seed folder without its charts/ folder.
func withoutCharts(t *testing.T) fs.FS {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../seeds")); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(path.Join(dir, "charts")); err != nil {
		t.Fatal(err)
	}
	return os.DirFS(dir)
}

func oneOf(v any, values ...string) bool {
	s, ok := v.(string)
	return ok && slices.Contains(values, s)
}
