package loader

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/cybercoop/cybercoop"
)

// chartFileName is how a chart is named in the seed folder: its treaty's prefix, a word or two, and the date it
// speaks for (its status_as_of): ets185-chart-2026-04-25.tsv, uncc-signatories-2026-01.tsv.
var chartFileName = regexp.MustCompile(`^([a-z0-9]+)-[a-z]+(?:-[a-z]+)*-(\d{4}-\d{2}(?:-\d{2})?)\.tsv$`)

// readCharts reads the charts of the seed folder's charts/ (none is fine), with replace, when not nil, in place of
// the one of its treaty. It returns them in the order of chartKinds and the name of the file replaced ("" when
// none was).
func (r *reader) readCharts(fsys fs.FS, replace *Chart) ([]*Chart, string) {
	var entries []fs.DirEntry
	if info, err := fs.Stat(fsys, ChartsDir); err == nil && info.IsDir() {
		if entries, err = fs.ReadDir(fsys, ChartsDir); err != nil {
			r.problems = append(r.problems, Problem{File: ChartsDir, Message: fmt.Sprintf("cannot list: %v", err)})
		}
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		r.problems = append(r.problems, Problem{File: ChartsDir, Message: fmt.Sprintf("cannot read: %v", err)})
	}
	var charts []*Chart
	replaced := ""
	first := map[string]string{} // kind -> its file
	for _, e := range entries {
		name := ChartsDir + "/" + e.Name()
		m := chartFileName.FindStringSubmatch(e.Name())
		kind := kindOfName(e.Name())
		if !e.Type().IsRegular() || m == nil || kind == nil || kind.prefix != m[1] {
			r.problems = append(r.problems, Problem{File: name, Message: fmt.Sprintf("not a chart file: %s/ holds one "+
				"file per treaty, named TREATY-WORD-DATE.tsv with TREATY one of %s and DATE its status_as_of "+
				"(ets185-chart-2026-04-25.tsv); move other files out of it", ChartsDir, chartPrefixes())})
			continue
		}
		if other, dup := first[kind.prefix]; dup {
			r.problems = append(r.problems, Problem{File: name, Message: fmt.Sprintf(
				"a second %s chart (the first is %s): one chart per treaty", kind.short, other)})
			continue
		}
		first[kind.prefix] = name
		if replace != nil && replace.Kind == kind.prefix {
			replaced = name
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			r.problems = append(r.problems, Problem{File: name, Message: fmt.Sprintf("cannot read: %v", err)})
			continue
		}
		chart, err := ReadChart(name, data)
		var invalid *InvalidSeedsError
		if errors.As(err, &invalid) {
			r.problems = append(r.problems, invalid.Problems...)
			r.files[name] = 0
			continue
		}
		if chart.StatusAsOf != m[2] {
			r.problem(Problem{File: name, Line: chart.HeaderLines["status_as_of"]},
				"the file name dates the chart %s, its # status_as_of: %s: rename the file", m[2], chart.StatusAsOf)
		}
		r.files[name] = len(chart.Rows)
		charts = append(charts, chart)
	}
	if replace != nil {
		r.files[replace.File] = len(replace.Rows)
		charts = append(charts, replace)
	}
	for _, c := range charts {
		r.chartLines[c.SourceID()] = c.lines
	}
	order := func(c *Chart) int {
		return slices.IndexFunc(chartKinds, func(k chartKind) bool { return k.prefix == c.Kind })
	}
	sort.SliceStable(charts, func(i, j int) bool { return order(charts[i]) < order(charts[j]) })
	return charts, replaced
}

// chartParty is a State or the European Union as the charts name it: the node its events come from.
type chartParty struct {
	label, id string
}

func (p chartParty) String() string { return strings.ToLower(p.label) + ":" + p.id }

// applyCharts turns the charts into nodes, properties and events: a Source node per chart, the chart's properties
// on its Convention, a Country node for each State the seeds do not hold yet, coeMember from the ETS 185 chart, and
// one ACCESSION event per step merged with the documents' (mergeDocuments).
func (r *reader) applyCharts(charts []*Chart) {
	if len(charts) == 0 {
		return
	}
	index := map[string]int{} // "Label:id" -> index in r.data.Nodes
	countries := map[string]int{}
	for i, n := range r.data.Nodes {
		index[n.Label+":"+n.ID] = i
		if iso2, ok := n.Props["iso2"].(string); ok && n.Label == "Country" {
			countries[strings.ToUpper(iso2)] = i
		}
	}
	for _, c := range charts {
		r.chartSource(c)
		r.chartConvention(c, index)
	}
	parties := r.chartCountries(charts, countries)
	var steps []*chartStep
	for _, c := range charts {
		for i := range c.Rows {
			row := &c.Rows[i]
			party, ok := parties[row.ISO2]
			if !ok {
				continue
			}
			steps = append(steps, rowSteps(c, row, party)...)
		}
	}
	r.mergeDocuments(charts, steps)
	r.protocolWarnings(charts, parties)
}

// chartSource adds the chart's Source node.
func (r *reader) chartSource(c *Chart) {
	r.declare("Source", c.SourceID(), Problem{File: c.File, Line: c.HeaderLines["status_as_of"]})
	// The file as the seed folder names it, wherever it was read from (import-chart reads a newer one elsewhere).
	file := ChartsDir + "/" + c.File[strings.LastIndexAny(c.File, `/\`)+1:]
	props := map[string]any{"title": c.Source, "publisher": c.Publisher, "language": "en", "note": c.Note,
		"file": file}
	if c.URL != "" {
		props["url"] = c.URL
	}
	if c.SourceDate != "" {
		props["date"] = c.SourceDate
	}
	r.data.Nodes = append(r.data.Nodes, cybercoop.Node{Label: "Source", ID: c.SourceID(), Props: props})
}

// chartConvention sets the chart's properties on the convention it is about: which source, as of when, whether it
// is complete, and what it says of that.
func (r *reader) chartConvention(c *Chart, index map[string]int) {
	i, ok := index["Convention:"+c.ConventionID]
	if !ok {
		r.problem(Problem{File: c.File, Line: c.HeaderLines["treaty"]},
			"the chart is about convention %q, which conventions.jsonl does not hold", c.ConventionID)
		return
	}
	n := &r.data.Nodes[i]
	n.Props["chartSource"] = c.SourceID()
	n.Props["chartStatusAsOf"] = c.StatusAsOf
	n.Props["chartComplete"] = c.Complete
	n.Props["chartNote"] = c.Note
	n.Sources = append(n.Sources, cybercoop.SourceRef{SourceID: c.SourceID(),
		Locator: fmt.Sprintf("line %d", c.HeaderLines["complete"])})
}

// chartCountries returns the party of every iso2 the charts name ("" for the European Union): a country of the
// seeds, matched by iso2 whatever its case, or a new Country node named from CLDR. coeMember comes from the ETS 185
// chart's group column, for the countries it lists, with its line among the node's sources.
func (r *reader) chartCountries(charts []*Chart, countries map[string]int) map[string]chartParty {
	type mention struct {
		chart *Chart
		row   *ChartRow
	}
	mentions := map[string][]mention{}
	var codes []string
	parties := map[string]chartParty{}
	for _, c := range charts {
		for i := range c.Rows {
			row := &c.Rows[i]
			if row.ISO2 == "" {
				parties[""] = chartParty{"Organization", europeanUnionID}
				r.refs = append(r.refs, reference{label: "Organization", id: europeanUnionID,
					field: fmt.Sprintf("country %q (no iso2)", row.Country), at: Problem{File: c.File, Line: row.Line}})
				continue
			}
			if _, seen := mentions[row.ISO2]; !seen {
				codes = append(codes, row.ISO2)
			}
			mentions[row.ISO2] = append(mentions[row.ISO2], mention{c, row})
		}
	}
	sort.Strings(codes)
	for _, iso2 := range codes {
		var coe *mention
		for _, m := range mentions[iso2] {
			if m.chart.Kind == "ets185" {
				coe = &m
			}
		}
		if i, ok := countries[iso2]; ok {
			n := &r.data.Nodes[i]
			parties[iso2] = chartParty{"Country", n.ID}
			if coe != nil {
				n.Props["coeMember"] = coe.row.Group == "CoE member"
				n.Sources = append(n.Sources, lineOf(coe.chart, coe.row))
			}
			continue
		}
		id := strings.ToLower(iso2)
		first := mentions[iso2][0]
		r.declare("Country", id, Problem{File: first.chart.File, Line: first.row.Line})
		parties[iso2] = chartParty{"Country", id}
		iso3, name, nameFr := countryNames(iso2)
		props := map[string]any{"iso2": iso2, "name": name, "nameFr": nameFr}
		if iso3 != "" {
			props["iso3"] = iso3
		}
		if coe != nil {
			props["coeMember"] = coe.row.Group == "CoE member"
		}
		var aliases []string
		var sources []cybercoop.SourceRef
		for _, m := range mentions[iso2] {
			if m.row.Country != name && m.row.Country != nameFr && !slices.Contains(aliases, m.row.Country) {
				aliases = append(aliases, m.row.Country)
			}
			sources = append(sources, lineOf(m.chart, m.row))
		}
		if len(aliases) > 0 {
			props["aliases"] = aliases
		}
		r.data.Nodes = append(r.data.Nodes, cybercoop.Node{Label: "Country", ID: id, Props: props, Sources: sources})
	}
	return parties
}

// lineOf cites a chart row: its chart's source and "line N", N counted from 1 in the file.
func lineOf(c *Chart, row *ChartRow) cybercoop.SourceRef {
	return cybercoop.SourceRef{SourceID: c.SourceID(), Locator: fmt.Sprintf("line %d", row.Line)}
}
