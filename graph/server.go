package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/admission"
	"github.com/cybercoop/cybercoop/graphqlhttp"
)

// Options configure the GraphQL endpoint.
type Options struct {
	Admission admission.Options // what the endpoint admits: limits, caches, introspection, trusted documents
	Timeout   time.Duration     // each operation's deadline, passed down to the Neo4j transaction.
	Logger    *slog.Logger
}

// NewServer returns the GraphQL handler: GET and POST transports, admission (package admission: limits, caches and
// trusted documents, before anything is validated or run), a per-operation timeout, per-request batching loaders,
// one data version per operation, metrics and traces, and an error presenter that gives every error a stable
// extensions.code.
func NewServer(store Store, opts Options) *handler.Server {
	schema := NewExecutableSchema(Config{Resolvers: &Resolver{Store: store}})
	srv := handler.New(schema)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(graphqlhttp.Transport{}) // GET and POST as the GraphQL-over-HTTP spec says
	admission.Install(srv, schema.Schema(), opts.Admission)
	srv.AroundOperations(runOperation(store, opts.Timeout))
	srv.AroundResponses(observeRefusals)
	srv.SetErrorPresenter(presentError(opts.Logger))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		opts.Logger.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return cybercoop.Errorf(cybercoop.EINTERNAL, "internal error")
	})
	return srv
}

// presentError shows *cybercoop.Error messages as they are, and replaces anything else by "internal error" after
// logging it: driver errors can hold Cypher, addresses or user names.
func presentError(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		var domainErr *cybercoop.Error
		switch {
		case errors.As(err, &domainErr):
		case errors.Is(err, context.DeadlineExceeded):
			domainErr = cybercoop.Errorf(cybercoop.ETIMEOUT, "the request took too long and was stopped")
		case len(gqlErr.Path) > 0 && strings.HasPrefix(fmt.Sprint(gqlErr.Path[0]), "__"):
			// gqlgen's own introspection fields: "introspection disabled" when it is off.
			gqlErr.Extensions = map[string]any{"code": cybercoop.PublicCodes[cybercoop.EINVALID]}
			return gqlErr
		case gqlErr.Err == nil || errors.As(gqlErr.Err, new(*gqlerror.Error)):
			// Errors gqlgen raises itself (parse, validation, limits) carry no cause and are safe as they are.
			return gqlErr
		default:
			domainErr = cybercoop.Errorf(cybercoop.EINTERNAL, "internal error")
		}
		if domainErr.Code == cybercoop.EINTERNAL || domainErr.Code == cybercoop.EUNAVAILABLE {
			logger.ErrorContext(ctx, "graphql error", "code", domainErr.Code, "path", gqlErr.Path.String(), "err", err)
		}
		gqlErr.Message = domainErr.Message
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		gqlErr.Extensions["code"] = cybercoop.PublicCodes[domainErr.Code]
		return gqlErr
	}
}
