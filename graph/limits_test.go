package graph

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/internal/reqcost"
	"github.com/cybercoop/cybercoop/store"
)

// pathsStore answers paths and neighbourhoods with nothing and its data version as unchanging, so that admitted
// operations run without Neo4j. Any other store call panics (nil Store): the refused requests of these tests must
// never reach it.
type pathsStore struct{ Store }

func (pathsStore) DataVersion(context.Context) (string, error) { return "v1", nil }

func (pathsStore) Pin(ctx context.Context) (context.Context, string, error) { return ctx, "v1", nil }

func (pathsStore) Paths(context.Context, cybercoop.Ref, cybercoop.Ref, int, int, store.Selection) ([]store.Path, error) {
	return nil, nil
}

func (pathsStore) Neighborhood(context.Context, cybercoop.Ref, int, int, store.Selection) (store.Subgraph, error) {
	return store.Subgraph{}, nil
}

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

func testServer(t testing.TB, opts Options) (*handler.Server, caches) {
	t.Helper()
	opts.Timeout = 10 * time.Second
	opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	return newServer(pathsStore{}, opts)
}

// post sends one request body to the handler, with a cost meter in its context, and decodes the answer.
func post(t testing.TB, h http.Handler, body map[string]any) (response, *reqcost.Meter) {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	ctx, meter := reqcost.NewContext(context.Background())
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
// with COMPLEXITY_LIMIT and the limit it passed, in a small response, without reaching the store.
func TestHostileRequests(t *testing.T) {
	srv, _ := testServer(t, Options{Introspection: true})
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
		{"a variable's default", `query($n: Int = 5) { activities(first: $n) { nodes { projects { activities(first: 100) { nodes {
			countries { activities(first: 100) { nodes { title } } } } } } } } }`, "cost"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, meter := post(t, srv, map[string]any{"query": tc.query})
			if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != CodeComplexityLimit || resp.Errors[0].Extensions["limit"] != tc.limit {
				t.Fatalf("errors %.300v, want one COMPLEXITY_LIMIT error with limit %q", resp.Errors, tc.limit)
			}
			if resp.size > 1000 || (resp.Data != nil && string(resp.Data) != "null") || meter.Total() != 0 {
				t.Errorf("refusal of %d bytes, data %s, cost recorded %d: want a short error, no data, no cost",
					resp.size, resp.Data, meter.Total())
			}
		})
	}
}

// TestRefusalWorkIsBounded counts the work of refusing a document: it must not grow with the document beyond the
// limit that refuses it (the lexer stops at the token limit; the cost walk visits each selection once).
func TestRefusalWorkIsBounded(t *testing.T) {
	a := admission{limits: DefaultLimits, schema: NewExecutableSchema(Config{}).Schema()}
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
		if large > small {
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
	return newCostWalk(NewExecutableSchema(Config{}).Schema(), doc, vars, DefaultLimits)
}

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
// meter, where the rate limiter reads it.
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
		if len(resp.Errors) > 0 || fmt.Sprint(resp.Extensions["cost"]) != fmt.Sprint(want) || meter.Total() != tc.cost {
			t.Errorf("%s: errors %v, extensions %v, meter %d; want cost %d", tc.query, resp.Errors, resp.Extensions, meter.Total(), tc.cost)
		}
	}
	t.Run("seven costly paths fit under the limit, eight do not", func(t *testing.T) {
		resp, meter := post(t, srv, map[string]any{"query": hubPaths(7, ", maxHops: 6, first: 20")})
		if len(resp.Errors) > 0 || meter.Total() != 7*2840 {
			t.Errorf("seven: errors %v, cost %d", resp.Errors, meter.Total())
		}
		resp, _ = post(t, srv, map[string]any{"query": hubPaths(8, ", maxHops: 6, first: 20")})
		if len(resp.Errors) != 1 || resp.Errors[0].Extensions["limit"] != "cost" {
			t.Errorf("eight: errors %v, want the cost limit", resp.Errors)
		}
	})
	t.Run("a query refused by validation costs nothing", func(t *testing.T) {
		resp, meter := post(t, srv, map[string]any{"query": `{ nosuchfield }`})
		if len(resp.Errors) != 1 || resp.Extensions["cost"] != nil || meter.Total() != 0 {
			t.Errorf("errors %v, extensions %v, meter %d", resp.Errors, resp.Extensions, meter.Total())
		}
	})
}

// TestRefusedNotCached checks that a refused document stays out of the parsed-query and persisted-query caches.
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
	if c.parsed.bytes != 0 || c.persisted.bytes != 0 {
		t.Fatalf("caches hold %d and %d bytes after refusals, want nothing", c.parsed.bytes, c.persisted.bytes)
	}

	t.Run("an admitted persisted query is cached, and re-admitted by hash with its variables", func(t *testing.T) {
		q := `query($n: Int) { paths(from: "organization:coe", to: "country:gh", first: $n) { length } }`
		if resp, _ := post(t, srv, map[string]any{"query": q, "variables": map[string]any{"n": 1}, "extensions": hash(q)}); len(resp.Errors) > 0 {
			t.Fatal(resp.Errors)
		}
		if c.parsed.order.Len() != 1 || c.persisted.order.Len() != 1 {
			t.Fatalf("caches hold %d and %d entries, want 1 each", c.parsed.order.Len(), c.persisted.order.Len())
		}
		// The same hash with a variable that makes it too costly: refused by cost, not run.
		resp, meter := post(t, srv, map[string]any{"variables": map[string]any{"n": 1000000}, "extensions": hash(q)})
		if len(resp.Errors) != 1 || resp.Errors[0].Extensions["limit"] != "cost" || meter.Total() != 0 {
			t.Errorf("hash-only request with a costly variable: %v", resp.Errors)
		}
	})
}

func sha256Hex(s string) string {
	return fmt.Sprintf("%x", sha256.Sum256([]byte(s)))
}

// TestNoSuggestionsWithoutIntrospection: "Did you mean" would reveal the schema that introspection hides.
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

// TestByteCache checks the eviction by weight.
func TestByteCache(t *testing.T) {
	ctx := context.Background()
	c := newByteCache(100, func(k, v string) int { return len(k) + len(v) })
	c.Add(ctx, "a", strings.Repeat("x", 39)) // 40
	c.Add(ctx, "b", strings.Repeat("x", 39)) // 80
	c.Get(ctx, "a")                          // a is now the most recently used
	c.Add(ctx, "c", strings.Repeat("x", 39)) // 120: b goes
	c.Add(ctx, "d", strings.Repeat("x", 200))
	_, a := c.Get(ctx, "a")
	_, b := c.Get(ctx, "b")
	_, d := c.Get(ctx, "d")
	if !a || b || d || c.bytes != 80 {
		t.Errorf("a kept %v, b kept %v, oversized d kept %v, %d bytes; want a only with c, 80 bytes", a, b, d, c.bytes)
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
	schema := NewExecutableSchema(Config{}).Schema()
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
// COMPLEXITY_LIMIT, and its cost walk visits each selection written in the document at most once.
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
	schema := NewExecutableSchema(Config{}).Schema()
	a := admission{limits: DefaultLimits, schema: schema}
	f.Fuzz(func(t *testing.T, query, variables string) {
		var vars map[string]any
		dec := json.NewDecoder(strings.NewReader(variables))
		dec.UseNumber()
		_ = dec.Decode(&vars) // invalid JSON leaves no variables
		ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{})
		if err := a.MutateOperationParameters(ctx, &graphql.RawParams{Query: query, Variables: vars}); err != nil &&
			err.Extensions["code"] != CodeComplexityLimit {
			t.Fatalf("refused with %v", err.Extensions)
		}
		doc, err := parser.ParseQuery(&ast.Source{Input: query})
		if err != nil || countTokens(query, DefaultLimits.MaxTokens+1) > DefaultLimits.MaxTokens {
			return
		}
		w := newCostWalk(schema, doc, vars, DefaultLimits)
		w.document("")
		if written := selectionsWritten(doc); w.steps > written {
			t.Errorf("the cost walk visited %d selections of a document that writes %d", w.steps, written)
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

// TestIntrospectionAdmitted: the playground's introspection query (graphql-js's, in testdata) nests ofType deeper
// than MAX_QUERY_DEPTH; it is admitted and answered.
func TestIntrospectionAdmitted(t *testing.T) {
	query, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := testServer(t, Options{Introspection: true})
	resp, meter := post(t, srv, map[string]any{"query": string(query)})
	if len(resp.Errors) > 0 || !strings.Contains(string(resp.Data), `"name":"Collaborator"`) {
		t.Fatalf("errors %v, data %.200s", resp.Errors, resp.Data)
	}
	t.Logf("introspection costs %d", meter.Total())
}
