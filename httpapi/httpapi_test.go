package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop/admission"
	"github.com/cybercoop/cybercoop/graph"
	"github.com/cybercoop/cybercoop/httpapi"
	"github.com/cybercoop/cybercoop/internal/dataversion"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
	"github.com/cybercoop/cybercoop/web/documents"
)

// newServer runs the real handler stack (HTTP, GraphQL, store) against st on a loopback port.
func newServer(t testing.TB, st *store.Store, origins ...string) *httptest.Server {
	return newServerWithCache(t, st, 1<<20, origins...)
}

func newServerWithCache(t testing.TB, st *store.Store, cacheBytes int, origins ...string) *httptest.Server {
	t.Helper()
	return newServerWithOptions(t, st, func(g *graph.Options, h *httpapi.Options) {
		h.CacheBytes = cacheBytes
		if len(origins) > 0 {
			h.AllowedOrigins = origins
		}
	})
}

// newServerWithOptions serves the real handler over st, with options changed by configure.
func newServerWithOptions(t testing.TB, st *store.Store, configure func(*graph.Options, *httpapi.Options)) *httptest.Server {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	// As cmd/server does: the readiness probe feeds the circuit breaker, the data version is refreshed in the
	// background; both run once before the first request.
	background, stop := context.WithCancel(context.Background())
	versions := dataversion.New(st, 100*time.Millisecond, time.Second, nil)
	versions.Refresh(background)
	go versions.Run(background)
	watchStore(background, st)
	gqlOpts := graph.Options{Timeout: 10 * time.Second, Logger: logger,
		Admission: admission.Options{Introspection: true, TrustedDocuments: documents.Trusted}}
	// The service's public URL is the test server's own: listen first, then build the handler with it.
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	httpOpts := httpapi.Options{AllowedOrigins: []string{"*"}, MaxBodyBytes: 64 << 10, CacheBytes: 1 << 20, Versions: st, Logger: logger,
		PublicURL: "http://" + listener.Addr().String()}
	configure(&gqlOpts, &httpOpts)
	srv := httptest.NewUnstartedServer(httpapi.NewHandler(graph.NewServer(st, gqlOpts), st, httpOpts))
	srv.Listener.Close()
	srv.Listener = listener
	srv.Start()
	t.Cleanup(srv.Close)
	t.Cleanup(stop)
	return srv
}

// watchStore starts the store's readiness probe until ctx is done and waits for its first result.
func watchStore(ctx context.Context, st *store.Store) {
	go st.Watch(ctx, nil)
	for st.Health().Checked.IsZero() && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func postQuery(t *testing.T, srv *httptest.Server, query string) (int, gqlResponse, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"query": query})
	resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out gqlResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("response is not JSON: %s", raw)
	}
	return resp.StatusCode, out, string(raw)
}

// TestGraphQLOverHTTP runs seeds to Neo4j to GraphQL to HTTP: a query over POST and GET, NOT_FOUND for an unknown
// id, 200 parse and validation errors in application/json, 413 BODY_TOO_LARGE, the probes (docs/api.md, "Errors" and
// "GraphQL over HTTP"; docs/operations.md, "Probes").
func TestGraphQLOverHTTP(t *testing.T) {
	srv := newServer(t, neo4jtest.Seeded(t))

	t.Run("OK seeds to Neo4j to GraphQL to HTTP", func(t *testing.T) {
		status, resp, raw := postQuery(t, srv, `{
		  project(id: "glacy-plus") { name code budgetEUR start end sources { source { reference } locator } }
		  convention(id: "ets-189") { treatyNumber protocolOf { shortName treatyNumber } }
		}`)
		if status != http.StatusOK || len(resp.Errors) > 0 {
			t.Fatalf("status %d: %s", status, raw)
		}
		var data struct {
			Project struct {
				Name, Code, Start, End string
				BudgetEUR              float64
				Sources                []struct {
					Source  struct{ Reference string }
					Locator string
				}
			}
			Convention struct {
				TreatyNumber string
				ProtocolOf   struct{ ShortName, TreatyNumber string }
			}
		}
		if err := json.Unmarshal(resp.Data, &data); err != nil {
			t.Fatal(err)
		}
		p := data.Project
		if p.Name != "GLACY+" || p.Code != "3148" || p.BudgetEUR != 13_350_000 || p.Start != "2016-03" || p.End != "2021-02" {
			t.Errorf("GLACY+ = %+v", p)
		}
		if !strings.Contains(raw, `"budgetEUR":13350000`) {
			t.Errorf("GLACY+'s budget is not written as the plain number 13350000: %s", raw)
		}
		if len(p.Sources) == 0 || p.Sources[0].Source.Reference != "SG/Inf(2018)32" {
			t.Errorf("GLACY+ sources = %+v, want the 2018 C-PROC report first", p.Sources)
		}
		if c := data.Convention; c.TreatyNumber != "ETS 189" || c.ProtocolOf.TreatyNumber != "ETS 185" {
			t.Errorf("ETS 189 = %+v, want a protocol of ETS 185", c)
		}
	})

	t.Run("OK GET query, as browsers and caches send it", func(t *testing.T) {
		resp, err := http.Get(srv.URL + `/graphql?query={projects(first:30){nodes{id}}}`)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(raw), `"project:cybersouth"`) {
			t.Errorf("GET /graphql: %d %s", resp.StatusCode, raw)
		}
	})

	t.Run("ErrNotFound unknown id", func(t *testing.T) {
		_, resp, raw := postQuery(t, srv, `{ project(id: "glacy-9") { id } }`)
		if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "NOT_FOUND" ||
			!strings.Contains(resp.Errors[0].Message, `"glacy-9"`) {
			t.Errorf("got %s, want one NOT_FOUND error naming the id", raw)
		}
	})

	t.Run("ErrInvalid malformed query", func(t *testing.T) {
		status, resp, raw := postQuery(t, srv, `{ project(id: { slug } }`)
		// application/json callers get 200 with the error, as the GraphQL-over-HTTP spec says (graphqlhttp).
		if status != http.StatusOK || len(resp.Errors) != 1 ||
			resp.Errors[0].Extensions["code"] != "GRAPHQL_PARSE_FAILED" {
			t.Errorf("got %d %s, want 200 GRAPHQL_PARSE_FAILED", status, raw)
		}
	})

	t.Run("ErrInvalid unknown field", func(t *testing.T) {
		_, resp, raw := postQuery(t, srv, `{ projects { nodes { nmae } } }`)
		if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" ||
			!strings.Contains(resp.Errors[0].Message, "nmae") {
			t.Errorf("got %s, want a validation error naming the field", raw)
		}
	})

	t.Run("ErrTooLarge request body", func(t *testing.T) {
		big := `{"query":"{ projects { nodes { id } } }","padding":"` + strings.Repeat("x", 100<<10) + `"}`
		resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(big))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(raw), `"code":"BODY_TOO_LARGE"`) ||
			strings.Contains(string(raw), "xxxx") {
			t.Errorf("a 100 KiB body past the 64 KiB limit got %d %.300s, want 413 BODY_TOO_LARGE", resp.StatusCode, raw)
		}
	})

	t.Run("OK probes", func(t *testing.T) {
		for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/": 200, "/explorer": 200} {
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != want {
				t.Errorf("GET %s = %d, want %d", path, resp.StatusCode, want)
			}
			if resp.Header.Get("X-Request-Id") == "" {
				t.Errorf("GET %s has no X-Request-Id", path)
			}
		}
	})
}

// TestCORS: partner origins may call the API from browsers, without credentials (docs/operations.md,
// "Configuration", CORS_ALLOWED_ORIGINS).
func TestCORS(t *testing.T) {
	srv := newServer(t, neo4jtest.Open(t), "https://partner.example")

	preflight := func(origin string) *http.Response {
		req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}

	t.Run("OK allowed origin, no credentials", func(t *testing.T) {
		resp := preflight("https://partner.example")
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "https://partner.example" {
			t.Errorf("Allow-Origin = %q", got)
		}
		if resp.Header.Get("Access-Control-Allow-Credentials") != "" {
			t.Error("credentials must never be allowed")
		}
	})

	t.Run("ErrForbidden other origin", func(t *testing.T) {
		if got := preflight("https://evil.example").Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("Allow-Origin = %q for an origin not in the list", got)
		}
	})
}

// TestNeo4jUnavailable: with Neo4j down, GraphQL answers UNAVAILABLE (docs/api.md, "Errors"; docs/operations.md,
// "Faults").
func TestNeo4jUnavailable(t *testing.T) {
	cfg := neo4jtest.Config(t)
	cfg.URI = "bolt://127.0.0.1:1" // nothing listens there
	cfg.Password = "secret-that-must-not-leak"
	st, err := store.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(t, st)

	t.Run("ErrUnavailable readyz says why", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(raw), "unavailable") {
			t.Errorf("GET /readyz = %d %s, want 503 with the reason", resp.StatusCode, raw)
		}
	})

	t.Run("ErrUnavailable GraphQL error without internals", func(t *testing.T) {
		_, resp, raw := postQuery(t, srv, `{ projects { nodes { id } } }`)
		if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "UNAVAILABLE" {
			t.Fatalf("got %s, want one UNAVAILABLE error", raw)
		}
		for _, leak := range []string{"secret-that-must-not-leak", "127.0.0.1:1", "MATCH", "dial tcp"} {
			if strings.Contains(raw, leak) {
				t.Errorf("response leaks %q: %s", leak, raw)
			}
		}
	})
}
