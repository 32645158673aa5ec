package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop/httpapi"
)

// TestGETRunsQueriesOnly: the schema has no Mutation or Subscription type, so validation refuses either kind of
// operation, over GET as over POST, before anything runs (docs/api.md, "GraphQL over HTTP"). Should the schema
// gain one, this fails: graphqlhttp must then refuse it over GET with 405 before execution, as the specification
// asks, since a link followed by a browser or a crawler must never write.
func TestGETRunsQueriesOnly(t *testing.T) {
	handler := newHandler(emptyStore{}, httpapi.Options{})
	for _, tc := range []struct {
		name, query, accept string
		status              int
	}{
		{"ErrMutation in application/json", "mutation { __typename }", "", http.StatusOK},
		{"ErrMutation in graphql-response+json", "mutation { __typename }", "application/graphql-response+json", http.StatusBadRequest},
		{"ErrSubscription", "subscription { __typename }", "application/graphql-response+json", http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(tc.query), nil)
			if tc.accept != "" {
				req.Header.Set("Accept", tc.accept)
			}
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, req)
			raw := rec.Body.String()
			if rec.Code != tc.status || !strings.Contains(raw, `"code":"GRAPHQL_VALIDATION_FAILED"`) ||
				!strings.Contains(raw, "Schema does not support operation type") || strings.Contains(raw, `"data"`) {
				t.Errorf("GET %s = %d %s, want %d GRAPHQL_VALIDATION_FAILED without data", tc.query, rec.Code, raw, tc.status)
			}
		})
	}
}
