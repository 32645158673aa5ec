package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop/httpapi"
)

// TestCraftedRequests sends through the whole handler, response cache on, the requests that used to be answered
// wrongly: each must be refused with its status and code, repeat nothing of the body, and never be answered from a
// cached response to a different request (docs/api.md, "GraphQL over HTTP").
func TestCraftedRequests(t *testing.T) {
	handler := newHandler(emptyStore{}, httpapi.Options{CacheBytes: 1 << 20})
	send := func(method, target, contentType, accept, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, target, strings.NewReader(body))
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		return rec
	}
	const query = `{"query":"{ __typename }"}`
	for i, wantCache := range []string{"MISS", "HIT"} { // the second is answered from the cache, with the same headers
		rec := send("POST", "/graphql", "application/json", "", query)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json; charset=utf-8" ||
			!slices.Contains(rec.Header().Values("Vary"), "Accept") || rec.Header().Get("X-Cache") != wantCache {
			t.Logf("request %d", i+1)
			t.Fatalf("plain query (X-Cache %s): %d %v", rec.Header().Get("X-Cache"), rec.Code, rec.Header())
		}
	}

	for _, tc := range []struct {
		name, method, target, contentType, accept, body string
		status                                          int
		code, media                                     string
	}{
		{"ErrBatched array", "POST", "/graphql", "application/json", "", `[{"query":"{ __typename }","zq9":1}]`, 400, "BAD_REQUEST", "application/json"},
		{"ErrMalformed JSON", "POST", "/graphql", "application/json", "", `{"query":"{ __typename }", zq9}`, 400, "BAD_REQUEST", "application/json"},
		{"ErrMissing query", "POST", "/graphql", "application/json", "", `{"zq9":"{ __typename }"}`, 400, "BAD_REQUEST", "application/json"},
		{"ErrCached body as text/plain", "POST", "/graphql", "text/plain", "", query, 415, "UNSUPPORTED_MEDIA_TYPE", "application/json"},
		{"ErrCached body without content type", "POST", "/graphql", "", "", query, 415, "UNSUPPORTED_MEDIA_TYPE", "application/json"},
		{"ErrNot acceptable", "POST", "/graphql", "application/json", "text/html", query, 406, "NOT_ACCEPTABLE", "application/json"},
		{"OK cached body in the other media type", "POST", "/graphql", "application/json", "application/graphql-response+json", query, 200, "", "application/graphql-response+json"},
		{"ErrMethod", "DELETE", "/graphql", "", "", "", 405, "BAD_REQUEST", "application/json"},
		{"ErrBody too large", "POST", "/graphql", "application/json", "", `{"query":"` + strings.Repeat("zq9", 30<<10) + `"}`, 413, "BODY_TOO_LARGE", "application/json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := send(tc.method, tc.target, tc.contentType, tc.accept, tc.body)
			raw := rec.Body.String()
			if rec.Code != tc.status || rec.Header().Get("Content-Type") != tc.media+"; charset=utf-8" {
				t.Errorf("%d %s, want %d %s: %.200s", rec.Code, rec.Header().Get("Content-Type"), tc.status, tc.media, raw)
			}
			if tc.code != "" && !strings.Contains(raw, `"code":"`+tc.code+`"`) {
				t.Errorf("want code %s: %.200s", tc.code, raw)
			}
			if strings.Contains(raw, "zq9") || strings.Contains(raw, "map[") || strings.Contains(raw, "json:") {
				t.Errorf("the answer repeats the request or names a Go type: %.200s", raw)
			}
		})
	}
}
