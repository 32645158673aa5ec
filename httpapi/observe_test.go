package httpapi_test

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/httpapi"
	"github.com/cybercoop/cybercoop/internal/breaker"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// fixedHealth is an empty database whose last probe had the given result.
type fixedHealth struct {
	emptyStore
	status breaker.Status
}

func (f fixedHealth) Health() breaker.Status { return f.status }

// TestReadyz: the probe's answers as docs/operations.md, "Probes" lists them: status, reason, since and checked.
func TestReadyz(t *testing.T) {
	now := time.Now()
	for name, tc := range map[string]struct {
		health     fixedHealth
		wantStatus int
		wantBody   string
	}{
		"OK": {fixedHealth{status: breaker.Status{Checked: now}}, http.StatusOK,
			`"checked":"` + now.UTC().Format(time.RFC3339Nano) + `","status":"ready"`},
		"ErrStarting": {fixedHealth{}, http.StatusServiceUnavailable, `"reason":"the database has not been probed yet","status":"starting"`},
		"ErrUnavailable the probe's reason": {fixedHealth{status: breaker.Status{Open: true, Checked: now, Since: now, Reason: errors.Join(
			cybercoop.Errorf(cybercoop.EUNAVAILABLE, "the database refused the service's credentials"),
			errors.New("neo4j: bad password for user neo4j at 10.0.0.1"))}},
			http.StatusServiceUnavailable, `"checked":"` + now.UTC().Format(time.RFC3339Nano) +
				`","reason":"the database refused the service's credentials","since":"` + now.UTC().Format(time.RFC3339) + `","status":"unavailable"`},
	} {
		t.Run(name, func(t *testing.T) {
			logger := slog.New(slog.NewTextHandler(io.Discard, nil))
			h := httpapi.NewHandler(http.NotFoundHandler(), tc.health, httpapi.Options{AllowedOrigins: []string{"*"}, Logger: logger})
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
			body := rec.Body.String()
			if rec.Code != tc.wantStatus || !strings.Contains(body, tc.wantBody) || strings.Contains(body, "10.0.0.1") {
				t.Errorf("GET /readyz = %d %s, want %d with %q and nothing internal", rec.Code, body, tc.wantStatus, tc.wantBody)
			}
		})
	}
}

// TestMetricsEndpoint: the metric names and labels of docs/operations.md, "Metrics and traces", a refusal for
// the fields limit under its own label among them.
func TestMetricsEndpoint(t *testing.T) {
	srv := newServer(t, neo4jtest.Seeded(t))
	body := `{"query":"query MetricsProbe { project(id: \"glacy-plus\") { name } }","operationName":"MetricsProbe"}`
	resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	_, _, _ = postQuery(t, srv, `{ project(id: `) // a parse error: refused before any operation runs
	// 501 fields under the other limits (tokens, aliases, root fields, depth): refused for fields alone.
	if _, resp, raw := postQuery(t, srv, `{ project(id: "glacy-plus") { `+strings.Repeat("name ", 500)+`} }`); len(resp.Errors) != 1 ||
		resp.Errors[0].Extensions["limit"] != "fields" {
		t.Fatalf("501 fields: %.300s, want one COMPLEXITY_LIMIT error for fields", raw)
	}

	resp, err = http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	text := string(raw)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		`cybercoop_http_request_duration_seconds_bucket{route="/graphql",le="+Inf"}`,
		`cybercoop_graphql_operation_duration_seconds_bucket{operation="MetricsProbe",le="+Inf"} 1`,
		`cybercoop_graphql_operations_total{code="OK",operation="MetricsProbe"} 1`,
		`cybercoop_graphql_operations_total{code="GRAPHQL_PARSE_FAILED",operation="anonymous"}`,
		`cybercoop_graphql_errors_total{code="GRAPHQL_PARSE_FAILED",limit=""}`,
		`cybercoop_graphql_errors_total{code="COMPLEXITY_LIMIT",limit="fields"}`,
		`cybercoop_http_requests_total{route="/graphql",status="200"}`,
		`cybercoop_neo4j_statement_duration_seconds_bucket{outcome="ok",statement="entities",le="+Inf"}`,
		`cybercoop_neo4j_statement_duration_seconds_bucket{outcome="ok",statement="data_version",le="+Inf"}`,
		`cybercoop_response_cache_lookups_total{result="miss"}`,
		"cybercoop_neo4j_breaker_open ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
