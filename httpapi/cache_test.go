package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fakeVersions pins a request by putting its version in the context; with err set, it pins nothing and returns
// its version as the one read last.
type fakeVersions struct {
	version string
	err     error
}

type pinned struct{}

func (f *fakeVersions) Pin(ctx context.Context) (context.Context, string, error) {
	if f.err != nil {
		return ctx, f.version, f.err
	}
	return context.WithValue(ctx, pinned{}, f.version), f.version, nil
}

func TestResponseCache(t *testing.T) {
	versions := &fakeVersions{version: "v1"}
	cache := newResponseCache(versions, 10)
	calls := 0
	handler := cache.middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if v := r.Context().Value(pinned{}); v != versions.version && versions.err == nil {
			t.Errorf("the request reached the handler pinned to %v, want the key's %s", v, versions.version)
		}
		if strings.Contains(r.URL.RawQuery, "bad") {
			fmt.Fprint(w, `{"errors":[{"message":"no"}]}`)
			return
		}
		fmt.Fprintf(w, `{"data":{"calls":%d}}`, calls)
	}))
	get := func(query string) (string, string) {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/graphql?"+query, nil))
		return rec.Body.String(), rec.Header().Get("X-Cache")
	}

	if body, hit := get("q=1"); hit != "MISS" || body != `{"data":{"calls":1}}` {
		t.Fatalf("first request: %s %s", hit, body)
	}
	if body, hit := get("q=1"); hit != "HIT" || body != `{"data":{"calls":1}}` {
		t.Errorf("same request: %s %s, want the cached body", hit, body)
	}
	if _, hit := get("q=2"); hit != "MISS" {
		t.Errorf("another request: %s, want MISS", hit)
	}
	get("bad")
	if _, hit := get("bad"); hit != "MISS" {
		t.Error("a response with errors was cached")
	}
	versions.version = "v2" // a new load
	fresh, hit := get("q=1")
	if hit != "MISS" || fresh == `{"data":{"calls":1}}` {
		t.Errorf("after a new data version: %s %s, want a fresh answer", hit, fresh)
	}
	versions.err = errors.New("the database is unavailable") // down: the version read last still finds its answers
	if body, hit := get("q=1"); hit != "HIT" || body != fresh {
		t.Errorf("while the version cannot be read: %s %s, want the answer held, %s", hit, body, fresh)
	}
}
