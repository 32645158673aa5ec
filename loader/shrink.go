package loader

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/cybercoop/cybercoop"
)

// CheckShrink compares the seed set with what the graph holds now (current) and refuses it when a label would lose
// more than maxLossPercent of its nodes, or a relationship type of its relationships: the mark of
// a seed file emptied, truncated or deleted by mistake, which a load would otherwise turn into deleted data. The
// *InvalidSeedsError names the files that hold the label or type, with the records read from each.
func (s Seeds) CheckShrink(current cybercoop.Counts, maxLossPercent float64) error {
	next := s.Dataset.Counts()
	var problems []Problem
	check := func(kind, what string, before, after int, patterns []string) {
		lost := before - after
		if before == 0 || 100*float64(lost) <= maxLossPercent*float64(before) {
			return
		}
		problems = append(problems, Problem{File: s.filesOf(patterns), Message: fmt.Sprintf(
			"the graph holds %d %s %s, the seeds %d: this load would delete %d (%.0f%%, more than the %g%% allowed)",
			before, kind, what, after, lost, 100*float64(lost)/float64(before), maxLossPercent)})
	}
	for _, label := range sortedKeys(current.Nodes) {
		check(label, "nodes", current.Nodes[label], next.Nodes[label], filesOfLabel(label))
	}
	for _, kind := range sortedKeys(current.Relationships) {
		check(kind, "relationships", current.Relationships[kind], next.Relationships[kind], filesOfRelationship(kind))
	}
	if len(problems) == 0 {
		return nil
	}
	sortProblems(problems)
	return &InvalidSeedsError{Problems: problems}
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
		return "the seed folder" // a type no seed file writes any more
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

// filesOfRelationship are the files whose records can make a relationship of this type: relations.jsonl, and the
// entity files with a reference field that writes it.
func filesOfRelationship(kind string) []string {
	var files []string
	for _, spec := range entityFiles {
		for _, f := range spec.fields {
			if f.relationship == kind {
				files = append(files, spec.file)
				break
			}
		}
	}
	if _, ok := relationTypes[kind]; ok {
		files = append(files, RelationsFile)
	}
	if kind == "ACCESSION" {
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
