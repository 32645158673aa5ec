package loader_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"

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
