package loader

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop"
)

var (
	// zeroDayOrYear finds a day 0 before a month, or a year 0000; partLabels are the "(1re partie)" of the parts.
	zeroDayOrYear = regexp.MustCompile(`(?i)(^|[^0-9])0+\s*[\p{L}]|(^|[^0-9])0000($|[^0-9])`)
	partLabels    = regexp.MustCompile(`\([^()]*\)`)
)

// render prints ranges compactly for comparison: "2017-10-10..2017-10-13", labels in brackets.
func renderRanges(ranges []DateRange) string {
	parts := make([]string, len(ranges))
	for i, r := range ranges {
		parts[i] = fmt.Sprintf("%s..%s", r.Start, r.End)
		if r.Label != "" {
			parts[i] += " [" + r.Label + "]"
		}
	}
	return strings.Join(parts, "; ")
}

func TestParseFrenchDates(t *testing.T) {
	ok := []struct{ in, want string }{
		{"6 octobre 2017", "2017-10-06..2017-10-06"},
		{"10-13 octobre 2017", "2017-10-10..2017-10-13"},
		{"28 octobre-3 novembre 2017", "2017-10-28..2017-11-03"},
		{"27 février-2 mars 2018", "2018-02-27..2018-03-02"},
		{"30 juillet-1 ^{er} août 2018", "2018-07-30..2018-08-01"},
		{"1^{er}-3 août 2018", "2018-08-01..2018-08-03"},
		{"1er mars 2018", "2018-03-01..2018-03-01"},
		{"août 2018", "2018-08..2018-08"},
		{"mai-juin 2018", "2018-05..2018-06"},
		{"février-décembre 2018", "2018-02..2018-12"},
		{"décembre-janvier 2018", "2017-12..2018-01"},
		{"jan 2014 – déc 2019", "2014-01..2019-12"},
		{"mar 2016 – fév 2021", "2016-03..2021-02"},
		{"juil 2017 – juin 2020", "2017-07..2020-06"},
		{"23-24 octobre 2017 (première partie)", "2017-10-23..2017-10-24 [première partie]"},
		{"19-20 avril 2018 (1^{re} partie) et 17-18 mai 2018 (2 ^e partie)",
			"2018-04-19..2018-04-20 [1re partie]; 2018-05-17..2018-05-18 [2e partie]"},
		{"30 décembre 2017-2 janvier 2018", "2017-12-30..2018-01-02"},
		{"  3-4   octobre 2017 ", "2017-10-03..2017-10-04"},
		{"2018", "2018..2018"},
		{"4-7 decembre 2017", "2017-12-04..2017-12-07"},
		{"15 Aout 2018", "2018-08-15..2018-08-15"},
		{"5 fe\u0301vrier 2018", "2018-02-05..2018-02-05"},
		{"5\u00a0juin\u202f2018", "2018-06-05..2018-06-05"},
	}
	for _, tc := range ok {
		t.Run("OK "+tc.in, func(t *testing.T) {
			got, err := ParseFrenchDates(tc.in)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if renderRanges(got) != tc.want {
				t.Errorf("got %s, want %s", renderRanges(got), tc.want)
			}
		})
	}
	bad := []struct{ in, want string }{
		{"", "no date"},
		{"octobre", "no year"},
		{"13 octobre", "no year"},
		{"31 juin 2018", "day must be"},
		{"30 février 2018", "day must be"},
		{"13-10 octobre 2017", "before it starts"},
		{"10 brumaire 2017", "not a French month"},
		{"Strasbourg", "not a French month"},
		{"Kiev, Ukraine", "not a date"},
		{"1-2-3 mars 2018", "more than two ends"},
		{"10 2017", "a day without a month"},
		{"3 octobre-novembre 2017", "one end has a day"},
		{"-3 octobre 2017", "no start"},
		{"0 juin 2018", "day 0: days count from 1"},
		{"00 juin 2018", "day 00: days count from 1"},
		{"0-3 juin 2018", "day 0: days count from 1"},
		{"5 juin 0000-6 juin 2018", "year 0000 is not a real year"},
		{"5 juin 0999", "year 0999 is not a real year"},
	}
	for _, tc := range bad {
		t.Run("Err "+tc.in, func(t *testing.T) {
			got, err := ParseFrenchDates(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseFrenchDates(%q) = %s, %v; want an error containing %q", tc.in, renderRanges(got), err, tc.want)
			}
		})
	}
}

// FuzzParseFrenchDates checks that any accepted text gives ranges that are real dates and never run backwards, and
// that a day or a year written 0 is never accepted (it would read as "no day", "no year").
func FuzzParseFrenchDates(f *testing.F) {
	for _, seed := range []string{"10-13 octobre 2017", "28 octobre-3 novembre 2017", "mai-juin 2018",
		"19-20 avril 2018 (1re partie) et 17-18 mai 2018 (2e partie)", "1^{er}-3 août 2018", "jan 2014 – déc 2019",
		// Dates that cannot be real, and months written with a no-break space or without their accents.
		"31 juin 2018", "0 juin 2018", "5 juin 0000-6 juin 2018", "4-7 decembre 2017", "5\u00a0juin 2018"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		ranges, err := ParseFrenchDates(in)
		if err != nil {
			return
		}
		if len(ranges) == 0 {
			t.Fatalf("%q: no error and no range", in)
		}
		if zeroDayOrYear.MatchString(partLabels.ReplaceAllString(NormalizeOrdinals(in), "")) {
			t.Errorf("%q: a day or a year 0 accepted as %s", in, renderRanges(ranges))
		}
		for _, r := range ranges {
			if r.End.LastDay().Before(r.Start.FirstDay()) {
				t.Errorf("%q: range %s..%s runs backwards", in, r.Start, r.End)
			}
			for _, d := range []string{r.Start.String(), r.End.String()} {
				if _, err := cybercoop.ParsePartialDate(d); err != nil {
					t.Errorf("%q: %s is not a valid date: %v", in, d, err)
				}
			}
		}
	})
}
