// Package graph is the GraphQL API: the schema in ../schema.graphqls, resolvers that convert arguments and call the
// store, and the error presenter that gives every error a stable code.
package graph

import (
	"context"

	"github.com/cybercoop/cybercoop"
)

// Store is what the resolvers need from the database. *store.Store satisfies it; tests may pass a fake.
type Store interface {
	Sources(ctx context.Context, ids []string) ([]cybercoop.Source, error)
	Conventions(ctx context.Context) ([]cybercoop.Convention, error)
	Convention(ctx context.Context, id string) (cybercoop.Convention, error)
	Projects(ctx context.Context) ([]cybercoop.Project, error)
	Project(ctx context.Context, id string) (cybercoop.Project, error)
	DataVersion(ctx context.Context) (string, error)
}

// Resolver is the root of the resolvers and holds their dependencies.
type Resolver struct {
	Store Store
}
