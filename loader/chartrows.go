package loader

import (
	"regexp"
	"slices"
	"strings"

	"github.com/cybercoop/cybercoop"
)

// row reads one row of the table.
func (p *chartParser) row(n int, text string) {
	if p.skipRows {
		return
	}
	cells := strings.Split(text, "\t")
	if len(cells) != len(p.columns) {
		p.problem(n, "%d cells, the column header (line %d) has %d: one tab between cells, an empty cell for a date not given",
			len(cells), p.colLine, len(p.columns))
		return
	}
	get := func(column string) string {
		if i := slices.Index(p.columns, column); i >= 0 {
			return cells[i]
		}
		return ""
	}
	before := len(p.problems)
	for i, cell := range cells {
		if cell != strings.TrimSpace(cell) {
			p.problem(n, "%s %q: spaces around the value", p.columns[i], cell)
		}
	}
	row := ChartRow{Line: n, Country: get("country"), ISO2: strings.ToUpper(get("iso2")), Group: get("group"),
		Status: get("status")}
	if strings.TrimSpace(row.Country) == "" {
		p.problem(n, "country: empty")
	}
	p.checkParty(n, row)
	if !slices.Contains(p.kind.statuses, row.Status) {
		p.problem(n, "status %q: want one of %s", row.Status, strings.Join(p.kind.statuses, ", "))
	}
	if slices.Contains(p.columns, "group") && !oneOf(row.Group, "CoE member", "non-member") {
		p.problem(n, `group %q: want "CoE member" or "non-member"`, row.Group)
	}
	row.Signature = p.date(n, "signature", get("signature"))
	ratification := "ratification"
	if !slices.Contains(p.columns, ratification) {
		ratification = "ratification_or_accession"
	}
	row.Ratification = p.date(n, ratification, get(ratification))
	row.EntryIntoForce = p.date(n, "entry_into_force", get("entry_into_force"))
	if notes := get("chart_notes"); notes != "" {
		row.Notes = strings.Split(notes, " ")
		for _, note := range row.Notes {
			if _, ok := p.chart.noteTexts[note]; !ok {
				p.problem(n, "chart_notes %q: note %q is not one the # chart_notes: header explains", notes, note)
			}
		}
	}
	if marks := get("chart_marks"); !chartMarks.MatchString(marks) {
		p.problem(n, "chart_marks %q: want letters each followed by a dot (R.D.A.)", marks)
	}
	if slices.Contains(p.columns, "source_url") && !isWebURL(get("source_url")) {
		p.problem(n, "source_url %q: want an http(s) URL", get("source_url"))
	}
	if len(p.problems) > before {
		return
	}
	p.checkSteps(n, row)
	if first, dup := p.seen[row.ISO2]; dup {
		p.problem(n, "iso2 %q again (first at line %d): one row per State", row.ISO2, first)
		return
	}
	p.seen[row.ISO2] = n
	p.chart.Rows = append(p.chart.Rows, row)
}

// checkParty refuses an iso2 that is not a country's ISO 3166-1 code, and a row without one other than the
// European Union's.
func (p *chartParser) checkParty(n int, row ChartRow) {
	if row.ISO2 == "" {
		if row.Country != europeanUnion {
			p.problem(n, "iso2: empty; only the %s, which is not a State, has no iso2", europeanUnion)
		}
		return
	}
	if _, err := countryRegion(row.ISO2); err != nil {
		p.problem(n, "iso2 %q: %v", row.ISO2, err)
	}
}

// date checks a date cell: "" (not given), YYYY-MM-DD, or YYYY-MM where the chart allows it.
func (p *chartParser) date(n int, column, text string) string {
	if text == "" {
		return ""
	}
	if !dayPattern.MatchString(text) && !(p.months && monthPattern.MatchString(text)) {
		want := "YYYY-MM-DD"
		if p.months {
			want = "YYYY-MM-DD or YYYY-MM"
		}
		p.problem(n, "%s %q: want %s", column, text, want)
		return ""
	}
	if _, err := cybercoop.ParsePartialDate(text); err != nil {
		p.problem(n, "%s: %v", column, err)
		return ""
	}
	return text
}

var (
	dayPattern   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	monthPattern = regexp.MustCompile(`^\d{4}-\d{2}$`)
)

// checkSteps refuses a row whose dates contradict its status or come out of order.
func (p *chartParser) checkSteps(n int, row ChartRow) {
	accession := slices.Contains(row.Notes, "a")
	switch row.Status {
	case "ratified", "acceded":
		if row.Ratification == "" && row.EntryIntoForce == "" {
			p.problem(n, "status %s without a date of %s or of entry into force", row.Status, stepNoun(row.Status))
		}
		if row.Status == "acceded" && row.Signature != "" {
			p.problem(n, "status acceded with a signature date: an accession is not preceded by a signature (ratified?)")
		}
	case "signed":
		if row.Ratification != "" || row.EntryIntoForce != "" {
			p.problem(n, "status signed with a date of ratification or entry into force (ratified?)")
		}
	case "listed-no-date":
		if row.Signature != "" || row.Ratification != "" || row.EntryIntoForce != "" {
			p.problem(n, "status listed-no-date with a date")
		}
	}
	if slices.Contains(p.columns, "chart_notes") {
		switch {
		case row.Status == "acceded" && !accession:
			p.problem(n, "status acceded without chart note 'a' (accession)")
		case accession && !oneOf(row.Status, "acceded", "listed-no-date"):
			p.problem(n, "chart note 'a' (accession) on a row with status %s", row.Status)
		}
	}
	dates := []struct{ name, value string }{{"signature", row.Signature}, {"ratification", row.Ratification},
		{"entry_into_force", row.EntryIntoForce}}
	for i := 0; i < len(dates); i++ {
		for j := i + 1; j < len(dates); j++ {
			a, b := dates[i], dates[j]
			if a.value != "" && b.value != "" && lastDay(b.value) < firstDay(a.value) {
				p.problem(n, "%s %s is before %s %s", b.name, b.value, a.name, a.value)
			}
		}
	}
}

// stepNoun names the step a status word records.
func stepNoun(status string) string {
	switch status {
	case "signed":
		return "signature"
	case "ratified":
		return "ratification"
	case "acceded":
		return "accession"
	case "invited":
		return "invitation"
	}
	return status
}

// firstDay and lastDay are the ISO day bounds of a valid partial date.
func firstDay(s string) string {
	d, _ := cybercoop.ParsePartialDate(s)
	return d.FirstDay().Format("2006-01-02")
}

func lastDay(s string) string {
	d, _ := cybercoop.ParsePartialDate(s)
	return d.LastDay().Format("2006-01-02")
}
