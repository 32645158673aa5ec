package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop/internal/today"
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

// TestResponseCache: answers are kept by request and data version, errors are not (docs/api.md, "HTTP caching").
func TestResponseCache(t *testing.T) {
	versions := &fakeVersions{version: "v1"}
	cache := newResponseCache(versions, 1<<20)
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

// TestResponseCacheBudget fills a cache of 1 MiB with 50 answers of 200 KB: it never holds more than its budget,
// the newest answers are still hits, and the oldest are gone.
func TestResponseCacheBudget(t *testing.T) {
	const budget, size, answers = 1 << 20, 200_000, 50
	cache := newResponseCache(&fakeVersions{version: "v1"}, budget)
	lookingUp := false // then the handler answers with errors, which are not kept: a miss adds nothing
	handler := cache.middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if lookingUp {
			fmt.Fprint(w, `{"errors":[{"message":"not kept"}]}`)
			return
		}
		fmt.Fprintf(w, `{"data":{"q":%q,"pad":"%s"}}`, r.URL.Query().Get("q"), strings.Repeat("x", size-40))
	}))
	get := func(q string) string {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/graphql?q="+q, nil))
		return rec.Header().Get("X-Cache")
	}

	for i := range answers {
		if hit := get(fmt.Sprint(i)); hit != "MISS" {
			t.Fatalf("answer %d: %s, want MISS", i, hit)
		}
		if held := cache.entries.Bytes(); held > budget {
			t.Fatalf("after answer %d the cache holds %d bytes, budget %d", i, held, budget)
		}
	}
	lookingUp = true
	var kept []int
	for i := answers - 1; i >= 0; i-- {
		if get(fmt.Sprint(i)) == "HIT" {
			kept = append(kept, i)
		}
	}
	// Five answers of 200 KB, with their keys and overhead, fit in 1 MiB.
	if fmt.Sprint(kept) != "[49 48 47 46 45]" {
		t.Errorf("answers still cached: %v, want the newest five", kept)
	}

	t.Run("ErrTooLarge an answer over maxCachedBody is not kept", func(t *testing.T) {
		big := newResponseCache(&fakeVersions{version: "v1"}, 8<<20)
		handler := big.middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, `{"data":{"pad":"%s"}}`, strings.Repeat("x", maxCachedBody))
		}))
		for range 2 {
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/graphql?q=big", nil))
			if hit := rec.Header().Get("X-Cache"); hit != "MISS" || rec.Body.Len() <= maxCachedBody {
				t.Fatalf("%s, %d bytes; want MISS and the whole answer", hit, rec.Body.Len())
			}
		}
	})
}

// TestDayKeysCacheAndETag answers requests with a clock set by the test: within a UTC day an answer is cached and
// keeps its ETag; after midnight the same request runs again, gets a new ETag, and the handler (a resolver) finds
// the new day in its context (docs/api.md, "HTTP caching").
func TestDayKeysCacheAndETag(t *testing.T) {
	versions := &fakeVersions{version: "v1"}
	now := time.Date(2030, 1, 1, 0, 0, 1, 0, time.UTC)
	cache := newResponseCache(versions, 1<<20)
	// As NewHandler stacks them.
	handler := dated(func() time.Time { return now }, httpCaching(versions, "public", cache.middleware(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `{"data":{"today":%q}}`, today.Day(r.Context()).Format(time.DateOnly))
		}))))
	get := func(ifNoneMatch string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/graphql?query={today}", nil)
		if ifNoneMatch != "" {
			req.Header.Set("If-None-Match", ifNoneMatch)
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		return rec
	}

	first := get("")
	etag := first.Header().Get("ETag")
	if first.Header().Get("X-Cache") != "MISS" || first.Body.String() != `{"data":{"today":"2030-01-01"}}` || etag == "" {
		t.Fatalf("first request: %s %q %s, want the clock's day", first.Header().Get("X-Cache"), etag, first.Body)
	}
	t.Run("OK within the day, the cached answer and the same ETag", func(t *testing.T) {
		now = time.Date(2030, 1, 1, 23, 59, 59, 999999999, time.UTC)
		again := get("")
		if again.Header().Get("X-Cache") != "HIT" || again.Body.String() != first.Body.String() || again.Header().Get("ETag") != etag {
			t.Errorf("%s %q %s, want a hit with ETag %s", again.Header().Get("X-Cache"), again.Header().Get("ETag"), again.Body, etag)
		}
		if rec := get(etag); rec.Code != http.StatusNotModified {
			t.Errorf("If-None-Match with the day's ETag: %d, want 304", rec.Code)
		}
	})
	t.Run("OK after midnight UTC, a new answer and a new ETag", func(t *testing.T) {
		now = time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC)
		next := get(etag)
		if next.Code != http.StatusOK || next.Header().Get("X-Cache") != "MISS" || next.Body.String() != `{"data":{"today":"2030-01-02"}}` {
			t.Errorf("If-None-Match with yesterday's ETag: %d %s %s, want today's answer", next.Code, next.Header().Get("X-Cache"), next.Body)
		}
		if got := next.Header().Get("ETag"); got == "" || got == etag {
			t.Errorf("ETag %q after midnight, want a new one (yesterday's %s)", got, etag)
		}
		if n := cache.entries.Len(); n != 1 {
			t.Errorf("the cache holds %d answers after midnight, want yesterday's dropped", n)
		}
	})
}
