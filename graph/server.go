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
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/cybercoop/cybercoop"
)

// Options are the limits of the public endpoint.
type Options struct {
	MaxComplexity int           // the highest query cost accepted (every field costs 1, lists multiply).
	MaxDepth      int           // the deepest nesting of fields accepted.
	Timeout       time.Duration // each operation's deadline, passed down to the Neo4j transaction.
	Introspection bool          // whether __schema and __type queries are answered.
	Versions      Versions      // the data version known without a round trip; nil reads it from the store.
	Logger        *slog.Logger
}

// NewServer returns the GraphQL handler: GET and POST transports, parsed-query cache, automatic persisted queries,
// depth and cost limits, a per-operation timeout, per-request batching loaders, one data version per operation,
// metrics and traces, and an error presenter that gives every error a stable extensions.code.
func NewServer(store Store, opts Options) *handler.Server {
	srv := handler.New(NewExecutableSchema(Config{Resolvers: &Resolver{Store: store}}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	}
	// Browsers and CDNs can cache GET /graphql?extensions={"persistedQuery":...} once the hash is known.
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(limits{MaxDepth: opts.MaxDepth, MaxCost: opts.MaxComplexity})
	srv.AroundOperations(runOperation(store, opts.Versions, opts.Timeout))
	srv.AroundResponses(observeRefusals)
	srv.SetErrorPresenter(presentError(opts.Logger))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		opts.Logger.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return cybercoop.Errorf(cybercoop.EINTERNAL, "internal error")
	})
	return srv
}

// Codes are the values of extensions.code in GraphQL errors.
var codes = map[string]string{
	cybercoop.EINVALID:     "BAD_USER_INPUT",
	cybercoop.ENOTFOUND:    "NOT_FOUND",
	cybercoop.EUNAVAILABLE: "UNAVAILABLE",
	cybercoop.ETIMEOUT:     "TIMEOUT",
	cybercoop.EINTERNAL:    "INTERNAL",
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
			gqlErr.Extensions = map[string]any{"code": codes[cybercoop.EINVALID]}
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
		gqlErr.Extensions["code"] = codes[domainErr.Code]
		return gqlErr
	}
}
