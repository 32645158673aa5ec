package loader

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

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
