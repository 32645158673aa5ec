package graph

import (
	"context"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/graph/model"
	"github.com/cybercoop/cybercoop/store"
)

// The helpers the resolvers share: typed lookups through the loaders, connections and the models of paths,
// subgraphs and timelines.

// byID resolves a query's single-entity field: parse the id as kind T, load it, NOT_FOUND when absent.
func byID[T cybercoop.Entity](ctx context.Context, r *queryResolver, id string, kind cybercoop.Kind) (*T, error) {
	parsed, err := ref(id, kind)
	if err != nil {
		return nil, err
	}
	e, err := r.entityWithLists(ctx, parsed)
	return as[T](e, err, parsed)
}

func entityAs[T cybercoop.Entity](ctx context.Context, r *Resolver, ref cybercoop.Ref) (*T, error) {
	e, err := r.loaders(ctx).entity(ctx, ref)
	return as[T](e, err, ref)
}

// as returns a loaded entity as kind T, or a NOT_FOUND error naming ref when it is of another kind.
func as[T cybercoop.Entity](e cybercoop.Entity, err error, ref cybercoop.Ref) (*T, error) {
	if err != nil {
		return nil, err
	}
	v, ok := e.(T)
	if !ok {
		return nil, cybercoop.NotFound(ref)
	}
	return &v, nil
}

// relatedAs returns the entities of kind T at the other end of ref's relations of one field.
func relatedAs[T cybercoop.Entity](ctx context.Context, r *Resolver, ref cybercoop.Ref, field relationField) ([]T, error) {
	rels, err := r.loaders(ctx).related(ctx, ref, field)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(rels))
	for _, rel := range rels {
		if v, ok := rel.Node.(T); ok {
			out = append(out, v)
		}
	}
	return out, nil
}

func firstRelatedAs[T cybercoop.Entity](ctx context.Context, r *Resolver, ref cybercoop.Ref, field relationField) (*T, error) {
	all, err := relatedAs[T](ctx, r, ref, field)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	return &all[0], nil
}

func entitiesAs[T cybercoop.Entity](items []cybercoop.Entity) []T {
	out := make([]T, 0, len(items))
	for _, e := range items {
		if v, ok := e.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

// relations resolves Entity.relations for any kind of entity.
func (r *Resolver) relations(ctx context.Context, of cybercoop.Ref, types []string, direction *string, first *int, after *string) (*model.RelationConnection, error) {
	o, err := relationsKey(types, direction, first, after)
	if err != nil {
		return nil, err
	}
	list, err := r.loaders(ctx).relations.Load(ctx, groupKey[relationOptions]{Item: of, Options: o})
	if err != nil {
		return nil, err
	}
	return relationConnection(list.Items, o.page, list.Total), nil
}

// accessions returns the accession events of a country or a convention, oldest first. The list is shared: callers
// must not change it.
func (r *Resolver) accessions(ctx context.Context, of cybercoop.Ref) ([]cybercoop.Accession, error) {
	l := r.loaders(ctx)
	steps, err := l.accessions.Load(ctx, of)
	if err != nil {
		return nil, err
	}
	for ref, party := range steps.Parties {
		l.entities.Prime(ref, party) // read with the steps: a party's name costs no second statement
	}
	return steps.Steps, nil // shared by every field that reads them, sorted once: read only
}

// activitiesOf resolves the activities of a country, organisation or project, batched across siblings.
func (r *Resolver) activitiesOf(ctx context.Context, of cybercoop.Ref, filter *model.ActivityFilter, orderBy *string, first *int, after *string) (*model.ActivityConnection, error) {
	o, err := activitiesKey(filter, orderBy, first, after, wantsTotal(ctx), fieldProperties(ctx))
	if err != nil {
		return nil, err
	}
	list, err := r.loaders(ctx).activities.Load(ctx, groupKey[activityOptions]{Item: of, Options: o})
	if err != nil {
		return nil, err
	}
	return activityConnection(list.Items, o.page, list.Total), nil
}

// connectedProjects resolves the projects of a country or organisation, batched across siblings.
func (r *Resolver) connectedProjects(ctx context.Context, of cybercoop.Ref, first *int, after *string) (*model.ProjectConnection, error) {
	p, err := page(first, after, defaultPageSize)
	if err != nil {
		return nil, err
	}
	list, err := r.loaders(ctx).connected.Load(ctx, groupKey[connectedOptions]{Item: of, Options: connectedOptions{"Project", p, propertiesKey(fieldProperties(ctx))}})
	if err != nil {
		return nil, err
	}
	return projectConnection(entitiesAs[cybercoop.Project](list.Items), p, list.Total), nil
}

// listConnection resolves a top-level list of one kind.
func listConnection[T cybercoop.Entity, C any](ctx context.Context, r *queryResolver, kind cybercoop.Kind, f store.EntityFilter,
	first *int, after *string, build func(items []T, p store.Page, total int) *C) (*C, error) {
	p, err := page(first, after, defaultPageSize)
	if err != nil {
		return nil, err
	}
	list, err := r.Store.ListEntities(ctx, kind, f, p, wantsTotal(ctx))
	if err != nil {
		return nil, err
	}
	r.prefetchBeneath(ctx, kind, refsOf(list.Items))
	return build(entitiesAs[T](list.Items), p, list.Total), nil
}

// refsOf returns the refs of entities.
func refsOf[T cybercoop.Entity](items []T) []cybercoop.Ref {
	out := make([]cybercoop.Ref, len(items))
	for i, e := range items {
		out[i] = e.Ref()
	}
	return out
}

// window returns the page of a list held in memory.
func window[T any](all []T, p store.Page) []T {
	if p.Offset >= len(all) {
		return nil
	}
	return all[p.Offset:min(p.Offset+p.Limit, len(all))]
}

func pathsModel(paths []store.Path) []model.Path {
	out := make([]model.Path, len(paths))
	for i, path := range paths {
		hops := make([]model.Hop, len(path))
		for j, h := range path {
			rel := cybercoop.Relation{Props: h.Props}
			hops[j] = model.Hop{From: h.From, To: h.To, Type: h.Type, Direction: h.Direction,
				Role: rel.Role(), Status: rel.Status(), Note: rel.Note(), Sources: h.Sources}
		}
		out[i] = model.Path{Length: len(path), Hops: hops}
	}
	return out
}

func subgraphModel(g store.Subgraph) *model.Subgraph {
	out := &model.Subgraph{Nodes: g.Nodes, Truncated: g.Truncated, Edges: make([]model.Edge, len(g.Edges))}
	for i, e := range g.Edges {
		out.Edges[i] = model.Edge{Source: e.From.String(), Target: e.To.String(), Type: e.Type, Sources: e.Sources}
	}
	return out
}

func timelineModel(events []store.Event) []model.TimelineEvent {
	out := make([]model.TimelineEvent, len(events))
	for i, e := range events {
		out[i] = model.TimelineEvent{Date: e.Date, Kind: e.Kind, Summary: e.Summary, Node: e.Node,
			Accession: e.Accession, Sources: e.Sources}
		if e.End != "" {
			end := e.End
			out[i].End = &end
		}
	}
	return out
}
