package admission

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/cybercoop/cybercoop/graphqlhttp"
	"github.com/cybercoop/cybercoop/internal/bytecache"
	"github.com/cybercoop/cybercoop/internal/reqcost"
)

// testSchema is the service's schema, loaded as gqlgen's generated code loads it.
var testSchema = sync.OnceValue(func() *ast.Schema {
	text, err := os.ReadFile("../schema.graphqls")
	if err != nil {
		panic(err)
	}
	return gqlparser.MustLoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(text)})
})

// response is a GraphQL response as the tests read it.
type response struct {
	Data       json.RawMessage `json:"data"`
	Errors     []gqlError      `json:"errors"`
	Extensions map[string]any  `json:"extensions"`
	size       int
}

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// testServer is a GraphQL handler over the service's schema with admission installed as the server installs it.
// What admission lets through runs on an executor that answers {} and counts its runs, with no resolvers and no
// database: these tests see admission alone.
func testServer(t testing.TB, opts Options) (*handler.Server, Caches) {
	t.Helper()
	srv, c, _ := countingServer(opts)
	return srv, c
}

// countingServer is testServer, and the executor, whose ExecCalls are the operations admitted and run.
func countingServer(opts Options) (*handler.Server, Caches, *graphql.ExecutableSchemaMock) {
	exec := &graphql.ExecutableSchemaMock{
		SchemaFunc: testSchema,
		ExecFunc: func(context.Context) graphql.ResponseHandler {
			return graphql.OneShot(&graphql.Response{Data: []byte(`{}`)})
		},
	}
	srv := handler.New(exec)
	srv.AddTransport(graphqlhttp.Transport{})
	return srv, Install(srv, testSchema(), opts), exec
}

// post sends one request body to the handler, with a cost meter in its context, and decodes the answer.
func post(t testing.TB, h http.Handler, body map[string]any) (response, *reqcost.Meter) {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	ctx, meter := reqcost.NewContext(context.Background(), nil)
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var resp response
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("response is not JSON: %v: %.200s", err, rec.Body.String())
	}
	resp.size = rec.Body.Len()
	return resp, meter
}

// The hubs of the real seeds, between which paths and neighbourhoods are the most expensive.
var hubs = []string{"organization:coe", "project:glacy-plus", "organization:interpol", "country:gh", "organization:europol"}

// repeat joins n copies of a field made by item.
func repeat(n int, item func(i int) string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = item(i)
	}
	return "{ " + strings.Join(parts, " ") + " }"
}

func conflictingAliases(n int) string {
	return repeat(n, func(i int) string { return fmt.Sprintf(`x: country(id: "c%d") { id }`, i) })
}

// doublingFragments spreads fragment Fn, each Fi spreading F(i-1) twice: 2^n fields once expanded.
func doublingFragments(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "query { countries { nodes { ...F%d } } } fragment F0 on Country { id }", n)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, " fragment F%d on Country { ...F%d ...F%d }", i, i-1, i-1)
	}
	return b.String()
}

func hubPaths(n int, args string) string {
	return repeat(n, func(i int) string {
		return fmt.Sprintf(`p%d: paths(from: %q, to: %q%s) { length }`, i, hubs[i%5], hubs[(i+1+i/5)%5], args)
	})
}

// TestHostileRequests sends the requests of issue 8 that took the service down, each refused before validation
// with COMPLEXITY_LIMIT and the limit it passed, in a small response, without reaching the executor.
// (docs/api.md, "Limits and costs").
func TestHostileRequests(t *testing.T) {
	srv, _, exec := countingServer(Options{Introspection: true})
	cases := []struct{ name, query, limit string }{
		{"3,000 conflicting aliases", conflictingAliases(3000), "tokens"},
		{"1,000 conflicting aliases", conflictingAliases(1000), "tokens"},
		{"one field repeated 20,000 times", "{" + strings.Repeat(" dataVersion", 20000) + " }", "tokens"},
		{"30 doubling fragments", doublingFragments(30), "cost"},
		{"10,000 paths aliases", hubPaths(10000, ", first: 1"), "tokens"},
		{"60 aliases of paths(maxHops:6, first:20) between hubs", hubPaths(60, ", maxHops: 6, first: 20"), "cost"},
		{"40 aliases of neighborhood(depth:3, limit:500) on hubs", repeat(40, func(i int) string {
			return fmt.Sprintf(`n%d: neighborhood(id: %q, depth: 3, limit: 500) { truncated }`, i, hubs[i%5])
		}), "cost"},
		{"200 aliases of a cheap field", repeat(200, func(i int) string { return fmt.Sprintf("a%d: dataVersion", i) }), "aliases"},
		{"600 fields", "{ countries { nodes {" + strings.Repeat(" id", 600) + " } } }", "fields"},
		{"40 root fields", "{" + strings.Repeat(" dataVersion", 40) + " }", "rootFields"},
		{"root fields through a fragment", "{ ...Q } fragment Q on Query {" + strings.Repeat(" dataVersion", 40) + " }", "rootFields"},
		{"13 levels", `{ project(id: "glacy") { ` + strings.Repeat("lineage { node { ... on Project { ", 7) + "id" +
			strings.Repeat(" } } }", 7) + " } }", "depth"},
		{"eight paths aliases at maxHops 6, first 20 as the variables' defaults", strings.Replace(eightPaths(),
			"$h: Int, $f: Int", "$h: Int = 6, $f: Int = 20", 1), "cost"},
		{"three list levels of 100 through a variable's default", strings.Replace(threeLevels, "$n: Int", "$n: Int = 100", 1), "cost"},
		{"a variable's default", `query($n: Int = 5) { activities(first: $n) { nodes { projects { activities(first: 100) { nodes {
			countries { activities(first: 100) { nodes { title } } } } } } } } }`, "cost"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, meter := post(t, srv, map[string]any{"query": tc.query})
			if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != CodeComplexityLimit || resp.Errors[0].Extensions["limit"] != tc.limit {
				t.Fatalf("errors %.300v, want one COMPLEXITY_LIMIT error with limit %q", resp.Errors, tc.limit)
			}
			if resp.size > 1000 || (resp.Data != nil && string(resp.Data) != "null") || meter.Spent() != 0 || len(exec.ExecCalls()) > 0 {
				t.Errorf("refusal of %d bytes, data %s, cost recorded %d, %d runs: want a short error, no data, no cost, no run",
					resp.size, resp.Data, meter.Spent(), len(exec.ExecCalls()))
			}
		})
	}
}

// TestRefusalWorkIsBounded counts the work of refusing a document: it must not grow with the document beyond the
// limit that refuses it (the lexer stops at the token limit; the cost walk visits each selection once).
// (docs/api.md, "Limits and costs").
func TestRefusalWorkIsBounded(t *testing.T) {
	a := testAdmission(DefaultLimits)
	allocs := func(query string) float64 {
		return testing.AllocsPerRun(5, func() {
			if err := a.MutateOperationParameters(context.Background(), &graphql.RawParams{Query: query}); err == nil {
				t.Fatal("admitted")
			}
		})
	}
	t.Run("tokens: 20,000 and 200,000 fields cost the same to refuse", func(t *testing.T) {
		small := allocs("{" + strings.Repeat(" dataVersion", 20000) + " }")
		large := allocs("{" + strings.Repeat(" dataVersion", 200000) + " }")
		t.Logf("allocations to refuse: %.0f for 20,000 fields, %.0f for 200,000", small, large)
		// Work that grew with the document would allocate ten times as much. The counts are the whole process's,
		// and under -race the runtime's own allocations vary by a few between runs: equal counts would be flaky.
		if large > 2*small {
			t.Errorf("allocations to refuse: %.0f for 20,000 fields, %.0f for 200,000", small, large)
		}
		if n := countTokens(strings.Repeat(" x", 200000), 5001); n != 5001 {
			t.Errorf("countTokens read %d tokens, want it to stop at 5,001", n)
		}
	})
	t.Run("fragments: 30 and 60 doubling fragments walk linearly", func(t *testing.T) {
		for _, n := range []int{30, 60} {
			// No limit stops this walk early: each fragment's body is walked once, the spreads of it reuse it.
			w := walkOf(t, doublingFragments(n), nil)
			w.limits.MaxCost = maxCost
			cost, err := w.document("")
			if err != nil || cost != maxCost {
				t.Fatalf("%d doubling fragments: cost %d, %v; want the saturated cost %d", n, cost, err, maxCost)
			}
			if w.steps != 2*n+4 {
				t.Errorf("%d doubling fragments: the walk visited %d selections, want %d", n, w.steps, 2*n+4)
			}
		}
	})
	t.Run("cost: the walk stops at the limit", func(t *testing.T) {
		w := walkOf(t, hubPaths(90, ", maxHops: 6, first: 20"), nil)
		if _, err := w.document(""); err == nil {
			t.Fatal("90 costly paths admitted")
		}
		// Each alias costs 400 + 20*6*20 + 2*20 = 2,840: the 8th passes 20,000 and ends the walk.
		if w.steps > 16 {
			t.Errorf("the walk visited %d selections after passing the limit at the 8th alias", w.steps)
		}
	})
}

// walkOf parses a document and prepares its cost walk with the default limits.
func walkOf(t testing.TB, query string, vars map[string]any) *costWalk {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		t.Fatal(err)
	}
	return newCostWalk(testSchema(), doc, vars, DefaultLimits)
}

// TestTooManyErrors: a response lists at most MaxErrors errors, then one counting the rest (docs/api.md,
// "Limits and costs", errors).
func TestTooManyErrors(t *testing.T) {
	srv, _ := testServer(t, Options{Introspection: true})
	// 100 aliases pass admission; validation finds 4,950 conflicting pairs.
	resp, _ := post(t, srv, map[string]any{"query": `{ country(id: "gh") ` +
		repeat(100, func(i int) string { return fmt.Sprintf("x: activities(first: %d) { totalCount }", i) }) + " }"})
	if len(resp.Errors) != DefaultLimits.MaxErrors+1 {
		t.Fatalf("got %d errors, want %d and one counting the rest", len(resp.Errors), DefaultLimits.MaxErrors+1)
	}
	last := resp.Errors[DefaultLimits.MaxErrors]
	if last.Extensions["code"] != CodeComplexityLimit || last.Extensions["limit"] != "errors" || last.Message != "4930 more errors not shown" {
		t.Errorf("last error %+v, want COMPLEXITY_LIMIT errors saying 4930 more", last)
	}
	if resp.size > 10000 {
		t.Errorf("response of %d bytes", resp.size)
	}
}

// TestCostReported checks the cost of an admitted operation: in the response's extensions and on the request's
// meter, where the rate limiter reads it (docs/api.md, "Limits and costs").
func TestCostReported(t *testing.T) {
	srv, _ := testServer(t, Options{Introspection: true})
	cases := []struct {
		query string
		vars  map[string]any
		cost  int
	}{
		{`{ __typename }`, nil, 1},
		// 400 + 20*maxHops*first for the search, then (1 + length) for each of the 20 paths.
		{`{ paths(from: "organization:coe", to: "organization:europol", maxHops: 6, first: 20) { length } }`, nil, 2840},
		{`query($n: Int) { paths(from: "organization:coe", to: "country:gh", first: $n) { length } }`, map[string]any{"n": 2}, 400 + 20*4*2 + 2*2},
		// 200 + depth*limit/2, then the subgraph: 1, plus 500 nodes of (1 + id) and truncated.
		{`{ neighborhood(id: "organization:coe", depth: 3, limit: 500) { truncated nodes { id } } }`, nil, 200 + 750 + 1 + 500*2 + 1},
	}
	for _, tc := range cases {
		resp, meter := post(t, srv, map[string]any{"query": tc.query, "variables": tc.vars})
		want := map[string]any{"requested": float64(tc.cost), "limit": float64(DefaultLimits.MaxCost)}
		if len(resp.Errors) > 0 || fmt.Sprint(resp.Extensions["cost"]) != fmt.Sprint(want) || meter.Spent() != tc.cost {
			t.Errorf("%s: errors %v, extensions %v, meter %d; want cost %d", tc.query, resp.Errors, resp.Extensions, meter.Spent(), tc.cost)
		}
	}
	t.Run("seven costly paths fit under the limit, eight do not", func(t *testing.T) {
		resp, meter := post(t, srv, map[string]any{"query": hubPaths(7, ", maxHops: 6, first: 20")})
		if len(resp.Errors) > 0 || meter.Spent() != 7*2840 {
			t.Errorf("seven: errors %v, cost %d", resp.Errors, meter.Spent())
		}
		resp, _ = post(t, srv, map[string]any{"query": hubPaths(8, ", maxHops: 6, first: 20")})
		if len(resp.Errors) != 1 || resp.Errors[0].Extensions["limit"] != "cost" {
			t.Errorf("eight: errors %v, want the cost limit", resp.Errors)
		}
	})
	t.Run("a query refused by validation costs nothing", func(t *testing.T) {
		resp, meter := post(t, srv, map[string]any{"query": `{ nosuchfield }`})
		if len(resp.Errors) != 1 || resp.Extensions["cost"] != nil || meter.Spent() != 0 {
			t.Errorf("errors %v, extensions %v, meter %d", resp.Errors, resp.Extensions, meter.Spent())
		}
	})
}

// TestRefusedNotCached checks that a refused document stays out of the parsed-query and persisted-query caches.
// (docs/api.md, "Limits and costs", caches).
func TestRefusedNotCached(t *testing.T) {
	srv, c := testServer(t, Options{Introspection: true})
	costly := hubPaths(60, ", maxHops: 6, first: 20")
	hash := func(q string) map[string]any {
		return map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": sha256Hex(q)}}
	}
	for _, body := range []map[string]any{
		{"query": costly},
		{"query": costly, "extensions": hash(costly)},
		{"query": doublingFragments(30), "extensions": hash(doublingFragments(30))},
		{"query": conflictingAliases(1000)},
	} {
		if resp, _ := post(t, srv, body); len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != CodeComplexityLimit {
			t.Fatalf("not refused: %v", resp.Errors)
		}
	}
	if c.Parsed.Bytes() != 0 || c.Persisted.Bytes() != 0 {
		t.Fatalf("caches hold %d and %d bytes after refusals, want nothing", c.Parsed.Bytes(), c.Persisted.Bytes())
	}

	t.Run("an admitted persisted query is cached, and re-admitted by hash with its variables", func(t *testing.T) {
		q := `query($n: Int) { paths(from: "organization:coe", to: "country:gh", first: $n) { length } }`
		if resp, _ := post(t, srv, map[string]any{"query": q, "variables": map[string]any{"n": 1}, "extensions": hash(q)}); len(resp.Errors) > 0 {
			t.Fatal(resp.Errors)
		}
		if c.Parsed.Len() != 1 || c.Persisted.Len() != 1 {
			t.Fatalf("caches hold %d and %d entries, want 1 each", c.Parsed.Len(), c.Persisted.Len())
		}
		// The same hash with a variable that makes it too costly: refused by cost, not run.
		resp, meter := post(t, srv, map[string]any{"variables": map[string]any{"n": 1000000}, "extensions": hash(q)})
		if len(resp.Errors) != 1 || resp.Errors[0].Extensions["limit"] != "cost" || meter.Spent() != 0 {
			t.Errorf("hash-only request with a costly variable: %v", resp.Errors)
		}
	})
}

// TestRepeatedQueries sends each query several times to one server: once admitted, its text is in the
// parsed-query cache, and admission then skips its parse and shape but still prices it with each request's
// variables; a refused text never reaches the cache and is refused again (docs/api.md, "Limits and costs", caches).
func TestRepeatedQueries(t *testing.T) {
	const paths = `query($n: Int) { paths(from: "organization:coe", to: "country:gh", first: $n) { length } }`
	type request struct {
		vars  map[string]any
		cost  int    // of an admitted request
		limit string // the limit that refuses it, else ""
	}
	cases := []struct {
		name     string
		query    string
		cached   bool
		requests []request
	}{
		// 400 + 20*maxHops*first for the search (maxHops 4 by default), then (1 + length) for each path.
		{"OK cost re-checked with each request's variables", paths, true, []request{
			{vars: map[string]any{"n": 1}, cost: 400 + 20*4*1 + 2*1},
			{vars: map[string]any{"n": 1000000}, limit: "cost"},
			{vars: map[string]any{"n": 2}, cost: 400 + 20*4*2 + 2*2},
		}},
		{"OK the same cost the second time", `{ neighborhood(id: "organization:coe", depth: 3, limit: 500) { truncated nodes { id } } }`,
			true, []request{{cost: 200 + 750 + 1 + 500*2 + 1}, {cost: 200 + 750 + 1 + 500*2 + 1}}},
		{"OK the same cost through fragments", `{ ...Q } fragment Q on Query { paths(from: "organization:coe", to: "country:gh") { ...P } }
			fragment P on Path { length }`, true, []request{{cost: 400 + 20*4*5 + 2*5}, {cost: 400 + 20*4*5 + 2*5}}},
		{"ErrTokens refused again", conflictingAliases(1000), false, []request{{limit: "tokens"}, {limit: "tokens"}}},
		{"ErrFields refused again", "{ countries { nodes {" + strings.Repeat(" id", 600) + " } } }", false,
			[]request{{limit: "fields"}, {limit: "fields"}}},
		{"ErrAliases refused again", repeat(200, func(i int) string { return fmt.Sprintf("a%d: dataVersion", i) }), false,
			[]request{{limit: "aliases"}, {limit: "aliases"}}},
		{"ErrCost refused again", hubPaths(8, ", maxHops: 6, first: 20"), false, []request{{limit: "cost"}, {limit: "cost"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := testServer(t, Options{Introspection: true})
			for i, r := range tc.requests {
				resp, meter := post(t, srv, map[string]any{"query": tc.query, "variables": r.vars})
				if r.limit != "" {
					if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != CodeComplexityLimit ||
						resp.Errors[0].Extensions["limit"] != r.limit || meter.Spent() != 0 {
						t.Errorf("request %d: errors %v, cost %d; want refused by the %s limit, no cost", i, resp.Errors, meter.Spent(), r.limit)
					}
					continue
				}
				want := map[string]any{"requested": float64(r.cost), "limit": float64(DefaultLimits.MaxCost)}
				if len(resp.Errors) > 0 || fmt.Sprint(resp.Extensions["cost"]) != fmt.Sprint(want) || meter.Spent() != r.cost {
					t.Errorf("request %d: errors %v, extensions %v, meter %d; want cost %d", i, resp.Errors, resp.Extensions, meter.Spent(), r.cost)
				}
			}
			if _, cached := c.Parsed.Peek(tc.query); cached != tc.cached {
				t.Errorf("query cached %v, want %v", cached, tc.cached)
			}
		})
	}
}

// TestCachedTextNotMeasured checks that admission takes a text found in the parsed-query cache as admitted before:
// under limits it no longer fits (which a server never changes), it is not counted or shaped again, only priced.
// (docs/api.md, "Limits and costs", caches).
func TestCachedTextNotMeasured(t *testing.T) {
	query := `query($n: Int) ` + hubPaths(3, ", first: $n")
	a := testAdmission(Limits{MaxTokens: 1, MaxFields: 1, MaxAliases: 1, MaxRootFields: 3, MaxDepth: 2, MaxCost: 2000})
	admit := func(n int) (int, *gqlerror.Error) {
		opCtx := &graphql.OperationContext{}
		ctx := graphql.WithOperationContext(context.Background(), opCtx)
		err := a.MutateOperationParameters(ctx, &graphql.RawParams{Query: query, Variables: map[string]any{"n": n}})
		c, _ := opCtx.Stats.GetExtension(costStatsKey).(*operationCost)
		if c == nil {
			return 0, err
		}
		return c.requested, err
	}
	if _, err := admit(1); err == nil || err.Extensions["limit"] != "tokens" {
		t.Fatalf("uncached: %v, want refused by the token limit", err)
	}
	cacheValidated(t, a, query)
	// Three paths of 400 + 20*4*n for the search, then 2 per path.
	if cost, err := admit(1); err != nil || cost != 3*(400+20*4+2) {
		t.Errorf("cached, n 1: cost %d, %v; want admitted at %d", cost, err, 3*(400+20*4+2))
	}
	if _, err := admit(4); err == nil || err.Extensions["limit"] != "cost" {
		t.Errorf("cached, n 4: %v, want refused by the cost limit", err)
	}
}

// TestCostOfCachedDocument checks that the cost walk finds the same cost, or the same refusal, on a document
// parsed and validated (as gqlgen caches it) as on the same text just parsed: validation fills in definitions.
func TestCostOfCachedDocument(t *testing.T) {
	cases := []struct {
		name    string
		queries []string
		vars    map[string]any
	}{
		{name: "bench questions", queries: benchQuestions(t, "*")},
		{name: "examples", queries: []string{readFile(t, "../httpapi/examples.graphql")}},
		{name: "introspection", queries: []string{readFile(t, "testdata/introspection.graphql")}},
		{name: "variables", queries: []string{`query($n: Int, $d: Int = 2) { paths(from: "organization:coe", to: "country:gh", first: $n) { length }
			neighborhood(id: "country:gh", depth: $d) { nodes { id } edges { type } } }`}, vars: map[string]any{"n": json.Number("3")}},
		{name: "fragments", queries: []string{doublingFragments(8)}},
		{name: "over the cost limit", queries: []string{hubPaths(8, ", maxHops: 6, first: 20")}},
		{name: "over the depth limit", queries: []string{`{ project(id: "glacy") { ` +
			strings.Repeat("lineage { node { ... on Project { ", 7) + "id" + strings.Repeat(" } } }", 7) + " } }"}},
	}
	schema := testSchema()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, q := range tc.queries {
				parsed, validated := mustParse(t, q), mustParse(t, q)
				if errs := validator.ValidateWithRules(schema, validated, validationRules(false)); len(errs) > 0 {
					t.Fatalf("%.80s: %v", q, errs)
				}
				for _, op := range parsed.Operations {
					cost, refusal := newCostWalk(schema, parsed, tc.vars, DefaultLimits).document(op.Name)
					cached, cachedRefusal := newCostWalk(schema, validated, tc.vars, DefaultLimits).document(op.Name)
					if cost != cached || fmt.Sprint(refusal) != fmt.Sprint(cachedRefusal) {
						t.Errorf("%.80s, operation %q: cost %d, %v as parsed; %d, %v once validated", q, op.Name, cost, refusal, cached, cachedRefusal)
					}
				}
			}
		})
	}
}

// TestUnknownHashRefused checks that a request naming only an unknown persisted query is refused by admission,
// with the error clients act on: were it left to gqlgen's own look-up, another request could store the hash in
// between, and its text would run without being measured (docs/api.md, "Errors" and "Limits and costs").
func TestUnknownHashRefused(t *testing.T) {
	a := testAdmission(Limits{MaxTokens: 20, MaxFields: 10, MaxAliases: 10, MaxRootFields: 3, MaxDepth: 5, MaxCost: 2000})
	a.persisted = bytecache.New(DefaultPersistedQueryCacheBytes, func(hash, query string) int { return len(hash) + len(query) })
	hash := strings.Repeat("ab", 32)
	byHash := func() *gqlerror.Error {
		ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{})
		return a.MutateOperationParameters(ctx, &graphql.RawParams{Extensions: map[string]any{
			"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}})
	}
	if err := byHash(); err == nil || err.Message != "PersistedQueryNotFound" || err.Extensions["code"] != "PERSISTED_QUERY_NOT_FOUND" {
		t.Fatalf("unknown hash: %v, want PersistedQueryNotFound", err)
	}
	a.persisted.Add(context.Background(), hash, `{ project(id: "project:glacy-plus") { id } }`)
	if err := byHash(); err != nil {
		t.Errorf("known hash of an admissible query: %v", err)
	}
	a.persisted.Add(context.Background(), hash, `{ a: project(id: "x") { id } b: project(id: "y") { id } c: project(id: "z") { id } }`)
	if err := byHash(); err == nil || err.Extensions["limit"] != "tokens" {
		t.Errorf("known hash of a query over the token limit: %v, want refused", err)
	}
}

// BenchmarkAdmission admits a bench question again and again: "parsed" as the first time, "cached" once gqlgen
// holds its document.
func BenchmarkAdmission(b *testing.B) {
	query := benchQuestions(b, "c-project-activities-countries")[0]
	parsed, cached := testAdmission(DefaultLimits), testAdmission(DefaultLimits)
	cacheValidated(b, cached, query)
	for _, bc := range []struct {
		name string
		a    limiter
	}{{"parsed", parsed}, {"cached", cached}} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{})
			b.ReportAllocs()
			for b.Loop() {
				if err := bc.a.MutateOperationParameters(ctx, &graphql.RawParams{Query: query}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// testAdmission is the limiter as Install makes it, with an empty parsed-query cache and no persisted queries.
func testAdmission(limits Limits) limiter {
	return limiter{limits: limits, schema: testSchema(),
		parsed: bytecache.New(DefaultQueryCacheBytes, parsedWeight)}
}

// cacheValidated puts a query in admission's parsed-query cache, parsed and validated as gqlgen would.
func cacheValidated(t testing.TB, a limiter, query string) {
	t.Helper()
	doc := mustParse(t, query)
	if errs := validator.ValidateWithRules(a.schema, doc, validationRules(false)); len(errs) > 0 {
		t.Fatal(errs)
	}
	a.parsed.Add(context.Background(), query, doc)
}

func mustParse(t testing.TB, query string) *ast.QueryDocument {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// benchQuestions reads the questions of bench/questions whose names match, without the peer's versions of them.
func benchQuestions(t testing.TB, name string) []string {
	t.Helper()
	files, err := filepath.Glob("../bench/questions/" + name + ".graphql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no question in ../bench/questions matches %s: %v", name, err)
	}
	var queries []string
	for _, file := range files {
		if !strings.HasSuffix(file, ".peer.graphql") {
			queries = append(queries, readFile(t, file))
		}
	}
	return queries
}

func readFile(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sha256Hex(s string) string {
	return fmt.Sprintf("%x", sha256.Sum256([]byte(s)))
}

// TestNoSuggestionsWithoutIntrospection: "Did you mean" would reveal the schema that introspection hides.
// (docs/api.md, "Errors").
func TestNoSuggestionsWithoutIntrospection(t *testing.T) {
	queries := []string{`{ countrie(id: "gh") { id } }`, `{ country(idd: "gh") { id } }`,
		`{ activities(orderBy: DATE_AS) { totalCount } }`}
	for _, introspection := range []bool{true, false} {
		srv, _ := testServer(t, Options{Introspection: introspection})
		for _, q := range queries {
			resp, _ := post(t, srv, map[string]any{"query": q})
			if len(resp.Errors) == 0 {
				t.Fatalf("%s: no error", q)
			}
			if suggests := strings.Contains(resp.Errors[0].Message, "Did you mean"); suggests != introspection {
				t.Errorf("introspection %v: %s: %q", introspection, q, resp.Errors[0].Message)
			}
		}
	}
}

// TestIncrementalDeliveryRefused: @defer is refused before anything runs, whatever the introspection setting,
// rather than answered with the deferred fields left null (docs/api.md, "GraphQL over HTTP").
func TestIncrementalDeliveryRefused(t *testing.T) {
	queries := map[string]string{
		"defer":                      `{ project(id: "project:glacy-plus") { id ... @defer { name } } }`,
		"defer on a fragment spread": `{ project(id: "project:glacy-plus") { id ...P @defer(label: "p") } } fragment P on Project { name }`,
	}
	for _, introspection := range []bool{true, false} {
		srv, _ := testServer(t, Options{Introspection: introspection})
		for name, q := range queries {
			resp, meter := post(t, srv, map[string]any{"query": q})
			if len(resp.Errors) != 1 || string(resp.Data) != "" && string(resp.Data) != "null" {
				t.Fatalf("%s: %d errors, data %s", name, len(resp.Errors), resp.Data)
			}
			e := resp.Errors[0]
			if !strings.Contains(e.Message, "The @defer directive is not supported: this endpoint sends each answer whole") ||
				e.Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
				t.Errorf("introspection %v: %s: %q %v", introspection, name, e.Message, e.Extensions)
			}
			if meter.Spent() != 0 {
				t.Errorf("%s: refused, yet cost %d", name, meter.Spent())
			}
		}
	}
}

// TestParsedDocumentWeight checks parsedBytesPerToken, the weight the parsed-query cache gives a document: the
// bytes a parsed and validated document keeps on the heap, per token, stay under it for the example queries and
// for documents of many short fields. Each is parsed 50 times, all kept, to measure above the heap's noise.
func TestParsedDocumentWeight(t *testing.T) {
	examples, err := os.ReadFile("../httpapi/examples.graphql")
	if err != nil {
		t.Fatal(err)
	}
	schema := testSchema()
	docs := []string{string(examples), doublingFragments(8), hubPaths(30, ", maxHops: 6"),
		"{ countries { nodes {" + strings.Repeat(" id", 400) + " } } }",
		"{ countries { nodes {" + strings.Repeat(" id name aliases", 100) + " } } }"}
	for _, q := range docs {
		kept := make([]*ast.QueryDocument, 50)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for i := range kept {
			doc, err := parser.ParseQuery(&ast.Source{Input: q})
			if err != nil {
				t.Fatal(err)
			}
			validator.ValidateWithRules(schema, doc, rules.NewDefaultRules())
			kept[i] = doc
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(kept)
		perToken := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(len(kept)*countTokens(q, len(q)))
		t.Logf("%6d bytes, %5d tokens: %.0f bytes kept per token", len(q), countTokens(q, len(q)), perToken)
		if perToken > parsedBytesPerToken {
			t.Errorf("a %d-byte document keeps %.0f bytes per token, more than parsedBytesPerToken", len(q), perToken)
		}
	}
}

// FuzzAdmission sends random documents and variables through admission: it never panics, refuses only with
// COMPLEXITY_LIMIT, and its cost walk visits each selection written in the document at most once and finds the
// same cost once the document is validated (as cached).
func FuzzAdmission(f *testing.F) {
	for _, seed := range []string{
		`{ __typename }`, doublingFragments(4), hubPaths(3, ", maxHops: 6, first: 20"), conflictingAliases(3),
		`query($n: Int = 3) { activities(first: $n) { nodes { id ...A } } } fragment A on Activity { countries { id } }`,
		`{ ...Q } fragment Q on Query { ...Q dataVersion }`, `query A { dataVersion } query B { ...F } fragment F on Query { x }`,
		`{ neighborhood(id: "organization:coe", depth: 3, limit: 500) { nodes { ... on Country { name } } edges { type } } }`,
		`{ paths(from: "a:b", to: "c:d", first: 99999999999999999999) { length } }`, `{ a(`, "{ \"\u0000 }",
	} {
		f.Add(seed, `{"n": 7}`)
	}
	// Issue 23's attacks: Int variables as strings, nulls, absent, a literal null.
	for _, seed := range []struct{ query, variables string }{
		{eightPaths(), `{"h": "6", "f": "20"}`}, {eightPaths(), `{"h": null, "f": null}`}, {eightPaths(), `{}`},
		{threeLevels, `{"n": "100"}`}, {threeLevels, `{"n": 1e2}`}, {threeLevels, `{"n": 100.5}`},
		{`{ countries(first: null) { nodes { relations(first: null) { totalCount } } } }`, `{}`},
	} {
		f.Add(seed.query, seed.variables)
	}
	a := testAdmission(DefaultLimits)
	f.Fuzz(func(t *testing.T, query, variables string) {
		var vars map[string]any
		dec := json.NewDecoder(strings.NewReader(variables))
		dec.UseNumber()
		_ = dec.Decode(&vars) // invalid JSON leaves no variables
		ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{})
		refused := a.MutateOperationParameters(ctx, &graphql.RawParams{Query: query, Variables: vars})
		if refused != nil && refused.Extensions["code"] != CodeComplexityLimit && refused.Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
			t.Fatalf("refused with %v", refused.Extensions)
		}
		admitted := refused == nil
		doc, err := parser.ParseQuery(&ast.Source{Input: query})
		if err != nil || countTokens(query, DefaultLimits.MaxTokens+1) > DefaultLimits.MaxTokens {
			return
		}
		w := newCostWalk(a.schema, doc, vars, DefaultLimits)
		cost, refusal := w.document("")
		if written := selectionsWritten(doc); w.steps > written {
			t.Errorf("the cost walk visited %d selections of a document that writes %d", w.steps, written)
		}
		invalid := len(validator.ValidateWithRules(a.schema, doc, rules.NewDefaultRules())) > 0
		if cached, cachedRefusal := newCostWalk(a.schema, doc, vars, DefaultLimits).document(""); cached != cost ||
			fmt.Sprint(cachedRefusal) != fmt.Sprint(refusal) {
			t.Errorf("cost %d, %v once validated; %d, %v as parsed", cached, cachedRefusal, cost, refusal)
		}
		// What runs is what was costed: the variables as gqlgen coerces them for execution (defaults filled in,
		// numbers as int64) give the same cost as the variables as sent.
		op := doc.Operations.ForName("")
		if !admitted || op == nil || invalid {
			return
		}
		coerced, coerceErr := validator.VariableValues(a.schema, op, vars)
		if coerceErr != nil {
			return
		}
		if run, _ := newCostWalk(a.schema, doc, coerced, DefaultLimits).document(""); run != cost {
			t.Errorf("costed %d with the variables as sent, %d with the variables that run (%v)", cost, run, coerced)
		}
	})
}

// selectionsWritten counts the selections written in a document: fields, fragment spreads, inline fragments.
func selectionsWritten(doc *ast.QueryDocument) int {
	var count func(ast.SelectionSet) int
	count = func(set ast.SelectionSet) int {
		n := len(set)
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				n += count(s.SelectionSet)
			case *ast.InlineFragment:
				n += count(s.SelectionSet)
			}
		}
		return n
	}
	total := 0
	for _, op := range doc.Operations {
		total += count(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		total += count(f.SelectionSet)
	}
	return total
}
