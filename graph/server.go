package graph

import (
	"cmp"
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
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/graphqlhttp"
	"github.com/cybercoop/cybercoop/internal/bytecache"
)

// Options are the limits of the public endpoint.
type Options struct {
	Limits        Limits        // what one request may ask for; the zero value means DefaultLimits.
	Timeout       time.Duration // each operation's deadline, passed down to the Neo4j transaction.
	Introspection bool          // whether __schema and __type queries are answered, and errors suggest names.
	// QueryCacheBytes and PersistedQueryCacheBytes bound the memory of the parsed-query cache (estimated) and of
	// the automatic persisted queries; 0 means the defaults.
	QueryCacheBytes          int
	PersistedQueryCacheBytes int
	// TrustedDocuments are run by id (documentId); nil turns ids off. TrustedDocumentsOnly refuses any other
	// document, for locked-down deployments.
	TrustedDocuments     TrustedDocuments
	TrustedDocumentsOnly bool
	Logger               *slog.Logger
}

// Default sizes of the caches, in bytes.
const (
	DefaultQueryCacheBytes          = 64 << 20
	DefaultPersistedQueryCacheBytes = 16 << 20
)

// NewServer returns the GraphQL handler: GET and POST transports, admission (size, shape and cost limits checked
// before anything is validated, cached or run), parsed-query and persisted-query caches bounded in bytes, a
// per-operation timeout, per-request batching loaders, one data version per operation, metrics and traces, and an
// error presenter that gives every error a stable extensions.code.
func NewServer(store Store, opts Options) *handler.Server {
	srv, _ := newServer(store, opts)
	return srv
}

// caches are the server's caches, which tests inspect.
type caches struct {
	parsed    *bytecache.Cache[*ast.QueryDocument]
	persisted *bytecache.Cache[string]
}

func newServer(store Store, opts Options) (*handler.Server, caches) {
	if opts.Limits == (Limits{}) {
		opts.Limits = DefaultLimits
	}
	schema := NewExecutableSchema(Config{Resolvers: &Resolver{Store: store}})
	srv := handler.New(schema)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(graphqlhttp.Transport{}) // GET and POST as the GraphQL-over-HTTP spec says
	parsed := bytecache.New(cmp.Or(opts.QueryCacheBytes, DefaultQueryCacheBytes), parsedWeight)
	srv.SetQueryCache(parsed)
	persisted := bytecache.New(cmp.Or(opts.PersistedQueryCacheBytes, DefaultPersistedQueryCacheBytes),
		func(hash, query string) int { return len(hash) + len(query) })
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	} else {
		// Suggested names ("Did you mean ...?") would reveal the schema that introspection hides.
		srv.SetDisableSuggestion(true)
	}
	srv.SetValidationRulesFn(func() *rules.Rules { return validationRules(opts.Introspection) })
	if opts.TrustedDocuments != nil {
		// Before admission, which then measures the registered document like any other.
		srv.Use(trustedDocuments{documents: opts.TrustedDocuments, only: opts.TrustedDocumentsOnly})
	}
	// Admission runs first (after trusted documents), so that nothing it refuses reaches a cache; it reads the persisted queries to admit a
	// request that sends only a hash, and the parsed queries to skip measuring a text it admitted before.
	srv.Use(admission{limits: opts.Limits, schema: schema.Schema(), persisted: persisted, parsed: parsed})
	// Browsers and CDNs can cache GET /graphql?extensions={"persistedQuery":...} once the hash is known.
	srv.Use(extension.AutomaticPersistedQuery{Cache: persisted})
	srv.AroundOperations(runOperation(store, opts.Timeout))
	srv.AroundResponses(observeRefusals)
	srv.SetErrorPresenter(presentError(opts.Logger))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		opts.Logger.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return cybercoop.Errorf(cybercoop.EINTERNAL, "internal error")
	})
	return srv, caches{parsed: parsed, persisted: persisted}
}

// validationRules are gqlgen's validation rules and noIncrementalDelivery. Without suggestions, every rule that
// suggests names is replaced by its variant that does not (SetDisableSuggestion replaces only the field and leaf
// rules).
func validationRules(suggestions bool) *rules.Rules {
	r := rules.NewDefaultRules()
	r.AddRule(noIncrementalDelivery.Name, noIncrementalDelivery.RuleFunc)
	if suggestions {
		return r
	}
	for _, rule := range []core.Rule{rules.KnownArgumentNamesRuleWithoutSuggestions, rules.KnownTypeNamesRuleWithoutSuggestions,
		rules.ValuesOfCorrectTypeRuleWithoutSuggestions} {
		r.RemoveRule(strings.TrimSuffix(rule.Name, "WithoutSuggestions"))
		r.AddRule(rule.Name, rule.RuleFunc)
	}
	return r
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
