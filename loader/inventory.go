package loader

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode"

	"github.com/cybercoop/cybercoop"
	"golang.org/x/text/unicode/norm"
)

// InventoryEntry is one activity of a C-PROC activity inventory, as the source writes it. The inventory recurs every
// year in the same shape: a month heading ("Octobre 2017"), then one line per activity, "projects<TAB>title, city,
// country, dates".
type InventoryEntry struct {
	Line     int
	Projects []string // project names as written: "GLACY+", "CyberCrime@EAP 2018"
	Title    string   // ordinal markup normalised ("4^e" is "4e"), footnote markers removed
	Places   []Place  // where it was held, in the order written; empty when the entry names no place
	Dates    []DateRange
	Heading  cybercoop.PartialDate // the month heading the entry is listed under
	// DatesFromHeading is set when the entry gives no date of its own: Dates is then its heading's month.
	DatesFromHeading bool
	Footnotes        []Footnote // the footnotes whose markers the entry carries
	Notes            []string   // what a reviewer should know: a date outside the heading's month, ...
}

var (
	// footnoteLine is a footnote at the bottom of a page of the source: "¹⁵ * Toute référence au Kosovo ...".
	footnoteLine = regexp.MustCompile(`^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s+(.*)$`)
	// footnoteMarker is a footnote call after a name: "Kosovo^{*15}", "Kosovo ^{*16}", "Kosovo*¹⁷".
	footnoteMarker = regexp.MustCompile(`\s*\^?\{?\*([0-9⁰¹²³⁴⁵⁶⁷⁸⁹]*)\}?`)
	// projectName splits the project column: names are separated by commas or spaces, but "CyberCrime@EAP 2018"
	// and "CyberCrime@EAP III" hold a space themselves.
	projectName = regexp.MustCompile(`(?i)[\w+]*@\w+(?:\s+(?:\d{4}|[IVX]+)\b)?|[^\s,]+`)
)

var superscriptDigits = strings.NewReplacer("⁰", "0", "¹", "1", "²", "2", "³", "3", "⁴", "4", "⁵", "5", "⁶", "6", "⁷", "7", "⁸", "8", "⁹", "9")

// Footnote is a footnote of the source, e.g. the caveat the report attaches to every mention of Kosovo.
type Footnote struct {
	Number string
	Text   string // empty when the footnote's own line is not in the text
}

// Place is a city and the country it is in, as written; either may be empty ("New Delhi" names no country).
type Place struct {
	City    string
	Country string
}

// InventoryNames tells ParseInventory what the text alone does not: which place names are countries or
// territories, and which names are projects. A *Gazetteer is one.
type InventoryNames interface {
	IsCountry(name string) bool
	IsProject(name string) bool
}

// ParseInventory reads an inventory from r; file names it in problems. The inventory starts at the first month
// heading ("Octobre 2017", read whatever its spaces, case and accents), so a whole report can be given; a line
// before it that reads as an entry (known projects, a tab, then text) is an error, since a heading written otherwise
// would drop the entries under it. From the first heading on, every line that is not blank is a heading, a
// footnote that an entry calls, or an entry; any other line, an entry it cannot read and a date that cannot be real
// are reported with their line numbers in an *InvalidSeedsError: none is dropped.
func ParseInventory(r io.Reader, file string, names InventoryNames) ([]InventoryEntry, error) {
	var entries []InventoryEntry
	var problems []Problem
	var heading cybercoop.PartialDate
	inInventory := false
	footnotes := map[string]string{} // number -> text; a footnote comes after the entries that call it
	footnoteAt := map[string]int{}   // number -> the line of a footnote of the inventory
	called := map[string]bool{}      // the footnotes the inventory's lines call
	scanner := bufio.NewScanner(r)
	scanner.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for line := 1; scanner.Scan(); line++ {
		text := cleanLine(scanner.Text())
		if month, ok, err := monthHeadingOf(text); ok {
			heading, inInventory = month, true // what follows an impossible heading is still the inventory
			if err != nil {
				problems = append(problems, Problem{file, line, fmt.Sprintf("month heading %q: %v", text, err)})
			}
			continue
		}
		if m := footnoteLine.FindStringSubmatch(text); m != nil {
			number := superscriptDigits.Replace(m[1])
			footnotes[number] = m[2]
			if inInventory {
				footnoteAt[number] = line
			}
			continue
		}
		if text == "" {
			continue
		}
		if !inInventory {
			if looksLikeEntry(text, names) {
				problems = append(problems, Problem{file, line, fmt.Sprintf("an inventory entry before the first month "+
					"heading: is the heading above it written otherwise than \"Octobre 2017\"? %q", clip(text))})
			}
			continue
		}
		for _, m := range footnoteMarker.FindAllStringSubmatch(text, -1) {
			called[superscriptDigits.Replace(m[1])] = true
		}
		entry, err := parseEntry(text, heading, names.IsCountry)
		if err != nil {
			problems = append(problems, Problem{file, line, err.Error()})
			continue
		}
		entry.Line = line
		entries = append(entries, entry)
	}
	if err := scanner.Err(); err != nil {
		problems = append(problems, Problem{File: file, Message: fmt.Sprintf("cannot read: %v", err)})
	}
	for number, line := range footnoteAt {
		if !called[number] {
			problems = append(problems, Problem{file, line, fmt.Sprintf("footnote %s: no entry calls it (its "+
				"marker, as in \"Kosovo*%s\", is missing or written otherwise)", number, number)})
		}
	}
	sortProblems(problems)
	for i := range entries {
		for j, f := range entries[i].Footnotes {
			entries[i].Footnotes[j].Text = footnotes[f.Number]
		}
	}
	if len(problems) > 0 {
		return entries, &InvalidSeedsError{Problems: problems}
	}
	return entries, nil
}

// cleanLine is a line of an inventory as the parser reads it: in composed form (NFC), every space of another kind
// (no-break, narrow, ...) an ordinary one, without zero-width spaces, trimmed. Tabs are kept: they end the projects.
func cleanLine(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\u200B' || r == '\u2060' || r == '\uFEFF':
			return -1
		case unicode.Is(unicode.Zs, r):
			return ' '
		}
		return r
	}, normalizeText(s))
	return strings.TrimSpace(s)
}

// monthHeadingOf reads a month heading, "Octobre 2017": a French month (any case, accents optional, in
// compatibility form: NFKC) and a year of four digits, alone on the line. ok says whether the line is one; err that
// its year cannot be real.
func monthHeadingOf(text string) (month cybercoop.PartialDate, ok bool, err error) {
	fields := strings.FieldsFunc(norm.NFKC.String(text), spaceLike)
	if len(fields) != 2 || len(fields[1]) != 4 || strings.Trim(fields[1], "0123456789") != "" {
		return month, false, nil
	}
	m, isMonth := frenchMonth(fields[0])
	if !isMonth {
		return month, false, nil
	}
	month, err = cybercoop.ParsePartialDate(fmt.Sprintf("%s-%02d", fields[1], m))
	return month, true, err
}

// looksLikeEntry is true for a line that reads as an inventory entry: names of known projects, a tab, and text.
func looksLikeEntry(text string, names InventoryNames) bool {
	projectsText, rest, ok := strings.Cut(text, "\t")
	if !ok || strings.TrimSpace(rest) == "" {
		return false
	}
	projects := projectName.FindAllString(projectsText, -1)
	for _, p := range projects {
		if !names.IsProject(p) {
			return false
		}
	}
	return len(projects) > 0
}

// parseEntry reads "projects<TAB>title, places, dates[, places]".
func parseEntry(text string, heading cybercoop.PartialDate, isCountry func(string) bool) (InventoryEntry, error) {
	projectsText, rest, ok := strings.Cut(text, "\t")
	if !ok {
		return InventoryEntry{}, fmt.Errorf("not an inventory entry (no tab between projects and title): %q", clip(text))
	}
	e := InventoryEntry{Heading: heading, Projects: projectName.FindAllString(projectsText, -1)}
	if len(e.Projects) == 0 {
		return InventoryEntry{}, fmt.Errorf("no project before the tab")
	}
	for _, m := range footnoteMarker.FindAllStringSubmatch(rest, -1) {
		if m[1] != "" {
			e.Footnotes = append(e.Footnotes, Footnote{Number: superscriptDigits.Replace(m[1])})
		}
	}
	rest = NormalizeOrdinals(footnoteMarker.ReplaceAllString(rest, ""))
	segments := splitSegments(rest)

	// The dates are the right-most segment that reads as dates; places may follow them ("..., 13-14 novembre
	// 2017, Kiev, Ukraine").
	dateAt := -1
	for i := len(segments) - 1; i > 0; i-- {
		if dates, err := ParseFrenchDates(segments[i]); err == nil {
			e.Dates, dateAt = dates, i
			break
		}
	}
	// What follows the dates (or, without dates, what follows the title's first segment) is places: a segment
	// there that was meant as a date is one that cannot be real ("31 juin 2018"), not a place or title text.
	for _, segment := range segments[max(dateAt+1, 1):] {
		if looksLikeDate(segment) {
			_, err := ParseFrenchDates(segment)
			return InventoryEntry{}, fmt.Errorf("dates %q: %v", segment, err)
		}
	}
	before, after := segments, []string(nil)
	if dateAt >= 0 {
		before, after = segments[:dateAt], segments[dateAt+1:]
	} else {
		if heading == (cybercoop.PartialDate{}) {
			return InventoryEntry{}, fmt.Errorf("no date, and the heading above is not a real month: %q", clip(text))
		}
		e.DatesFromHeading = true
		e.Dates = []DateRange{{Start: heading, End: heading}}
	}
	places := after
	if len(places) == 0 {
		places, before = trailingPlaces(before, isCountry)
	}
	e.Title = strings.TrimSpace(strings.Join(before, ", "))
	if e.Title == "" {
		return InventoryEntry{}, fmt.Errorf("no title before the place and dates: %q", clip(text))
	}
	e.Places = groupPlaces(places, isCountry)
	if !e.DatesFromHeading && !within(e.Dates, heading) {
		e.Notes = append(e.Notes, fmt.Sprintf("dates %s are outside the heading month %s", render(e.Dates), heading))
	}
	return e, nil
}

// splitSegments splits on commas outside parentheses and « » quotes.
func splitSegments(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(', '«':
			depth++
		case ')', '»':
			depth = max(depth-1, 0)
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// trailingPlaces takes the places off the end of the segments before the dates: groups of up to two place names
// and a country ("Alexandria, Virginie, États-Unis"; "La Haye, Pays-Bas, Bruxelles et Mechelen, Belgique"), or one
// place name alone ("New Delhi"). The first segment always belongs to the title.
func trailingPlaces(segments []string, isCountry func(string) bool) (places, title []string) {
	end := len(segments)
	if end > 1 && !isCountry(segments[end-1]) && looksLikePlace(segments[end-1]) {
		return segments[end-1:], segments[:end-1]
	}
	for end > 1 && isCountry(segments[end-1]) {
		end--
		for taken := 0; taken < 2 && end > 1 && looksLikePlace(segments[end-1]) && !isCountry(segments[end-1]); taken++ {
			end--
		}
	}
	return segments[end:], segments[:end]
}

// groupPlaces pairs each country with the place names before it.
func groupPlaces(segments []string, isCountry func(string) bool) []Place {
	var out []Place
	var names []string
	for _, s := range segments {
		if isCountry(s) {
			out = append(out, Place{City: strings.Join(names, ", "), Country: s})
			names = nil
			continue
		}
		names = append(names, s)
	}
	if len(names) > 0 {
		out = append(out, Place{City: strings.Join(names, ", ")})
	}
	return out
}

// titleWords start segments that belong to a title even when short and capitalised.
var titleWords = []string{"Atelier", "Formation", "Réunion", "Participation", "Mission", "Conférence", "Module",
	"Exercice", "Visite", "Soutien", "Cours", "Séminaire", "Forum", "Programme", "Analyse", "Examen", "Université"}

// looksLikePlace accepts short capitalised names without digits: "Tirana", "Saint-Domingue", "Abou Dabi".
func looksLikePlace(s string) bool {
	if s == "" || len(strings.Fields(s)) > 4 || strings.ContainsAny(s, "0123456789()") {
		return false
	}
	first := []rune(s)[0]
	if !unicode.IsUpper(first) && first != '«' {
		return false
	}
	for _, w := range strings.Fields(s) {
		if isAcronym(w) { // "EUROPOL et FIRST" is part of a title, "Washington D.C." a place
			return false
		}
	}
	for _, w := range titleWords {
		if strings.HasPrefix(s, w) {
			return false
		}
	}
	return true
}

// looksLikeDate is true for a segment with a number and a French month: one that was meant as dates.
func looksLikeDate(s string) bool {
	if !strings.ContainsAny(s, "0123456789") {
		return false
	}
	for _, word := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if _, ok := frenchMonth(word); ok {
			return true
		}
	}
	return false
}

func isAcronym(word string) bool {
	letters := 0
	for _, r := range word {
		if !unicode.IsUpper(r) {
			return false
		}
		letters++
	}
	return letters >= 3
}

// within reports whether any range touches the heading's month.
func within(dates []DateRange, heading cybercoop.PartialDate) bool {
	for _, d := range dates {
		if !d.End.LastDay().Before(heading.FirstDay()) && !d.Start.FirstDay().After(heading.LastDay()) {
			return true
		}
	}
	return false
}

func render(dates []DateRange) string {
	parts := make([]string, len(dates))
	for i, d := range dates {
		parts[i] = d.Start.String()
		if d.End != d.Start {
			parts[i] += ".." + d.End.String()
		}
	}
	return strings.Join(parts, ", ")
}

func clip(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}
