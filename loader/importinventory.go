package loader

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// ActivityRecord is one line of an activities-*.jsonl seed file, as ImportInventory proposes it for review.
type ActivityRecord struct {
	ID             string         `json:"id"`
	Projects       []string       `json:"projects"`
	Title          string         `json:"title"`
	Type           string         `json:"type"`
	Dates          []DateRecord   `json:"dates"`
	City           string         `json:"city,omitempty"`
	PlaceAsWritten string         `json:"placeAsWritten,omitempty"`
	Countries      []string       `json:"countries,omitempty"`
	Involves       []string       `json:"involves,omitempty"`
	For            []string       `json:"for,omitempty"`
	Note           string         `json:"note,omitempty"`
	Sources        []SourceRecord `json:"sources"`
}

// DateRecord is one part of an activity's dates in a seed file.
type DateRecord struct {
	Start string `json:"start"`
	End   string `json:"end"`
	Label string `json:"label,omitempty"`
}

// SourceRecord is one entry of a seed record's "sources".
type SourceRecord struct {
	Source string `json:"source"`
	At     string `json:"at"`
}

// Gazetteer resolves names as the documents write them ("Nigéria", "CyberCrime@EAP 2018", "l'OEA") to the ids of
// the seed set, so an imported inventory points at the countries, projects and organisations already there.
type Gazetteer struct {
	countries     map[string]string // folded name -> id
	projects      map[string]string
	organizations []namePattern
	countryNames  []namePattern
}

type namePattern struct {
	pattern *regexp.Regexp
	id      string
}

// NewGazetteer indexes the names, French names, acronyms and aliases of the countries, projects and organisations
// of a seed set.
func NewGazetteer(seeds Seeds) *Gazetteer {
	g := &Gazetteer{countries: map[string]string{}, projects: map[string]string{}}
	for _, n := range seeds.Dataset.Nodes {
		names := namesOf(n.Props)
		switch n.Label {
		case "Country":
			for _, name := range names {
				g.countries[fold(name)] = n.ID
				g.countryNames = append(g.countryNames, namePattern{wordPattern(name), n.ID})
			}
		case "Project":
			for _, name := range names {
				g.projects[fold(name)] = n.ID
			}
		case "Organization":
			for _, name := range names {
				g.organizations = append(g.organizations, namePattern{wordPattern(name), n.ID})
			}
		}
	}
	return g
}

func namesOf(props map[string]any) []string {
	var names []string
	for _, key := range []string{"name", "nameFr", "acronym"} {
		if s, ok := props[key].(string); ok {
			names = append(names, s)
		}
	}
	if aliases, ok := props["aliases"].([]string); ok {
		names = append(names, aliases...)
	}
	return names
}

// fold makes lookups ignore case, the kind and number of spaces, the typographic apostrophe and the Unicode form
// a name is written in ("Azerbai\u0308djan", decomposed, is "Azerbaïdjan").
func fold(s string) string {
	s = strings.ToLower(strings.ReplaceAll(normalizeText(s), "’", "'"))
	return strings.Join(strings.FieldsFunc(s, spaceLike), " ")
}

// wordPattern matches name as a whole word: case-sensitively for acronyms ("OEA" is not "oea" in "Coréea"),
// case-insensitively otherwise.
func wordPattern(name string) *regexp.Regexp {
	flags := "(?i)"
	if isAcronym(strings.NewReplacer("-", "", "+", "").Replace(name)) {
		flags = ""
	}
	return regexp.MustCompile(flags + `(?:^|[^\p{L}\p{N}])` + regexp.QuoteMeta(name) + `(?:$|[^\p{L}\p{N}])`)
}

// IsCountry reports whether name is a country or territory of the seed set, as ParseInventory asks.
func (g *Gazetteer) IsCountry(name string) bool {
	_, ok := g.countries[fold(name)]
	return ok
}

// IsProject reports whether name is a project of the seed set, as ParseInventory asks.
func (g *Gazetteer) IsProject(name string) bool {
	_, ok := g.projects[fold(name)]
	return ok
}

// ImportInventory turns parsed inventory entries into activity records citing sourceID at the entry's line, with
// ids made of idPrefix (with or without its final dash) and the entry's line: the lines of the source's document,
// which the entries must have been parsed from. Project names it cannot resolve are problems; countries and
// organisations named in a title become "for" and "involves". The records are a proposal: review them before
// committing them to seeds/.
func ImportInventory(entries []InventoryEntry, g *Gazetteer, file, sourceID, idPrefix string) ([]ActivityRecord, error) {
	var out []ActivityRecord
	var problems []Problem
	idPrefix = strings.TrimSuffix(idPrefix, "-")
	for _, e := range entries {
		rec := ActivityRecord{
			ID:      fmt.Sprintf("%s-%d", idPrefix, e.Line),
			Title:   e.Title,
			Type:    ClassifyActivity(e.Title),
			Sources: []SourceRecord{{Source: sourceID, At: fmt.Sprintf("annex, line %d", e.Line)}},
		}
		for _, name := range e.Projects {
			id, ok := g.projects[fold(name)]
			if !ok {
				problems = append(problems, Problem{file, e.Line, fmt.Sprintf("unknown project %q: add it (or an alias) to projects.jsonl", name)})
				continue
			}
			rec.Projects = appendUnique(rec.Projects, id)
		}
		for _, d := range e.Dates {
			rec.Dates = append(rec.Dates, DateRecord{Start: d.Start.String(), End: d.End.String(), Label: d.Label})
		}
		var cities, written []string
		for _, p := range e.Places {
			if p.City != "" {
				cities = append(cities, p.City)
			}
			written = append(written, strings.Trim(p.City+", "+p.Country, ", "))
			if p.Country != "" {
				rec.Countries = appendUnique(rec.Countries, g.countries[fold(p.Country)])
			}
		}
		rec.City = strings.Join(cities, "; ")
		rec.PlaceAsWritten = strings.Join(written, "; ")
		rec.Involves = g.matches(g.organizations, e.Title)
		rec.For = g.matches(g.countryNames, e.Title)
		rec.Note = entryNote(e)
		out = append(out, rec)
	}
	if len(problems) > 0 {
		return out, &InvalidSeedsError{Problems: problems}
	}
	return out, nil
}

func (g *Gazetteer) matches(patterns []namePattern, title string) []string {
	var ids []string
	for _, p := range patterns {
		if p.pattern.MatchString(title) {
			ids = appendUnique(ids, p.id)
		}
	}
	sort.Strings(ids)
	return ids
}

func entryNote(e InventoryEntry) string {
	var notes []string
	if e.DatesFromHeading {
		notes = append(notes, fmt.Sprintf("the entry gives no date; listed under %s", e.Heading))
	}
	for _, f := range e.Footnotes {
		notes = append(notes, strings.TrimSpace(fmt.Sprintf("footnote %s: %s", f.Number, f.Text)))
	}
	notes = append(notes, e.Notes...)
	return strings.Join(notes, "; ")
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// activityRules assign a type from the title's wording. The first rule whose phrase the title contains wins, so
// the more specific phrases come first; a title naming none is "other".
var activityRules = []struct {
	kind    string
	phrases []string
}{
	{"participation", []string{"participation à", "participation au", "participation de", "soutien à la participation"}},
	{"assessment visit", []string{"visite d'évaluation", "mission exploratoire", "mission d'évaluation"}},
	{"study visit", []string{"visite d'étude", "visite du", "visite de"}},
	{"advisory mission", []string{"mission consultative", "mission de consultation", "mission de suivi", "conseils"}},
	{"exercise", []string{"exercice"}},
	{"training", []string{"formation", "cours", "module", "master", "université d'été", "programme spécial"}},
	{"workshop", []string{"atelier", "séminaire", "table ronde"}},
	{"conference", []string{"conférence", "forum", "sommet", "colloque", "symposium", "festival", "semaine", "dialogue"}},
	{"meeting", []string{"réunion", "comité directeur", "groupe de travail", "groupe de rédaction", "plénière"}},
	{"desk study", []string{"analyse documentaire", "analyse comparative", "étude", "rédaction", "examen", "analyse"}},
	{"support", []string{"soutien", "intégration", "adaptation", "mémorandum", "contribution", "mise au point"}},
}

// ClassifyActivity returns the activity type (one of ActivityTypes) that the title's wording says.
func ClassifyActivity(title string) string {
	t := strings.ToLower(strings.ReplaceAll(title, "’", "'"))
	for _, rule := range activityRules {
		for _, phrase := range rule.phrases {
			if containsWord(t, phrase) {
				return rule.kind
			}
		}
	}
	return "other"
}

// containsWord finds phrase at a word start in t, so "cours" does not match "concours".
func containsWord(t, phrase string) bool {
	for i := 0; ; {
		j := strings.Index(t[i:], phrase)
		if j < 0 {
			return false
		}
		at := i + j
		if at == 0 || !unicode.IsLetter(lastRune(t[:at])) {
			return true
		}
		i = at + len(phrase)
	}
}

func lastRune(s string) rune {
	r := []rune(s)
	return r[len(r)-1]
}

// ReadInventory parses an inventory and imports it in one step, for `loader import-inventory`: r is the whole
// document of sourceID (see CheckImport), so that the records cite its lines; file names it in problems.
func ReadInventory(r io.Reader, file string, g *Gazetteer, sourceID, idPrefix string) ([]ActivityRecord, error) {
	entries, err := ParseInventory(r, file, g)
	if err != nil {
		return nil, err
	}
	return ImportInventory(entries, g, file, sourceID, idPrefix)
}

// activityPrefix is an activity id's prefix before its line number: "cproc-2018" for "cproc-2018-437".
var activityPrefix = regexp.MustCompile(`^(.+)-\d+$`)

// CheckImport checks what an import of an inventory is told against the seeds, and returns the file of the source
// to read (sources.jsonl's "file", in the documents folder). sourceID must be a source of sources.jsonl with a file.
// idPrefix (with or without its final dash) must be the one the seeds' activities citing that source have, so that
// a new import gives the same ids to the same entries; for a source no activity cites yet, it must be one that no
// other source's activities have. The error says what to give instead.
func CheckImport(seeds Seeds, sourceID, idPrefix string) (file string, err error) {
	idPrefix = strings.TrimSuffix(idPrefix, "-")
	if !idPattern.MatchString(idPrefix) {
		return "", fmt.Errorf("-prefix %q: want lower-case letters, digits and dashes, e.g. cproc-2018-", idPrefix)
	}
	var ids []string
	found := false
	for _, n := range seeds.Dataset.Nodes {
		if n.Label != "Source" {
			continue
		}
		ids = append(ids, n.ID)
		if n.ID == sourceID {
			found = true
			file, _ = n.Props["file"].(string)
		}
	}
	switch {
	case !found:
		sort.Strings(ids)
		return "", fmt.Errorf("-source %q: no source of the seeds has this id (they are %s); add the report to "+
			"sources.jsonl, with its file, first", sourceID, strings.Join(ids, ", "))
	case file == "":
		return "", fmt.Errorf("-source %q: sources.jsonl gives it no file to read the inventory from", sourceID)
	}
	ours, others := map[string]int{}, map[string]string{} // prefix -> activities; prefix -> a source using it
	for _, n := range seeds.Dataset.Nodes {
		m := activityPrefix.FindStringSubmatch(n.ID)
		if n.Label != "Activity" || m == nil {
			continue
		}
		cites := false
		for _, s := range n.Sources {
			if s.SourceID == sourceID {
				cites = true
			} else if others[m[1]] == "" {
				others[m[1]] = s.SourceID
			}
		}
		if cites {
			ours[m[1]]++
		}
	}
	if len(ours) > 0 && ours[idPrefix] == 0 {
		var used []string
		for p, count := range ours {
			used = append(used, fmt.Sprintf("%s- (%d activities)", p, count))
		}
		sort.Strings(used)
		return "", fmt.Errorf("-prefix %s-: the seeds' activities from %s have the ids %s followed by the line; "+
			"give that prefix, so that the same entries keep their ids", idPrefix, sourceID, strings.Join(used, ", "))
	}
	if len(ours) == 0 && others[idPrefix] != "" {
		return "", fmt.Errorf("-prefix %s-: the seeds' activities from %s have it already; give %s's own (e.g. "+
			"its publisher and year)", idPrefix, others[idPrefix], sourceID)
	}
	return file, nil
}

// MissingFromImport returns the ids of the seeds' activities citing sourceID that records do not hold, in id order:
// entries of the source's inventory that an import of it no longer gives.
func MissingFromImport(seeds Seeds, sourceID string, records []ActivityRecord) []string {
	imported := make(map[string]bool, len(records))
	for _, rec := range records {
		imported[rec.ID] = true
	}
	var missing []string
	for _, n := range seeds.Dataset.Nodes {
		if n.Label != "Activity" || imported[n.ID] {
			continue
		}
		for _, s := range n.Sources {
			if s.SourceID == sourceID {
				missing = append(missing, n.ID)
				break
			}
		}
	}
	sort.Strings(missing)
	return missing
}
