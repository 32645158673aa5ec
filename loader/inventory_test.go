package loader

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// testNames stands in for the gazetteer in parser tests.
type testNames struct{}

func (testNames) IsCountry(name string) bool {
	switch name {
	case "République dominicaine", "Azerbaïdjan", "Ukraine", "Kosovo", "Albanie", "Pays-Bas", "Belgique", "France",
		"Tunisie", "Serbie":
		return true
	}
	return false
}

func (testNames) IsProject(name string) bool {
	switch name {
	case "GLACY+", "CyberCrime@EAP II", "CyberCrime@EAP 2018", "iPROCEEDS", "Cybercrime@Octopus", "CyberSud":
		return true
	}
	return false
}

func TestParseInventory(t *testing.T) {
	f, err := os.Open("testdata/inventory.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	entries, err := ParseInventory(f, "inventory.txt", testNames{})

	t.Run("ErrLines every unreadable line is reported with its number", func(t *testing.T) {
		var invalid *InvalidSeedsError
		if !errors.As(err, &invalid) {
			t.Fatalf("err = %v, want *InvalidSeedsError", err)
		}
		var got []string
		for _, p := range invalid.Problems {
			got = append(got, p.String())
		}
		want := []string{
			`inventory.txt:17: not an inventory entry (no tab between projects and title)`,
			`inventory.txt:18: dates "31 novembre 2017"`,
		}
		if len(got) != len(want) {
			t.Fatalf("problems:\n%s\nwant %d", strings.Join(got, "\n"), len(want))
		}
		for i := range want {
			if !strings.HasPrefix(got[i], want[i]) {
				t.Errorf("problem %d = %q, want it to start with %q", i, got[i], want[i])
			}
		}
	})

	byLine := map[int]InventoryEntry{}
	for _, e := range entries {
		byLine[e.Line] = e
	}
	if _, ok := byLine[2]; ok {
		t.Error("line 2 comes before the first month heading and must be skipped")
	}
	cases := []struct {
		name     string
		line     int
		projects []string
		title    string
		places   []Place
		dates    string
	}{
		{"OK one project, city and country", 6, []string{"GLACY+"}, "Formation judiciaire",
			[]Place{{"Saint-Domingue", "République dominicaine"}}, "2017-10-10..2017-10-13"},
		{"OK projects split by a comma, range across months", 7, []string{"CyberCrime@EAP II", "iPROCEEDS"},
			"Conférence régionale sur la cybercriminalité", []Place{{"Bakou", "Azerbaïdjan"}}, "2017-10-30..2017-11-02"},
		{"OK projects split by a space, places after the dates", 8, []string{"CyberCrime@EAP 2018", "GLACY+"},
			"Mission de suivi en Ukraine", []Place{{"Kiev", "Ukraine"}}, "2017-10-13..2017-10-14"},
		{"OK footnote marker removed", 9, []string{"iPROCEEDS"}, "Exercice de coordination",
			[]Place{{"Pristina", "Kosovo"}}, "2017-10-16..2017-10-17"},
		{"OK title with commas, two parts", 12, []string{"GLACY+"},
			"Module de formation initiale sur la cybercriminalité, la preuve électronique et les produits de la criminalité en ligne",
			[]Place{{"Tirana", "Albanie"}}, "2017-11-19..2017-11-20 [1re partie]; 2017-12-17..2017-12-18 [2e partie]"},
		{"OK two countries, 1er", 13, []string{"GLACY+"}, "Visite du procureur général à Eurojust",
			[]Place{{"La Haye", "Pays-Bas"}, {"Bruxelles et Mechelen", "Belgique"}}, "2017-11-01..2017-11-03"},
		{"OK no place, month range", 14, []string{"Cybercrime@Octopus"}, "Analyse comparative du cadre juridique du Qatar",
			nil, "2017-11..2017-12"},
		{"OK city without country", 15, []string{"Cybercrime@Octopus"}, "Activités de soutien au sommet de l'Inde sur la sécurité",
			[]Place{{"New Delhi", ""}}, "2017-11-30..2017-11-30"},
		{"OK no date: the heading month", 16, []string{"GLACY+"}, "18e réunion plénière du T-CY",
			[]Place{{"Strasbourg", "France"}}, "2017-11..2017-11"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, ok := byLine[tc.line]
			if !ok {
				t.Fatalf("line %d missing", tc.line)
			}
			if !reflect.DeepEqual(e.Projects, tc.projects) || e.Title != tc.title ||
				!reflect.DeepEqual(e.Places, tc.places) || renderRanges(e.Dates) != tc.dates {
				t.Errorf("got %q %q %q %s\nwant %q %q %q %s", e.Projects, e.Title, e.Places, renderRanges(e.Dates),
					tc.projects, tc.title, tc.places, tc.dates)
			}
		})
	}
	t.Run("OK footnote text attached", func(t *testing.T) {
		fn := byLine[9].Footnotes
		if len(fn) != 1 || fn[0].Number != "15" || !strings.Contains(fn[0].Text, "Résolution 1244") {
			t.Errorf("footnotes = %+v", fn)
		}
	})
	t.Run("OK an undated entry says so", func(t *testing.T) {
		if !byLine[16].DatesFromHeading || byLine[6].DatesFromHeading {
			t.Error("DatesFromHeading should be set on line 16 only")
		}
	})
}

func TestClassifyActivity(t *testing.T) {
	for title, want := range map[string]string{
		"Formation judiciaire de base sur la cybercriminalité":                          "training",
		"Participation à la formation d'INTERPOL sur la cybercriminalité":               "participation",
		"Atelier régional sur les statistiques de justice pénale":                       "workshop",
		"Conférence Octopus 2018 sur la coopération contre la cybercriminalité":         "conference",
		"Mission consultative sur les points de contact du réseau 24/7":                 "advisory mission",
		"Première visite d'évaluation au Chili":                                         "assessment visit",
		"Mission exploratoire en Tunisie":                                               "assessment visit",
		"Visite d'étude de l'unité cybercriminalité":                                    "study visit",
		"Exercice sur table de coopération internationale":                              "exercise",
		"Analyse documentaire du projet de loi sur la cybercriminalité au Brésil":       "desk study",
		"Réunion du groupe de rédaction du protocole du T-CY":                           "meeting",
		"Comité directeur du projet GLACY+":                                             "meeting",
		"Mémorandum de coopération : soutien au Forum sur la gouvernance de l'internet": "conference",
		"Concours de plaidoirie":                                                        "other",
	} {
		t.Run(title, func(t *testing.T) {
			if got := ClassifyActivity(title); got != want {
				t.Errorf("ClassifyActivity(%q) = %q, want %q", title, got, want)
			}
		})
	}
}

// TestImportInventory checks what docs/data.md, "Importing an inventory", says.
func TestImportInventory(t *testing.T) {
	seeds, err := Read(os.DirFS("../seeds"))
	if err != nil {
		t.Fatal(err)
	}
	g := NewGazetteer(seeds)
	f, err := os.Open("testdata/inventory.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	entries, _ := ParseInventory(f, "inventory.txt", g)
	records, err := ImportInventory(entries, g, "inventory.txt", "cproc-report-2018", "test")

	t.Run("ErrUnknownProject names the line", func(t *testing.T) {
		if err == nil || !strings.Contains(err.Error(), `inventory.txt:19: unknown project "NoSuchProject"`) {
			t.Errorf("err = %v", err)
		}
	})
	byID := map[string]ActivityRecord{}
	for _, r := range records {
		byID[r.ID] = r
	}
	t.Run("OK names resolved to seed ids", func(t *testing.T) {
		r := byID["test-7"]
		if !reflect.DeepEqual(r.Projects, []string{"eap-ii", "iproceeds"}) || !reflect.DeepEqual(r.Countries, []string{"az"}) ||
			r.Type != "conference" || r.Sources[0].At != "annex, line 7" {
			t.Errorf("record = %+v", r)
		}
	})
	t.Run("OK organisations and countries named in the title", func(t *testing.T) {
		r := byID["test-13"]
		if !reflect.DeepEqual(r.Involves, []string{"eurojust"}) || !reflect.DeepEqual(r.Countries, []string{"nl", "be"}) {
			t.Errorf("record = %+v", r)
		}
		if r := byID["test-8"]; !reflect.DeepEqual(r.For, []string{"ua"}) {
			t.Errorf("for = %v, want [ua]", r.For)
		}
	})
	t.Run("OK the footnote is kept in the note", func(t *testing.T) {
		if r := byID["test-9"]; !strings.Contains(r.Note, "footnote 15") || !reflect.DeepEqual(r.Countries, []string{"xk"}) {
			t.Errorf("record = %+v", r)
		}
	})
}

// fuzzInventories are the seed corpus of FuzzParseInventory beside testdata/inventory.txt: headings written with a
// no-break space, without accents, in capitals or decomposed; dates that cannot be real; a footnote no entry calls.
var fuzzInventories = []string{
	"Mars 2018\nGLACY+\tAtelier, Tunis, Tunisie, 1^{er}-3 mars 2018\n",
	"Mai 2018\nA B\t, , 2018\n",
	"Octobre\u00a02017\n\nGLACY+\tFormation, Tunis, Tunisie, 10-13 octobre 2017\n",
	"Decembre 2017\nGLACY+\tFormation, Tunis, Tunisie, 4-7 décembre 2017\n",
	"DE\u0301CEMBRE\u202f2017\nGLACY+\tFormation, Tunis, Tunisie, 4-7 décembre 2017\n",
	"Juin 2018\nGLACY+\tAtelier, 31 juin 2018, Kiev, Ukraine\n",
	"Juin 2018\nGLACY+\tAtelier, Kiev, Ukraine, 0 juin 2018\n",
	"Juin 2018\nGLACY+\tAtelier, Kiev, Ukraine, 5 juin 0000-6 juin 2018\n",
	"Juin 0000\nGLACY+\tAtelier, Kiev, Ukraine, 5 juin 2018\n",
	"Octobr 2017\nGLACY+\tFormation, Tunis, Tunisie, 10-13 octobre 2017\nNovembre 2017\n",
	"Juin 2018\nCyberSud\tAtelier, Pristina, Kosovo*¹⁵, 5 juin 2018\n¹⁶ * Toute référence au Kosovo\n",
}

// FuzzParseInventory checks that no input makes the parser panic, that every entry it accepts has projects, a
// title and dates that do not run backwards, and that it drops no line: from the first month heading on, every line
// that is not blank, a heading or a footnote is an entry or a problem.
func FuzzParseInventory(f *testing.F) {
	data, err := os.ReadFile("testdata/inventory.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data))
	for _, text := range fuzzInventories {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		entries, err := ParseInventory(strings.NewReader(text), "fuzz", testNames{})
		accounted := map[int]bool{}
		for _, e := range entries {
			if len(e.Projects) == 0 || e.Title == "" || len(e.Dates) == 0 {
				t.Fatalf("line %d: incomplete entry %+v", e.Line, e)
			}
			for _, d := range e.Dates {
				if d.End.LastDay().Before(d.Start.FirstDay()) {
					t.Fatalf("line %d: dates run backwards: %+v", e.Line, d)
				}
			}
			accounted[e.Line] = true
		}
		var invalid *InvalidSeedsError
		if errors.As(err, &invalid) {
			for _, p := range invalid.Problems {
				if p.Line == 0 {
					return // a line too long for the scanner: it says so, and reads no further
				}
				accounted[p.Line] = true
			}
		}
		inInventory := false
		for i, line := range strings.Split(text, "\n") {
			text := cleanLine(line)
			if _, ok, _ := monthHeadingOf(text); ok {
				inInventory = true
				continue
			}
			if inInventory && text != "" && !footnoteLine.MatchString(text) && !accounted[i+1] {
				t.Fatalf("line %d %q was dropped: neither an entry nor a problem", i+1, line)
			}
		}
	})
}

// TestParseInventoryDropsNoLine checks the inputs that used to lose entries without a word: headings written with
// another space, without accents, in capitals or decomposed are headings; a heading written otherwise, an impossible
// date and a footnote no entry calls are errors naming their line.
func TestParseInventoryDropsNoLine(t *testing.T) {
	const entries = "GLACY+\tFormation, Tunis, Tunisie, 10-13 octobre 2017\nCyberSud\tAtelier, Belgrade, Serbie, 16 octobre 2017\n"
	ok := []struct{ name, heading string }{
		{"OK a heading with a no-break space", "Octobre\u00a02017"},
		{"OK a heading with a narrow no-break space and spaces around", "  Octobre\u202f2017\u00a0"},
		{"OK a heading in capitals", "OCTOBRE 2017"},
		{"OK a heading without its accent", "Decembre 2017"},
		{"OK a heading with its accent decomposed (NFD)", "De\u0301cembre 2017"},
		{"OK a heading in full-width digits (NFKC)", "Août ２０１８"},
		{"OK a heading with a zero-width space", "Février\u200b 2018"},
	}
	for _, tc := range ok {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseInventory(strings.NewReader("Rapport\n\n"+tc.heading+"\n\n"+entries), "inv.txt", testNames{})
			if err != nil || len(got) != 2 || got[0].Line != 5 || got[1].Line != 6 {
				t.Fatalf("ParseInventory(heading %q) = %d entries, %v; want the 2 entries of lines 5 and 6", tc.heading, len(got), err)
			}
		})
	}
	bad := []struct{ name, text, want string }{
		{"ErrEntryBeforeTheFirstHeading a misspelt heading drops nothing",
			"Rapport\nOctobr 2017\n" + entries + "Novembre 2017\nGLACY+\tAtelier, Tunis, Tunisie, 3 novembre 2017\n",
			"inv.txt:3: an inventory entry before the first month heading"},
		{"ErrImpossibleDate before the place is not title text",
			"Juin 2018\nGLACY+\tAtelier, 31 juin 2018, Kiev, Ukraine\n",
			`inv.txt:2: dates "31 juin 2018": "31 juin 2018": date "2018-06-31": day must be 01 to 30`},
		{"ErrImpossibleDate day 0 is not the whole month",
			"Juin 2018\nGLACY+\tAtelier, Kiev, Ukraine, 0 juin 2018\n",
			`inv.txt:2: dates "0 juin 2018": "0 juin 2018": day 0: days count from 1`},
		{"ErrImpossibleDate year 0000 is not replaced by the end's",
			"Juin 2018\nGLACY+\tAtelier, Kiev, Ukraine, 5 juin 0000-6 juin 2018\n",
			`inv.txt:2: dates "5 juin 0000-6 juin 2018": "5 juin 0000-6 juin 2018": year 0000 is not a real year`},
		{"ErrImpossibleHeading",
			"Juin 0000\nGLACY+\tAtelier, Kiev, Ukraine\n",
			`inv.txt:1: month heading "Juin 0000"`},
		{"ErrUncalledFootnote",
			"Juin 2018\nCyberSud\tAtelier, Pristina, Kosovo, 5 juin 2018\n¹⁶ * Toute référence au Kosovo\n",
			"inv.txt:3: footnote 16: no entry calls it"},
		{"ErrNotAnEntry inside the inventory",
			"Juin 2018\nJuin 2018 (suite)\n",
			"inv.txt:2: not an inventory entry"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseInventory(strings.NewReader(tc.text), "inv.txt", testNames{})
			var invalid *InvalidSeedsError
			if !errors.As(err, &invalid) {
				t.Fatalf("ParseInventory = %d entries %+v, %v; want an error %q", len(got), got, err, tc.want)
			}
			for _, p := range invalid.Problems {
				if strings.HasPrefix(p.String(), tc.want) {
					return
				}
			}
			t.Errorf("problems:\n%v\nwant one starting with %q", err, tc.want)
		})
	}
	t.Run("OK a country name in decomposed Unicode (NFD) is the country", func(t *testing.T) {
		got, err := ParseInventory(strings.NewReader("Juin 2018\nGLACY+\tAtelier, Bakou, Azerbai\u0308djan, 5 juin 2018\n"),
			"inv.txt", testNames{})
		if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0].Places, []Place{{"Bakou", "Azerbaïdjan"}}) {
			t.Errorf("ParseInventory = %+v, %v; want the place Bakou, Azerbaïdjan", got, err)
		}
	})
}

// documentsDir is the folder of the source documents beside the repository, ../shared/seeds; the tests that read
// the documents fail without it, saying so.
func documentsDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "seeds")
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		t.Fatalf("the source documents are not in %s (%v): clone the repository beside the shared folder", dir, err)
	}
	return dir
}

// TestImportRealInventory imports the 2018 report's annex from the report itself: the 218 activities of the seeds,
// each citing the report's line that holds it; with the first heading's space a no-break one, or a heading without
// its accent, still 218.
func TestImportRealInventory(t *testing.T) {
	seeds, _, err := ReadWith(os.DirFS("../seeds"), ReadOptions{Documents: os.DirFS(documentsDir(t))})
	if err != nil {
		t.Fatal(err)
	}
	file, err := CheckImport(seeds, "cproc-report-2018", "cproc-2018-")
	if err != nil {
		t.Fatal(err)
	}
	report, err := os.ReadFile(filepath.Join(documentsDir(t), file))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(report), "\n")
	seeded := map[string]bool{}
	for _, n := range seeds.Dataset.Nodes {
		if n.Label == "Activity" {
			seeded[n.ID] = true
		}
	}
	g := NewGazetteer(seeds)
	for _, tc := range []struct{ name, from, to string }{
		{"OK the report", "", ""},
		{"OK a no-break space in the first heading", "Octobre 2017", "Octobre\u00a02017"},
		{"OK a heading without its accent", "Décembre 2017", "Decembre 2017"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Replace(string(report), tc.from, tc.to, 1)
			records, err := ReadInventory(strings.NewReader(text), file, g, "cproc-report-2018", "cproc-2018-")
			if err != nil {
				t.Fatal(err)
			}
			if len(records) != 218 {
				t.Fatalf("%d activities, want 218", len(records))
			}
			if missing := MissingFromImport(seeds, "cproc-report-2018", records); len(missing) > 0 {
				t.Errorf("the seeds' activities %v are not imported", missing)
			}
			if missing := MissingFromImport(seeds, "cproc-report-2018", records[1:]); !reflect.DeepEqual(missing, []string{records[0].ID}) {
				t.Errorf("without its first record, the import misses %v, want [%s]", missing, records[0].ID)
			}
			for _, rec := range records {
				var line int
				if _, err := fmt.Sscanf(rec.Sources[0].At, "annex, line %d", &line); err != nil || !seeded[rec.ID] ||
					rec.ID != fmt.Sprintf("cproc-2018-%d", line) || !strings.Contains(matchKey(lines[line-1]), matchKey(rec.Title)) {
					t.Errorf("%s cites %q, which is not the report's line of %q", rec.ID, rec.Sources[0].At, rec.Title)
				}
			}
		})
	}
}

func TestCheckImport(t *testing.T) {
	seeds, err := Read(os.DirFS("../seeds"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, source, prefix, want string }{
		{"OK the prefix with its dash", "cproc-report-2018", "cproc-2018-", ""},
		{"OK the prefix without its dash", "cproc-report-2018", "cproc-2018", ""},
		{"OK a new prefix for a source no activity cites", "cproc-pipeline-2026", "cproc-2026-", ""},
		{"ErrUnknownSource", "cproc-report-2019", "cproc-2019-", `-source "cproc-report-2019": no source of the seeds has this id`},
		{"ErrSourceWithoutFile", "iso-3166", "iso-", `-source "iso-3166": sources.jsonl gives it no file`},
		{"ErrAnotherPrefix would rename every activity", "cproc-report-2018", "cproc-2019-",
			"-prefix cproc-2019-: the seeds' activities from cproc-report-2018 have the ids cproc-2018- (218 activities)"},
		{"ErrPrefixOfAnotherSource", "cproc-pipeline-2026", "cproc-2018-",
			"-prefix cproc-2018-: the seeds' activities from cproc-report-2018 have it already"},
		{"ErrBadPrefix", "cproc-report-2018", "Cproc 2018", `-prefix "Cproc 2018": want lower-case letters`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file, err := CheckImport(seeds, tc.source, tc.prefix)
			if tc.want == "" && (err != nil || file == "") || tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want)) {
				t.Errorf("CheckImport(%q, %q) = %q, %v; want %q", tc.source, tc.prefix, file, err, tc.want)
			}
		})
	}
}
