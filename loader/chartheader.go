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
