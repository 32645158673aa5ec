package graph

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/graph/model"
	"github.com/cybercoop/cybercoop/internal/today"
	"github.com/cybercoop/cybercoop/store"
)

// asOfDay is the day a status question is asked for: the last day of asOf, else today, as the HTTP caches key the
// answer (internal/today).
func asOfDay(ctx context.Context, asOf *cybercoop.PartialDate) time.Time {
	if asOf != nil {
		return asOf.LastDay()
	}
	return today.Day(ctx)
}

// treatyStandings returns a country's standing under each convention it took a step under, as of day, in the order
// of the conventions' first steps.
func treatyStandings(events []cybercoop.Accession, day time.Time) []cybercoop.Accession {
	byConvention := map[string][]cybercoop.Accession{}
	var order []string
	for _, e := range events {
		if _, seen := byConvention[e.ConventionID]; !seen {
			order = append(order, e.ConventionID)
		}
		byConvention[e.ConventionID] = append(byConvention[e.ConventionID], e)
	}
	var out []cybercoop.Accession
	for _, id := range order {
		out = append(out, cybercoop.StandingAsOf(byConvention[id], day)...)
	}
	return out
}

// sortedSteps reads accession steps and orders each list once, oldest first, for every field of the request that
// reads them (parties, standing, journeys: none changes the list).
func sortedSteps(st Store) func(ctx context.Context, refs []cybercoop.Ref) (map[cybercoop.Ref]store.Steps, error) {
	return func(ctx context.Context, refs []cybercoop.Ref) (map[cybercoop.Ref]store.Steps, error) {
		found, err := st.Accessions(ctx, refs)
		for _, steps := range found {
			cybercoop.SortAccessions(steps.Steps)
		}
		return found, err
	}
}

// journeyPage is the page of activities the journeys being resolved select (their activitiesBefore field's first
// and after): firstActivityDate and daysToAccession read the same statement's answer rather than one of their own.
// Without activitiesBefore, an empty page: only the total and the first start.
func journeyPage(ctx context.Context) store.Page {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return store.Page{}
	}
	opCtx := graphql.GetOperationContext(ctx)
	for _, f := range graphql.CollectFields(opCtx, fc.Field.Selections, nil) {
		if f.Name == "activitiesBefore" {
			args := f.ArgumentMap(opCtx.Variables)
			if p, err := page(intArg(args, "first"), stringArg(args, "after"), defaultPageSize); err == nil {
				return p
			}
		}
	}
	return store.Page{}
}

// journeys returns, for each State that is a Party as of day, its ratification or accession, oldest first.
func journeys(events []cybercoop.Accession, day time.Time, project string, p store.Page) []model.AccessionJourney {
	parties := cybercoop.PartiesAsOf(events, day, false)
	cybercoop.SortAccessions(parties)
	out := make([]model.AccessionJourney, 0, len(parties))
	for _, e := range parties {
		if e.Party.Kind != cybercoop.KindCountry {
			continue
		}
		j := model.AccessionJourney{Accession: e, Project: project, Page: p}
		if e.Date != nil {
			if d, err := cybercoop.ParsePartialDate(*e.Date); err == nil {
				j.Before = d.FirstDay().Format(time.DateOnly)
			}
		}
		out = append(out, j)
	}
	return out
}

// beforeKey asks the activities before one journey's accession, a page of them.
type beforeKey struct {
	asked   store.Before
	project string
	page    store.Page
}

// fetchBefore reads the activities before accessions, one statement per project and page asked.
func fetchBefore(st Store) func(ctx context.Context, keys []beforeKey) (map[beforeKey]store.BeforeList, error) {
	return func(ctx context.Context, keys []beforeKey) (map[beforeKey]store.BeforeList, error) {
		type group struct {
			project string
			page    store.Page
		}
		asked := map[group][]store.Before{}
		for _, k := range keys {
			g := group{k.project, k.page}
			asked[g] = append(asked[g], k.asked)
		}
		out := make(map[beforeKey]store.BeforeList, len(keys))
		for g, list := range asked {
			found, err := st.ActivitiesBefore(ctx, list, g.project, g.page)
			if err != nil {
				return nil, err
			}
			for b, v := range found {
				out[beforeKey{b, g.project, g.page}] = v
			}
		}
		return out, nil
	}
}

// activitiesBefore loads a page of the activities before a journey's accession; a journey without a date has none.
func (r *Resolver) activitiesBefore(ctx context.Context, j *model.AccessionJourney, p store.Page) (store.BeforeList, error) {
	if j.Before == "" {
		return store.BeforeList{}, nil
	}
	return r.loaders(ctx).before.load(ctx, beforeKey{store.Before{Country: j.Accession.Party.ID, Day: j.Before}, j.Project, p})
}

// daysBetween counts the days from one ISO date to another.
func daysBetween(from, to string) (int, bool) {
	a, errA := time.Parse(time.DateOnly, from)
	b, errB := time.Parse(time.DateOnly, to)
	if errA != nil || errB != nil {
		return 0, false
	}
	return int(b.Sub(a).Hours() / 24), true
}
