package graph

import (
	"context"
	"sync"

	"github.com/cybercoop/cybercoop"
)

// catalog caches, for one request, the small reference collections that many objects point to (source documents,
// conventions): the first field that needs one loads all of it in one query, every later one reads the cache. A
// response listing a hundred facts therefore costs one source query, not a hundred.
type catalog struct {
	store       Store
	sources     once[map[string]cybercoop.Source]
	conventions once[map[string]cybercoop.Convention]
}

type catalogKey struct{}

// withCatalog gives the request a fresh catalog; the server installs it around every operation.
func withCatalog(ctx context.Context, store Store) context.Context {
	return context.WithValue(ctx, catalogKey{}, &catalog{store: store})
}

// catalogFor returns the request's catalog, or a new one when the context has none (e.g. a resolver unit test).
func catalogFor(ctx context.Context, store Store) *catalog {
	if c, ok := ctx.Value(catalogKey{}).(*catalog); ok {
		return c
	}
	return &catalog{store: store}
}

// once holds a value computed at most once, error included.
type once[T any] struct {
	done  sync.Once
	value T
	err   error
}

func (o *once[T]) get(load func() (T, error)) (T, error) {
	o.done.Do(func() { o.value, o.err = load() })
	return o.value, o.err
}

func (c *catalog) source(ctx context.Context, id string) (*cybercoop.Source, error) {
	all, err := c.sources.get(func() (map[string]cybercoop.Source, error) {
		list, err := c.store.Sources(ctx, nil)
		return byID(list, func(s cybercoop.Source) string { return s.ID }), err
	})
	return lookup(all, err, "source", id)
}

func (c *catalog) convention(ctx context.Context, id string) (*cybercoop.Convention, error) {
	all, err := c.conventions.get(func() (map[string]cybercoop.Convention, error) {
		list, err := c.store.Conventions(ctx)
		return byID(list, func(c cybercoop.Convention) string { return c.ID }), err
	})
	return lookup(all, err, "convention", id)
}

func byID[T any](list []T, id func(T) string) map[string]T {
	m := make(map[string]T, len(list))
	for _, v := range list {
		m[id(v)] = v
	}
	return m
}

func lookup[T any](all map[string]T, err error, kind, id string) (*T, error) {
	if err != nil {
		return nil, err
	}
	v, ok := all[id]
	if !ok {
		return nil, cybercoop.Errorf(cybercoop.ENOTFOUND, "no %s has id %q", kind, id)
	}
	return &v, nil
}
