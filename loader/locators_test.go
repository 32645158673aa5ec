package loader

import (
	"reflect"
	"strings"
	"testing"
)

func TestLineRanges(t *testing.T) {
	ok := []struct {
		at   string
		want []lineRange
	}{
		{"line 262", []lineRange{{262, 262}}},
		{"§3.6, line 262", []lineRange{{262, 262}}},
		{"annex, line 512: drafting of an additional protocol, February-December 2018", []lineRange{{512, 512}}},
		{"lines 110-114", []lineRange{{110, 114}}},
		{"RÉSULTATS ESCOMPTÉS, OBJECTIF 1, lines 60–62", []lineRange{{60, 62}}},
		{"§3.4, lines 211, 213", []lineRange{{211, 211}, {213, 213}}},
		{"lines 40, 52-54", []lineRange{{40, 40}, {52, 54}}},
		{"line 44: C-PROC list of projects in preparation, line 47", []lineRange{{44, 44}, {47, 47}}},
		{"line 1: 27 trainings, about 600 participants", []lineRange{{1, 1}}},
		{"Line 9", []lineRange{{9, 9}}},
		{"country codes AL / ALB", nil},
		{"online, deadline", nil},
	}
	for _, tc := range ok {
		t.Run("OK "+tc.at, func(t *testing.T) {
			got, err := lineRanges(tc.at)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("lineRanges(%q) = %v, %v; want %v", tc.at, got, err, tc.want)
			}
		})
	}
	bad := []struct{ at, want string }{
		{"line 0", "line 0: lines count from 1"},
		{"lines 9-5", "lines 9-5 run backwards"},
		{"annex, line", `"line" is not followed by a line number`},
		{"lines x", `"lines" is not followed by a line number`},
		{"line 99999999999999999999", "line number 99999999999999999999 is too large"},
	}
	for _, tc := range bad {
		t.Run("Err "+tc.at, func(t *testing.T) {
			if got, err := lineRanges(tc.at); err == nil || err.Error() != tc.want {
				t.Errorf("lineRanges(%q) = %v, %v; want the error %q", tc.at, got, err, tc.want)
			}
		})
	}
}

func TestMatchKey(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		want       bool
	}{
		{"4e réunion du comité", "iPROCEEDS\t4^e réunion du comité directeur", true},
		{"1re réunion", "1 ^{re} réunion plénière", true},
		{"Conférence Octopus", "La [Conférence Octopus](#) – organisée", true},
		{"Exercice, Pristina, Kosovo", "Exercice, Pristina, Kosovo*¹⁷, 16-17 octobre", true},
		{"Forum  sur la\u00a0cybercriminalité", "- FORUM sur la cybercriminalité", true},
		{"l’OEA", "avec l'OEA", true},
		{"GLACY", "GLACY+ projet", true},
		{"GLACY", "GLACYX", false},
		{"Maroc", "Le Marocain", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := containsName(matchKey(tc.line), matchKey(tc.name)); got != tc.want {
				t.Errorf("containsName(%q, %q) = %v, want %v", matchKey(tc.line), matchKey(tc.name), got, tc.want)
			}
		})
	}
}

// FuzzLineRanges checks that a locator never makes the reader panic, and that what it accepts cites lines from 1,
// in ranges that do not run backwards, only where the locator says "line".
func FuzzLineRanges(f *testing.F) {
	for _, at := range []string{"§3.6, line 262", "lines 110-114", "§3.4, lines 211, 213", "line 0", "lines 9-5",
		"line 44: C-PROC list of projects in preparation, line 47", "country codes AL / ALB", "annex, line"} {
		f.Add(at)
	}
	f.Fuzz(func(t *testing.T, at string) {
		ranges, err := lineRanges(at)
		if err != nil {
			return
		}
		if len(ranges) > 0 && !strings.Contains(strings.ToLower(at), "line") {
			t.Fatalf("%q cites %v without the word line", at, ranges)
		}
		for _, r := range ranges {
			if r.from < 1 || r.to < r.from {
				t.Fatalf("%q: range %v", at, r)
			}
		}
	})
}
