package loader

import (
	"regexp"
	"strings"
)

// Treaty charts (seeds/charts/*.tsv) give the status of every State under a treaty: one tab-separated file per
// treaty, a "# key: value" header (the treaty, the source and its URL, the date the table speaks for, whether it
// is complete, what the columns mean), one column header line, then one row per State. ReadChart reads one; Read
// turns the charts of the seed folder into Source, Country and Convention properties and ACCESSION events.

// ChartsDir is the folder of the seed set that holds the treaty charts, one file per treaty.
const ChartsDir = "charts"

// chartKind is what the loader knows of the charts of one treaty: how their files are named, which convention they
// are about, and their shape.
type chartKind struct {
	prefix     string // a chart file's name starts with prefix + "-"
	convention string // the Convention id (conventions.jsonl)
	treaty     string // what the "# treaty:" header names: "ETS No. 185"
	short      string // how a message names the treaty
	columns    []string
	statuses   []string
	// months: a date may be YYYY-MM, where the chart's "# dates:" header says so too.
	months bool
}

var chartKinds = []chartKind{
	{prefix: "ets185", convention: "budapest", treaty: "ETS No. 185", short: "ETS 185",
		columns: []string{"country", "iso2", "group", "signature", "ratification_or_accession", "entry_into_force",
			"status", "chart_notes", "chart_marks"},
		statuses: []string{"ratified", "acceded", "signed", "listed-no-date"}},
	{prefix: "cets224", convention: "second-protocol", treaty: "CETS No. 224", short: "CETS 224",
		columns:  []string{"country", "iso2", "signature", "ratification", "status", "source_url", "source_note"},
		statuses: []string{"signed", "ratified"}},
	{prefix: "ets189", convention: "ets-189", treaty: "ETS No. 189", short: "ETS 189",
		columns: []string{"country", "iso2", "signature", "ratification_or_accession", "entry_into_force", "status",
			"source_url", "source_note"},
		statuses: []string{"signed", "ratified", "acceded"}},
	{prefix: "uncc", convention: "un-cybercrime", treaty: "United Nations Convention against Cybercrime",
		short:    "the UN Convention against Cybercrime",
		columns:  []string{"country", "iso2", "signature", "ratification", "status", "source_url", "source_note"},
		statuses: []string{"signed", "ratified"}, months: true},
}

func chartPrefixes() string {
	names := make([]string, len(chartKinds))
	for i, k := range chartKinds {
		names[i] = k.prefix
	}
	return strings.Join(names, ", ")
}

// kindOfName is the kind whose prefix starts a file's base name, or nil.
func kindOfName(name string) *chartKind {
	base := name[strings.LastIndexAny(name, `/\`)+1:]
	for i := range chartKinds {
		if strings.HasPrefix(base, chartKinds[i].prefix+"-") {
			return &chartKinds[i]
		}
	}
	return nil
}

// treatyPatterns find a kind's treaty in a "# treaty:" header, not inside a longer name or number ("CETS No. 185"
// is not "ETS No. 185").
var treatyPatterns = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(chartKinds))
	for i, k := range chartKinds {
		out[i] = regexp.MustCompile(`(?:^|[^\pL])` + regexp.QuoteMeta(k.treaty) + `(?:[^\pN]|$)`)
	}
	return out
}()

// publishers are the depositaries and treaty databases a chart's "# source:" header may name, the first found being
// the Source node's publisher: a depositary before a database that copies it, a long name before its prefix.
var publishers = []string{"Council of Europe Treaty Office", "UN Treaty Collection",
	"Netherlands Treaty Database (Verdragenbank)", "Netherlands Treaty Database", "Council of Europe", "United Nations"}

// requiredHeaders are the header fields every chart gives.
var requiredHeaders = []string{"treaty", "source", "status_as_of", "complete"}

// Chart is a treaty chart read from its file: what its header says and its rows.
type Chart struct {
	File         string // the name it was read under, e.g. "charts/ets185-chart-2026-04-25.tsv"
	Kind         string // the file name prefix of its treaty: ets185, cets224, ets189 or uncc
	ConventionID string
	Treaty       string // the header's treaty: text
	Source       string // the header's source: text
	URL          string // the first URL of source_url:, "" when the header has none
	Publisher    string // the depositary or database the source: text names
	// StatusAsOf is the date the table speaks for, as an ISO partial date: "2026-04-25", "2026-01" (January 2026).
	StatusAsOf string
	// SourceDate is StatusAsOf when the header gives it in ISO form, else "".
	SourceDate string
	Complete   bool   // the complete: text starts with "yes" (or "names yes"), not "NO"
	Note       string // the complete: text, its %d filled with the number of rows
	Rows       []ChartRow
	// HeaderLines are the line numbers of the header fields.
	HeaderLines map[string]int
	noteTexts   map[string]string // chart_notes: what each note says
	lines       []string          // the file's lines, which a record may cite
}

// SourceID is the id of the Source node of the chart: "chart-ets185-2026-04-25".
func (c *Chart) SourceID() string { return "chart-" + c.Kind + "-" + c.StatusAsOf }

// Short is how a message names the chart's treaty: "ETS 185".
func (c *Chart) Short() string { return c.kind().short }

func (c *Chart) kind() *chartKind {
	for i := range chartKinds {
		if chartKinds[i].prefix == c.Kind {
			return &chartKinds[i]
		}
	}
	return &chartKind{prefix: c.Kind, short: c.Kind}
}

// ChartRow is one State (or the European Union) on a chart, as the row gives it. A date is "" where the chart
// gives none.
type ChartRow struct {
	Line           int
	Country        string   // as the chart spells it
	ISO2           string   // upper case; "" for the European Union
	Group          string   // ETS 185: "CoE member" or "non-member"
	Status         string   // the chart's status word
	Signature      string   // YYYY-MM-DD (or YYYY-MM on a chart whose dates header allows it)
	Ratification   string   // the ratification or accession
	EntryIntoForce string   // YYYY-MM-DD
	Notes          []string // ETS 185 chart notes: "a", "4", "55"
}

// utf8BOM is the byte-order mark some editors put at the start of a UTF-8 file.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ReadChart reads a treaty chart. Which treaty it is comes from its file name's prefix (ets185-, cets224-, ets189-,
// uncc-) or its "# treaty:" header; when both say, they must agree. It refuses, with an *InvalidSeedsError listing
// every problem by line: a byte-order mark, bytes that are not UTF-8, carriage returns, a line too long, a header
// line that is not "# key: value" or comes after the column header, a field given twice, a missing treaty, source,
// status_as_of or complete field, columns other than that treaty's, a row whose number of cells differs from the
// column header's, spaces around a value, an unknown status word, group or chart note, a date that is not
// YYYY-MM-DD (YYYY-MM only on the UN chart, whose dates header allows it), dates out of order or that contradict
// the status, an iso2 that is not an ISO 3166-1 country code or is given twice, a row without iso2 other than the
// European Union's, and a chart without rows.
func ReadChart(name string, data []byte) (*Chart, error) {
	p := &chartParser{chart: &Chart{File: name, HeaderLines: map[string]int{}}, headers: map[string]string{},
		seen: map[string]int{}}
	p.read(data)
	p.chart.lines = splitDocument(data)
	if len(p.problems) > 0 {
		sortProblems(p.problems)
		return nil, &InvalidSeedsError{Problems: p.problems}
	}
	return p.chart, nil
}
