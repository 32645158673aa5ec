// Package loader turns the seed files in seeds/ (JSON lines, and the treaty charts of seeds/charts/) into the
// dataset the store writes, and turns C-PROC activity inventories into seed records. It parses and validates without
// touching the database: a seed set with any problem is refused whole, with every problem listed by file and line.
package loader

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
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
