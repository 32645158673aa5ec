package loader

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/cybercoop/cybercoop"
)

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
