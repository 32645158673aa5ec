// Package loader turns the seed files in seeds/ into the dataset the store writes. It parses and validates without
// touching the database: a seed set with any problem is refused whole, with every problem listed by file and line.
package loader

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"github.com/cybercoop/cybercoop"
)

// Problem is one thing wrong in a seed file.
type Problem struct {
	File    string
	Line    int
	Message string
}

func (p Problem) String() string {
	if p.Line == 0 { // a problem with the whole file
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

// Seeds is a validated seed set: the dataset to load and its version, a hash of the dataset's content.
type Seeds struct {
	Dataset cybercoop.Dataset
	Version string
}

// Read parses and validates every seed file in fsys (the seeds/ folder) and returns the dataset they describe.
// Any problem (malformed JSON, unknown field, missing or duplicate id, dangling reference, impossible date) makes it
// return an *InvalidSeedsError listing all of them; nothing is half-read.
func Read(fsys fs.FS) (Seeds, error) {
	r := &reader{fsys: fsys, ids: map[string]map[string]Problem{}}
	var sources []sourceRecord
	var conventions []conventionRecord
	var projects []projectRecord
	readFile(r, "sources.jsonl", &sources)
	readFile(r, "conventions.jsonl", &conventions)
	readFile(r, "projects.jsonl", &projects)

	var b builder
	for _, rec := range sources {
		r.declare("Source", rec.ID, rec.at)
		b.node("Source", rec.ID, nil, map[string]any{
			"title": rec.Title, "publisher": rec.Publisher, "date": rec.Date, "reference": rec.Reference,
			"file": rec.File, "language": rec.Language,
		})
		r.optionalDate(rec.at, "date", rec.Date)
	}
	for _, rec := range conventions {
		r.declare("Convention", rec.ID, rec.at)
		b.node("Convention", rec.ID, r.sources(rec.at, rec.Sources), map[string]any{
			"treatyNumber": rec.TreatyNumber, "name": rec.Name, "nameFr": rec.NameFr, "shortName": rec.ShortName,
			"openedForSignature": rec.OpenedForSignature, "body": rec.Body,
		})
		r.optionalDate(rec.at, "openedForSignature", rec.OpenedForSignature)
		if rec.ProtocolOf != "" {
			r.refer("Convention", rec.ProtocolOf, rec.at, "protocolOf")
			b.relationship("PROTOCOL_OF", "Convention", rec.ID, "Convention", rec.ProtocolOf, r.sources(rec.at, rec.Sources), nil)
		}
	}
	for _, rec := range projects {
		r.declare("Project", rec.ID, rec.at)
		r.dateRange(rec.at, rec.Start, rec.End)
		if rec.BudgetEUR != nil && *rec.BudgetEUR < 0 {
			r.problem(rec.at, "budgetEUR %v is negative", *rec.BudgetEUR)
		}
		if !oneOf(rec.Status, "completed", "running", "planned") {
			r.problem(rec.at, "status %q must be completed, running or planned", rec.Status)
		}
		b.node("Project", rec.ID, r.sources(rec.at, rec.Sources), map[string]any{
			"code": rec.Code, "name": rec.Name, "aliases": rec.Aliases, "title": rec.Title, "start": rec.Start,
			"end": rec.End, "budgetEUR": rec.BudgetEUR, "status": rec.Status, "area": rec.Area,
			"fundingType": rec.FundingType,
		})
	}
	r.checkReferences()
	if len(r.problems) > 0 {
		sort.SliceStable(r.problems, func(i, j int) bool {
			if r.problems[i].File != r.problems[j].File {
				return r.problems[i].File < r.problems[j].File
			}
			return r.problems[i].Line < r.problems[j].Line
		})
		return Seeds{}, &InvalidSeedsError{Problems: r.problems}
	}
	return Seeds{Dataset: b.data, Version: version(b.data)}, nil
}

// The records of each seed file. Every record is one JSON object on one line; `at` is where it was read.

type sourceRecord struct {
	at        Problem
	ID        string `json:"id"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Date      string `json:"date"`
	Reference string `json:"reference"`
	File      string `json:"file"`
	Language  string `json:"language"`
}

type sourceRef struct {
	Source string `json:"source"`
	At     string `json:"at"`
}

type conventionRecord struct {
	at                 Problem
	ID                 string      `json:"id"`
	TreatyNumber       string      `json:"treatyNumber"`
	Name               string      `json:"name"`
	NameFr             string      `json:"nameFr"`
	ShortName          string      `json:"shortName"`
	OpenedForSignature string      `json:"openedForSignature"`
	Body               string      `json:"body"`
	ProtocolOf         string      `json:"protocolOf"`
	Sources            []sourceRef `json:"sources"`
}

type projectRecord struct {
	at          Problem
	ID          string      `json:"id"`
	Code        string      `json:"code"`
	Name        string      `json:"name"`
	Aliases     []string    `json:"aliases"`
	Title       string      `json:"title"`
	Start       string      `json:"start"`
	End         string      `json:"end"`
	BudgetEUR   *float64    `json:"budgetEUR"`
	Status      string      `json:"status"`
	Area        string      `json:"area"`
	FundingType string      `json:"fundingType"`
	Sources     []sourceRef `json:"sources"`
}

// located is satisfied by every record type: readFile tells each record where it was read.
type located interface{ locate(Problem) }

func (r *sourceRecord) locate(at Problem)     { r.at = at }
func (r *conventionRecord) locate(at Problem) { r.at = at }
func (r *projectRecord) locate(at Problem)    { r.at = at }

// reader collects problems while the seed files are read and cross-checked.
type reader struct {
	fsys     fs.FS
	problems []Problem
	ids      map[string]map[string]Problem // label -> id -> where declared
	refs     []reference
}

type reference struct {
	label, id, field string
	at               Problem
}

// readFile decodes every non-blank line of name into a new record appended to out.
func readFile[T any, P interface {
	*T
	located
}](r *reader, name string, out *[]T) {
	f, err := r.fsys.Open(name)
	if err != nil {
		r.problems = append(r.problems, Problem{File: name, Message: fmt.Sprintf("cannot open: %v", err)})
		return
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	for line := 1; scanner.Scan(); line++ {
		text := bytes.TrimSpace(scanner.Bytes())
		if len(text) == 0 {
			continue
		}
		at := Problem{File: name, Line: line}
		var rec T
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rec); err != nil {
			r.problem(at, "%s", jsonProblem(err))
			continue
		}
		if dec.More() {
			r.problem(at, "more than one JSON value on the line")
			continue
		}
		P(&rec).locate(at)
		*out = append(*out, rec)
	}
	if err := scanner.Err(); err != nil {
		r.problems = append(r.problems, Problem{File: name, Message: fmt.Sprintf("cannot read: %v", err)})
	}
}

// jsonProblem turns a decoding error into a message that names the field or the column.
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("malformed JSON at column %d: %v", syntax.Offset, err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "malformed JSON: the line ends inside the record (one record per line)"
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q: want a %s, found a JSON %s", typ.Field, typ.Type, typ.Value)
	default:
		return err.Error() // e.g. `json: unknown field "nmae"`
	}
}

func (r *reader) problem(at Problem, format string, args ...any) {
	at.Message = fmt.Sprintf(format, args...)
	r.problems = append(r.problems, at)
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

// refer records a reference to check once every file is read.
func (r *reader) refer(label, id string, at Problem, field string) {
	r.refs = append(r.refs, reference{label: label, id: id, field: field, at: at})
}

func (r *reader) checkReferences() {
	for _, ref := range r.refs {
		if _, ok := r.ids[ref.label][ref.id]; !ok {
			r.problem(ref.at, "%s %q: no %s has this id", ref.field, ref.id, ref.label)
		}
	}
}

// sources converts a record's source list, requiring at least one and a locator for each.
func (r *reader) sources(at Problem, refs []sourceRef) []cybercoop.SourceRef {
	if len(refs) == 0 {
		r.problem(at, "sources: every fact needs at least one source")
	}
	out := make([]cybercoop.SourceRef, 0, len(refs))
	for i, ref := range refs {
		if strings.TrimSpace(ref.At) == "" {
			r.problem(at, "sources[%d]: \"at\" must say where in %q the fact is", i, ref.Source)
		}
		r.refer("Source", ref.Source, at, fmt.Sprintf("sources[%d]", i))
		out = append(out, cybercoop.SourceRef{SourceID: ref.Source, Locator: ref.At})
	}
	return out
}

func (r *reader) optionalDate(at Problem, field, value string) {
	if value == "" {
		return
	}
	if _, err := cybercoop.ParsePartialDate(value); err != nil {
		r.problem(at, "%s: %v", field, err)
	}
}

// dateRange checks both ends and that the range does not end before it starts.
func (r *reader) dateRange(at Problem, start, end string) {
	r.optionalDate(at, "start", start)
	r.optionalDate(at, "end", end)
	from, errFrom := cybercoop.ParsePartialDate(start)
	to, errTo := cybercoop.ParsePartialDate(end)
	if errFrom == nil && errTo == nil && to.LastDay().Before(from.FirstDay()) {
		r.problem(at, "end %s is before start %s", end, start)
	}
}

func oneOf(s string, allowed ...string) bool {
	for _, a := range allowed {
		if s == a {
			return true
		}
	}
	return false
}

// builder accumulates the dataset. Empty strings and nil values are left out of the properties, so a missing
// fact is absent in Neo4j rather than stored as "".
type builder struct{ data cybercoop.Dataset }

func (b *builder) node(label, id string, sources []cybercoop.SourceRef, props map[string]any) {
	b.data.Nodes = append(b.data.Nodes, cybercoop.Node{Label: label, ID: id, Props: present(props), Sources: sources})
}

func (b *builder) relationship(kind, fromLabel, fromID, toLabel, toID string, sources []cybercoop.SourceRef, props map[string]any) {
	b.data.Relationships = append(b.data.Relationships, cybercoop.Relationship{
		Type: kind, FromLabel: fromLabel, FromID: fromID, ToLabel: toLabel, ToID: toID,
		Props: present(props), Sources: sources,
	})
}

func present(props map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range props {
		switch v := v.(type) {
		case string:
			if v != "" {
				out[k] = v
			}
		case []string:
			if len(v) > 0 {
				out[k] = v
			}
		case *float64:
			if v != nil {
				out[k] = *v
			}
		default:
			if v != nil {
				out[k] = v
			}
		}
	}
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
