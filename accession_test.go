package cybercoop_test

import (
	"testing"
	"time"

	"github.com/cybercoop/cybercoop"
)

func TestPartiesAsOf(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	by := func(s string) *string { return &s }
	events := []cybercoop.Accession{
		{CountryID: "ma", Status: "party", CertainBy: by("2018-09-30")},
		{CountryID: "ma", Status: "acceded", CertainBy: by("2018-06-30")},
		{CountryID: "tn", Status: "invited", CertainBy: by("2018-02-28")},
		{CountryID: "cr", Status: "acceded", CertainBy: by("2018-03-31")},
		{CountryID: "ng", Status: "requested", CertainBy: by("2018-03-31")},
		{CountryID: "xx", Status: "party"}, // undated: never certain
	}
	for _, tc := range []struct {
		asOf string
		want []string
	}{
		{"2018-01-01", nil},
		{"2018-07-01", []string{"cr", "ma"}},
		{"2018-10-01", []string{"cr", "ma"}},
	} {
		t.Run(tc.asOf, func(t *testing.T) {
			got := cybercoop.PartiesAsOf(events, day(tc.asOf))
			var ids []string
			for _, e := range got {
				ids = append(ids, e.CountryID)
			}
			if len(ids) != len(tc.want) || (len(ids) > 0 && (ids[0] != tc.want[0] || ids[1] != tc.want[1])) {
				t.Errorf("parties as of %s = %v, want %v", tc.asOf, ids, tc.want)
			}
		})
	}
}
