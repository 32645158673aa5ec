// Package admission decides which GraphQL requests the service runs, before any of them is validated, cached or
// executed: the token, alias, field, root-field, depth and cost limits, the coercion of variables the cost walk
// reads, the parsed-query and automatic-persisted-query caches, trusted documents, and the refusal of @defer. It
// plugs into a gqlgen handler as extensions (Install) and knows the schema only as parsed: it never imports the
// resolvers.
package admission

import (
	"cmp"
	"strings"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/cybercoop/cybercoop/internal/bytecache"
)

// Options say what the public endpoint admits.
type Options struct {
	Limits        Limits // what one request may ask for; the zero value means DefaultLimits.
	Introspection bool   // whether __schema and __type queries are answered, and errors suggest names.
	// QueryCacheBytes and PersistedQueryCacheBytes bound the memory of the parsed-query cache (estimated) and of
	// the automatic persisted queries; 0 means the defaults.
	QueryCacheBytes          int
	PersistedQueryCacheBytes int
	// TrustedDocuments are run by id (documentId); nil turns ids off. TrustedDocumentsOnly refuses any other
	// document, for locked-down deployments.
	TrustedDocuments     TrustedDocuments
	TrustedDocumentsOnly bool
}

// Default sizes of the caches, in bytes.
const (
	DefaultQueryCacheBytes          = 64 << 20
	DefaultPersistedQueryCacheBytes = 16 << 20
)

// Caches are the caches Install gives the handler, bounded in bytes.
type Caches struct {
	Parsed    *bytecache.Cache[*ast.QueryDocument] // gqlgen's parsed and validated documents, by text
	Persisted *bytecache.Cache[string]             // the automatic persisted queries' texts, by sha256
}

// Install adds admission to srv, whose executable schema is schema: the caches, introspection or its absence, the
// validation rules, trusted documents, the limits and the automatic persisted queries, in that order. Call it
// before adding the extensions that run admitted operations, so that these run inside it.
func Install(srv *handler.Server, schema *ast.Schema, opts Options) Caches {
	if opts.Limits == (Limits{}) {
		opts.Limits = DefaultLimits
	}
	c := Caches{
		Parsed: bytecache.New(cmp.Or(opts.QueryCacheBytes, DefaultQueryCacheBytes), parsedWeight),
		Persisted: bytecache.New(cmp.Or(opts.PersistedQueryCacheBytes, DefaultPersistedQueryCacheBytes),
			func(hash, query string) int { return len(hash) + len(query) }),
	}
	srv.SetQueryCache(c.Parsed)
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	} else {
		// Suggested names ("Did you mean ...?") would reveal the schema that introspection hides.
		srv.SetDisableSuggestion(true)
	}
	srv.SetValidationRulesFn(func() *rules.Rules { return validationRules(opts.Introspection) })
	if opts.TrustedDocuments != nil {
		// Before the limits, which then measure the registered document like any other.
		srv.Use(trustedDocuments{documents: opts.TrustedDocuments, only: opts.TrustedDocumentsOnly})
	}
	// The limits run first (after trusted documents), so that nothing they refuse reaches a cache; they read the
	// persisted queries to admit a request that sends only a hash, and the parsed queries to skip measuring a text
	// they admitted before.
	srv.Use(limiter{limits: opts.Limits, schema: schema, persisted: c.Persisted, parsed: c.Parsed})
	// Browsers and CDNs can cache GET /graphql?extensions={"persistedQuery":...} once the hash is known.
	srv.Use(extension.AutomaticPersistedQuery{Cache: c.Persisted})
	return c
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
