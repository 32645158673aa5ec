package loader

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/cybercoop/cybercoop"
)

// Report is what a valid seed set asks its reader to look at: the document events a chart contradicts (both are
// loaded, each saying so in its conflict property) and warnings, such as a Party to a protocol that is not a Party
// to the Convention. Neither stops a load.
type Report struct {
	Conflicts []Conflict
	Warnings  []Problem
}

// Conflict is an accession event of the documents that a chart contradicts: a different day, or a different step.
type Conflict struct {
	Party      string  // "country:ma", "organization:eu"
	Convention string  // the Convention id
	Document   Problem // where relations.jsonl gives the document's event
	Chart      []Problem
	Message    string // what disagrees, in words: the conflict property of both events
}

func (c Conflict) String() string {
	lines := make([]string, len(c.Chart))
	for i, p := range c.Chart {
		lines[i] = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d: %s, convention:%s: %s (chart: %s)", c.Document.File, c.Document.Line, c.Party,
		c.Convention, c.Message, strings.Join(lines, ", "))
}

// chartStep is one step a chart row gives (a signature, a ratification or accession, an invitation), with what the
// documents that agree with it add.
type chartStep struct {
	rel       cybercoop.Relationship
	chart     *Chart
	row       *ChartRow
	party     chartParty
	notes     []string
	conflicts []string
}

func (s *chartStep) status() string { return s.rel.Props["status"].(string) }
func (s *chartStep) date() string   { d, _ := s.rel.Props["date"].(string); return d }
func (s *chartStep) entryIntoForce() string {
	d, _ := s.rel.Props["entryIntoForce"].(string)
	return d
}

// rowSteps are the events of one chart row, one per step: a signature date is a signed step; a ratification or
// accession date (or, without it, an entry into force) is a ratified or acceded step carrying entryIntoForce; a
// signatory without a date is a signed step without one; an ETS 185 row listed with no date is one invited step.
// A step without a date happened by the chart's status date (by its entry into force when that is all the row
// gives): certainBy says so, and the date stays empty.
func rowSteps(c *Chart, row *ChartRow, party chartParty) []*chartStep {
	newStep := func(status, date string) *chartStep {
		s := &chartStep{chart: c, row: row, party: party, rel: cybercoop.Relationship{Type: "ACCESSION",
			FromLabel: party.label, FromID: party.id, ToLabel: "Convention", ToID: c.ConventionID,
			Props: map[string]any{"status": status}, Sources: []cybercoop.SourceRef{lineOf(c, row)}}}
		if date != "" {
			s.rel.Props["date"] = date
		}
		return s
	}
	var steps []*chartStep
	if row.Signature != "" || row.Status == "signed" {
		s := newStep("signed", row.Signature)
		if slices.Contains(row.Notes, "55") {
			s.notes = append(s.notes, "chart note 55: "+c.noteTexts["55"])
		}
		if row.Signature == "" {
			s.notes = append(s.notes, fmt.Sprintf("a signatory by the chart's status date (%s); the sources the "+
				"chart was read from give no date", c.StatusAsOf))
		}
		steps = append(steps, s)
	}
	switch row.Status {
	case "ratified", "acceded":
		s := newStep(row.Status, row.Ratification)
		if row.EntryIntoForce != "" {
			s.rel.Props["entryIntoForce"] = row.EntryIntoForce
		}
		if row.Ratification == "" {
			s.notes = append(s.notes, fmt.Sprintf("the chart gives only the entry into force (%s): a Party by then "+
				"at the latest; the day of the %s is unknown", row.EntryIntoForce, stepNoun(row.Status)))
		}
		steps = append(steps, s)
	case "listed-no-date":
		s := newStep("invited", "")
		if slices.Contains(row.Notes, "4") {
			s.notes = append(s.notes, "listed on the chart with notes 'a' and '4' and no date: invited to accede "+
				"(chart note 4: the Committee of Ministers' invitation is valid five years from its adoption); not a Party")
		} else {
			s.notes = append(s.notes, fmt.Sprintf("listed on the chart with note%s %s and no date; not a Party",
				map[bool]string{true: "s", false: ""}[len(row.Notes) > 1], quoteAll(row.Notes)))
		}
		steps = append(steps, s)
	}
	for _, s := range steps {
		s.rel.Props["certainBy"] = s.certainBy()
	}
	return steps
}

func quoteAll(notes []string) string {
	out := make([]string, len(notes))
	for i, n := range notes {
		out[i] = "'" + n + "'"
	}
	return strings.Join(out, " and ")
}

// certainBy is the last day by which the step had certainly happened: the last day of its date, else of the
// period a document gives it, else its entry into force, else the last day of the chart's status date.
func (s *chartStep) certainBy() string {
	for _, key := range []string{"date", "periodEnd", "entryIntoForce"} {
		if d, ok := s.rel.Props[key].(string); ok {
			return lastDay(d)
		}
	}
	return lastDay(s.chart.StatusAsOf)
}

// chartComparable are the document statuses a chart step can confirm or contradict; interest, requested and invited
// are the documents' alone.
var chartComparable = []string{"signed", "ratified", "acceded", "party"}

// mergeDocuments makes a document's accession event and a chart step one event when they agree (agrees), and
// records a conflict when the chart has steps for the same party and convention and none agrees. It then replaces
// the merged document events by the chart's steps.
func (r *reader) mergeDocuments(charts []*Chart, steps []*chartStep) {
	byParty := map[string][]*chartStep{}
	for _, s := range steps {
		key := s.party.String() + ">" + s.rel.ToID
		byParty[key] = append(byParty[key], s)
	}
	merged := map[int]bool{}
	for i := range r.data.Relationships {
		doc := &r.data.Relationships[i]
		at, isDoc := r.accessionAt[i]
		status, _ := doc.Props["status"].(string)
		if !isDoc || !slices.Contains(chartComparable, status) {
			continue
		}
		candidates := byParty[chartParty{doc.FromLabel, doc.FromID}.String()+">"+doc.ToID]
		if len(candidates) == 0 {
			continue // no chart for this convention, or the chart does not list the party
		}
		if s := agreeing(doc, candidates); s != nil {
			s.merge(doc)
			merged[i] = true
			continue
		}
		r.conflict(doc, at, candidates)
	}
	kept := r.data.Relationships[:0:0]
	for i, rel := range r.data.Relationships {
		if !merged[i] {
			kept = append(kept, rel)
		}
	}
	for _, s := range steps {
		if len(s.notes) > 0 {
			s.rel.Props["note"] = strings.Join(s.notes, "; ")
		}
		if len(s.conflicts) > 0 {
			s.rel.Props["conflict"] = strings.Join(s.conflicts, " ")
		}
		kept = append(kept, s.rel)
	}
	r.data.Relationships = kept
	sort.SliceStable(r.report.Conflicts, func(i, j int) bool {
		a, b := r.report.Conflicts[i].Document, r.report.Conflicts[j].Document
		return a.File < b.File || a.File == b.File && a.Line < b.Line
	})
}

// agreeing is the first chart step that agrees with a document event (agrees), or nil.
func agreeing(doc *cybercoop.Relationship, steps []*chartStep) *chartStep {
	for _, s := range steps {
		if agrees(doc, s) {
			return s
		}
	}
	return nil
}

// agrees reports whether a document event and a chart step are one event: the document's status is the step's,
// or "party" for a ratification or accession; and the document's date (a partial date) or period (periodStart to
// periodEnd; periodEnd alone meaning "by then", periodStart alone "from then on") contains the step's date or, for
// "party", its entry into force. A step without a date agrees with a document event that starts by the step's
// certainBy; a document event without a date or period agrees with any step of its status.
func agrees(doc *cybercoop.Relationship, s *chartStep) bool {
	status := doc.Props["status"].(string)
	if status != s.status() && (status != "party" || !oneOf(s.status(), "ratified", "acceded")) {
		return false
	}
	from, to := docBounds(doc.Props)
	days := []string{s.date()}
	if status == "party" {
		days = append(days, s.entryIntoForce())
	}
	dated := false
	for _, d := range days {
		if d == "" {
			continue
		}
		dated = true
		if from <= firstDay(d) && lastDay(d) <= to {
			return true
		}
	}
	return !dated && from <= s.rel.Props["certainBy"].(string)
}

// docBounds are the first and last days a document event's date or period allows ("" and "9999-12-31" when open).
func docBounds(props map[string]any) (from, to string) {
	if d, ok := props["date"].(string); ok {
		return firstDay(d), lastDay(d)
	}
	from, to = "", "9999-12-31"
	if d, ok := props["periodStart"].(string); ok {
		from = firstDay(d)
	}
	if d, ok := props["periodEnd"].(string); ok {
		to = lastDay(d)
	}
	return from, to
}

// merge makes the document event part of the step: the step keeps its status, day and entry into force, and takes
// the document's note, conflict and sources; a step without a date takes the document's date or period.
func (s *chartStep) merge(doc *cybercoop.Relationship) {
	for _, src := range doc.Sources {
		if !slices.Contains(s.rel.Sources, src) {
			s.rel.Sources = append(s.rel.Sources, src)
		}
	}
	if note, ok := doc.Props["note"].(string); ok {
		s.notes = append(s.notes, note)
	}
	if conflict, ok := doc.Props["conflict"].(string); ok {
		s.conflicts = append(s.conflicts, conflict)
	}
	if s.date() != "" {
		return
	}
	for _, key := range []string{"date", "periodStart", "periodEnd"} {
		if v, ok := doc.Props[key]; ok {
			s.rel.Props[key] = v
		}
	}
	if bound := s.certainBy(); bound < s.rel.Props["certainBy"].(string) {
		s.rel.Props["certainBy"] = bound
	}
}

// conflict records that the chart contradicts a document event: both keep their place in the graph, with the same
// sentence in their conflict property, and the report lists it.
func (r *reader) conflict(doc *cybercoop.Relationship, at Problem, steps []*chartStep) {
	status := doc.Props["status"].(string)
	var related []*chartStep
	for _, s := range steps {
		if stepFamily(s.status()) == stepFamily(status) {
			related = append(related, s)
		}
	}
	what := "the dates disagree"
	if len(related) == 0 {
		related, what = steps, "the steps disagree"
	}
	message := fmt.Sprintf("%s: %s says it %s; %s says it %s.", what, sourcesPhrase(doc.Sources),
		docPhrase(status, doc.Props), sourcesPhrase(related[0].rel.Sources[:1]), stepsPhrase(related))
	if previous, ok := doc.Props["conflict"].(string); ok {
		doc.Props["conflict"] = previous + " " + message
	} else {
		doc.Props["conflict"] = message
	}
	c := Conflict{Party: chartParty{doc.FromLabel, doc.FromID}.String(), Convention: doc.ToID, Document: at,
		Message: message}
	for _, s := range related {
		s.conflicts = append(s.conflicts, message)
		if p := (Problem{File: s.chart.File, Line: s.row.Line}); !slices.Contains(c.Chart, p) {
			c.Chart = append(c.Chart, p)
		}
	}
	r.report.Conflicts = append(r.report.Conflicts, c)
}

// stepFamily groups the statuses that speak of the same step: signing, becoming a Party, being invited.
func stepFamily(status string) string {
	switch status {
	case "ratified", "acceded", "party":
		return "party"
	}
	return status
}

var statusVerbs = map[string]string{"signed": "signed", "ratified": "ratified", "acceded": "acceded",
	"party": "became a Party", "invited": "was invited to accede"}

// docPhrase says a document event in words: "acceded by 2018-03", "became a Party between 2017-10 and 2018-09".
func docPhrase(status string, props map[string]any) string {
	verb := statusVerbs[status]
	date, _ := props["date"].(string)
	start, _ := props["periodStart"].(string)
	end, _ := props["periodEnd"].(string)
	switch {
	case len(date) == 10:
		return verb + " on " + date
	case date != "":
		return verb + " in " + date
	case start != "" && end != "":
		return fmt.Sprintf("%s between %s and %s", verb, start, end)
	case end != "":
		return verb + " by " + end
	case start != "":
		return verb + " from " + start + " on"
	}
	return verb + " (no date)"
}

// stepsPhrase says chart steps in words: "signed on 2001-11-23 and ratified on 2006-01-10 (in force 2006-05-01)".
func stepsPhrase(steps []*chartStep) string {
	parts := make([]string, len(steps))
	for i, s := range steps {
		parts[i] = docPhrase(s.status(), s.rel.Props)
		if eif := s.entryIntoForce(); eif != "" {
			parts[i] += " (in force " + eif + ")"
		}
	}
	return strings.Join(parts, " and ")
}

// sourcesPhrase names sources with their places: "cproc-report-2018 (§3.6, line 247)".
func sourcesPhrase(refs []cybercoop.SourceRef) string {
	parts := make([]string, len(refs))
	for i, ref := range refs {
		parts[i] = fmt.Sprintf("%s (%s)", ref.SourceID, ref.Locator)
	}
	return strings.Join(parts, " and ")
}

// protocolWarnings reports a Party to a protocol (ETS 189, CETS 224) that the ETS 185 chart does not show as a
// Party to the Convention, or as one only after it became a Party to the protocol: a protocol is open to the
// Parties to the Convention, so either is worth a look, though neither stops a load.
func (r *reader) protocolWarnings(charts []*Chart, parties map[string]chartParty) {
	var convention *Chart
	for _, c := range charts {
		if c.Kind == "ets185" {
			convention = c
		}
	}
	if convention == nil {
		return
	}
	rows := map[string]*ChartRow{}
	for i := range convention.Rows {
		rows[convention.Rows[i].ISO2] = &convention.Rows[i]
	}
	for _, c := range charts {
		if c.Kind != "ets189" && c.Kind != "cets224" {
			continue
		}
		for i := range c.Rows {
			row := &c.Rows[i]
			if !oneOf(row.Status, "ratified", "acceded") {
				continue
			}
			at := Problem{File: c.File, Line: row.Line}
			who := fmt.Sprintf("%s (%s) is a Party to %s by this chart", row.Country, parties[row.ISO2], c.Short())
			main, listed := rows[row.ISO2]
			switch {
			case !listed:
				r.warn(at, "%s, but %s does not list it", who, convention.File)
			case !oneOf(main.Status, "ratified", "acceded"):
				r.warn(at, "%s, but not to ETS 185 by %s:%d (%s)", who, convention.File, main.Line, main.Status)
			default:
				joined := first(row.Ratification, row.EntryIntoForce)
				mainJoined := first(main.Ratification, main.EntryIntoForce)
				if joined != "" && mainJoined != "" && lastDay(joined) < firstDay(mainJoined) {
					r.warn(at, "%s from %s, before it became a Party to ETS 185 (%s by %s:%d)", who, joined,
						mainJoined, convention.File, main.Line)
				}
			}
		}
	}
}

func first(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func (r *reader) warn(at Problem, format string, args ...any) {
	at.Message = fmt.Sprintf(format, args...)
	r.report.Warnings = append(r.report.Warnings, at)
}
