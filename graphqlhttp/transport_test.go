package graphqlhttp

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/testserver"
	"github.com/99designs/gqlgen/graphql/handler/transport"
)

// newTestServer is gqlgen's test schema (query name, find(id: Int!), a mutation) served through Transport. Its
// mutation is not used: the service's schema has none (httpapi's TestGETRunsQueriesOnly).
func newTestServer() http.Handler {
	srv := testserver.New()
	srv.AddTransport(transport.Options{})
	srv.AddTransport(Transport{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](10)})
	return srv
}

// TestTransport: the status codes, media types and codes of docs/api.md, "GraphQL over HTTP".
func TestTransport(t *testing.T) {
	srv := newTestServer()
	const ok = `{"query":"{ name }"}`
	for _, tc := range []struct {
		name                 string
		method, target, body string
		headers              map[string]string
		status               int
		media                string // response media type
		code                 string // extensions.code of the first error; "" for a successful answer
	}{
		{name: "OK POST application/json", method: "POST", body: ok, headers: json_(), status: 200, media: MediaJSON},
		{name: "OK POST charset utf-8", method: "POST", body: ok, headers: map[string]string{"Content-Type": "application/json; charset=UTF-8"}, status: 200, media: MediaJSON},
		{name: "OK GET", method: "GET", target: "/?query=%7Bname%7D", status: 200, media: MediaJSON},
		{name: "OK graphql-response+json when preferred", method: "POST", body: ok,
			headers: json_("Accept", "application/json;q=0.9, application/graphql-response+json"), status: 200, media: MediaGraphQLResponse},
		{name: "OK application/json when preferred", method: "POST", body: ok,
			headers: json_("Accept", "application/json, application/graphql-response+json;q=0.5"), status: 200, media: MediaJSON},
		{name: "OK wildcard gives application/json", method: "POST", body: ok, headers: json_("Accept", "*/*"), status: 200, media: MediaJSON},
		{name: "OK variables", method: "POST", body: `{"query":"query($id: Int!) { find(id: $id) }","variables":{"id":1}}`, headers: json_(), status: 200, media: MediaJSON},
		{name: "OK null parameters", method: "POST", body: `{"query":"{ name }","operationName":null,"variables":null,"extensions":null}`, headers: json_(), status: 200, media: MediaJSON},

		{name: "ErrBatched array", method: "POST", body: ` [{"query":"{ name }"},{"query":"{ name }"}]`, headers: json_(), status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrMalformed JSON", method: "POST", body: `{"query": "{ zq9 }",}`, headers: json_(), status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrTruncated JSON", method: "POST", body: `{"query": "{ zq9`, headers: json_(), status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrTwo JSON values", method: "POST", body: ok + `{"zq9":1}`, headers: json_(), status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrNot an object", method: "POST", body: `"{ zq9 }"`, headers: json_(), status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrEmpty body", method: "POST", headers: json_(), status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrQuery named in another case", method: "POST", body: `{"Query":"{ zq9 }"}`, headers: json_(), status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrMissing query", method: "POST", body: `{"notquery":"{ zq9 }"}`, headers: json_(), status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrQuery not a string", method: "POST", body: `{"query":{"zq9":"zq9"}}`, headers: json_(), status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrOperationName not a string", method: "POST", body: `{"query":"{ name }","operationName":0}`, headers: json_(), status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrVariables not an object", method: "POST", body: `{"query":"{ name }","variables":["zq9"]}`, headers: json_(), status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrVariables a string", method: "POST", body: `{"query":"{ name }","variables":"zq9"}`, headers: json_(), status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrDocumentId not a string", method: "POST", body: `{"documentId":1}`, headers: json_(), status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrDocumentId and a query", method: "GET", target: "/?query=%7Bname%7D&documentId=sha256:ab", status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrDocumentId and a query in a POST", method: "POST", body: `{"query":"{ name }","documentId":"sha256:ab"}`, headers: json_(), status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrExtensions not an object", method: "POST", body: `{"query":"{ name }","extensions":false}`, headers: json_(), status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrBad request in the negotiated type", method: "POST", body: `[]`, headers: json_("Accept", MediaGraphQLResponse), status: 400, media: MediaGraphQLResponse, code: CodeBadRequest},

		{name: "ErrNo content type", method: "POST", body: ok, status: 415, media: MediaJSON, code: CodeUnsupportedMediaType},
		{name: "ErrText plain (a form or a simple cross-site request)", method: "POST", body: ok, headers: map[string]string{"Content-Type": "text/plain;charset=UTF-8"}, status: 415, media: MediaJSON, code: CodeUnsupportedMediaType},
		{name: "ErrForm", method: "POST", body: "query=%7Bname%7D", headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, status: 415, media: MediaJSON, code: CodeUnsupportedMediaType},
		{name: "ErrOther charset", method: "POST", body: ok, headers: map[string]string{"Content-Type": "application/json; charset=zq9"}, status: 415, media: MediaJSON, code: CodeUnsupportedMediaType},
		{name: "ErrMalformed content type", method: "POST", body: ok, headers: map[string]string{"Content-Type": "application/json; ;;"}, status: 415, media: MediaJSON, code: CodeUnsupportedMediaType},
		{name: "ErrNot acceptable", method: "POST", body: ok, headers: json_("Accept", "text/html"), status: 406, media: MediaJSON, code: CodeNotAcceptable},
		{name: "ErrAccept with q=0 only", method: "POST", body: ok, headers: json_("Accept", "application/json;q=0"), status: 406, media: MediaJSON, code: CodeNotAcceptable},
		{name: "ErrMethod", method: "PUT", body: ok, headers: json_(), status: 405, media: MediaJSON, code: CodeBadRequest},

		{name: "ErrGET malformed query string", method: "GET", target: "/?query=%zz", status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrGET missing query", method: "GET", target: "/?operationName=x", status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrGET variables not JSON", method: "GET", target: "/?query=%7Bname%7D&variables=%7Bzq9", status: 400, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrGET variables an array", method: "GET", target: "/?query=%7Bname%7D&variables=%5B1%5D", status: 400, media: MediaJSON, code: CodeBadRequest},

		{name: "ErrPersistedQuery extension of the wrong shape", method: "GET", target: "/?extensions=%7B%22persistedQuery%22%3A1%7D", status: 200, media: MediaJSON, code: CodeBadRequest},
		{name: "ErrParse 200 in application/json", method: "POST", body: `{"query":"{"}`, headers: json_(), status: 200, media: MediaJSON, code: "GRAPHQL_PARSE_FAILED"},
		{name: "ErrParse 400 in graphql-response+json", method: "POST", body: `{"query":"{"}`, headers: json_("Accept", MediaGraphQLResponse), status: 400, media: MediaGraphQLResponse, code: "GRAPHQL_PARSE_FAILED"},
		{name: "ErrValidation 200 in application/json", method: "POST", body: `{"query":"{ nmae }"}`, headers: json_(), status: 200, media: MediaJSON, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "ErrCoercion 400 in graphql-response+json", method: "POST", body: `{"query":"query($id: Int!) { find(id: $id) }","variables":{"id":"x"}}`,
			headers: json_("Accept", MediaGraphQLResponse), status: 400, media: MediaGraphQLResponse, code: "GRAPHQL_VALIDATION_FAILED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := tc.target
			if target == "" {
				target = "/"
			}
			req := httptest.NewRequest(tc.method, target, strings.NewReader(tc.body))
			for k, v := range tc.headers {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			raw := rec.Body.String()
			if rec.Code != tc.status {
				t.Errorf("status %d, want %d: %s", rec.Code, tc.status, raw)
			}
			if got := rec.Header().Get("Content-Type"); got != tc.media+"; charset=utf-8" {
				t.Errorf("Content-Type %q, want %s", got, tc.media)
			}
			if got := rec.Header().Get("Vary"); got != "Accept" {
				t.Errorf("Vary %q, want Accept", got)
			}
			var resp struct {
				Data   *json.RawMessage `json:"data"`
				Errors []struct {
					Message    string
					Extensions map[string]any
				}
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
				t.Fatalf("response is not JSON: %s", raw)
			}
			if tc.code == "" {
				if len(resp.Errors) > 0 || resp.Data == nil {
					t.Errorf("want data and no error: %s", raw)
				}
				return
			}
			if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != tc.code {
				t.Errorf("want extensions.code %s: %s", tc.code, raw)
			}
			if resp.Data != nil {
				t.Errorf("a request refused before execution has a data entry: %s", raw)
			}
			// Refusals never repeat the request (whose bodies hold the marker zq9) or name Go types.
			for _, leak := range []string{"zq9", "json.", "map[", "interface", "string into", "Go value"} {
				if strings.Contains(raw, leak) {
					t.Errorf("response shows %q: %s", leak, raw)
				}
			}
		})
	}
}

// json_ is a JSON content type and, optionally, more header pairs.
func json_(pairs ...string) map[string]string {
	h := map[string]string{"Content-Type": "application/json"}
	for i := 0; i+1 < len(pairs); i += 2 {
		h[pairs[i]] = pairs[i+1]
	}
	return h
}

// TestNegotiate: the response's media type follows Accept (docs/api.md, "GraphQL over HTTP").
func TestNegotiate(t *testing.T) {
	for _, tc := range []struct {
		accept, want string
		ok           bool
	}{
		{"", MediaJSON, true},
		{"application/json", MediaJSON, true},
		{"application/graphql-response+json", MediaGraphQLResponse, true},
		{"application/graphql-response+json, application/json;q=0.9", MediaGraphQLResponse, true},
		{"application/json, application/graphql-response+json;q=0.9", MediaJSON, true},
		{"application/json, application/graphql-response+json", MediaGraphQLResponse, true},
		{"*/*", MediaJSON, true},
		{"application/*;q=0.8, text/html", MediaJSON, true},
		{"text/html, application/xhtml+xml, */*;q=0.8", MediaJSON, true}, // a browser's address bar
		{"application/json; charset=utf-8", MediaJSON, true},
		{"text/html", "", false},
		{"application/json;q=0", "", false},
		{"application/json;q=abc", "", false},
		{";;;, ,", "", false},
	} {
		got, ok := negotiate(tc.accept)
		if got != tc.want || ok != tc.ok {
			t.Errorf("negotiate(%q) = %q, %v; want %q, %v", tc.accept, got, ok, tc.want, tc.ok)
		}
	}
}
