// Package graph resolves the GraphQL API: the schema in ../schema.graphqls, resolvers that convert arguments and
// call the store through per-request batching loaders and prefetches, and the execution around them (one data
// version per operation, timeouts, marshalling, the error presenter). What is admitted is package admission's job.
package graph

import (
	"context"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/store"
)

// Store is what the resolvers need from the database. *store.Store satisfies it; tests may wrap it.
type Store interface {
	Entities(ctx context.Context, refs []cybercoop.Ref) (map[cybercoop.Ref]cybercoop.Entity, error)
	EntitiesWith(ctx context.Context, refs []cybercoop.Ref, fetches []store.Fetch) (map[cybercoop.Ref]cybercoop.Entity, []store.Fetched, error)
	ListEntities(ctx context.Context, kind cybercoop.Kind, f store.EntityFilter, page store.Page, count bool) (store.List[cybercoop.Entity], error)
	Relations(ctx context.Context, refs []cybercoop.Ref, q store.RelationQuery) (map[cybercoop.Ref]store.List[cybercoop.Relation], error)
	Activities(ctx context.Context, parents []cybercoop.Ref, q store.ActivityQuery) (map[cybercoop.Ref]store.List[cybercoop.Activity], error)
	ActivityStats(ctx context.Context, groupBy string, f store.ActivityFilter) ([]store.Bucket, error)
	Connected(ctx context.Context, refs []cybercoop.Ref, label string, page store.Page) (map[cybercoop.Ref]store.List[cybercoop.Entity], error)
	Search(ctx context.Context, text string, kinds []cybercoop.Kind, limit int, sel store.Selection) ([]store.Hit, error)
	Collaborators(ctx context.Context, q store.CollaboratorQuery) (store.List[cybercoop.Collaborator], error)
	Paths(ctx context.Context, from, to cybercoop.Ref, maxHops, limit int, during store.Period, sel store.Selection) ([]store.Path, error)
	Neighborhood(ctx context.Context, ref cybercoop.Ref, depth, limit int, sel store.Selection) (store.Subgraph, error)
	Timeline(ctx context.Context, ref cybercoop.Ref, from, to string, limit int) ([]store.Event, error)
	Accessions(ctx context.Context, refs []cybercoop.Ref) (map[cybercoop.Ref]store.Steps, error)
	ActivitiesBefore(ctx context.Context, asked []store.Before, project string, p store.Page) (map[store.Before]store.BeforeList, error)
	DataVersion(ctx context.Context) (string, error)
	// Pin returns a context whose reads all see the data version current now, and that version (store.Store.Pin).
	Pin(ctx context.Context) (context.Context, string, error)
}

var _ Store = (*store.Store)(nil)

// Resolver is the root of the resolvers and holds their dependencies.
type Resolver struct {
	Store Store
}
