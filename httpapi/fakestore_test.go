package httpapi_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/admission"
	"github.com/cybercoop/cybercoop/graph"
	"github.com/cybercoop/cybercoop/httpapi"
	"github.com/cybercoop/cybercoop/internal/breaker"
	"github.com/cybercoop/cybercoop/store"
	"github.com/cybercoop/cybercoop/web/documents"
)

// emptyStore is a graph with no entity: every lookup finds nothing, every list is empty. It lets the HTTP tests
// that are about requests rather than data run without Neo4j.
type emptyStore struct{}

var _ graph.Store = emptyStore{}

func (emptyStore) Entities(context.Context, []cybercoop.Ref) (map[cybercoop.Ref]cybercoop.Entity, error) {
	return map[cybercoop.Ref]cybercoop.Entity{}, nil
}
func (emptyStore) EntitiesWith(_ context.Context, _ []cybercoop.Ref, fetches []store.Fetch) (map[cybercoop.Ref]cybercoop.Entity, []store.Fetched, error) {
	return map[cybercoop.Ref]cybercoop.Entity{}, make([]store.Fetched, len(fetches)), nil
}
func (emptyStore) ListEntities(context.Context, cybercoop.Kind, store.EntityFilter, store.Page, bool) (store.List[cybercoop.Entity], error) {
	return store.List[cybercoop.Entity]{}, nil
}
func (emptyStore) Relations(context.Context, []cybercoop.Ref, store.RelationQuery) (map[cybercoop.Ref]store.List[cybercoop.Relation], error) {
	return map[cybercoop.Ref]store.List[cybercoop.Relation]{}, nil
}
func (emptyStore) Activities(context.Context, []cybercoop.Ref, store.ActivityQuery) (map[cybercoop.Ref]store.List[cybercoop.Activity], error) {
	return map[cybercoop.Ref]store.List[cybercoop.Activity]{}, nil
}
func (emptyStore) ActivityStats(context.Context, string, store.ActivityFilter) ([]store.Bucket, error) {
	return nil, nil
}
func (emptyStore) Connected(context.Context, []cybercoop.Ref, string, store.Page) (map[cybercoop.Ref]store.List[cybercoop.Entity], error) {
	return map[cybercoop.Ref]store.List[cybercoop.Entity]{}, nil
}
func (emptyStore) Search(context.Context, string, []cybercoop.Kind, int, store.Selection) ([]store.Hit, error) {
	return nil, nil
}
func (emptyStore) Collaborators(context.Context, store.CollaboratorQuery) (store.List[cybercoop.Collaborator], error) {
	return store.List[cybercoop.Collaborator]{}, nil
}
func (emptyStore) Paths(context.Context, cybercoop.Ref, cybercoop.Ref, int, int, store.Period, store.Selection) ([]store.Path, error) {
	return nil, nil
}
func (emptyStore) Neighborhood(context.Context, cybercoop.Ref, int, int, store.Selection) (store.Subgraph, error) {
	return store.Subgraph{}, nil
}
func (emptyStore) Timeline(context.Context, cybercoop.Ref, string, string, int) ([]store.Event, error) {
	return nil, nil
}
func (emptyStore) Accessions(context.Context, []cybercoop.Ref) (map[cybercoop.Ref]store.Steps, error) {
	return nil, nil
}
func (emptyStore) ActivitiesBefore(context.Context, []store.Before, string, store.Page) (map[store.Before]store.BeforeList, error) {
	return nil, nil
}
func (emptyStore) DataVersion(context.Context) (string, error) { return "empty", nil }
func (emptyStore) Pin(ctx context.Context) (context.Context, string, error) {
	return ctx, "empty", nil
}
func (emptyStore) Health() breaker.Status { return breaker.Status{Checked: time.Now()} }

// newHandler is the real handler stack over st (the empty store, or the real one) with the given options.
func newHandler(st interface {
	graph.Store
	httpapi.Database
}, opts httpapi.Options) http.Handler {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	gql := graph.NewServer(st, graph.Options{Timeout: 10 * time.Second, Logger: logger,
		Admission: admission.Options{Introspection: true, TrustedDocuments: documents.Trusted}})
	opts.Versions = st
	if opts.AllowedOrigins == nil {
		opts.AllowedOrigins = []string{"*"}
	}
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = 64 << 10
	}
	opts.Logger = logger
	return httpapi.NewHandler(gql, st, opts)
}
