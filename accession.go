package cybercoop

import (
	"sort"
	"time"
)

// partyStatuses are the statuses that make a country a Party.
var partyStatuses = map[string]bool{"party": true, "ratified": true, "acceded": true}

// PartiesAsOf returns, for each country, its latest event certain by the given day when that event makes it a Party,
// ordered by country. An event counts only once its CertainBy day has passed: "became a Party between October
// 2017 and September 2018" makes a Party as of 30 September 2018, not before.
func PartiesAsOf(events []Accession, day time.Time) []Accession {
	asOf := day.Format("2006-01-02")
	latest := map[string]Accession{}
	for _, e := range events {
		if e.CertainBy == nil || *e.CertainBy > asOf {
			continue
		}
		if prev, ok := latest[e.CountryID]; !ok || *e.CertainBy > *prev.CertainBy {
			latest[e.CountryID] = e
		}
	}
	var out []Accession
	for _, e := range latest {
		if partyStatuses[e.Status] {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CountryID < out[j].CountryID })
	return out
}

// SortAccessions orders events oldest first (by CertainBy; undated last), then by country and status.
func SortAccessions(events []Accession) {
	key := func(a Accession) string {
		if a.CertainBy == nil {
			return "9999"
		}
		return *a.CertainBy
	}
	sort.SliceStable(events, func(i, j int) bool {
		a, b := events[i], events[j]
		if key(a) != key(b) {
			return key(a) < key(b)
		}
		if a.CountryID != b.CountryID {
			return a.CountryID < b.CountryID
		}
		return a.Status < b.Status
	})
}
