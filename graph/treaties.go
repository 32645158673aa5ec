package graph

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/graph/model"
	"github.com/cybercoop/cybercoop/internal/batch"
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

// beforeOptions are what the activities before accessions are asked with: the journeys' project filter and the
// page; the before loader reads them with one statement per distinct options.
type beforeOptions struct {
	project string
	page    store.Page
}

// activitiesBefore loads a page of the activities before a journey's accession; a journey without a date has none.
func (r *Resolver) activitiesBefore(ctx context.Context, j *model.AccessionJourney, p store.Page) (store.BeforeList, error) {
	if j.Before == "" {
		return store.BeforeList{}, nil
	}
	return r.loaders(ctx).before.Load(ctx, batch.Key[store.Before, beforeOptions]{
		Item: store.Before{Country: j.Accession.Party.ID, Day: j.Before}, Options: beforeOptions{j.Project, p}})
}
