package cybercoop

import (
	"cmp"
	"slices"
	"time"
)

// makesParty are the statuses of the steps that make a State a Party: a ratification, an accession, or a
// document's word that it became one.
var makesParty = map[string]bool{"ratified": true, "acceded": true, "party": true}

// stepRank orders the steps of one party certain on the same day, the further step last.
var stepRank = map[string]int{"interest": 0, "requested": 1, "invited": 2, "signed": 3, "party": 4, "ratified": 5, "acceded": 5}

// counts reports whether a step counts towards a party's standing by day: it must be certain by then, and not be one
// side of a disagreement between a document and the chart (the chart, the depositary's record, decides; the
// conflicting statement stays listed among the accessions).
func (a Accession) counts(day string) bool {
	return a.CertainBy != nil && *a.CertainBy <= day && a.Conflict == nil
}

// day is a time's ISO date.
func day(t time.Time) string { return t.Format("2006-01-02") }

// PartiesAsOf returns, for each party that ratified or acceded by the given day, the step that made it one (the
// earliest, a dated one before a document's undated word), ordered by party. This is how the Council of Europe counts
// Parties: by the date of ratification or accession. With inForce, only the parties for which the convention had
// entered into force by then are kept.
func PartiesAsOf(events []Accession, asOf time.Time, inForce bool) []Accession {
	d := day(asOf)
	first := map[Ref]Accession{}
	for _, e := range events {
		if !makesParty[e.Status] || !e.counts(d) {
			continue
		}
		if prev, seen := first[e.Party]; !seen || earlierParty(e, prev) {
			first[e.Party] = e
		}
	}
	out := make([]Accession, 0, len(first))
	for _, e := range first {
		if inForce && (e.EntryIntoForce == nil || *e.EntryIntoForce > d) {
			continue
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Accession) int { return compareRefs(a.Party, b.Party) })
	return out
}

// earlierParty prefers a ratification or accession to a document's "became a Party", then the earlier one.
func earlierParty(a, b Accession) bool {
	if (a.Status == "party") != (b.Status == "party") {
		return b.Status == "party"
	}
	return *a.CertainBy < *b.CertainBy
}

// StandingAsOf returns each party's standing by the given day: the step that made it a Party when it is one, else
// its furthest step certain by then (a signature not followed by ratification reads "signed", and a later word of
// interest does not undo it), the latest of equal steps. Parties with no step by then are left out. Ordered by party.
func StandingAsOf(events []Accession, asOf time.Time) []Accession {
	d := day(asOf)
	parties := PartiesAsOf(events, asOf, false)
	latest := map[Ref]Accession{}
	for _, e := range parties {
		latest[e.Party] = e
	}
	for _, e := range events {
		if !e.counts(d) || makesParty[e.Status] {
			continue
		}
		prev, seen := latest[e.Party]
		switch {
		case seen && makesParty[prev.Status]:
		case !seen || stepRank[e.Status] > stepRank[prev.Status] || stepRank[e.Status] == stepRank[prev.Status] && *e.CertainBy > *prev.CertainBy:
			latest[e.Party] = e
		}
	}
	out := make([]Accession, 0, len(latest))
	for _, e := range latest {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Accession) int { return compareRefs(a.Party, b.Party) })
	return out
}

// TreatyStandings returns a country's standing under each convention it took a step under, as of the given day,
// in the order of the conventions' first steps among events.
func TreatyStandings(events []Accession, asOf time.Time) []Accession {
	byConvention := map[string][]Accession{}
	var order []string
	for _, e := range events {
		if _, seen := byConvention[e.ConventionID]; !seen {
			order = append(order, e.ConventionID)
		}
		byConvention[e.ConventionID] = append(byConvention[e.ConventionID], e)
	}
	var out []Accession
	for _, id := range order {
		out = append(out, StandingAsOf(byConvention[id], asOf)...)
	}
	return out
}

// StatusCount is how many parties stand at one status.
type StatusCount struct {
	Status string
	Count  int
}

// CountStatuses counts a standing by status, in the order of stepRank, the furthest first.
func CountStatuses(standing []Accession) []StatusCount {
	counts := map[string]int{}
	for _, e := range standing {
		counts[e.Status]++
	}
	out := make([]StatusCount, 0, len(counts))
	for status, n := range counts {
		out = append(out, StatusCount{Status: status, Count: n})
	}
	slices.SortFunc(out, func(a, b StatusCount) int {
		return cmp.Or(cmp.Compare(stepRank[b.Status], stepRank[a.Status]), cmp.Compare(a.Status, b.Status))
	})
	return out
}

// SortAccessions orders events oldest first (by CertainBy; undated last), then by party and step.
func SortAccessions(events []Accession) {
	key := func(a Accession) string {
		if a.CertainBy == nil {
			return "9999"
		}
		return *a.CertainBy
	}
	slices.SortStableFunc(events, func(a, b Accession) int {
		if c := cmp.Compare(key(a), key(b)); c != 0 {
			return c
		}
		if c := compareRefs(a.Party, b.Party); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(stepRank[a.Status], stepRank[b.Status]), cmp.Compare(a.Status, b.Status))
	})
}

// compareRefs orders refs by kind, then id, without building their strings: sorting a chart's steps compares
// hundreds of pairs per answer.
func compareRefs(a, b Ref) int {
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID))
}
