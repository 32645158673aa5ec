package admission

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/cybercoop/cybercoop/graphqlhttp"
	"github.com/cybercoop/cybercoop/internal/bytecache"
	"github.com/cybercoop/cybercoop/internal/reqcost"
)

// CodeComplexityLimit is the extensions.code of a request refused for its size, shape or cost; extensions.limit
// names the limit: "tokens", "aliases", "fields", "rootFields", "depth", "cost" or "errors".
const CodeComplexityLimit = "COMPLEXITY_LIMIT"

// Limits bound what one GraphQL request may ask for. Every check but MaxErrors runs on the document as parsed, in
// time linear in its size, before gqlgen validates it (some validation rules are quadratic), caches it or runs it;
// a text gqlgen has cached is only priced again (root fields, depth and cost).
type Limits struct {
	MaxTokens     int // lexical tokens in the document; the parser stops at the first one over
	MaxFields     int // field selections written in the document (overlapping-field validation is quadratic in them)
	MaxAliases    int // aliased field selections written in the document
	MaxRootFields int // fields at the top of an operation, fragments expanded
	MaxDepth      int // nesting of fields, fragments expanded
	MaxCost       int // the estimated cost of an operation (see cost.go)
	MaxErrors     int // errors shown in one response; one last error counts the others
}

// DefaultLimits are the limits of the public endpoint unless configured otherwise (docs/api.md, "Limits and costs").
var DefaultLimits = Limits{
	MaxTokens: 5000, MaxFields: 500, MaxAliases: 100, MaxRootFields: 30, MaxDepth: 12, MaxCost: 20000, MaxErrors: 20,
}

// limiter is the gqlgen extension that enforces Limits and reports the cost of what it admits: in the
// response's extensions.cost and on the request's reqcost meter.
type limiter struct {
	limits Limits
	schema *ast.Schema
	// persisted holds the automatic persisted queries, to admit a request that sends only a query's hash.
	persisted graphql.Cache[string]
	// parsed is gqlgen's parsed-query cache, keyed like gqlgen keys it: by the query's text.
	parsed *bytecache.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationInterceptor
	graphql.ResponseInterceptor
} = limiter{}

// costStatsKey is where the limiter leaves an admitted operation's cost in the operation's stats.
const costStatsKey = "cost"

// operationCost is what the limiter found out about the operation it admitted.
type operationCost struct {
	requested int
	executed  bool // set when the operation passed gqlgen's validation and ran
}

// ExtensionName and Validate make limiter a gqlgen handler extension.
func (limiter) ExtensionName() string                   { return "Admission" }
func (limiter) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters runs before gqlgen parses, validates or caches anything: it counts the document's
// tokens up to the limit, then parses it, checks its shape, refuses variables of the wrong JSON type, estimates its
// cost from the values that will run, refuses it when any limit is passed, and charges the cost to the client's
// rate-limit budget (refusing it with RATE_LIMITED when the budget does not hold it). A text already in the
// parsed-query cache is not counted, parsed or checked again: its variables and cost are.
func (a limiter) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	query := params.Query
	if query == "" {
		var known bool
		if query, known = a.persistedQuery(ctx, params); !known {
			// Refused here, not left for gqlgen's own look-up: the hash could be stored by another request in
			// between, and its text would then run without being measured.
			return persistedQueryNotFound()
		}
	}
	if query == "" {
		return nil // gqlgen reports the missing query
	}
	// gqlgen caches a document only after admission let its text through, and the token and shape limits depend
	// on the text alone, under limits fixed for the server's life: a cached text has passed them. The cost depends
	// on the variables and is computed every time, on the cached document as well: the walk reads names, not the
	// definitions that validation filled in.
	doc, cached := a.parsed.Peek(query)
	if !cached {
		if countTokens(query, a.limits.MaxTokens+1) > a.limits.MaxTokens {
			return limitError("tokens", "the query has more than %d tokens, its limit", a.limits.MaxTokens)
		}
		var err error
		if doc, err = parser.ParseQuery(&ast.Source{Input: query}); err != nil {
			return nil // a syntax error: gqlgen's parser reports it with its position
		}
		if err := a.checkShape(doc); err != nil {
			return err
		}
	}
	if op := doc.Operations.ForName(params.OperationName); op != nil {
		if err := checkVariables(a.schema, op, params.Variables); err != nil {
			return err
		}
	}
	cost, refusal := newCostWalk(a.schema, doc, params.Variables, a.limits).document(params.OperationName)
	if refusal != nil {
		return refusal
	}
	// Charged now, before anything runs, so that operations in flight count against the client's budget; given
	// back when the request ends if the operation does not run.
	if wait, ok := reqcost.Reserve(ctx, cost); !ok {
		return graphqlhttp.RateLimited(cost, wait)
	}
	if graphql.HasOperationContext(ctx) {
		graphql.GetOperationContext(ctx).Stats.SetExtension(costStatsKey, &operationCost{requested: cost})
	}
	return nil
}

// InterceptOperation records that an operation admitted and charged passed validation and is about to run.
func (a limiter) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if c := costOf(ctx); c != nil {
		c.executed = true
		reqcost.Spend(ctx, c.requested)
	}
	return next(ctx)
}

// InterceptResponse shows at most MaxErrors errors, then one saying how many were left out, and tells the cost of
// an operation that ran, as public GraphQL APIs do: "extensions": {"cost": {"requested": 12, "limit": 20000}}.
func (a limiter) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return nil
	}
	if extra := len(resp.Errors) - a.limits.MaxErrors; extra > 0 {
		resp.Errors = append(resp.Errors[:a.limits.MaxErrors:a.limits.MaxErrors],
			limitError("errors", "%d more errors not shown", extra))
	}
	if c := costOf(ctx); c != nil && c.executed {
		if resp.Extensions == nil {
			resp.Extensions = map[string]any{}
		}
		resp.Extensions["cost"] = map[string]int{"requested": c.requested, "limit": a.limits.MaxCost}
	}
	return resp
}

func costOf(ctx context.Context) *operationCost {
	if !graphql.HasOperationContext(ctx) {
		return nil
	}
	c, _ := graphql.GetOperationContext(ctx).Stats.GetExtension(costStatsKey).(*operationCost)
	return c
}

// persistedQuery is the text of the persisted query a request names by hash, and false when the request names a
// hash that is not known. gqlgen's AutomaticPersistedQuery, which runs next, reads the same cache to fill the
// request in.
func (a limiter) persistedQuery(ctx context.Context, params *graphql.RawParams) (string, bool) {
	ext, _ := params.Extensions["persistedQuery"].(map[string]any)
	hash, _ := ext["sha256Hash"].(string)
	if a.persisted == nil || hash == "" {
		return "", true
	}
	return a.persisted.Get(ctx, hash)
}

// persistedQueryNotFound is the error gqlgen's AutomaticPersistedQuery gives for an unknown hash, word for word:
// Apollo's and other clients send the whole query again when they read it.
func persistedQueryNotFound() *gqlerror.Error {
	err := gqlerror.Errorf("PersistedQueryNotFound")
	err.Extensions = map[string]any{"code": "PERSISTED_QUERY_NOT_FOUND"}
	return err
}

// checkShape counts the fields and aliases written in the whole document, and the root fields of each operation.
// Fragments are counted where they are written, so the count is linear in the document.
func (a limiter) checkShape(doc *ast.QueryDocument) *gqlerror.Error {
	var fields, aliases int
	var count func(ast.SelectionSet)
	count = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				fields++
				if s.Alias != s.Name {
					aliases++
				}
				count(s.SelectionSet)
			case *ast.InlineFragment:
				count(s.SelectionSet)
			}
		}
	}
	for _, op := range doc.Operations {
		count(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		count(f.SelectionSet)
	}
	switch {
	case aliases > a.limits.MaxAliases:
		return limitError("aliases", "the query has %d aliases; the limit is %d", aliases, a.limits.MaxAliases)
	case fields > a.limits.MaxFields:
		return limitError("fields", "the query selects %d fields; the limit is %d", fields, a.limits.MaxFields)
	}
	return nil
}

// countTokens counts the lexical tokens of a document (comments included), stopping at upTo. A lexical error
// ends the count: the parser reports it.
func countTokens(query string, upTo int) int {
	lex := lexer.New(&ast.Source{Input: query})
	n := 0
	for n < upTo {
		tok, err := lex.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			break
		}
		n++
	}
	return n
}

func limitError(limit, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    fmt.Sprintf(format, args...),
		Extensions: map[string]any{"code": CodeComplexityLimit, "limit": limit},
	}
}

// literalInt reads an integer written in the document; false for null, a variable or anything else.
func literalInt(v *ast.Value) (int, bool) {
	if v == nil || v.Kind != ast.IntValue {
		return 0, false
	}
	n, err := strconv.Atoi(v.Raw)
	return n, err == nil
}

// rawInt reads a variable's value as decoded from JSON; checkVariables has refused what is not a whole number.
func rawInt(raw any) (int, bool) {
	n, isNumber := asNumber(raw)
	if !isNumber || n != math.Trunc(n) || math.Abs(n) > maxCost {
		return 0, false
	}
	return int(n), true
}
