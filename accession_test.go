package cybercoop_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop"
)

// step builds an accession step of a country; dates are ISO days, "" for none.
func step(country, status, certainBy, entryIntoForce string) cybercoop.Accession {
	a := cybercoop.Accession{Party: cybercoop.Ref{Kind: cybercoop.KindCountry, ID: country}, ConventionID: "budapest", Status: status}
	if certainBy != "" {
		a.CertainBy = &certainBy
	}
	if entryIntoForce != "" {
		a.EntryIntoForce = &entryIntoForce
	}
	return a
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// describe lists a result as "party:status" items.
func describe(events []cybercoop.Accession) string {
	var parts []string
	for _, e := range events {
		parts = append(parts, e.Party.ID+":"+e.Status)
	}
	return strings.Join(parts, " ")
}

func TestStanding(t *testing.T) {
	conflicting := step("cl", "acceded", "2016-03-31", "")
	note := "the report dates this accession 2016-03 or earlier; the chart dates it 2017-04-20"
	conflicting.Conflict = &note
	events := []cybercoop.Accession{
		step("al", "signed", "2001-11-23", ""), step("al", "ratified", "2002-06-20", "2004-07-01"),
		step("ma", "party", "2018-09-30", ""), step("ma", "acceded", "2018-06-29", "2018-10-01"),
		step("ie", "signed", "2002-02-28", ""), // signed, never ratified
		step("tn", "invited", "2018-02-28", ""), step("tn", "acceded", "2024-02-02", "2024-06-01"),
		step("tg", "invited", "2026-04-25", ""), // a chart step without a date: certain by the chart's status date
		step("cl", "acceded", "2017-04-20", "2017-08-01"), conflicting,
		step("xx", "party", "", ""), // undated and not certain by any day: never counts
	}
	for _, tc := range []struct {
		asOf             string
		parties, inForce string
		standing         string
		counts           string
	}{
		{"2002-01-01", "", "", "al:signed", "[{signed 1}]"},
		{"2003-01-01", "al:ratified", "", "al:ratified ie:signed", "[{ratified 1} {signed 1}]"},
		{"2016-12-31", "al:ratified", "al:ratified", "al:ratified ie:signed", "[{ratified 1} {signed 1}]"},
		{"2018-07-01", "al:ratified cl:acceded ma:acceded", "al:ratified cl:acceded",
			"al:ratified cl:acceded ie:signed ma:acceded tn:invited", "[{acceded 2} {ratified 1} {signed 1} {invited 1}]"},
		{"2026-04-25", "al:ratified cl:acceded ma:acceded tn:acceded", "al:ratified cl:acceded ma:acceded tn:acceded",
			"al:ratified cl:acceded ie:signed ma:acceded tg:invited tn:acceded", "[{acceded 3} {ratified 1} {signed 1} {invited 1}]"},
	} {
		t.Run(tc.asOf, func(t *testing.T) {
			if got := describe(cybercoop.PartiesAsOf(events, day(tc.asOf), false)); got != tc.parties {
				t.Errorf("parties: %q, want %q", got, tc.parties)
			}
			if got := describe(cybercoop.PartiesAsOf(events, day(tc.asOf), true)); got != tc.inForce {
				t.Errorf("parties in force: %q, want %q", got, tc.inForce)
			}
			standing := cybercoop.StandingAsOf(events, day(tc.asOf))
			if got := describe(standing); got != tc.standing {
				t.Errorf("standing: %q, want %q", got, tc.standing)
			}
			if got := fmt.Sprint(cybercoop.CountStatuses(standing)); got != tc.counts {
				t.Errorf("counts: %s, want %s", got, tc.counts)
			}
		})
	}
	t.Run("OK a ratification is preferred to a document's word, and is the one returned", func(t *testing.T) {
		if got := cybercoop.PartiesAsOf(events, day("2019-01-01"), false); *got[2].CertainBy != "2018-06-29" {
			t.Errorf("Morocco's step: %+v", got[2])
		}
	})
}

func TestSortAccessions(t *testing.T) {
	events := []cybercoop.Accession{step("b", "ratified", "2002-01-01", ""), step("a", "invited", "", ""),
		step("b", "signed", "2002-01-01", ""), step("a", "signed", "2001-01-01", "")}
	cybercoop.SortAccessions(events)
	if got := describe(events); got != "a:signed b:signed b:ratified a:invited" {
		t.Errorf("sorted: %s", got)
	}
}
