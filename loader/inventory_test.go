package loader

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// testCountries stands in for the gazetteer in parser tests.
func testCountries(name string) bool {
	switch name {
	case "République dominicaine", "Azerbaïdjan", "Ukraine", "Kosovo", "Albanie", "Pays-Bas", "Belgique", "France":
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
	entries, err := ParseInventory(f, "inventory.txt", testCountries)

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
	entries, _ := ParseInventory(f, "inventory.txt", g.IsCountry)
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

// FuzzParseInventory checks that no input makes the parser panic, and that every entry it accepts has projects, a
// title and dates that do not run backwards.
func FuzzParseInventory(f *testing.F) {
	data, err := os.ReadFile("testdata/inventory.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data))
	f.Add("Mars 2018\nGLACY+\tAtelier, Tunis, Tunisie, 1^{er}-3 mars 2018\n")
	f.Add("Mai 2018\nA B\t, , 2018\n")
	f.Fuzz(func(t *testing.T, text string) {
		entries, _ := ParseInventory(strings.NewReader(text), "fuzz", testCountries)
		for _, e := range entries {
			if len(e.Projects) == 0 || e.Title == "" || len(e.Dates) == 0 {
				t.Fatalf("line %d: incomplete entry %+v", e.Line, e)
			}
			for _, d := range e.Dates {
				if d.End.LastDay().Before(d.Start.FirstDay()) {
					t.Fatalf("line %d: dates run backwards: %+v", e.Line, d)
				}
			}
		}
	})
}
