package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop/graph"
	"github.com/cybercoop/cybercoop/httpapi"
	"github.com/cybercoop/cybercoop/httpapi/ratelimit"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/web/documents"
)

var fuzzMethods = []string{"POST", "GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}

// FuzzHandler sends random methods, content types, Accept headers, query strings and bodies through the whole
// handler (rate limit, body limit, response cache, GraphQL over HTTP, GraphQL, and the real store when
// TEST_NEO4J_URI is set, an empty one otherwise). Whatever the input: no panic, no 5xx, no INTERNAL error, and
// every answer but a 200 (or a bodiless one) is JSON whose errors all carry an extensions.code.
func FuzzHandler(f *testing.F) {
	var st interface {
		graph.Store
		httpapi.Database
	} = emptyStore{}
	if os.Getenv("TEST_NEO4J_URI") != "" {
		st = neo4jtest.Seeded(f)
	}
	limiter, err := ratelimit.New(ratelimit.Config{CostPerMinute: 1 << 40, MaxClients: 100})
	if err != nil {
		f.Fatal(err)
	}
	handler := newHandler(st, httpapi.Options{CacheBytes: 1 << 20, MaxBodyBytes: 8 << 10, RateLimit: limiter})

	const j = "application/json"
	for _, seed := range []struct {
		method                        uint8
		contentType, accept, rawQuery string
		body                          string
	}{
		{0, j, "", "", `{"query":"{ project(id: \"glacy-plus\") { name budgetEUR } }"}`},
		{0, j, "application/graphql-response+json", "", `{"query":"{ search(text: \"ghana\") { node { id } } }"}`},
		{0, j, "", "", `[{"query":"{ __typename }"},{"query":"{ __typename }"}]`},
		{0, j, "", "", `{"query":"{ __typename }"`},
		{0, j, "", "", `{"query":null,"variables":{"a":[1,{"b":null}]}}`},
		{0, j, "", "", `{"query":"query($n: Int) { projects(first: $n) { totalCount } }","variables":{"n":"x"}}`},
		{0, j, "", "", `{"query":"{ a: project(id: \"x\") { id } a: project(id: \"y\") { id } }"}`},
		{0, j, "", "", `{"query":"{ neighborhood(id: \"country:to\", depth: 2, limit: 50) { nodes { id } } }"}`},
		{0, j, "", "", `{"query":"{ activities(first: 101) { totalCount } }"}`},
		{0, j, "", "", `{"query":"{ node(id: \"\u0000\u00ff\") { id } }"}`},
		{0, j, "", "", `{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"00"}}}`},
		{0, "text/plain", "", "", `{"query":"{ __typename }"}`},
		{0, "", "", "", `{"query":"{ __typename }"}`},
		{0, "application/json; charset=utf-16", "", "", "\xff\xfe{"},
		{0, j, "text/html", "", `{"query":"{ __typename }"}`},
		{1, "", "", "query=%7B__typename%7D", ""},
		{1, "", "", "query=%7Bprojects(first:3)%7Bnodes%7Bid%7D%7D%7D&variables=%7B%7D", ""},
		{1, "", "", "query=%zz", ""},
		{1, "", "", "query=mutation%7Bx%7D", ""},
		{1, "", "", "extensions=%7B%22persistedQuery%22%3A1%7D", ""},
		{1, "", "", "documentId=" + documents.Trusted.IDs()[0] + "&variables=%7B%22id%22%3A%22country%3Agh%22%7D", ""},
		{1, "", "", "documentId=sha256%3A00&query=%7B__typename%7D", ""},
		{1, "", "", "documentId=", ""},
		{0, j, "", "", `{"documentId":["x"]}`},
		// Issue 23's attacks: Int variables as strings and nulls, a literal null, an export's parameters.
		{0, j, "", "", `{"query":"query($h: Int, $f: Int) { a: paths(from: \"country:to\", to: \"organization:europol\", maxHops: $h, first: $f) { length } }","variables":{"h":"6","f":"20"}}`},
		{0, j, "", "", `{"query":"query($n: Int) { countries(first: $n) { nodes { activities(first: $n) { nodes { id } } } } }","variables":{"n":"100"}}`},
		{0, j, "", "", `{"query":"query($f: Int) { countries(first: 100) { nodes { relations(first: $f) { nodes { type } } } } }","variables":{"f":null}}`},
		{0, j, "", "", `{"query":"{ countries(first: null) { nodes { relations(first: null) { totalCount } } } }"}`},
		{0, j, "", "", `{"query":"query($o: ActivityOrder) { activities(orderBy: $o) { totalCount } }","variables":{"o":"date_asc"}}`},
		{2, j, "", "", `{"query":"{ __typename }"}`},
		{5, "", "", "", ""},
		{6, "", "", "", ""},
	} {
		f.Add(seed.method, seed.contentType, seed.accept, seed.rawQuery, []byte(seed.body))
	}

	f.Fuzz(func(t *testing.T, method uint8, contentType, accept, rawQuery string, body []byte) {
		req := httptest.NewRequest(fuzzMethods[int(method)%len(fuzzMethods)], "/graphql", strings.NewReader(string(body)))
		req.URL.RawQuery = rawQuery
		if contentType != "" {
			req.Header.Set("Content-Type", strings.ToValidUTF8(contentType, ""))
		}
		if accept != "" {
			req.Header.Set("Accept", strings.ToValidUTF8(accept, ""))
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)

		if rec.Code >= 500 {
			t.Fatalf("%s gave %d: %s", req.Method, rec.Code, rec.Body)
		}
		if rec.Body.Len() == 0 && (req.Method == "HEAD" || req.Method == "OPTIONS") {
			return // answered by status and headers alone
		}
		var resp struct {
			Errors []struct {
				Message    string
				Extensions map[string]any
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatalf("%s gave %d, not JSON: %.300s", req.Method, rec.Code, rec.Body)
		}
		if rec.Code != http.StatusOK && len(resp.Errors) == 0 {
			t.Fatalf("%s gave %d without an error: %.300s", req.Method, rec.Code, rec.Body)
		}
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			if code == "" || code == "INTERNAL" {
				t.Fatalf("%s gave %d with error code %q: %.300s", req.Method, rec.Code, code, rec.Body)
			}
		}
	})
}
