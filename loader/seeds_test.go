package loader_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/loader"
)

const (
	okSource     = `{"id":"doc","title":"A report","publisher":"Council of Europe","file":"x.txt","language":"fr"}`
	okConvention = `{"id":"budapest","name":"Convention on Cybercrime","sources":[{"source":"doc","at":"line 1"}]}`
	okProject    = `{"id":"glacy","name":"GLACY","start":"2013-11","end":"2016-11","status":"completed","sources":[{"source":"doc","at":"line 2"}]}`
	okCountry    = `{"id":"ma","iso2":"MA","name":"Morocco","nameFr":"Maroc","sources":[{"source":"doc","at":"line 3"}]}`
	okAccession  = `{"from":"country:ma","type":"ACCESSION","to":"convention:budapest","status":"acceded","date":"2018-06","sources":[{"source":"doc","at":"line 4"}]}`
	okActivity   = `{"id":"a1","title":"Atelier","type":"workshop","projects":["glacy"],"countries":["ma"],"dates":[{"start":"2018-04-19","end":"2018-04-20","label":"1re partie"},{"start":"2018-05-17","end":"2018-05-18"}],"sources":[{"source":"doc","at":"line 5"}]}`
)

// okOrganization is an organisation record with id, the fields extra (each followed by a comma) and a source.
func okOrganization(id, extra string) string {
	return `{"id":"` + id + `","name":"Org ` + id + `","kind":"intergovernmental",` + extra + cites(1)
}

// cites ends a record with a source citing line n of doc.
func cites(n int) string {
	return fmt.Sprintf(`"sources":[{"source":"doc","at":"line %d"}]}`, n)
}

// seedFS builds a seed folder; seed files not given get one valid record each, or none. Files that are not seed
// files are added as given.
func seedFS(files map[string]string) fstest.MapFS {
	fs := fstest.MapFS{}
	for name, text := range map[string]string{
		"sources.jsonl": okSource, "conventions.jsonl": okConvention, "projects.jsonl": okProject,
		"themes.jsonl": "", "countries.jsonl": okCountry, "organizations.jsonl": "", "goals.jsonl": "",
		"activities-test.jsonl": "", "relations.jsonl": "",
	} {
		if override, ok := files[name]; ok {
			text = override
		}
		fs[name] = &fstest.MapFile{Data: []byte(text + "\n")}
	}
	for name, text := range files {
		if fs[name] == nil {
			fs[name] = &fstest.MapFile{Data: []byte(text + "\n")}
		}
	}
	return fs
}

// TestRead checks what docs/data.md, "Validation", says.
func TestRead(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		seeds, err := loader.Read(seedFS(nil))
		if err != nil {
			t.Fatal(err)
		}
		if len(seeds.Dataset.Nodes) != 4 || seeds.Version == "" {
			t.Errorf("got %d nodes, version %q; want 4 nodes and a version", len(seeds.Dataset.Nodes), seeds.Version)
		}
	})

	t.Run("OK the version depends on the content only", func(t *testing.T) {
		a, _ := loader.Read(seedFS(nil))
		b, _ := loader.Read(seedFS(map[string]string{"projects.jsonl": "\n" + okProject + "\n\n"}))
		c, _ := loader.Read(seedFS(map[string]string{"projects.jsonl": strings.Replace(okProject, "2016-11", "2016-12", 1)}))
		if a.Version != b.Version {
			t.Errorf("blank lines changed the version: %s vs %s", a.Version, b.Version)
		}
		if a.Version == c.Version {
			t.Errorf("a changed end date kept version %s", a.Version)
		}
	})

	t.Run("ErrRepeatedKey references to the refused record are not reported too", func(t *testing.T) {
		_, err := loader.Read(seedFS(map[string]string{
			"countries.jsonl": strings.Replace(okCountry, `"nameFr"`, `"name":"Maroc","nameFr"`, 1),
			"relations.jsonl": okAccession}))
		var invalid *loader.InvalidSeedsError
		if !errors.As(err, &invalid) || len(invalid.Problems) != 1 || !strings.Contains(invalid.Problems[0].String(), "appears twice") {
			t.Errorf("got %v; want only the repeated key, not the accession to Morocco as dangling", err)
		}
	})

	bad := []struct {
		name  string
		files map[string]string
		want  string // the exact "file:line: message" prefix expected among the problems
	}{
		{"ErrMalformedJSON", map[string]string{"projects.jsonl": okProject + "\n{\"id\": \"x\","},
			"projects.jsonl:2: malformed JSON"},
		{"ErrUnknownField", map[string]string{"conventions.jsonl": `{"id":"b","nmae":"x","sources":[{"source":"doc","at":"l"}]}`},
			`conventions.jsonl:1: unknown field "nmae"`},
		{"ErrWrongType", map[string]string{"projects.jsonl": strings.Replace(okProject, `"name":"GLACY"`, `"name":"GLACY","budgetEUR":"3,35 M"`, 1)},
			`projects.jsonl:1: budgetEUR: want a number`},
		{"ErrDuplicateID", map[string]string{"projects.jsonl": okProject + "\n" + okProject},
			`projects.jsonl:2: duplicate Project id "glacy" (first at projects.jsonl:1)`},
		{"ErrBadID", map[string]string{"projects.jsonl": strings.Replace(okProject, `"glacy"`, `"GLACY+"`, 1)},
			`projects.jsonl:1: id "GLACY+" must be`},
		{"ErrDanglingSource", map[string]string{"projects.jsonl": strings.Replace(okProject, `"source":"doc"`, `"source":"nope"`, 1)},
			`projects.jsonl:1: sources[0] "nope": no Source has this id`},
		{"ErrDanglingProtocolOf", map[string]string{"conventions.jsonl": strings.Replace(okConvention, `"name"`, `"protocolOf":"nope","name"`, 1)},
			`conventions.jsonl:1: protocolOf "nope": no Convention has this id`},
		{"ErrNoSources", map[string]string{"projects.jsonl": `{"id":"p","name":"P","status":"planned"}`},
			`projects.jsonl:1: sources: every fact needs at least one source`},
		{"ErrImpossibleDate", map[string]string{"projects.jsonl": strings.Replace(okProject, "2013-11", "2013-02-30", 1)},
			`projects.jsonl:1: start: date "2013-02-30": day must be 01 to 28`},
		{"ErrEndBeforeStart", map[string]string{"projects.jsonl": strings.Replace(okProject, "2016-11", "2012", 1)},
			`projects.jsonl:1: end 2012 is before start 2013-11`},
		{"ErrStatus", map[string]string{"projects.jsonl": strings.Replace(okProject, "completed", "done", 1)},
			`projects.jsonl:1: status "done": want one of completed, running, planned`},
		{"ErrNotAnObject", map[string]string{"projects.jsonl": `["glacy"]`}, `projects.jsonl:1: want a JSON object`},
		{"ErrRequired", map[string]string{"countries.jsonl": strings.Replace(okCountry, `"nameFr":"Maroc",`, "", 1)},
			`countries.jsonl:1: nameFr is required`},
		{"ErrRelationType", map[string]string{"relations.jsonl": strings.Replace(okAccession, "ACCESSION", "LIKES", 1)},
			`relations.jsonl:1: type "LIKES" is not a known relationship type`},
		{"ErrRelationEndpoint", map[string]string{"relations.jsonl": strings.Replace(okAccession, "country:ma", "project:glacy", 1)},
			`relations.jsonl:1: from "project:glacy": want label:id with label one of country`},
		{"ErrDanglingRelation", map[string]string{"relations.jsonl": strings.Replace(okAccession, "country:ma", "country:tn", 1)},
			`relations.jsonl:1: from "tn": no Country has this id`},
		{"ErrAccessionStatus", map[string]string{"relations.jsonl": strings.Replace(okAccession, "acceded", "joined", 1)},
			`relations.jsonl:1: status "joined": want one of`},
		{"ErrActivityDates", map[string]string{"activities-test.jsonl": strings.Replace(okActivity, "2018-05-18", "2018-05-16", 1)},
			`activities-test.jsonl:1: dates[1]: end 2018-05-16 is before start 2018-05-17`},
		{"ErrActivityProject", map[string]string{"activities-test.jsonl": strings.Replace(okActivity, `["glacy"]`, `["glacy","glacy-9"]`, 1)},
			`activities-test.jsonl:1: projects "glacy-9": no Project has this id`},
		{"ErrInvalidUTF8", map[string]string{"projects.jsonl": strings.Replace(okProject, `"GLACY"`, "\"GL\xc0CY\"", 1)},
			`projects.jsonl:1: invalid UTF-8 at column`},
		{"ErrRepeatedKey", map[string]string{"countries.jsonl": strings.Replace(okCountry, `"nameFr"`, `"name":"Maroc","nameFr"`, 1)},
			`countries.jsonl:1: key "name" appears twice in one object`},
		{"ErrLongLine the next lines keep their numbers", map[string]string{
			"projects.jsonl": okProject + "\n" + `{"id":"` + strings.Repeat("x", loader.MaxLineBytes) + `"}` + "\n{"},
			"projects.jsonl:3: malformed JSON"},
		{"ErrLongLine", map[string]string{"projects.jsonl": okProject + "\n" + strings.Repeat(" ", loader.MaxLineBytes+1)},
			"projects.jsonl:2: line longer than 1048576 bytes"},
		{"ErrUnknownFile", map[string]string{"activities-test.jsonl.bak": okActivity},
			"activities-test.jsonl.bak: not a seed file: the seed folder holds only sources.jsonl, conventions.jsonl"},
		{"ErrUnknownFolder", map[string]string{"old/projects.jsonl": okProject}, "old: not a seed file"},
		{"ErrMissingFile", map[string]string{}, ""},
		// What the reader used to accept and load wrongly.
		{"ErrEmptyProjects an activity belongs to at least one project", map[string]string{
			"activities-test.jsonl": strings.Replace(okActivity, `["glacy"]`, `[]`, 1)},
			`activities-test.jsonl:1: projects: an empty list: want at least one id`},
		{"ErrPartOfItself", map[string]string{"organizations.jsonl": okOrganization("coe", `"partOf":"coe",`)},
			`organizations.jsonl:1: partOf "coe": the record's own id: a PART_OF relationship cannot join organization:coe to itself`},
		{"ErrGoalPartOfItself", map[string]string{"goals.jsonl": `{"id":"g","kind":"objective","text":"T","of":"project:glacy","partOf":"g",` + cites(2)},
			`goals.jsonl:1: partOf "g": the record's own id`},
		{"ErrFollowsItself", map[string]string{"relations.jsonl": `{"from":"project:glacy","type":"FOLLOWS","to":"project:glacy","kind":"successor",` + cites(2)},
			`relations.jsonl:1: from and to are both project:glacy: a FOLLOWS relationship cannot join a record to itself`},
		{"ErrPartOfCycle", map[string]string{"organizations.jsonl": okOrganization("a", `"partOf":"b",`) + "\n" +
			okOrganization("b", `"partOf":"c",`) + "\n" + okOrganization("c", `"partOf":"a",`)},
			`organizations.jsonl:1: a cycle of partOf: organization:a → organization:b → organization:c → organization:a`},
		{"ErrFollowsCycle", map[string]string{
			"projects.jsonl": okProject + "\n" + strings.Replace(okProject, `"glacy"`, `"glacy-2"`, 1),
			"relations.jsonl": `{"from":"project:glacy","type":"FOLLOWS","to":"project:glacy-2","kind":"successor",` + cites(2) + "\n" +
				`{"from":"project:glacy-2","type":"FOLLOWS","to":"project:glacy","kind":"successor",` + cites(2)},
			`relations.jsonl:1: a cycle of FOLLOWS: project:glacy → project:glacy-2 → project:glacy`},
		{"ErrNULInATitle", map[string]string{"activities-test.jsonl": strings.Replace(okActivity, `"Atelier"`, `"Atel\u0000ier"`, 1)},
			`activities-test.jsonl:1: title: holds the control character U+0000 (NUL)`},
		{"ErrBELInAName", map[string]string{"projects.jsonl": strings.Replace(okProject, `"GLACY"`, `"GLACY\u0007"`, 1)},
			`projects.jsonl:1: name: holds the control character U+0007 (BEL)`},
		{"ErrEscapeInAName", map[string]string{"projects.jsonl": strings.Replace(okProject, `"GLACY"`, `"\u001b[31mGLACY"`, 1)},
			`projects.jsonl:1: name: holds the control character U+001B (ESCAPE)`},
		{"ErrNewlineInATitle", map[string]string{"activities-test.jsonl": strings.Replace(okActivity, `"Atelier"`, `"Atelier\nrégional"`, 1)},
			`activities-test.jsonl:1: title: holds a line break, U+000A (LINE FEED)`},
		{"ErrLineSeparatorInANote", map[string]string{"projects.jsonl": strings.Replace(okProject, `"name"`, `"note":"a\u2028b","name"`, 1)},
			`projects.jsonl:1: note: holds a line break, U+2028 (LINE SEPARATOR)`},
		{"ErrBidiOverrideInAName", map[string]string{"countries.jsonl": strings.Replace(okCountry, `"Morocco"`, `"\u202eoccoroM"`, 1)},
			`countries.jsonl:1: name: holds U+202E (RIGHT-TO-LEFT OVERRIDE), a bidirectional control`},
		{"ErrBidiIsolateInAnAlias", map[string]string{"countries.jsonl": strings.Replace(okCountry, `"name"`, `"aliases":["Maroc\u2066"],"name"`, 1)},
			`countries.jsonl:1: aliases[0]: holds U+2066 (LEFT-TO-RIGHT ISOLATE), a bidirectional control`},
		{"ErrInvisibleTitle a zero-width space is no title", map[string]string{"activities-test.jsonl": strings.Replace(okActivity, `"Atelier"`, `"\u200b"`, 1)},
			`activities-test.jsonl:1: title: holds only invisible characters`},
		{"ErrInvisibleName", map[string]string{"projects.jsonl": strings.Replace(okProject, `"GLACY"`, `" \u200b\u2060\u00a0"`, 1)},
			`projects.jsonl:1: name: holds only invisible characters`},
		{"ErrNegativeParticipants", map[string]string{"activities-test.jsonl": strings.Replace(okActivity, `"title"`, `"participants":-5,"title"`, 1)},
			`activities-test.jsonl:1: participants: -5 is negative: want 0 or more`},
		{"ErrAbsurdBudget says the bound", map[string]string{"projects.jsonl": strings.Replace(okProject, `"name"`, `"budgetEUR":1e308,"name"`, 1)},
			`projects.jsonl:1: budgetEUR: 1e308 is more than 1000000000, the most it may be (EUR 1 billion`},
		{"ErrBudgetBeyondFloat", map[string]string{"projects.jsonl": strings.Replace(okProject, `"name"`, `"budgetEUR":1e400,"name"`, 1)},
			`projects.jsonl:1: budgetEUR: 1e400 is out of range: the most it may be is 1000000000`},
		{"ErrAbsurdParticipants", map[string]string{"activities-test.jsonl": strings.Replace(okActivity, `"title"`, `"participants":99999999999,"title"`, 1)},
			`activities-test.jsonl:1: participants: 99999999999 is more than 100000`},
		{"ErrWholeNumberWithAFraction says how to write it", map[string]string{"activities-test.jsonl": strings.Replace(okActivity, `"title"`, `"participants":5.0,"title"`, 1)},
			`activities-test.jsonl:1: participants: 5.0: write 5 (a whole number)`},
		{"ErrFraction", map[string]string{"activities-test.jsonl": strings.Replace(okActivity, `"title"`, `"participants":5.5,"title"`, 1)},
			`activities-test.jsonl:1: participants: want a whole number, found 5.5`},
		{"ErrProjectListedTwice", map[string]string{"activities-test.jsonl": strings.Replace(okActivity, `["glacy"]`, `["glacy","glacy"]`, 1)},
			`activities-test.jsonl:1: projects: "glacy" listed twice: it would write the relationship twice`},
		{"ErrDuplicateRelationLine", map[string]string{"relations.jsonl": okAccession + "\n" + okAccession},
			`relations.jsonl:2: the same relationship as line 1: it would be written twice`},
		{"ErrDuplicateRelation written otherwise", map[string]string{"relations.jsonl": okAccession + "\n\n" +
			strings.Replace(strings.Replace(okAccession, `"type":"ACCESSION",`, ``, 1), `{`, `{ "type" : "ACCESSION", `, 1)},
			`relations.jsonl:3: the same relationship as line 1`},
		{"ErrLocatorLine0", map[string]string{"projects.jsonl": strings.Replace(okProject, `"line 2"`, `"§3, line 0"`, 1)},
			`projects.jsonl:1: sources[0].at "§3, line 0": line 0: lines count from 1`},
		{"ErrLocatorBackwards", map[string]string{"projects.jsonl": strings.Replace(okProject, `"line 2"`, `"lines 9-5"`, 1)},
			`projects.jsonl:1: sources[0].at "lines 9-5": lines 9-5 run backwards`},
		{"ErrLocatorWithoutNumber", map[string]string{"projects.jsonl": strings.Replace(okProject, `"line 2"`, `"annex, line x"`, 1)},
			`projects.jsonl:1: sources[0].at "annex, line x": "line" is not followed by a line number`},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			fs := seedFS(tc.files)
			if tc.name == "ErrMissingFile" {
				delete(fs, "conventions.jsonl")
				tc.want = "conventions.jsonl: cannot open"
			}
			_, err := loader.Read(fs)
			var invalid *loader.InvalidSeedsError
			if !errors.As(err, &invalid) {
				t.Fatalf("Read() error = %v, want *InvalidSeedsError", err)
			}
			for _, p := range invalid.Problems {
				if strings.HasPrefix(p.String(), tc.want) {
					return
				}
			}
			t.Errorf("problems:\n%v\nwant one starting with %q", err, tc.want)
		})
	}

	t.Run("OK an accession is certain by the last day of its date", func(t *testing.T) {
		seeds, err := loader.Read(seedFS(map[string]string{"relations.jsonl": okAccession}))
		if err != nil {
			t.Fatal(err)
		}
		rel := seeds.Dataset.Relationships[0]
		if rel.Type != "ACCESSION" || rel.Props["certainBy"] != "2018-06-30" {
			t.Errorf("accession = %+v, want certainBy 2018-06-30", rel)
		}
	})

	t.Run("OK an activity in two parts keeps both", func(t *testing.T) {
		seeds, err := loader.Read(seedFS(map[string]string{"activities-test.jsonl": okActivity}))
		if err != nil {
			t.Fatal(err)
		}
		var activity map[string]any
		for _, n := range seeds.Dataset.Nodes {
			if n.Label == "Activity" {
				activity = n.Props
			}
		}
		parts, _ := activity["dateParts"].([]string)
		if activity["startDay"] != "2018-04-19" || activity["endDay"] != "2018-05-18" || len(parts) != 2 ||
			parts[0] != "2018-04-19/2018-04-20 (1re partie)" {
			t.Errorf("activity props = %v", activity)
		}
	})

	t.Run("ErrAll every problem is listed, in file and line order", func(t *testing.T) {
		_, err := loader.Read(seedFS(map[string]string{
			"projects.jsonl": "{\n" + strings.Replace(okProject, "completed", "done", 1),
		}))
		var invalid *loader.InvalidSeedsError
		if !errors.As(err, &invalid) || len(invalid.Problems) != 2 ||
			invalid.Problems[0].Line != 1 || invalid.Problems[1].Line != 2 {
			t.Errorf("got %v, want two problems, lines 1 and 2", err)
		}
	})
}

// TestReadRealSeeds checks the repository's own seed files: valid, and holding the documents' facts.
func TestReadRealSeeds(t *testing.T) {
	seeds, err := loader.Read(os.DirFS("../seeds"))
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, n := range seeds.Dataset.Nodes {
		count[n.Label]++
	}
	// 5 documents, ISO 3166 and the 4 treaty charts; the 218 entries of the 2018 annex; 8 projects of 2013-2018, 4
	// planned in 2018, GLACY-e and the 16 of the 2026/27 pipeline. The countries of countries.jsonl and those the
	// charts add are counted from the files in TestReadRealCharts.
	want := map[string]int{"Source": 10, "Convention": 9, "Project": 29, "Activity": 218,
		"Organization": 47, "Theme": 16, "Goal": 51}
	for label, n := range want {
		if count[label] != n {
			t.Errorf("%d %s nodes, want %d", count[label], label, n)
		}
	}
}

func TestReadStrict(t *testing.T) {
	t.Run("ErrByteOrderMark alone: the record is read, nothing else is reported", func(t *testing.T) {
		_, err := loader.Read(seedFS(map[string]string{
			"themes.jsonl":    "\uFEFF" + `{"id":"t","name":"Theme",` + cites(1),
			"relations.jsonl": `{"from":"project:glacy","type":"ADDRESSES","to":"theme:t",` + cites(2),
		}))
		var invalid *loader.InvalidSeedsError
		want := "themes.jsonl:1: byte-order mark at the start of the file; save as UTF-8 without BOM"
		if !errors.As(err, &invalid) || len(invalid.Problems) != 1 || invalid.Problems[0].String() != want {
			t.Errorf("Read() = %v\nwant the one problem %q", err, want)
		}
	})

	t.Run("OK a name in decomposed Unicode (NFD) is stored composed (NFC), and matches", func(t *testing.T) {
		seeds, err := loader.Read(seedFS(map[string]string{
			"countries.jsonl": okCountry + "\n" + `{"id":"az","iso2":"AZ","name":"Azerbaijan","nameFr":"Azerbai\u0308djan","aliases":["Bakou\u0301"],` + cites(3)}))
		if err != nil {
			t.Fatal(err)
		}
		var az map[string]any
		for _, n := range seeds.Dataset.Nodes {
			if n.Label == "Country" && n.ID == "az" {
				az = n.Props
			}
		}
		if az["nameFr"] != "Azerbaïdjan" || !reflect.DeepEqual(az["aliases"], []string{"Bakoú"}) {
			t.Errorf("nameFr %q, aliases %q; want them composed", az["nameFr"], az["aliases"])
		}
		g := loader.NewGazetteer(seeds)
		if !g.IsCountry("Azerbaïdjan") || !g.IsCountry("Azerbai\u0308djan") || !g.IsCountry("  azerbaïdjan\u00a0") {
			t.Error("the gazetteer does not match Azerbaïdjan in both forms")
		}
	})
}

// locatorDoc is the document "doc" of the locator tests: the ok records' names are on lines 1-5.
const locatorDoc = "La Convention on Cybercrime, dite de Budapest\nLe projet GLACY\nLe Maroc\nLe Maroc a adhéré\n" +
	"Atelier, Rabat\n\n3.3 Projet au Maroc\n\nLe projet a soutenu des réformes\n\n4 ^e Réunion  du Comité, Tunis\n\n"

// TestReadLocators checks the locators against the documents: a cited line must exist and not be blank, and a
// record must be cited where the document gives its title or a name. See docs/data.md, "Sources and locators".
func TestReadLocators(t *testing.T) {
	docs := fstest.MapFS{"x.txt": {Data: []byte(locatorDoc)}, "long.txt": {Data: []byte(strings.Repeat("text\n", 1234))}}
	activity := func(title, at string) string {
		return `{"id":"a1","title":"` + title + `","type":"meeting","projects":["glacy"],"dates":[{"start":"2018","end":"2018"}],` +
			`"sources":[{"source":"doc","at":"` + at + `"}]}`
	}
	cases := []struct {
		name  string
		files map[string]string
		want  string // the one problem, "" for none
	}{
		{"OK", nil, ""},
		{"OK a range and a list", map[string]string{"projects.jsonl": strings.Replace(okProject, `"line 2"`, `"§3, lines 2-3, 5"`, 1)}, ""},
		{"OK superscripts, spacing and case", map[string]string{"activities-test.jsonl": activity("4e réunion du comité", "line 11")}, ""},
		{"OK the heading of the section the locator names", map[string]string{
			"countries.jsonl": strings.Replace(okCountry, `"line 3"`, `"§3.3, line 9"`, 1)}, ""},
		{"OK a record cited for a fact in other words", map[string]string{
			"projects.jsonl": strings.Replace(okProject, `"line 2"`, `"line 9"`, 1)}, ""},
		{"ErrBeyondTheEnd", map[string]string{"projects.jsonl": strings.Replace(okProject, `"line 2"`, `"line 999999"`, 1)},
			`projects.jsonl:1: sources[0].at "line 999999": x.txt (doc) has 12 lines`},
		{"ErrBeyondTheEnd thousands", map[string]string{
			"sources.jsonl":  okSource + "\n" + `{"id":"long","title":"Long","publisher":"P","file":"long.txt","language":"fr"}`,
			"projects.jsonl": strings.Replace(okProject, `{"source":"doc","at":"line 2"}`, `{"source":"doc","at":"line 2"},{"source":"long","at":"lines 1200-1300"}`, 1)},
			`projects.jsonl:1: sources[1].at "lines 1200-1300": long.txt (long) has 1,234 lines`},
		{"ErrBlankLine", map[string]string{"countries.jsonl": strings.Replace(okCountry, `"line 3"`, `"§3.3, line 6"`, 1)},
			`countries.jsonl:1: sources[0].at "§3.3, line 6": line 6 of x.txt (doc) is blank`},
		{"ErrRangeEndsOnABlankLine", map[string]string{"projects.jsonl": strings.Replace(okProject, `"line 2"`, `"lines 2-6"`, 1)},
			`projects.jsonl:1: sources[0].at "lines 2-6": line 6 of x.txt (doc) is blank`},
		{"ErrSecondLineOfALocator", map[string]string{"projects.jsonl": strings.Replace(okProject, `"line 2"`, `"line 2: as said on line 12"`, 1)},
			`projects.jsonl:1: sources[0].at "line 2: as said on line 12": line 12 of x.txt (doc) is blank`},
		{"ErrTitleOnAnotherLine of its paragraph", map[string]string{"activities-test.jsonl": activity("Atelier", "line 4")},
			`activities-test.jsonl:1: sources[0].at "line 4": the title "Atelier" is on line 5 of x.txt, which the record does not cite`},
		{"ErrTitleFarAway", map[string]string{"activities-test.jsonl": activity("4e Réunion du comité", "line 2")},
			`activities-test.jsonl:1: sources[0].at "line 2": the title "4e Réunion du comité" is on line 11 of x.txt`},
		{"ErrNameNearby", map[string]string{"countries.jsonl": strings.Replace(okCountry, `"line 3"`, `"line 9"`, 1)},
			`countries.jsonl:1: sources[0].at "line 9": the name "Maroc" is not on line 9 or its paragraph (line 9) but on line 7 of x.txt`},
		{"ErrMissingDocument", map[string]string{"sources.jsonl": strings.Replace(okSource, "x.txt", "nope.txt", 1)},
			`sources.jsonl:1: file "nope.txt": no such file in the documents folder`},
		{"ErrSourceWithoutFile", map[string]string{"sources.jsonl": strings.Replace(okSource, `"file":"x.txt",`, ``, 1)},
			`conventions.jsonl:1: sources[0].at "line 1": source doc has no file whose lines it could cite`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := loader.ReadWith(seedFS(tc.files), loader.ReadOptions{Documents: docs})
			var invalid *loader.InvalidSeedsError
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("ReadWith() = %v, want no problem", err)
			case tc.want == "":
			case !errors.As(err, &invalid):
				t.Errorf("ReadWith() = %v, want the problem %q", err, tc.want)
			case !strings.HasPrefix(invalid.Problems[0].String(), tc.want):
				t.Errorf("problems:\n%v\nwant the first to start with %q", err, tc.want)
			}
		})
	}
	t.Run("OK without the documents, only the form is checked", func(t *testing.T) {
		if _, err := loader.Read(seedFS(map[string]string{"projects.jsonl": strings.Replace(okProject, `"line 2"`, `"line 999999"`, 1)})); err != nil {
			t.Error(err)
		}
	})
}

// TestRealLocators checks every locator of the seeds against the real documents in ../shared/seeds, among them the
// Forum for the Americas of §3.6, which is on line 263 of the report.
func TestRealLocators(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "seeds")
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		t.Fatalf("the source documents are not in %s (%v): clone the repository beside the shared folder", dir, err)
	}
	seeds, _, err := loader.ReadWith(os.DirFS("../seeds"), loader.ReadOptions{Documents: os.DirFS(dir)})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range seeds.Dataset.Nodes {
		if n.ID == "cproc-2018-497" && !slices.Contains(n.Sources, cybercoop.SourceRef{SourceID: "cproc-report-2018", Locator: "§3.6, line 263"}) {
			t.Errorf("the Forum for the Americas cites %v, want §3.6, line 263", n.Sources)
		}
	}
}
