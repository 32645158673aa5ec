package graph

import (
	"context"
	"sync"
	"time"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/graph/model"
	"github.com/cybercoop/cybercoop/store"
)

// A loader waits for sibling fields before it queries: gqlgen resolves the elements of a list concurrently, so
// their calls arrive together. It queries once batchIdle passes without a new key, or batchMax after the first.
// Every level of a nested query pays batchIdle once: 500 µs against 2 ms raised the throughput of a three-level
// query by about a fifth, for about one more statement per operation when the machine is busy (6.4 against 5.4
// with 4 concurrent clients), since a sibling that arrives late starts a batch of its own.
const (
	batchIdle = 500 * time.Microsecond
	batchMax  = 20 * time.Millisecond
)

// batcher collects the keys asked for within batchWindow and fetches them with one call. Values primed (read
// ahead by prefetch.go) are returned at once.
type batcher[K comparable, V any] struct {
	fetch   func(ctx context.Context, keys []K) (map[K]V, error)
	mu      sync.Mutex
	pending *batch[K, V]
	primed  map[K]V
}

type batch[K comparable, V any] struct {
	keys    []K
	seen    map[K]bool
	arrived chan struct{} // a key was added
	done    chan struct{}
	result  map[K]V
	err     error
}

// load returns the value for key, fetched together with the other keys asked for in the same window.
func (b *batcher[K, V]) load(ctx context.Context, key K) (V, error) {
	b.mu.Lock()
	if v, ok := b.primed[key]; ok {
		b.mu.Unlock()
		return v, nil
	}
	bt := b.pending
	if bt == nil {
		bt = &batch[K, V]{seen: map[K]bool{}, arrived: make(chan struct{}, 1), done: make(chan struct{})}
		b.pending = bt
		go b.wait(ctx, bt)
	}
	if !bt.seen[key] {
		bt.seen[key] = true
		bt.keys = append(bt.keys, key)
		select {
		case bt.arrived <- struct{}{}:
		default:
		}
	}
	b.mu.Unlock()
	beforeWait(ctx) // lists marshalled in order go concurrent, so that the siblings' keys join this batch
	select {
	case <-bt.done:
		return bt.result[key], bt.err
	case <-ctx.Done():
		var zero V
		return zero, ctx.Err()
	}
}

// wait lets keys gather until batchIdle passes without one, or batchMax in all, then fetches them.
func (b *batcher[K, V]) wait(ctx context.Context, bt *batch[K, V]) {
	deadline := time.NewTimer(batchMax)
	defer deadline.Stop()
	idle := time.NewTimer(batchIdle)
	defer idle.Stop()
	for waiting := true; waiting; {
		select {
		case <-bt.arrived:
			idle.Reset(batchIdle)
		case <-idle.C:
			waiting = false
		case <-deadline.C:
			waiting = false
		}
	}
	b.dispatch(ctx, bt)
}

// prime files the value of a key read ahead, for load to return without fetching.
func (b *batcher[K, V]) prime(key K, value V) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.primed == nil {
		b.primed = map[K]V{}
	}
	b.primed[key] = value
}

func (b *batcher[K, V]) dispatch(ctx context.Context, bt *batch[K, V]) {
	b.mu.Lock()
	b.pending = nil
	b.mu.Unlock()
	bt.result, bt.err = b.fetch(ctx, bt.keys)
	close(bt.done)
}

// grouped makes a batcher for keys made of a ref and query options: one fetch per distinct options.
type groupKey[Q comparable] struct {
	ref     cybercoop.Ref
	options Q
}

func grouped[Q comparable, V any](fetch func(ctx context.Context, refs []cybercoop.Ref, q Q) (map[cybercoop.Ref]V, error)) *batcher[groupKey[Q], V] {
	return &batcher[groupKey[Q], V]{fetch: func(ctx context.Context, keys []groupKey[Q]) (map[groupKey[Q]]V, error) {
		refsByOptions := map[Q][]cybercoop.Ref{}
		for _, k := range keys {
			refsByOptions[k.options] = append(refsByOptions[k.options], k.ref)
		}
		out := make(map[groupKey[Q]]V, len(keys))
		for q, refs := range refsByOptions {
			values, err := fetch(ctx, refs, q)
			if err != nil {
				return nil, err
			}
			for ref, v := range values {
				out[groupKey[Q]{ref, q}] = v
			}
		}
		return out, nil
	}}
}

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
	entities   *batcher[cybercoop.Ref, cybercoop.Entity]
	relations  *batcher[groupKey[relationOptions], store.List[cybercoop.Relation]]
	activities *batcher[groupKey[activityOptions], store.List[cybercoop.Activity]]
	connected  *batcher[groupKey[connectedOptions], store.List[cybercoop.Entity]]
	accessions *batcher[cybercoop.Ref, store.Steps]
	before     *batcher[beforeKey, store.BeforeList]
	sources    sync.Once
	sourceMap  map[string]cybercoop.Source
	sourceErr  error
}

func newLoaders(st Store) *loaders {
	l := &loaders{store: st}
	l.entities = &batcher[cybercoop.Ref, cybercoop.Entity]{fetch: st.Entities}
	l.relations = grouped(func(ctx context.Context, refs []cybercoop.Ref, o relationOptions) (map[cybercoop.Ref]store.List[cybercoop.Relation], error) {
		return st.Relations(ctx, refs, store.RelationQuery{Types: splitTypes(o.types), Direction: o.direction, Page: o.page})
	})
	l.activities = grouped(func(ctx context.Context, refs []cybercoop.Ref, o activityOptions) (map[cybercoop.Ref]store.List[cybercoop.Activity], error) {
		return st.Activities(ctx, refs, store.ActivityQuery{Filter: decodeFilter(o.filter), Order: o.order, Page: o.page, Count: o.count})
	})
	l.connected = grouped(func(ctx context.Context, refs []cybercoop.Ref, o connectedOptions) (map[cybercoop.Ref]store.List[cybercoop.Entity], error) {
		return st.Connected(ctx, refs, o.label, o.page)
	})
	l.accessions = &batcher[cybercoop.Ref, store.Steps]{fetch: sortedSteps(st)}
	l.before = &batcher[beforeKey, store.BeforeList]{fetch: fetchBefore(st)}
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
	e, err := l.entities.load(ctx, ref)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, notFound(ref)
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
		return nil, notFound(cybercoop.Ref{Kind: cybercoop.KindSource, ID: id})
	}
	return &s, nil
}

// related loads the relations of ref that a relation field lists (a first page of up to 1000).
func (l *loaders) related(ctx context.Context, ref cybercoop.Ref, field relationField) ([]cybercoop.Relation, error) {
	list, err := l.relations.load(ctx, groupKey[relationOptions]{ref, relationOptions{
		types: field.relType, direction: field.direction, page: relatedPage, properties: propertiesKey(fieldProperties(ctx)),
		bare: listsEntities(ctx)}})
	return list.Items, err
}

// activitiesKey is the loader key of an activities field's arguments, and relationsKey of a relations field's:
// the resolvers and the prefetch planner compute them alike.
func activitiesKey(filter *model.ActivityFilter, orderBy *string, first *int, after *string, count bool, properties []string) (activityOptions, error) {
	f, err := activityFilter(filter)
	if err != nil {
		return activityOptions{}, err
	}
	p, err := page(first, after, defaultPageSize)
	if err != nil {
		return activityOptions{}, err
	}
	return activityOptions{filter: encodeFilter(f), order: orDefault(orderBy, "DATE_ASC"), page: p, count: count,
		properties: propertiesKey(properties)}, nil
}

func relationsKey(types []string, direction *string, first *int, after *string) (relationOptions, error) {
	p, err := page(first, after, defaultRelationsSize)
	if err != nil {
		return relationOptions{}, err
	}
	return relationOptions{types: joinTypes(types), direction: orDefault(direction, "BOTH"), page: p}, nil
}
