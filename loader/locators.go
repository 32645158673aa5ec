package loader

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cybercoop/cybercoop"
	"golang.org/x/text/unicode/norm"
)

// Locators: every "at" of a record's sources that cites lines ("line 262", "§3.6, line 262", "annex, line 512",
// "lines 110-114", "§3.4, lines 211, 213", "line 44: C-PROC list of projects in preparation, line 47") is checked
// against the file of its source: the documents sources.jsonl names by "file", and the treaty charts.

// lineRange is a line, or a range of lines, that a locator cites; lines count from 1.
type lineRange struct{ from, to int }

var (
	// lineWord finds each "line" or "lines" of a locator.
	lineWord = regexp.MustCompile(`(?i)\blines?\b`)
	// lineNumbers reads what follows "line": one number or a range; after "lines", a list of them too.
	lineNumber   = regexp.MustCompile(`^\s+(\d+)(?:\s*[-–]\s*(\d+))?`)
	lineListTail = regexp.MustCompile(`^\s*,\s*(\d+)(?:\s*[-–]\s*(\d+))?\b`)
)

// lineRanges reads the lines a locator cites, in the order written. A "line" with no number after it, line 0, or a
// range that runs backwards is an error; a locator that cites no line ("country codes AL / ALB") gives none.
func lineRanges(at string) ([]lineRange, error) {
	var out []lineRange
	for _, loc := range lineWord.FindAllStringIndex(at, -1) {
		word, rest := at[loc[0]:loc[1]], at[loc[1]:]
		m := lineNumberIndex(rest)
		if m == nil {
			return nil, fmt.Errorf("%q is not followed by a line number", word)
		}
		for {
			r, err := rangeOf(rest[m[2]:m[3]], submatch(rest, m, 4))
			if err != nil {
				return nil, err
			}
			out = append(out, r)
			rest = rest[m[1]:]
			if !strings.EqualFold(word, "lines") {
				break
			}
			if m = lineListTail.FindStringSubmatchIndex(rest); m == nil {
				break
			}
		}
	}
	return out, nil
}

func lineNumberIndex(s string) []int { return lineNumber.FindStringSubmatchIndex(s) }

func submatch(s string, m []int, i int) string {
	if m[i] < 0 {
		return ""
	}
	return s[m[i]:m[i+1]]
}

func rangeOf(from, to string) (lineRange, error) {
	a, errA := strconv.Atoi(from)
	b, errB := a, error(nil)
	if to != "" {
		b, errB = strconv.Atoi(to)
	}
	switch {
	case errA != nil || errB != nil:
		return lineRange{}, fmt.Errorf("line number %s%s is too large", from, map[bool]string{true: "-" + to}[to != ""])
	case a < 1:
		return lineRange{}, fmt.Errorf("line %d: lines count from 1", a)
	case b < a:
		return lineRange{}, fmt.Errorf("lines %d-%d run backwards", a, b)
	}
	return lineRange{a, b}, nil
}

// citation is a record's sources as read, kept until every source is known and the documents can be read.
type citation struct {
	at      Problem
	sources []cybercoop.SourceRef
	names   []string // the record's title, names, acronym and aliases
	title   string   // its title, when it has one
}

// citedNames are the names a record's cited lines may give: its title, names, short name, acronym and aliases.
func citedNames(props map[string]any) []string {
	var names []string
	for _, key := range []string{"title", "name", "nameFr", "shortName", "acronym"} {
		if s, ok := props[key].(string); ok {
			names = append(names, s)
		}
	}
	if aliases, ok := props["aliases"].([]string); ok {
		names = append(names, aliases...)
	}
	return names
}

// document is a source's file, split into lines, with each line's matchKey computed when first needed.
type document struct {
	file  string // as sources.jsonl names it
	lines []string
	keys  []string
}

func (d *document) key(line int) string {
	if d.keys == nil {
		d.keys = make([]string, len(d.lines))
		for i, l := range d.lines {
			d.keys[i] = matchKey(l)
		}
	}
	return d.keys[line-1]
}

func (d *document) blank(line int) bool { return strings.TrimFunc(d.lines[line-1], spaceLike) == "" }

// paragraph widens a range to the lines up to the nearest blank ones.
func (d *document) paragraph(r lineRange) lineRange {
	for r.from > 1 && !d.blank(r.from-1) {
		r.from--
	}
	for r.to < len(d.lines) && !d.blank(r.to+1) {
		r.to++
	}
	return r
}

// sectionMark is the section a locator names: "§3.3, line 190".
var sectionMark = regexp.MustCompile(`§\s*(\d+(?:\.\d+)*)`)

// sectionHeading is the line, before line, that heads the section the locator names ("3.3 Cybercrime@EAP II –
// Coopération internationale" for "§3.3, line 190"), 0 when the locator names none or the document has no such
// heading: a record cited in a section may be named by its heading only.
func (d *document) sectionHeading(locator string, line int) int {
	m := sectionMark.FindStringSubmatch(locator)
	if m == nil {
		return 0
	}
	for n := line - 1; n >= 1; n-- {
		text := strings.TrimLeft(d.lines[n-1], "#* \t")
		if rest, ok := strings.CutPrefix(text, m[1]); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
			return n
		}
	}
	return 0
}

// text is the matchKey of a range's lines, joined by spaces.
func (d *document) text(r lineRange) string {
	keys := make([]string, 0, r.to-r.from+1)
	for n := r.from; n <= r.to; n++ {
		keys = append(keys, d.key(n))
	}
	return strings.Join(keys, " ")
}

// splitDocument splits a text file into its lines, without their line breaks ("\n" or "\r\n").
func splitDocument(data []byte) []string {
	text := strings.TrimSuffix(string(data), "\n")
	if text == "" {
		return nil
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

var (
	// markdownLink is the markup the extraction left around link texts: "[Conférence Octopus](#)".
	markdownLink = regexp.MustCompile(`\[([^\[\]]*)\]\([^()]*\)`)
	keyReplacer  = strings.NewReplacer("**", "", "’", "'", "‘", "'", "`", "")
)

// matchKey is how a name and a document's line are compared: in compatibility form (NFKC), without the superscript
// markup and footnote calls of the extraction ("4^e" is "4e", "Kosovo*¹⁵" is "Kosovo"), without the markdown of
// links and bold, in lower case, with every run of spaces of any kind one space.
func matchKey(s string) string {
	s = footnoteMarker.ReplaceAllString(s, "")
	s = norm.NFKC.String(NormalizeOrdinals(s))
	s = keyReplacer.Replace(markdownLink.ReplaceAllString(s, "$1"))
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), spaceLike), " ")
}

// containsName reports whether text holds name as whole words (both matchKeys): "glacy" is in "glacy+ project", not
// in "glacyx".
func containsName(text, name string) bool {
	if name == "" {
		return false
	}
	startsWord, endsWord := wordRune(firstRuneOf(name)), wordRune(lastRuneOf(name))
	for i := 0; ; {
		j := strings.Index(text[i:], name)
		if j < 0 {
			return false
		}
		at := i + j
		before, _ := utf8.DecodeLastRuneInString(text[:at])
		after, _ := utf8.DecodeRuneInString(text[at+len(name):])
		if (!startsWord || !wordRune(before)) && (!endsWord || !wordRune(after)) {
			return true
		}
		_, size := utf8.DecodeRuneInString(text[at:])
		i = at + size
	}
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func lastRuneOf(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func firstRuneOf(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// nearLines is how far from a cited line a name found on another line makes the locator wrong rather than a
// citation of a fact stated in other words.
const nearLines = 5

// checkCitations checks the form of every line locator and, with the documents at hand, that each cited line
// exists in its source's file and is not blank, and that a record with a title or names is cited where the
// document gives it (see checkNames). It runs once every source, the charts' included, is known.
func (r *reader) checkCitations() {
	files := map[string]string{} // source id -> file
	for _, n := range r.data.Nodes {
		if file, ok := n.Props["file"].(string); ok && n.Label == "Source" {
			files[n.ID] = file
		}
	}
	docs := map[string]*document{} // source id -> its file, nil when it cannot be read
	if r.docs != nil {
		r.checkSourceFiles(files, docs)
	}
	for _, c := range r.cited {
		found := map[int]*document{}
		ranges := map[int][]lineRange{}
		for i, src := range c.sources {
			lines, err := lineRanges(src.Locator)
			if err != nil {
				r.problem(c.at, "sources[%d].at %q: %v", i, src.Locator, err)
				continue
			}
			if len(lines) == 0 || r.docs == nil || !r.known("Source", src.SourceID) {
				continue
			}
			file, hasFile := files[src.SourceID]
			if !hasFile {
				r.problem(c.at, "sources[%d].at %q: source %s has no file whose lines it could cite (sources.jsonl "+
					"gives none)", i, src.Locator, src.SourceID)
				continue
			}
			doc := docs[src.SourceID]
			if doc == nil {
				continue // its file is reported where the source is declared
			}
			ok := true
			for _, l := range lines {
				switch {
				case l.to > len(doc.lines):
					r.problem(c.at, "sources[%d].at %q: %s (%s) has %s lines", i, src.Locator, file, src.SourceID,
						thousands(len(doc.lines)))
					ok = false
				case doc.blank(l.from) || doc.blank(l.to):
					blank := l.from
					if !doc.blank(blank) {
						blank = l.to
					}
					r.problem(c.at, "sources[%d].at %q: line %d of %s (%s) is blank", i, src.Locator, blank, file,
						src.SourceID)
					ok = false
				}
			}
			if ok {
				found[i], ranges[i] = doc, lines
			}
		}
		if len(c.names) > 0 && len(found) > 0 && len(found) == countLineLocators(c.sources) {
			r.checkNames(c, found, ranges)
		}
	}
}

// countLineLocators counts the sources whose locator cites lines.
func countLineLocators(sources []cybercoop.SourceRef) int {
	n := 0
	for _, s := range sources {
		if lines, err := lineRanges(s.Locator); err == nil && len(lines) > 0 {
			n++
		}
	}
	return n
}

// checkSourceFiles reads the file of every source: a document of the documents folder, or a treaty chart of the
// seed folder (the chart read, which import-chart may have given from elsewhere).
func (r *reader) checkSourceFiles(files map[string]string, docs map[string]*document) {
	for id, file := range files {
		if lines, ok := r.chartLines[id]; ok {
			docs[id] = &document{file: file, lines: lines}
			continue
		}
		data, err := fs.ReadFile(r.docs, file)
		if err != nil {
			at := r.ids["Source"][id]
			why := err.Error()
			if errors.Is(err, fs.ErrNotExist) {
				why = "no such file in the documents folder (the folder of the source documents; the loader's -documents)"
			}
			r.problem(at, "file %q: %s", file, why)
			continue
		}
		docs[id] = &document{file: file, lines: splitDocument(data)}
	}
}

// checkNames checks that a record with a title or names is cited where its source gives them. One cited line, or
// its paragraph, or the heading of the section the locator names ("§3.3"), holding one of the names is enough: a
// record may also cite lines that state a fact about it in other words. When none does, the record is refused if its title is on another line of a document it cites, or one
// of its names on a line within nearLines of a cited one: the locator is then off (a line counted wrong, a blank
// line cited). A name the documents give nowhere near (a translation, a paraphrase) cannot be checked.
func (r *reader) checkNames(c citation, docs map[int]*document, ranges map[int][]lineRange) {
	if c.title != "" && r.checkTitle(c, docs, ranges) {
		return
	}
	keys := make(map[string]string, len(c.names)) // matchKey -> the name as the record writes it
	for _, name := range c.names {
		if k := matchKey(name); k != "" {
			keys[k] = name
		}
	}
	for i, doc := range docs {
		for _, l := range ranges[i] {
			text := doc.text(doc.paragraph(l))
			if h := doc.sectionHeading(c.sources[i].Locator, l.from); h > 0 {
				text += " " + doc.key(h)
			}
			for k := range keys {
				if containsName(text, k) {
					return
				}
			}
		}
	}
	type miss struct {
		source int
		cited  lineRange
		line   int
		name   string
		dist   int
	}
	var best *miss
	for i, doc := range docs {
		for _, l := range ranges[i] {
			for n := max(1, l.from-nearLines); n <= min(len(doc.lines), l.to+nearLines); n++ {
				dist := max(l.from-n, n-l.to)
				for k, name := range keys {
					if !containsName(doc.key(n), k) {
						continue
					}
					if best == nil || dist < best.dist || dist == best.dist && (i < best.source ||
						i == best.source && (n < best.line || n == best.line && name < best.name)) {
						best = &miss{source: i, cited: l, line: n, name: name, dist: dist}
					}
				}
			}
		}
	}
	if best == nil {
		return
	}
	doc := docs[best.source]
	r.problem(c.at, "sources[%d].at %q: the name %q is not on %s or its paragraph (%s) but on line %d of %s",
		best.source, c.sources[best.source].Locator, clip(best.name), describeRange(best.cited),
		describeRange(doc.paragraph(best.cited)), best.line, doc.file)
}

// checkTitle checks a record's title against the lines of the documents it cites. When one of those lines holds
// the title, a cited line must be one of them: the rest of its paragraph holds other records (the annex's entries
// are one paragraph). It reports whether it decided; it does not when no line holds the title (a title written
// otherwise, or across lines), and checkNames compares names and paragraphs.
func (r *reader) checkTitle(c citation, docs map[int]*document, ranges map[int][]lineRange) bool {
	key := matchKey(c.title)
	type hit struct{ source, line, dist int }
	var nearest *hit
	for i, doc := range docs {
		for n := 1; n <= len(doc.lines); n++ {
			if !containsName(doc.key(n), key) {
				continue
			}
			for _, l := range ranges[i] {
				if n >= l.from && n <= l.to {
					return true
				}
				dist := max(l.from-n, n-l.to)
				if nearest == nil || dist < nearest.dist || dist == nearest.dist && i < nearest.source {
					nearest = &hit{i, n, dist}
				}
			}
		}
	}
	if nearest == nil {
		return false
	}
	doc := docs[nearest.source]
	r.problem(c.at, "sources[%d].at %q: the title %q is on line %d of %s, which the record does not cite",
		nearest.source, c.sources[nearest.source].Locator, clip(c.title), nearest.line, doc.file)
	return true
}

func describeRange(l lineRange) string {
	if l.from == l.to {
		return fmt.Sprintf("line %d", l.from)
	}
	return fmt.Sprintf("lines %d-%d", l.from, l.to)
}

// thousands writes n with commas between thousands: 1,234.
func thousands(n int) string {
	s := strconv.Itoa(n)
	var b bytes.Buffer
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// known reports whether a record of label has id.
func (r *reader) known(label, id string) bool {
	_, ok := r.ids[label][id]
	return ok
}
