package metrics

import (
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestOperationLabel(t *testing.T) {
	for name, want := range map[string]string{
		"":                            "anonymous",
		"PartnersOfGhana":             "PartnersOfGhana",
		"not a name":                  "other",
		"x" + strings.Repeat("y", 64): "other", // 65 characters
		"é":                           "other",
	} {
		if got := OperationLabel(name); got != want {
			t.Errorf("OperationLabel(%q) = %q, want %q", name, got, want)
		}
	}

	t.Run("ErrTooManyNames later names share one series", func(t *testing.T) {
		for i := range 2 * maxOperationNames {
			OperationLabel(fmt.Sprintf("Op%d", i))
		}
		if got := OperationLabel("OneMoreName"); got != "other" {
			t.Errorf("a name beyond the first %d got %q, want other", maxOperationNames, got)
		}
		if got := OperationLabel("PartnersOfGhana"); got != "PartnersOfGhana" {
			t.Errorf("a name seen before the limit got %q, want its own series", got)
		}
	})
}

// TestGraphQLErrorLabels: every extensions.limit of the limits table has a series of its own (docs/api.md,
// "Limits and costs"; docs/operations.md, "Metrics and traces").
func TestGraphQLErrorLabels(t *testing.T) {
	for _, limit := range []string{"tokens", "fields", "aliases", "rootFields", "depth", "cost", "errors"} {
		GraphQLError("COMPLEXITY_LIMIT", limit)
		if got := testutil.ToFloat64(graphqlErrors.WithLabelValues("COMPLEXITY_LIMIT", limit)); got != 1 {
			t.Errorf("COMPLEXITY_LIMIT/%s counted %v times, want 1", limit, got)
		}
	}
	GraphQLError("<script>", "anything")
	if got := testutil.ToFloat64(graphqlErrors.WithLabelValues("OTHER", "other")); got != 1 {
		t.Errorf("an unknown code and limit counted %v times under OTHER/other, want 1", got)
	}
}

func TestHandler(t *testing.T) {
	HTTPRequest("/graphql", 200, 3*time.Millisecond)
	Statement("search", "ok", time.Millisecond)
	BreakerChanged(true)
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`cybercoop_http_request_duration_seconds_bucket{route="/graphql",le="0.005"} 1`,
		`cybercoop_neo4j_statement_duration_seconds_count{outcome="ok",statement="search"} 1`,
		"cybercoop_neo4j_breaker_open 1",
		"go_goroutines",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
