package store

import (
	"context"
	"sort"
	"strings"

	"github.com/cybercoop/cybercoop"
)

// Event is one dated entry of a timeline.
type Event struct {
	Date      string // start, with the source's precision
	End       string
	Kind      string // ACTIVITY, ACCESSION, PROJECT_START or PROJECT_END
	Summary   string
	Node      cybercoop.Entity // the activity or project
	Accession *cybercoop.Accession
	Sources   []cybercoop.SourceRef
}

// Timeline returns what happened to an entity, oldest first: its activities, its accession events (countries and
// conventions) and, for a project, its start and end. from and to (ISO days, "" for open) bound the activities.
func (s *Store) Timeline(ctx context.Context, ref cybercoop.Ref, from, to string, limit int) ([]Event, error) {
	e, err := s.Entity(ctx, ref)
	if err != nil {
		return nil, err
	}
	var events []Event
	if _, ok := activitiesOf[ref.Kind]; ok {
		acts, err := s.Activities(ctx, []cybercoop.Ref{ref}, ActivityQuery{
			Filter: ActivityFilter{From: from, To: to}, Page: Page{Limit: limit}})
		if err != nil {
			return nil, err
		}
		for _, a := range acts[ref].Items {
			events = append(events, Event{Date: a.Start, End: a.End, Kind: "ACTIVITY", Summary: a.Title, Node: a, Sources: a.Sources})
		}
	}
	if ref.Kind == cybercoop.KindCountry || ref.Kind == cybercoop.KindConvention {
		rels, err := s.Relations(ctx, []cybercoop.Ref{ref}, RelationQuery{Types: []string{"ACCESSION"}, Page: Page{Limit: 1000}})
		if err != nil {
			return nil, err
		}
		for _, r := range rels[ref].Items {
			a := AccessionFrom(ref, r)
			date := first(a.Date, a.PeriodEnd, a.PeriodStart)
			if date == "" || !inWindow(date, from, to) {
				continue
			}
			country, convention := e, r.Node
			if ref.Kind == cybercoop.KindConvention {
				country, convention = r.Node, e
			}
			events = append(events, Event{Date: date, Kind: "ACCESSION", Accession: &a, Sources: a.Sources,
				Summary: accessionSummary(country.DisplayName(), a.Status, conventionName(convention))})
		}
	}
	if p, ok := e.(cybercoop.Project); ok {
		if p.Start != nil && inWindow(*p.Start, from, to) {
			events = append(events, Event{Date: *p.Start, Kind: "PROJECT_START", Summary: p.Name + " starts", Node: p, Sources: p.Sources})
		}
		if p.End != nil && inWindow(*p.End, from, to) {
			events = append(events, Event{Date: *p.End, Kind: "PROJECT_END", Summary: p.Name + " ends", Node: p, Sources: p.Sources})
		}
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].Date < events[j].Date })
	if len(events) > limit {
		events = events[:limit]
	}
	return events, nil
}

// accessionSummary says an accession event in words: "Morocco acceded to the Budapest Convention".
func accessionSummary(country, status, convention string) string {
	switch status {
	case "signed", "ratified":
		return country + " " + status + " " + convention
	case "acceded":
		return country + " acceded to " + convention
	case "party":
		return country + " became a Party to " + convention
	case "invited":
		return country + " was invited to accede to " + convention
	case "requested":
		return country + " requested accession to " + convention
	case "interest":
		return country + " expressed interest in " + convention
	}
	return country + ": " + status + ", " + convention
}

// conventionName is the name a sentence uses: "the Budapest Convention" rather than its full title.
func conventionName(e cybercoop.Entity) string {
	if c, ok := e.(cybercoop.Convention); ok && c.ShortName != nil {
		if strings.HasPrefix(*c.ShortName, "Convention ") { // "Convention 108" takes no article
			return *c.ShortName
		}
		return "the " + *c.ShortName
	}
	return e.DisplayName()
}

// AccessionFrom reads an ACCESSION relation seen from ref (a party or a convention) as an accession event.
func AccessionFrom(ref cybercoop.Ref, r cybercoop.Relation) cybercoop.Accession {
	a := accessionOf(props(r.Props))
	a.Sources = r.Sources // read apart from the properties
	if ref.Kind == cybercoop.KindConvention {
		a.Party, a.ConventionID = r.Node.Ref(), ref.ID
	} else {
		a.Party, a.ConventionID = ref, r.Node.Ref().ID
	}
	return a
}

func first(values ...*string) string {
	for _, v := range values {
		if v != nil {
			return *v
		}
	}
	return ""
}

// inWindow compares a partial date's text with ISO day bounds; a month or year counts if it overlaps.
func inWindow(date, from, to string) bool {
	d, err := cybercoop.ParsePartialDate(date)
	if err != nil {
		return true
	}
	return (from == "" || d.LastDay().Format("2006-01-02") >= from) && (to == "" || d.FirstDay().Format("2006-01-02") <= to)
}
