package httpapi_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// TestExamples runs every example query the playground opens with, so the README and GraphiQL never show a query
// that fails (docs/api.md, "Example queries").
func TestExamples(t *testing.T) {
	srv := newServer(t, neo4jtest.Seeded(t))
	resp, err := http.Get(srv.URL + "/examples.graphql")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	names := regexp.MustCompile(`(?m)^query (\w+)`).FindAllStringSubmatch(string(doc), -1)
	if len(names) < 8 {
		t.Fatalf("only %d example queries", len(names))
	}
	for _, m := range names {
		t.Run(m[1], func(t *testing.T) {
			body, _ := json.Marshal(map[string]string{"query": string(doc), "operationName": m[1]})
			resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || bytes.Contains(raw, []byte(`"errors"`)) || bytes.Contains(raw, []byte(`"data":null`)) {
				t.Errorf("%d %s", resp.StatusCode, raw)
			}
		})
	}
}

// TestPersistedQueriesAndCache: automatic persisted queries over GET, and the response cache (docs/api.md,
// "Limits and costs", caches; "HTTP caching").
func TestPersistedQueriesAndCache(t *testing.T) {
	srv := newServer(t, neo4jtest.Seeded(t))
	query := `{ project(id: "glacy-plus") { code } }`
	sum := sha256.Sum256([]byte(query))
	extensions := `{"persistedQuery":{"version":1,"sha256Hash":"` + hex.EncodeToString(sum[:]) + `"}}`
	get := func(params url.Values) (string, string) {
		resp, err := http.Get(srv.URL + "/graphql?" + params.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return string(raw), resp.Header.Get("X-Cache")
	}

	t.Run("OK a query registered once is then sent by hash", func(t *testing.T) {
		if body, _ := get(url.Values{"extensions": {extensions}}); !strings.Contains(body, "PersistedQueryNotFound") {
			t.Fatalf("unknown hash: %s", body)
		}
		if body, _ := get(url.Values{"query": {query}, "extensions": {extensions}}); !strings.Contains(body, `"3148"`) {
			t.Fatalf("registering: %s", body)
		}
		if body, _ := get(url.Values{"extensions": {extensions}}); !strings.Contains(body, `"3148"`) {
			t.Errorf("by hash: %s", body)
		}
	})

	t.Run("OK the same request is answered from the cache", func(t *testing.T) {
		params := url.Values{"query": {`{ activityStats(groupBy: TYPE) { key count } }`}}
		first, cache1 := get(params)
		second, cache2 := get(params)
		if cache1 != "MISS" || cache2 != "HIT" || first != second {
			t.Errorf("X-Cache %s then %s; bodies equal: %v", cache1, cache2, first == second)
		}
	})
}
