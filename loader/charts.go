package loader

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cybercoop/cybercoop"
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

type chartParser struct {
	chart    *Chart
	kind     *chartKind
	headers  map[string]string
	columns  []string // nil until the column header line
	colLine  int
	months   bool // dates may be YYYY-MM
	skipRows bool // the columns are unusable: rows are not read
	seen     map[string]int
	problems []Problem
}

func (p *chartParser) problem(line int, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.chart.File, Line: line, Message: fmt.Sprintf(format, args...)})
}

func (p *chartParser) read(data []byte) {
	if bytes.HasPrefix(data, utf8BOM) {
		p.problem(1, "the file starts with a byte-order mark (U+FEFF): save it as UTF-8 without one")
		data = data[len(utf8BOM):]
	}
	// The file is in memory already: its lines are cut from it rather than read through scanLines' buffer.
	last := 1
	for number := 1; len(data) > 0; number++ {
		text, rest, _ := bytes.Cut(data, []byte("\n"))
		if len(text) > MaxLineBytes {
			p.line(line{number: number, tooLong: true})
		} else {
			p.line(line{number: number, text: text})
		}
		data, last = rest, number
	}
	switch {
	case p.columns == nil:
		p.problem(last, "no column header line up to the end of the file: a chart is a # header, a line of column "+
			"names, then one row per State")
	case !p.skipRows && len(p.chart.Rows) == 0:
		p.problem(p.colLine, "the chart has no rows")
	}
	p.chart.Note = strings.ReplaceAll(p.chart.Note, "%d", fmt.Sprint(len(p.chart.Rows)))
}

func (p *chartParser) line(l line) {
	if l.tooLong {
		p.problem(l.number, "line longer than %d bytes: no chart row is that long", MaxLineBytes)
		return
	}
	if !utf8.Valid(l.text) {
		p.problem(l.number, "invalid UTF-8 at column %d: save the file as UTF-8", invalidUTF8Column(l.text))
		return
	}
	if i := bytes.IndexByte(l.text, '\r'); i >= 0 {
		p.problem(l.number, "carriage return at column %d: save the file with LF line ends", i+1)
		return
	}
	text := string(l.text)
	switch {
	case text == "":
	case strings.HasPrefix(text, "#"):
		p.header(l.number, text)
	case p.columns == nil:
		p.columnHeader(l.number, text)
	default:
		p.row(l.number, text)
	}
}

var headerPattern = regexp.MustCompile(`^# ([a-z][a-z0-9_]*): (\S(?:.*\S)?)$`)

func (p *chartParser) header(n int, text string) {
	if p.columns != nil {
		p.problem(n, "a # line after the column header (line %d): the header comes first", p.colLine)
		return
	}
	m := headerPattern.FindStringSubmatch(text)
	if m == nil {
		p.problem(n, `want a header line "# key: value" (key in lower case, no spaces around the value)`)
		return
	}
	key, value := m[1], m[2]
	if first, dup := p.chart.HeaderLines[key]; dup {
		p.problem(n, "# %s: given twice (first at line %d)", key, first)
		return
	}
	p.chart.HeaderLines[key], p.headers[key] = n, value
}

// columnHeader reads the line of column names, which ends the header: the treaty is known and the header checked.
func (p *chartParser) columnHeader(n int, text string) {
	p.columns, p.colLine = strings.Split(text, "\t"), n
	p.kind = p.detectKind(n)
	if p.kind == nil {
		p.skipRows = true
		return
	}
	p.chart.Kind, p.chart.ConventionID = p.kind.prefix, p.kind.convention
	if !slices.Equal(p.columns, p.kind.columns) {
		p.problem(n, "columns %q: a %s chart has the columns %q", p.columns, p.kind.short, p.kind.columns)
		p.skipRows = true
	}
	p.checkHeader(n)
}

// detectKind says which treaty the chart is about, from its file name and its treaty header.
func (p *chartParser) detectKind(n int) *chartKind {
	byName := kindOfName(p.chart.File)
	var byTreaty *chartKind
	if treaty, ok := p.headers["treaty"]; ok {
		for i, pattern := range treatyPatterns {
			if !pattern.MatchString(treaty) {
				continue
			}
			if byTreaty != nil {
				p.problem(p.chart.HeaderLines["treaty"], "# treaty: names both %s and %s", byTreaty.treaty, chartKinds[i].treaty)
				return nil
			}
			byTreaty = &chartKinds[i]
		}
	}
	switch {
	case byName != nil && byTreaty != nil && byName != byTreaty:
		p.problem(p.chart.HeaderLines["treaty"], "# treaty: names %s, but the file name (%s-...) is that of a %s chart",
			byTreaty.treaty, byName.prefix, byName.short)
		return nil
	case byName != nil:
		return byName
	case byTreaty != nil:
		return byTreaty
	}
	p.problem(n, "which treaty? name the file after it (%s, then a dash) or name %s in the # treaty: header",
		chartPrefixes(), strings.Join(treaties(), ", "))
	return nil
}

func treaties() []string {
	out := make([]string, len(chartKinds))
	for i, k := range chartKinds {
		out[i] = k.treaty
	}
	return out
}

var (
	// isoLead is a status_as_of that starts with an ISO date: "2026-04-25 (the page says ...)".
	isoLead = regexp.MustCompile(`^(\d{4}-\d{2}(?:-\d{2})?)(?:[\s(;,]|$)`)
	// monthLead is one that starts with a month in words: "January 2026 for the names".
	monthLead = regexp.MustCompile(`^(January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})(?:[\s(;,]|$)`)
	// completeLead is how a complete: text starts: yes, NO, or "names yes" (the UN chart: names complete, dates not).
	completeLead = regexp.MustCompile(`^(?:names )?(yes|NO)\b`)
	// monthDates is a dates: header that allows a month alone ("YYYY-MM where only the month is known").
	monthDates = regexp.MustCompile(`YYYY-MM(?:[^-]|$)`)
	// chartNote is one note of a chart_notes: header: "'55' Montenegro and Serbia: date of signature by ...".
	chartNote = regexp.MustCompile(`'([^']+)' ([^;]*)`)
	// chartMarks are the links on an ETS 185 row: "R.D.A.T.".
	chartMarks = regexp.MustCompile(`^(?:[A-Z]\.)*$`)
)

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September",
	"October", "November", "December"}

// checkHeader checks the header fields once the column header has ended them; n is the column header's line.
func (p *chartParser) checkHeader(n int) {
	c := p.chart
	for _, key := range requiredHeaders {
		if _, ok := p.headers[key]; !ok {
			p.problem(n, "the header has no # %s: line (a chart's header gives %s)", key, strings.Join(requiredHeaders, ", "))
		}
	}
	c.Treaty, c.Source = p.headers["treaty"], p.headers["source"]
	if c.Source != "" {
		for _, name := range publishers {
			if strings.Contains(c.Source, name) {
				c.Publisher = name
				break
			}
		}
		if c.Publisher == "" {
			p.problem(c.HeaderLines["source"], "# source: names none of the depositaries and treaty databases the loader knows (%s)",
				strings.Join(publishers, "; "))
		}
	}
	if status, ok := p.headers["status_as_of"]; ok {
		if m := isoLead.FindStringSubmatch(status); m != nil {
			if _, err := cybercoop.ParsePartialDate(m[1]); err != nil {
				p.problem(c.HeaderLines["status_as_of"], "# status_as_of: %v", err)
			}
			c.StatusAsOf, c.SourceDate = m[1], m[1]
		} else if m := monthLead.FindStringSubmatch(status); m != nil {
			c.StatusAsOf = fmt.Sprintf("%s-%02d", m[2], slices.Index(months, m[1])+1)
		} else {
			p.problem(c.HeaderLines["status_as_of"], "# status_as_of: want it to start with a date: YYYY-MM-DD, YYYY-MM or a month and year (January 2026)")
		}
	}
	if complete, ok := p.headers["complete"]; ok {
		m := completeLead.FindStringSubmatch(complete)
		if m == nil {
			p.problem(c.HeaderLines["complete"], `# complete: want it to start with "yes" or "NO" (or "names yes")`)
		}
		c.Complete, c.Note = m != nil && m[1] == "yes", complete
	}
	if urls, ok := p.headers["source_url"]; ok {
		first, _, _ := strings.Cut(urls, " ; ")
		if !isWebURL(first) {
			p.problem(c.HeaderLines["source_url"], "# source_url: %q is not an http(s) URL (several are separated by \" ; \")", first)
		}
		c.URL = first
	}
	p.months = p.kind.months && monthDates.MatchString(p.headers["dates"])
	c.noteTexts = map[string]string{}
	for _, m := range chartNote.FindAllStringSubmatch(p.headers["chart_notes"], -1) {
		c.noteTexts[m[1]] = strings.TrimSpace(m[2])
	}
}

func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && !strings.ContainsAny(s, " \t")
}

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
