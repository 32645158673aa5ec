package loader

import (
	"regexp"
	"slices"
	"sort"
	"strings"
)

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
