package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/httpapi"
	"github.com/cybercoop/cybercoop/store"
)

// TestIfNoneMatchAny checks that "If-None-Match: *" on GET /graphql runs the request: a 304 would tell a client
// that the answer it holds is current when it holds none, even for a request that fails. Only the current ETag
// gives 304 (docs/api.md, "HTTP caching").
func TestIfNoneMatchAny(t *testing.T) {
	handler := newHandler(emptyStore{}, httpapi.Options{CacheBytes: 1 << 20})
	get := func(query, ifNoneMatch string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(query), nil)
		if ifNoneMatch != "" {
			req.Header.Set("If-None-Match", ifNoneMatch)
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		return rec
	}
	const ok, missing, invalid = `{ __typename }`, `{ country(id: "zz") { name } }`, `{ nosuchfield }`
	etag := get(ok, "").Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on a successful GET")
	}
	for _, tc := range []struct {
		name, query, ifNoneMatch string
		status                   int
		inBody                   string
	}{
		{"OK * runs the request", ok, "*", http.StatusOK, `"__typename":"Query"`},
		{"OK * in a list runs the request", ok, `W/"other", *`, http.StatusOK, `"__typename":"Query"`},
		{"ErrNotFound * gives the error", missing, "*", http.StatusOK, `"NOT_FOUND"`},
		{"ErrInvalid * gives the error", invalid, "*", http.StatusOK, `"GRAPHQL_VALIDATION_FAILED"`},
		{"OK the current ETag gives 304", ok, etag, http.StatusNotModified, ""},
		{"OK the current ETag in a list with * gives 304", ok, `*, ` + etag, http.StatusNotModified, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(tc.query, tc.ifNoneMatch)
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.inBody) {
				t.Errorf("%d %.200s, want %d with %s", rec.Code, rec.Body, tc.status, tc.inBody)
			}
		})
	}
}

// conventionStore holds one convention, which Ghana joins on 2030-01-02 (certain by that day).
type conventionStore struct{ emptyStore }

func (conventionStore) Entities(_ context.Context, refs []cybercoop.Ref) (map[cybercoop.Ref]cybercoop.Entity, error) {
	out := map[cybercoop.Ref]cybercoop.Entity{}
	for _, ref := range refs {
		if ref.Kind == cybercoop.KindConvention {
			out[ref] = cybercoop.Convention{ID: ref.ID, Name: "Convention on Cybercrime"}
		}
	}
	return out, nil
}

// EntitiesWith fetches no list.
func (s conventionStore) EntitiesWith(ctx context.Context, refs []cybercoop.Ref, fetches []store.Fetch) (map[cybercoop.Ref]cybercoop.Entity, []store.Fetched, error) {
	entities, err := s.Entities(ctx, refs)
	return entities, nothingFetched(fetches), err
}

func nothingFetched(fetches []store.Fetch) []store.Fetched {
	out := make([]store.Fetched, len(fetches))
	for i, f := range fetches {
		out[i].Children = nothingFetched(f.Children)
	}
	return out
}

// Accessions gives every convention one step: Ghana's ratification, certain by 2 January 2030.
func (conventionStore) Accessions(_ context.Context, refs []cybercoop.Ref) (map[cybercoop.Ref]store.Steps, error) {
	ghana := cybercoop.Country{ID: "gh", Name: "Ghana"}
	certainBy := "2030-01-02"
	out := map[cybercoop.Ref]store.Steps{}
	for _, ref := range refs {
		out[ref] = store.Steps{Steps: []cybercoop.Accession{{Party: ghana.Ref(), ConventionID: ref.ID, Status: "ratified",
			CertainBy: &certainBy}}, Parties: map[cybercoop.Ref]cybercoop.Entity{ghana.Ref(): ghana}}
	}
	return out, nil
}

// TestPartiesAsOfToday asks for a convention's parties without asOf ("today") on both sides of midnight UTC, by
// the handler's clock: the resolver answers for the day the response cache and the ETag are keyed on.
func TestPartiesAsOfToday(t *testing.T) {
	now := time.Date(2030, 1, 1, 23, 59, 59, 0, time.UTC)
	handler := newHandler(conventionStore{}, httpapi.Options{CacheBytes: 1 << 20, Now: func() time.Time { return now }})
	get := func() *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/graphql?query="+
			url.QueryEscape(`{ convention(id: "budapest") { parties { status certainBy } } }`), nil))
		return rec
	}
	before := get()
	if !strings.HasPrefix(before.Body.String(), `{"data":{"convention":{"parties":[]}}`) {
		t.Errorf("the day before: %s, want no party", before.Body)
	}
	now = now.Add(2 * time.Second)
	after := get()
	if !strings.HasPrefix(after.Body.String(), `{"data":{"convention":{"parties":[{"status":"ratified","certainBy":"2030-01-02"}]}}`) ||
		after.Header().Get("X-Cache") != "MISS" || after.Header().Get("ETag") == before.Header().Get("ETag") {
		t.Errorf("after midnight: %s %q %s, want a new answer with Ghana", after.Header().Get("X-Cache"), after.Header().Get("ETag"), after.Body)
	}
}
