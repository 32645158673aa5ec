package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop/httpapi"
	"github.com/cybercoop/cybercoop/httpapi/ratelimit"
)

// TestLimitedRoutes: once a client has spent its budget, /graphql and the exports are refused with 429, and
// nothing else is: the pages, the embeds, the probes, the metrics and CORS preflights cost no database work
// (docs/operations.md, "Rate limit").
func TestLimitedRoutes(t *testing.T) {
	limiter, err := ratelimit.New(ratelimit.Config{CostPerMinute: 2, MaxClients: 10})
	if err != nil {
		t.Fatal(err)
	}
	handler := newHandler(emptyStore{}, httpapi.Options{RateLimit: limiter})
	send := func(method, target string, header map[string]string) int {
		req := httptest.NewRequest(method, target, nil)
		if method == http.MethodPost {
			req = httptest.NewRequest(method, target, strings.NewReader(`{"query":"{ __typename }"}`))
			req.Header.Set("Content-Type", "application/json")
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		return rec.Code
	}
	for spent := 1; send(http.MethodPost, "/graphql", nil) != http.StatusTooManyRequests; spent++ {
		if spent == 10 {
			t.Fatal("ten requests of a budget of 2 were all answered")
		}
	}
	for _, target := range []string{"/graphql?query=%7B__typename%7D", "/export/activities.csv?country=country:gh",
		"/export/collaborators.csv?of=country:gh", "/export/neighborhood.graphml?id=country:gh"} {
		if status := send(http.MethodGet, target, nil); status != http.StatusTooManyRequests {
			t.Errorf("GET %s past the budget = %d, want 429", target, status)
		}
	}
	for _, target := range []string{"/", "/explorer?id=country:gh", "/embed/card?id=country:gh", "/embed.js",
		"/examples.graphql", "/healthz", "/readyz", "/metrics"} {
		if status := send(http.MethodGet, target, nil); status == http.StatusTooManyRequests {
			t.Errorf("GET %s is rate limited", target)
		}
	}
	preflight := map[string]string{"Origin": "https://partner.example", "Access-Control-Request-Method": "POST"}
	if status := send(http.MethodOptions, "/graphql", preflight); status == http.StatusTooManyRequests {
		t.Error("a CORS preflight is rate limited")
	}
}
