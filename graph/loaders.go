package graph

import (
	"context"
	"sync"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/graph/model"
	"github.com/cybercoop/cybercoop/internal/batch"
	"github.com/cybercoop/cybercoop/store"
)

// groupKey is the key of a loader whose fetch groups its refs by query options.
type groupKey[Q comparable] = batch.Key[cybercoop.Ref, Q]

// relationOptions and activityOptions are the comparable forms of store queries (slices joined into strings).
// Each also names the properties its items are read with (itemProperties; "" for all): a list prefetched for one
// selection is no answer for a field that selects more.
type relationOptions struct {
	types      string // comma-separated
	direction  string
	page       store.Page
	properties string
	bare       bool // the field shows none of the relationships' own properties: a prefetch leaves them out
}

type activityOptions struct {
	filter     string // the filter, encoded by encodeFilter
	order      string
	page       store.Page
	count      bool // whether the total is read: the selection asks for totalCount or pageInfo
	properties string
}

type connectedOptions struct {
	label      string
	page       store.Page
	properties string
}

// loaders are the per-request loaders; the server puts a fresh set in every operation's context.
type loaders struct {
	store      Store
	entities   *batch.Loader[cybercoop.Ref, cybercoop.Entity]
	relations  *batch.Loader[groupKey[relationOptions], store.List[cybercoop.Relation]]
	activities *batch.Loader[groupKey[activityOptions], store.List[cybercoop.Activity]]
	connected  *batch.Loader[groupKey[connectedOptions], store.List[cybercoop.Entity]]
	accessions *batch.Loader[cybercoop.Ref, store.Steps]
	before     *batch.Loader[batch.Key[store.Before, beforeOptions], store.BeforeList]
	sources    sync.Once
	sourceMap  map[string]cybercoop.Source
	sourceErr  error
}

func newLoaders(st Store) *loaders {
	l := &loaders{store: st}
	l.entities = batch.New(st.Entities)
	l.relations = batch.Grouped(func(ctx context.Context, refs []cybercoop.Ref, o relationOptions) (map[cybercoop.Ref]store.List[cybercoop.Relation], error) {
		return st.Relations(ctx, refs, store.RelationQuery{Types: splitTypes(o.types), Direction: o.direction, Page: o.page})
	})
	l.activities = batch.Grouped(func(ctx context.Context, refs []cybercoop.Ref, o activityOptions) (map[cybercoop.Ref]store.List[cybercoop.Activity], error) {
		return st.Activities(ctx, refs, store.ActivityQuery{Filter: decodeFilter(o.filter), Order: o.order, Page: o.page, Count: o.count})
	})
	l.connected = batch.Grouped(func(ctx context.Context, refs []cybercoop.Ref, o connectedOptions) (map[cybercoop.Ref]store.List[cybercoop.Entity], error) {
		return st.Connected(ctx, refs, o.label, o.page)
	})
	l.accessions = batch.New(st.Accessions)
	l.before = batch.Grouped(func(ctx context.Context, asked []store.Before, o beforeOptions) (map[store.Before]store.BeforeList, error) {
		return st.ActivitiesBefore(ctx, asked, o.project, o.page)
	})
	return l
}

type loadersKey struct{}

func withLoaders(ctx context.Context, st Store) context.Context {
	return context.WithValue(ctx, loadersKey{}, newLoaders(st))
}

// loaders returns the request's loaders, or fresh ones when the context has none (a resolver called directly).
func (r *Resolver) loaders(ctx context.Context) *loaders {
	if l, ok := ctx.Value(loadersKey{}).(*loaders); ok {
		return l
	}
	return newLoaders(r.Store)
}

// entity loads one entity, or returns an ENOTFOUND error naming it.
func (l *loaders) entity(ctx context.Context, ref cybercoop.Ref) (cybercoop.Entity, error) {
	e, err := l.entities.Load(ctx, ref)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, cybercoop.NotFound(ref)
	}
	return e, nil
}

// source returns a source document; every source is read once per request, on first use.
func (l *loaders) source(ctx context.Context, id string) (*cybercoop.Source, error) {
	l.sources.Do(func() {
		list, err := l.store.ListEntities(ctx, cybercoop.KindSource, store.EntityFilter{}, store.Page{Limit: 1000}, false)
		l.sourceMap, l.sourceErr = map[string]cybercoop.Source{}, err
		for _, e := range list.Items {
			s := e.(cybercoop.Source)
			l.sourceMap[s.ID] = s
		}
	})
	if l.sourceErr != nil {
		return nil, l.sourceErr
	}
	s, ok := l.sourceMap[id]
	if !ok {
		return nil, cybercoop.NotFound(cybercoop.Ref{Kind: cybercoop.KindSource, ID: id})
	}
	return &s, nil
}

// related loads the relations of ref that a relation field lists (a first page of up to 1000).
func (l *loaders) related(ctx context.Context, ref cybercoop.Ref, field relationField) ([]cybercoop.Relation, error) {
	list, err := l.relations.Load(ctx, groupKey[relationOptions]{Item: ref, Options: relationOptions{
		types: field.relType, direction: field.direction, page: relatedPage, properties: propertiesKey(fieldProperties(ctx)),
		bare: listsEntities(ctx)}})
	return list.Items, err
}

// activitiesKey is the loader key of an activities field's arguments, and relationsKey of a relations field's:
// the resolvers and the prefetch planner compute them alike.
func activitiesKey(filter *model.ActivityFilter, orderBy *string, first *int, after *string, count bool, properties []string) (activityOptions, error) {
	var in args
	f, p := in.filter(filter), in.page(first, after, defaultPageSize)
	return activityOptions{filter: encodeFilter(f), order: orDefault(orderBy, "DATE_ASC"), page: p, count: count,
		properties: propertiesKey(properties)}, in.err
}

func relationsKey(types []string, direction *string, first *int, after *string) (relationOptions, error) {
	p, err := page(first, after, defaultRelationsSize)
	if err != nil {
		return relationOptions{}, err
	}
	return relationOptions{types: joinTypes(types), direction: orDefault(direction, "BOTH"), page: p}, nil
}
