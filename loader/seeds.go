// Package loader turns the seed files in seeds/ (JSON lines, and the treaty charts of seeds/charts/) into the
// dataset the store writes, and turns C-PROC activity inventories into seed records. It parses and validates without
// touching the database: a seed set with any problem is refused whole, with every problem listed by file and line.
package loader

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cybercoop/cybercoop"
)

// Problem is one thing wrong in a seed file. Line is 0 for a problem with the whole file.
type Problem struct {
	File    string
	Line    int
	Message string
}

func (p Problem) String() string {
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Message)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
}

// InvalidSeedsError lists every problem found in a seed set, in file and line order.
type InvalidSeedsError struct{ Problems []Problem }

func (e *InvalidSeedsError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return fmt.Sprintf("%d problem(s) in the seed files:\n%s", len(e.Problems), strings.Join(lines, "\n"))
}

// Seeds is a validated seed set: the dataset to load, its version (a hash of the dataset's content), the number
// of records read from each file (rows for a chart), and the report of what a reader should look at.
type Seeds struct {
	Dataset cybercoop.Dataset
	Version string
	Files   map[string]int
	Report  Report
}

// Read parses and validates every seed file in fsys (the seeds/ folder, with its charts/ folder) and returns the
// dataset they describe. Any problem (a file the folder should not hold, a byte-order mark, a line too long, bytes
// that are not UTF-8, malformed JSON, a key given twice, unknown field, wrong type, a number out of its bounds, text
// with control characters or nothing visible, an empty list where one id is needed, an id listed twice, missing or
// duplicate id, dangling reference, a record that points at itself, a cycle of partOf or FOLLOWS, a relationship
// given twice, impossible date, missing source, a locator that is not one, or a chart that ReadChart refuses) makes
// it return an *InvalidSeedsError listing all of them. The charts' steps are merged with the documents' accession
// events (see mergeDocuments); the conflicts and warnings found are in the Report, and do not stop a load.
//
// Read does not have the source documents: it checks the form of the locators, not the lines they cite. ReadWith
// with ReadOptions.Documents checks those too.
func Read(fsys fs.FS) (Seeds, error) {
	seeds, _, err := ReadWith(fsys, ReadOptions{})
	return seeds, err
}

// ReadWithChart is Read with chart (see ReadChart) in place of the seed folder's chart of the same treaty, or beside
// the others when the folder has none. It also returns the name of the file chart replaces ("" for none).
func ReadWithChart(fsys fs.FS, chart *Chart) (Seeds, string, error) {
	return ReadWith(fsys, ReadOptions{Chart: chart})
}

// ReadOptions say what ReadWith reads beside the seed folder.
type ReadOptions struct {
	// Documents is the folder of the source documents, the files sources.jsonl names by "file" (../shared/seeds
	// beside the repository). With it, every source's file must be there, and every line a locator cites ("line
	// 262", "lines 110-114", "§3.4, lines 211, 213") must exist in its source's file (a chart's lines in the chart)
	// and not be blank; a record whose title is on a line of a document it cites must cite that line, and one whose
	// names are on none of its cited lines, their paragraphs and their section's heading must not have them on a line
	// near a cited one (see checkNames). Nil checks the locators' form only.
	Documents fs.FS
	// Chart, when not nil, is read in place of the seed folder's chart of the same treaty, or beside the others when
	// the folder has none (see ReadChart).
	Chart *Chart
}

// ReadWith is Read with the options: the source documents to check the locators against, and a chart to read in
// place of the seed folder's. It also returns the name of the file the chart replaces ("" for none).
func ReadWith(fsys fs.FS, opts ReadOptions) (Seeds, string, error) {
	return read(fsys, opts)
}

func read(fsys fs.FS, opts ReadOptions) (Seeds, string, error) {
	r := &reader{ids: map[string]map[string]Problem{}, files: map[string]int{}, unreadable: map[string]bool{},
		accessionAt: map[int]Problem{}, relationAt: map[int]Problem{}, docs: opts.Documents,
		chartLines: map[string][]string{}}
	r.checkFolder(fsys)
	for _, spec := range entityFiles {
		for _, name := range r.matching(fsys, spec.file) {
			for _, rec := range r.readLines(fsys, name) {
				r.entity(spec, rec)
			}
		}
	}
	seen := map[string]int{} // a relations.jsonl record, canonically encoded -> its line
	for _, rec := range r.readLines(fsys, RelationsFile) {
		if r.repeated(rec, seen) {
			continue
		}
		r.relation(rec)
	}
	charts, replaced := r.readCharts(fsys, opts.Chart)
	r.applyCharts(charts)
	r.checkReferences()
	r.checkCycles()
	r.checkCitations()
	if len(r.problems) > 0 {
		sortProblems(r.problems)
		return Seeds{}, replaced, &InvalidSeedsError{Problems: r.problems}
	}
	sortProblems(r.report.Warnings)
	return Seeds{Dataset: r.data, Version: version(r.data), Files: r.files, Report: r.report}, replaced, nil
}

func sortProblems(problems []Problem) {
	sort.SliceStable(problems, func(i, j int) bool {
		a, b := problems[i], problems[j]
		return a.File < b.File || a.File == b.File && a.Line < b.Line
	})
}

// record is one decoded line; at says where it was read.
type record struct {
	at     Problem
	values map[string]any
}

type reader struct {
	problems []Problem
	data     cybercoop.Dataset
	ids      map[string]map[string]Problem // label -> id -> where declared
	refs     []reference
	files    map[string]int // file -> records read
	// unreadable holds the ids of lines refused as a whole (malformed, repeated key, invalid UTF-8): references to
	// them are not reported again as dangling, so the line's own problem is the one a reader sees.
	unreadable map[string]bool
	// accessionAt says where relations.jsonl gives each ACCESSION relationship (by index in data.Relationships).
	accessionAt map[int]Problem
	// relationAt says which record wrote each relationship of the seed files (by index in data.Relationships).
	relationAt map[int]Problem
	report     Report
	// docs is the folder of the source documents (nil: the locators' lines are not checked); chartLines the lines of
	// each chart read, by its source id; cited the sources of every record, checked once all are read.
	docs       fs.FS
	chartLines map[string][]string
	cited      []citation
}

type reference struct {
	label, id, field string
	at               Problem
}

// expectedFiles are the names and patterns of the files a seed folder holds, in reading order, and its charts
// folder.
func expectedFiles() []string {
	names := make([]string, 0, len(entityFiles)+2)
	for _, spec := range entityFiles {
		names = append(names, spec.file)
	}
	return append(names, RelationsFile, ChartsDir+"/")
}

// checkFolder refuses anything in the folder that is not a seed file: a backup or a misnamed file would otherwise
// be ignored without a word, and the data it was meant to hold silently left out.
func (r *reader) checkFolder(fsys fs.FS) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		r.problems = append(r.problems, Problem{File: ".", Message: fmt.Sprintf("cannot list the seed folder: %v", err)})
		return
	}
	expected := expectedFiles()
	for _, e := range entries {
		known := e.Name() == ChartsDir && e.IsDir()
		for _, pattern := range expected {
			if ok, _ := path.Match(pattern, e.Name()); ok && e.Type().IsRegular() {
				known = true
			}
		}
		if !known {
			r.problems = append(r.problems, Problem{File: e.Name(), Message: fmt.Sprintf(
				"not a seed file: the seed folder holds only %s; move other files out of it", strings.Join(expected, ", "))})
		}
	}
}

// matching lists the files a spec names: the file itself, or every match of a pattern (none is fine), sorted.
func (r *reader) matching(fsys fs.FS, pattern string) []string {
	if !strings.Contains(pattern, "*") {
		return []string{pattern}
	}
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		r.problems = append(r.problems, Problem{File: pattern, Message: err.Error()})
	}
	return names // fs.Glob sorts
}

// readLines decodes every non-blank line of name as a JSON object (see decodeRecord).
func (r *reader) readLines(fsys fs.FS, name string) []record {
	f, err := fsys.Open(name)
	if err != nil {
		r.problems = append(r.problems, Problem{File: name, Message: fmt.Sprintf("cannot open: %v", err)})
		return nil
	}
	defer f.Close()
	var out []record
	err = scanLines(f, func(l line) {
		at := Problem{File: name, Line: l.number}
		if l.number == 1 && bytes.HasPrefix(l.text, utf8BOM) {
			// Read on without it: the line is fine otherwise, and refusing it would report every reference to it.
			r.problem(at, "byte-order mark at the start of the file; save as UTF-8 without BOM")
			l.text = l.text[len(utf8BOM):]
		}
		text := bytes.TrimSpace(l.text)
		if l.tooLong {
			r.problem(at, "line longer than %d bytes: one record per line, and no record is that long", MaxLineBytes)
			return
		}
		if len(text) == 0 {
			return
		}
		values, err := decodeRecord(text)
		if err != nil {
			r.problem(at, "%v", err)
			var named struct{ ID string }
			if json.Unmarshal(text, &named) == nil && named.ID != "" {
				r.unreadable[named.ID] = true
			}
			return
		}
		out = append(out, record{at: at, values: values})
	})
	if err != nil {
		r.problems = append(r.problems, Problem{File: name, Message: fmt.Sprintf("cannot read: %v", err)})
	}
	r.files[name] = len(out)
	return out
}

// jsonProblem turns a decoding error into a message that names the column.
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("malformed JSON at column %d: %v", syntax.Offset, err)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "malformed JSON: the line ends inside the record (one record per line)"
	default:
		return err.Error()
	}
}

func (r *reader) problem(at Problem, format string, args ...any) {
	at.Message = fmt.Sprintf(format, args...)
	r.problems = append(r.problems, at)
}

// entity turns one record of an entity file into a node and the relationships its reference fields name.
func (r *reader) entity(spec entityFile, rec record) {
	id, _ := rec.values["id"].(string)
	r.declare(spec.label, id, rec.at)
	var sources []cybercoop.SourceRef
	if !spec.selfEvident {
		sources = r.sources(rec)
	}
	props := map[string]any{}
	fields := append([]field{{name: "id"}, {name: "sources"}}, spec.fields...)
	r.rejectUnknown(rec, fields)
	for _, f := range spec.fields {
		value, ok := r.value(rec, f)
		if !ok {
			continue
		}
		switch f.kind {
		case ref, refs:
			for _, target := range r.refList(rec, f) {
				if target.label == spec.label && target.id == id {
					r.problem(rec.at, "%s %q: the record's own id: a %s relationship cannot join %s:%s to itself",
						f.name, id, f.relationship, strings.ToLower(spec.label), id)
					continue
				}
				r.relationAt[len(r.data.Relationships)] = rec.at
				r.data.Relationships = append(r.data.Relationships, cybercoop.Relationship{
					Type: f.relationship, FromLabel: spec.label, FromID: id, ToLabel: target.label, ToID: target.id,
					Sources: sources,
				})
			}
		default:
			r.property(rec, f, value, props)
		}
	}
	if from, to := props["start"], props["end"]; from != nil && to != nil {
		r.checkOrder(rec.at, from.(string), to.(string))
	}
	if !spec.selfEvident {
		title, _ := props["title"].(string)
		r.cited = append(r.cited, citation{at: rec.at, sources: sources, names: citedNames(props), title: title})
	}
	r.data.Nodes = append(r.data.Nodes, cybercoop.Node{Label: spec.label, ID: id, Props: props, Sources: sources})
}

// repeated reports a relations.jsonl record that an earlier line gives already, whatever its spacing and key order:
// it would write the same relationship twice.
func (r *reader) repeated(rec record, seen map[string]int) bool {
	encoded, err := json.Marshal(rec.values) // map keys are sorted: the encoding is canonical
	if err != nil {
		return false
	}
	if first, ok := seen[string(encoded)]; ok {
		r.problem(rec.at, "the same relationship as line %d: it would be written twice; remove one of the lines", first)
		return true
	}
	seen[string(encoded)] = rec.at.Line
	return false
}

// relation turns one record of relations.jsonl into a relationship.
func (r *reader) relation(rec record) {
	kind, _ := rec.values["type"].(string)
	spec, ok := relationTypes[kind]
	if !ok {
		r.problem(rec.at, "type %q is not a known relationship type (%s)", kind, strings.Join(sortedTypes(), ", "))
		return
	}
	r.rejectUnknown(rec, append([]field{{name: "type"}, {name: "from"}, {name: "to"}, {name: "sources"}}, spec.props...))
	from := r.refList(rec, field{name: "from", kind: ref, required: true, targets: spec.from, typed: true})
	to := r.refList(rec, field{name: "to", kind: ref, required: true, targets: spec.to, typed: true})
	sources := r.sources(rec)
	props := map[string]any{}
	for _, f := range spec.props {
		if value, ok := r.value(rec, f); ok {
			r.property(rec, f, value, props)
		}
	}
	if kind == "ACCESSION" {
		r.accessionTiming(rec.at, props)
	}
	r.cited = append(r.cited, citation{at: rec.at, sources: sources})
	if len(from) != 1 || len(to) != 1 {
		return // already reported
	}
	if from[0] == to[0] {
		r.problem(rec.at, "from and to are both %s:%s: a %s relationship cannot join a record to itself",
			strings.ToLower(from[0].label), from[0].id, kind)
		return
	}
	if kind == "ACCESSION" {
		r.accessionAt[len(r.data.Relationships)] = rec.at
	}
	r.relationAt[len(r.data.Relationships)] = rec.at
	r.data.Relationships = append(r.data.Relationships, cybercoop.Relationship{
		Type: kind, FromLabel: from[0].label, FromID: from[0].id, ToLabel: to[0].label, ToID: to[0].id,
		Props: props, Sources: sources,
	})
}

// accessionTiming derives certainBy, the last day by which the event had certainly happened, so "status as of a
// date" is one comparison: from the event's date, else from the end of the period the document gives.
func (r *reader) accessionTiming(at Problem, props map[string]any) {
	if start, end := props["periodStart"], props["periodEnd"]; start != nil && end != nil {
		r.checkOrder(at, start.(string), end.(string))
	}
	for _, key := range []string{"date", "periodEnd"} {
		if s, ok := props[key].(string); ok {
			if d, err := cybercoop.ParsePartialDate(s); err == nil {
				props["certainBy"] = d.LastDay().Format("2006-01-02")
				return
			}
		}
	}
}

// value returns a field's value, reporting a missing required one; ok is false when there is nothing to read.
func (r *reader) value(rec record, f field) (any, bool) {
	value, present := rec.values[f.name]
	if !present || value == nil {
		if f.required {
			r.problem(rec.at, "%s is required", f.name)
		}
		return nil, false
	}
	return value, true
}

// property checks one value against its field and stores it in props.
func (r *reader) property(rec record, f field, value any, props map[string]any) {
	switch f.kind {
	case text:
		s, ok := value.(string)
		if !ok {
			r.problem(rec.at, "%s: want a non-empty string", f.name)
			return
		}
		if problem := textProblem(s); problem != "" {
			r.problem(rec.at, "%s: %s", f.name, problem)
			return
		}
		props[f.name] = normalizeText(s)
	case enum:
		s, _ := value.(string)
		if !oneOf(s, f.values...) {
			r.problem(rec.at, "%s %q: want one of %s", f.name, s, strings.Join(f.values, ", "))
			return
		}
		props[f.name] = s
	case texts:
		list, ok := stringList(value)
		if !ok {
			r.problem(rec.at, "%s: want a list of strings", f.name)
			return
		}
		for i, s := range list {
			if problem := textProblem(s); problem != "" {
				r.problem(rec.at, "%s[%d]: %s", f.name, i, problem)
				return
			}
			list[i] = normalizeText(s)
		}
		if len(list) > 0 {
			props[f.name] = list
		}
	case number, integer:
		n, ok := value.(json.Number)
		if !ok {
			r.problem(rec.at, "%s: want a number", f.name)
			return
		}
		if x, ok := r.bounded(rec, f, n); ok {
			props[f.name] = x
		}
	case date:
		s, _ := value.(string)
		d, err := cybercoop.ParsePartialDate(s)
		if err != nil {
			r.problem(rec.at, "%s: %v", f.name, err)
			return
		}
		props[f.name] = s
		// Day-precise bounds make range filters one string comparison (ISO dates sort as text).
		switch f.name {
		case "start":
			props["startDay"] = d.FirstDay().Format("2006-01-02")
		case "end":
			props["endDay"] = d.LastDay().Format("2006-01-02")
		}
	case dateRanges:
		r.dateRanges(rec, f, value, props)
	}
}

// bounded reads a number field: not negative, at most the field's bound, and whole for an integer field (an int64
// then, a float64 otherwise).
func (r *reader) bounded(rec record, f field, n json.Number) (any, bool) {
	x, err := strconv.ParseFloat(n.String(), 64)
	switch {
	case err != nil || math.IsInf(x, 0):
		r.problem(rec.at, "%s: %s is out of range: the most it may be is %s", f.name, n, bound(f.max))
		return nil, false
	case x < 0:
		r.problem(rec.at, "%s: %s is negative: want 0 or more", f.name, n)
		return nil, false
	case f.max > 0 && x > f.max:
		r.problem(rec.at, "%s: %s is more than %s, the most it may be (%s)", f.name, n, bound(f.max), f.why)
		return nil, false
	case f.kind == number:
		return x, true
	}
	if i, err := n.Int64(); err == nil {
		return i, true
	}
	if x == math.Trunc(x) {
		r.problem(rec.at, "%s: %s: write %d (a whole number)", f.name, n, int64(x))
	} else {
		r.problem(rec.at, "%s: want a whole number, found %s", f.name, n)
	}
	return nil, false
}

// bound writes a field's largest value without an exponent: 1000000000.
func bound(max float64) string {
	return strconv.FormatFloat(max, 'f', -1, 64)
}

// dateRanges reads an activity's list of {"start", "end", "label"} into start, end, their day bounds, and
// dateParts ("2018-04-19/2018-04-20 (1re partie)") so several-part activities keep every part.
func (r *reader) dateRanges(rec record, f field, value any, props map[string]any) {
	list, ok := value.([]any)
	if !ok || len(list) == 0 {
		r.problem(rec.at, "%s: want a non-empty list of {start, end, label}", f.name)
		return
	}
	var parts []string
	var first, last cybercoop.PartialDate
	for i, item := range list {
		obj, _ := item.(map[string]any)
		startText, _ := obj["start"].(string)
		endText, _ := obj["end"].(string)
		label, _ := obj["label"].(string)
		if problem := textProblem(label); label != "" && problem != "" {
			r.problem(rec.at, "%s[%d].label: %s", f.name, i, problem)
		}
		for key := range obj {
			if !oneOf(key, "start", "end", "label") {
				r.problem(rec.at, "%s[%d]: unknown field %q", f.name, i, key)
			}
		}
		start, errStart := cybercoop.ParsePartialDate(startText)
		end, errEnd := cybercoop.ParsePartialDate(endText)
		if errStart != nil || errEnd != nil {
			r.problem(rec.at, "%s[%d]: %v", f.name, i, errors.Join(errStart, errEnd))
			continue
		}
		if end.LastDay().Before(start.FirstDay()) {
			r.problem(rec.at, "%s[%d]: end %s is before start %s", f.name, i, end, start)
			continue
		}
		if i == 0 || start.FirstDay().Before(first.FirstDay()) {
			first = start
		}
		if i == 0 || end.LastDay().After(last.LastDay()) {
			last = end
		}
		part := start.String() + "/" + end.String()
		if label != "" {
			part += " (" + label + ")"
		}
		parts = append(parts, part)
	}
	if len(parts) != len(list) {
		return
	}
	props["start"], props["end"] = first.String(), last.String()
	props["startDay"], props["endDay"] = first.FirstDay().Format("2006-01-02"), last.LastDay().Format("2006-01-02")
	props["dateParts"] = parts
}

func (r *reader) rejectUnknown(rec record, fields []field) {
	known := map[string]bool{}
	for _, f := range fields {
		known[f.name] = true
	}
	var unknown []string
	for key := range rec.values {
		if !known[key] {
			unknown = append(unknown, key)
		}
	}
	sort.Strings(unknown)
	for _, key := range unknown {
		r.problem(rec.at, "unknown field %q", key)
	}
}

type target struct{ label, id string }

// refList reads a ref or refs field: bare ids for a field with one target label, "label:id" otherwise.
func (r *reader) refList(rec record, f field) []target {
	var values []string
	switch v := rec.values[f.name].(type) {
	case string:
		values = []string{v}
	case nil:
		if f.required {
			r.problem(rec.at, "%s is required", f.name)
		}
		return nil
	default:
		list, ok := stringList(v)
		if !ok || f.kind == ref {
			r.problem(rec.at, "%s: want %s", f.name, map[bool]string{true: "an id", false: "a list of ids"}[f.kind == ref])
			return nil
		}
		values = list
	}
	if len(values) == 0 && f.required {
		r.problem(rec.at, "%s: an empty list: want at least one id", f.name)
		return nil
	}
	var out []target
	listed := map[string]bool{}
	for _, v := range values {
		if listed[v] {
			r.problem(rec.at, "%s: %q listed twice: it would write the relationship twice", f.name, v)
			continue
		}
		listed[v] = true
		t := target{label: f.targets[0], id: v}
		if len(f.targets) > 1 || f.typed {
			prefix, id, found := strings.Cut(v, ":")
			label := labelFor(prefix, f.targets)
			if !found || label == "" {
				r.problem(rec.at, "%s %q: want label:id with label one of %s", f.name, v, strings.ToLower(strings.Join(f.targets, ", ")))
				continue
			}
			t = target{label: label, id: id}
		}
		r.refs = append(r.refs, reference{label: t.label, id: t.id, field: f.name, at: rec.at})
		out = append(out, t)
	}
	return out
}

func labelFor(prefix string, labels []string) string {
	for _, l := range labels {
		if strings.EqualFold(l, prefix) {
			return l
		}
	}
	return ""
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// declare records that a record with this id exists, refusing empty, malformed and duplicate ids.
func (r *reader) declare(label, id string, at Problem) {
	if !idPattern.MatchString(id) {
		r.problem(at, "id %q must be lower-case letters, digits and dashes", id)
		return
	}
	if r.ids[label] == nil {
		r.ids[label] = map[string]Problem{}
	}
	if first, dup := r.ids[label][id]; dup {
		r.problem(at, "duplicate %s id %q (first at %s:%d)", label, id, first.File, first.Line)
		return
	}
	r.ids[label][id] = at
}

func (r *reader) checkReferences() {
	for _, ref := range r.refs {
		if _, ok := r.ids[ref.label][ref.id]; !ok && !r.unreadable[ref.id] {
			r.problem(ref.at, "%s %q: no %s has this id", ref.field, ref.id, ref.label)
		}
	}
}

// acyclic are the relationship types whose chains must not come back to where they start: an organisation or a
// goal part of itself through others, a project that follows itself, a protocol of itself.
var acyclic = []string{"PART_OF", "FOLLOWS", "PROTOCOL_OF"}

// checkCycles refuses a chain of relationships of one of the acyclic types that comes back to where it starts,
// reported once, at the first record (in file and line order) of the chain, with the chain.
func (r *reader) checkCycles() {
	type edge struct {
		to string
		at Problem
	}
	for _, kind := range acyclic {
		out := map[string][]edge{}
		var starts []string
		for i, rel := range r.data.Relationships {
			at, ok := r.relationAt[i]
			if rel.Type != kind || !ok {
				continue
			}
			from := strings.ToLower(rel.FromLabel) + ":" + rel.FromID
			if _, seen := out[from]; !seen {
				starts = append(starts, from)
			}
			out[from] = append(out[from], edge{strings.ToLower(rel.ToLabel) + ":" + rel.ToID, at})
		}
		const (
			unvisited = iota
			onPath
			done
		)
		state := map[string]int{}
		var path []string
		var pathAt []Problem
		reported := map[string]bool{}
		var visit func(node string)
		visit = func(node string) {
			state[node] = onPath
			path = append(path, node)
			for _, e := range out[node] {
				pathAt = append(pathAt, e.at)
				switch state[e.to] {
				case unvisited:
					visit(e.to)
				case onPath:
					start := slices.Index(path, e.to)
					chain := append(append([]string{}, path[start:]...), e.to)
					ats := pathAt[start:]
					first := 0
					for i, at := range ats {
						if at.File < ats[first].File || at.File == ats[first].File && at.Line < ats[first].Line {
							first = i
						}
					}
					members := append([]string{}, chain[:len(chain)-1]...)
					sort.Strings(members)
					if key := strings.Join(members, " "); !reported[key] {
						reported[key] = true
						// Start the chain at the record reported.
						rotated := append(append([]string{}, chain[first:len(chain)-1]...), chain[:first+1]...)
						r.problem(ats[first], "a cycle of %s: %s: a chain of %s cannot come back to where it starts",
							cycleName(kind), strings.Join(rotated, " → "), kind)
					}
				}
				pathAt = pathAt[:len(pathAt)-1]
			}
			path = path[:len(path)-1]
			state[node] = done
		}
		for _, node := range starts {
			if state[node] == unvisited {
				visit(node)
			}
		}
	}
}

// cycleName names a relationship type as the seed files write it: partOf, protocolOf, FOLLOWS.
func cycleName(kind string) string {
	for _, spec := range entityFiles {
		for _, f := range spec.fields {
			if f.relationship == kind && f.kind == ref {
				return f.name
			}
		}
	}
	return kind
}

// sources reads a record's "sources": at least one, each {"source": id, "at": place in the document}.
func (r *reader) sources(rec record) []cybercoop.SourceRef {
	list, _ := rec.values["sources"].([]any)
	if len(list) == 0 {
		r.problem(rec.at, "sources: every fact needs at least one source")
		return nil
	}
	out := make([]cybercoop.SourceRef, 0, len(list))
	for i, item := range list {
		obj, _ := item.(map[string]any)
		id, _ := obj["source"].(string)
		at, _ := obj["at"].(string)
		if len(obj) != 2 || id == "" || strings.TrimSpace(at) == "" {
			r.problem(rec.at, `sources[%d]: want {"source": "<source id>", "at": "<where in the document>"}`, i)
			continue
		}
		if problem := textProblem(at); problem != "" {
			r.problem(rec.at, "sources[%d].at: %s", i, problem)
			continue
		}
		r.refs = append(r.refs, reference{label: "Source", id: id, field: fmt.Sprintf("sources[%d]", i), at: rec.at})
		out = append(out, cybercoop.SourceRef{SourceID: id, Locator: at})
	}
	return out
}

// checkOrder refuses a range that ends before it starts.
func (r *reader) checkOrder(at Problem, start, end string) {
	from, errFrom := cybercoop.ParsePartialDate(start)
	to, errTo := cybercoop.ParsePartialDate(end)
	if errFrom == nil && errTo == nil && to.LastDay().Before(from.FirstDay()) {
		r.problem(at, "end %s is before start %s", end, start)
	}
}

func stringList(v any) ([]string, bool) {
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(list))
	for _, item := range list {
		s, ok := item.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func oneOf(s string, allowed ...string) bool {
	for _, a := range allowed {
		if s == a {
			return true
		}
	}
	return false
}

func sortedTypes() []string {
	out := make([]string, 0, len(relationTypes))
	for k := range relationTypes {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// version hashes the dataset's content: the same seeds always give the same version, and any change to what would be
// written (a fact, a source, the loader's mapping) gives a new one.
func version(data cybercoop.Dataset) string {
	encoded, err := json.Marshal(data) // map keys are sorted, so the encoding is canonical
	if err != nil {
		panic(fmt.Sprintf("dataset is not JSON-encodable: %v", err)) // only plain values are put in a dataset
	}
	sum := sha256.Sum256(encoded)
	return hex.EncodeToString(sum[:8])
}
