package cybercoop_test

import (
	"testing"
	"time"

	"github.com/cybercoop/cybercoop"
)

func TestParsePartialDate(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	ok := []struct {
		in          string
		first, last time.Time
	}{
		{"2014", day(2014, 1, 1), day(2014, 12, 31)},
		{"2018-06", day(2018, 6, 1), day(2018, 6, 30)},
		{"2016-02", day(2016, 2, 1), day(2016, 2, 29)},
		{"2017-10-26", day(2017, 10, 26), day(2017, 10, 26)},
		{"2020-02-29", day(2020, 2, 29), day(2020, 2, 29)},
	}
	for _, tc := range ok {
		t.Run("OK "+tc.in, func(t *testing.T) {
			d, err := cybercoop.ParsePartialDate(tc.in)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if d.String() != tc.in || !d.FirstDay().Equal(tc.first) || !d.LastDay().Equal(tc.last) {
				t.Errorf("got %s [%s, %s], want %s [%s, %s]", d, d.FirstDay(), d.LastDay(), tc.in, tc.first, tc.last)
			}
		})
	}
	bad := []string{"", "18", "2018-6", "2018-13", "2018-00", "2019-02-29", "2018-06-31", "2018/06", "+018", "2018-06-1x", "20180601", "0999"}
	for _, in := range bad {
		t.Run("Err "+in, func(t *testing.T) {
			if d, err := cybercoop.ParsePartialDate(in); err == nil {
				t.Errorf("ParsePartialDate(%q) = %s, want an error", in, d)
			}
		})
	}
}

// FuzzParsePartialDate checks that whatever parses prints back to the same text and spans a non-empty range.
func FuzzParsePartialDate(f *testing.F) {
	for _, seed := range []string{"2014", "2018-06", "2017-10-26", "2019-02-29", "abcd-ef"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d, err := cybercoop.ParsePartialDate(in)
		if err != nil {
			return
		}
		if d.String() != in {
			t.Errorf("ParsePartialDate(%q).String() = %q", in, d.String())
		}
		if d.LastDay().Before(d.FirstDay()) {
			t.Errorf("%q: last day %s before first day %s", in, d.LastDay(), d.FirstDay())
		}
	})
}

func TestActivityPrecision(t *testing.T) {
	city, place := "Accra", "Afrique de l'Ouest"
	for _, tc := range []struct {
		name      string
		activity  cybercoop.Activity
		countries int
		date      string
		place     string
	}{
		{"OneDayInACity", cybercoop.Activity{Start: "2017-10-23", End: "2017-10-23", City: &city}, 1, "DAY", "CITY"},
		{"DaysInACountry", cybercoop.Activity{Start: "2017-10-23", End: "2017-10-27"}, 1, "DAYS", "COUNTRY"},
		{"MonthOnlyInSeveralCountries", cybercoop.Activity{Start: "2018-03", End: "2018-03", City: &city}, 2, "MONTH", "SEVERAL_COUNTRIES"},
		{"MonthsInARegion", cybercoop.Activity{Start: "2018-03", End: "2018-05", PlaceAsWritten: &place}, 0, "MONTHS", "REGION"},
		{"YearNowhere", cybercoop.Activity{Start: "2018", End: "2018"}, 0, "YEAR", "NONE"},
		{"SeveralParts", cybercoop.Activity{Start: "2018-04-19", End: "2018-05-20", DateParts: []string{"a", "b"}}, 1, "SEVERAL_PARTS", "COUNTRY"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.activity.DatePrecision(); got != tc.date {
				t.Errorf("DatePrecision() = %s, want %s", got, tc.date)
			}
			if got := tc.activity.PlacePrecision(tc.countries); got != tc.place {
				t.Errorf("PlacePrecision(%d) = %s, want %s", tc.countries, got, tc.place)
			}
		})
	}
}
