package loader

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/cybercoop/cybercoop/store"
)

// shownIDs is how many of the ids a load would delete a shrink problem names.
const shownIDs = 5

// CheckShrink compares the seed set with what the graph holds now (current), by identity, and refuses it when a
// load would delete what the seeds most likely lost by mistake, which it would otherwise turn into deleted data:
//
//   - more than maxLossPercent of the ids of a label that the graph holds, whatever the seeds add in their place:
//     218 activities replaced by 218 under other ids (a wrong -prefix) delete all 218;
//   - more than maxLossPercent of the relationships of a kind (a type between two labels: an organisation's partOf
//     is not an activity's), compared by their ends: every partOf between organisations is lost even when the
//     activities' PART_OF links to projects are all there;
//   - the last node of a label that the graph was loaded with, the last record of its seed file (current.LastIDs),
//     with others of the label: the mark of a file cut at a line break, however few lines it lost.
//
// A relationship kind whose deleted relationships all touch a node deleted by a label refused already is not
// named again. The *InvalidSeedsError names, for each problem, the files that hold the label or kind with the
// records read from each, and the first ids (or ends) the load would delete.
func (s Seeds) CheckShrink(current store.Keys, maxLossPercent float64) error {
	next := store.KeysOf(s.Dataset)
	var problems []Problem
	over := func(lost, before int) bool { return 100*float64(lost) > maxLossPercent*float64(before) }
	deleted := map[string]bool{} // label:id of the nodes whose deletion is refused
	for _, label := range sortedKeys(current.Nodes) {
		before, after := current.Nodes[label], next.Nodes[label]
		removed, added := difference(before, after), difference(after, before)
		slices.SortFunc(removed, compareIDs)
		last := current.LastIDs[label]
		cut := last != "" && slices.Contains(removed, last) && len(after) < len(before)
		if len(removed) == 0 || !over(len(removed), len(before)) && !cut {
			continue
		}
		why := fmt.Sprintf("this load would delete %d (%.0f%%, more than the %g%% allowed)", len(removed),
			percent(len(removed), len(before)), maxLossPercent)
		if !over(len(removed), len(before)) {
			why = fmt.Sprintf("this load would delete %d (%.0f%%), among them %s, the last %s the graph was loaded "+
				"with: the end of a seed file is missing, as when a file is cut at a line break", len(removed),
				percent(len(removed), len(before)), last, label)
		}
		problems = append(problems, Problem{File: s.filesOf(filesOfLabel(label)), Message: fmt.Sprintf(
			"the graph holds %d %s nodes, %s: %s; deleted: %s", len(before), label, seedsHold(len(after), len(added), "ids"),
			why, listed(removed))})
		for _, id := range removed {
			deleted[label+":"+id] = true
		}
	}
	kinds := make([]store.RelationshipKind, 0, len(current.Relationships))
	for kind := range current.Relationships {
		kinds = append(kinds, kind)
	}
	slices.SortFunc(kinds, func(a, b store.RelationshipKind) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To))
	})
	for _, kind := range kinds {
		before, after := current.Relationships[kind], next.Relationships[kind]
		removed, added := difference(before, after), difference(after, before)
		if len(removed) == 0 || !over(len(removed), len(before)) {
			continue
		}
		explained := true
		ends := make([]string, len(removed))
		for i, e := range removed {
			explained = explained && (deleted[kind.From+":"+e.From] || deleted[kind.To+":"+e.To])
			ends[i] = e.From + " → " + e.To
		}
		if explained {
			continue
		}
		slices.SortFunc(ends, compareIDs)
		problems = append(problems, Problem{File: s.filesOf(filesOfRelationship(kind)), Message: fmt.Sprintf(
			"the graph holds %d %s relationships from %s to %s, %s: this load would delete %d (%.0f%%, more than the "+
				"%g%% allowed); deleted: %s", len(before), kind.Type, kind.From, kind.To,
			seedsHold(len(after), len(added), "ends"), len(removed), percent(len(removed), len(before)),
			maxLossPercent, listed(ends))})
	}
	if len(problems) == 0 {
		return nil
	}
	sortProblems(problems)
	return &InvalidSeedsError{Problems: problems}
}

// difference returns the items of a that b does not hold, as many times as a holds them more often than b.
func difference[T comparable](a, b []T) []T {
	left := map[T]int{}
	for _, x := range b {
		left[x]++
	}
	var out []T
	for _, x := range a {
		if left[x] > 0 {
			left[x]--
			continue
		}
		out = append(out, x)
	}
	return out
}

func percent(part, whole int) float64 { return 100 * float64(part) / float64(whole) }

// seedsHold says how many the seeds hold, and how many of them the graph does not.
func seedsHold(n, added int, what string) string {
	if added == 0 {
		return fmt.Sprintf("the seeds %d", n)
	}
	return fmt.Sprintf("the seeds %d, %d of them new %s", n, added, what)
}

// listed names the first shownIDs of ids, and how many more there are.
func listed(ids []string) string {
	if len(ids) <= shownIDs {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:shownIDs], ", "), len(ids)-shownIDs)
}

// compareIDs orders ids as people number them: runs of digits by their value, so that cproc-2018-99 comes before
// cproc-2018-100.
func compareIDs(a, b string) int {
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := cmp.Or(cmp.Compare(len(na), len(nb)), cmp.Compare(na, nb)); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

// digits is the length of the run of ASCII digits s starts with.
func digits(s string) int {
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	return n
}

// filesOf names the files read that match patterns, with their record counts ("activities-x.jsonl (0 records)"),
// or the patterns themselves when no file matched.
func (s Seeds) filesOf(patterns []string) string {
	var names []string
	for _, name := range sortedKeys(s.Files) {
		for _, pattern := range patterns {
			if ok, _ := path.Match(pattern, name); ok {
				names = append(names, fmt.Sprintf("%s (%d records)", name, s.Files[name]))
				break
			}
		}
	}
	if len(patterns) == 0 {
		return "the seed folder" // a kind no seed file writes any more
	}
	if len(names) == 0 {
		return strings.Join(patterns, ", ") + " (no such file)"
	}
	return strings.Join(names, ", ")
}

// chartFiles is the pattern of the treaty charts, which make Source and Country nodes and ACCESSION events too.
const chartFiles = ChartsDir + "/*.tsv"

// filesOfLabel are the files (or patterns) whose records are the nodes of label.
func filesOfLabel(label string) []string {
	for _, spec := range entityFiles {
		if spec.label == label {
			if label == "Source" || label == "Country" {
				return []string{spec.file, chartFiles}
			}
			return []string{spec.file}
		}
	}
	return nil
}

// filesOfRelationship are the files whose records can make a relationship of this kind: the entity file of its
// start label with a reference field that writes it to its end label, relations.jsonl, and the charts for
// accessions.
func filesOfRelationship(kind store.RelationshipKind) []string {
	var files []string
	for _, spec := range entityFiles {
		if spec.label != kind.From {
			continue
		}
		for _, f := range spec.fields {
			if f.relationship == kind.Type && slices.Contains(f.targets, kind.To) {
				files = append(files, spec.file)
				break
			}
		}
	}
	if spec, ok := relationTypes[kind.Type]; ok && slices.Contains(spec.from, kind.From) && slices.Contains(spec.to, kind.To) {
		files = append(files, RelationsFile)
	}
	if kind.Type == "ACCESSION" {
		files = append(files, chartFiles)
	}
	return files
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
