package httpapi_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/httpapi"
	"github.com/cybercoop/cybercoop/httpapi/ratelimit"
	"github.com/cybercoop/cybercoop/store"
)

// versionKey is where pagedStore's Pin leaves the version it pinned.
type versionKey struct{}

// pagedStore lists 250 activities, 100 a page, and switches its current data version from v1 to v2 as soon as the
// first page has been read, as a load finishing during an export would. It records the version each page was
// read from: the pinned one, else the current one.
type pagedStore struct {
	emptyStore
	current atomic.Pointer[string]
	failAt  int // a page number whose read fails (0: none)

	mu   sync.Mutex
	read []string // the version of each page read
}

func newPagedStore() *pagedStore {
	s := &pagedStore{}
	v1 := "v1"
	s.current.Store(&v1)
	return s
}

func (s *pagedStore) Pin(ctx context.Context) (context.Context, string, error) {
	if v, ok := ctx.Value(versionKey{}).(string); ok {
		return ctx, v, nil
	}
	v := *s.current.Load()
	return context.WithValue(ctx, versionKey{}, v), v, nil
}

func (s *pagedStore) Activities(ctx context.Context, _ []cybercoop.Ref, q store.ActivityQuery) (map[cybercoop.Ref]store.List[cybercoop.Activity], error) {
	version, pinned := ctx.Value(versionKey{}).(string)
	if !pinned {
		version = *s.current.Load()
	}
	s.mu.Lock()
	s.read = append(s.read, version)
	page := len(s.read)
	s.mu.Unlock()
	v2 := "v2"
	s.current.Store(&v2)
	if page == s.failAt {
		return nil, cybercoop.Errorf(cybercoop.EUNAVAILABLE, "the database is unavailable")
	}
	var items []cybercoop.Activity
	for i := q.Page.Offset; i < min(250, q.Page.Offset+q.Page.Limit); i++ {
		items = append(items, cybercoop.Activity{ID: fmt.Sprintf("a-%s-%03d", version, i), Title: "t", Type: "training", Start: "2018-01-01", End: "2018-01-01"})
	}
	return map[cybercoop.Ref]store.List[cybercoop.Activity]{{}: {Items: items, Total: 250}}, nil
}

// TestExportReadsOneVersion downloads an export while the data version changes under it: every page comes from
// the version current when the download started. Read page by page from the current version, as before, its rows
// mixed two loads (docs/api.md, "Endpoints").
func TestExportReadsOneVersion(t *testing.T) {
	st := newPagedStore()
	srv := httptest.NewServer(newHandler(st, httpapi.Options{}))
	defer srv.Close()
	resp, body := get(t, srv, "/export/activities.csv")
	rows := readCSV(t, body)
	if resp.StatusCode != http.StatusOK || len(rows) != 251 {
		t.Fatalf("status %d, %d rows; want 200 and a header with 250 rows", resp.StatusCode, len(rows))
	}
	if strings.Join(st.read, ",") != "v1,v1,v1" || !strings.HasPrefix(rows[250][0], "activity:a-v1-") {
		t.Errorf("pages read from versions %v, last row %v; want v1 throughout", st.read, rows[250])
	}
}

// TestExportCutShortIsAborted fails the second page of a download: the client must see a failed transfer, not a
// 200 with a short file that looks whole (docs/api.md, "Endpoints").
func TestExportCutShortIsAborted(t *testing.T) {
	st := newPagedStore()
	st.failAt = 2
	srv := httptest.NewServer(newHandler(st, httpapi.Options{}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/export/activities.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("read %d bytes, error %v; want the transfer to fail with an unexpected EOF", len(body), err)
	}
}

// TestExportsRateLimited checks that the exports share the GraphQL endpoint's budget: refused with 429 and
// Retry-After once GraphQL requests have spent it, and refused when they cost more than a whole budget, in both
// cases before anything is written. Before, they ran whatever the budget.
// (docs/api.md, "Endpoints"; docs/operations.md, "Rate limit").
func TestExportsRateLimited(t *testing.T) {
	limiter, err := ratelimit.New(ratelimit.Config{CostPerMinute: 1000, MaxClients: 10})
	if err != nil {
		t.Fatal(err)
	}
	st := newPagedStore()
	srv := httptest.NewServer(newHandler(st, httpapi.Options{RateLimit: limiter}))
	defer srv.Close()

	t.Run("ErrRateLimited an export that costs more than a whole budget", func(t *testing.T) {
		resp, body := get(t, srv, "/export/neighborhood.graphml?id=organization:coe&depth=3&limit=500")
		if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "RATE_LIMITED") || !strings.Contains(body, "ask for less") {
			t.Errorf("status %d: %s", resp.StatusCode, body)
		}
	})
	t.Run("ErrRateLimited an export once GraphQL requests spent the budget", func(t *testing.T) {
		for range 4 { // 4 x (1 at the door + 201)
			if code, resp, raw := postQuery(t, srv, `{ countries(first: 100) { nodes { id } } }`); code != http.StatusOK || len(resp.Errors) > 0 {
				t.Fatalf("%d %s", code, raw)
			}
		}
		resp, body := get(t, srv, "/export/activities.csv")
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "RATE_LIMITED") {
			t.Errorf("status %d, Retry-After %q: %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
		if len(st.read) != 0 {
			t.Errorf("%d pages read for a refused export", len(st.read))
		}
	})
}

// blockingStore holds every list read until release is closed, counting the reads waiting.
type blockingStore struct {
	emptyStore
	waiting atomic.Int64
	release chan struct{}
}

func (s *blockingStore) ListEntities(ctx context.Context, _ cybercoop.Kind, _ store.EntityFilter, _ store.Page, _ bool) (store.List[cybercoop.Entity], error) {
	s.waiting.Add(1)
	select {
	case <-s.release:
	case <-ctx.Done():
	}
	return store.List[cybercoop.Entity]{}, nil
}

// TestConcurrentCostlyRequests is issue 23's attack through the whole handler: 50 requests at once from one
// address, each costing 19,801, against a budget of 100,000 a minute. The operations admitted stay in flight until
// every other request has been answered: at most five may run, and the rest get 429 with Retry-After. Charged only
// when they ended, as before, 41 to 50 of them ran (docs/operations.md, "Rate limit").
func TestConcurrentCostlyRequests(t *testing.T) {
	limiter, err := ratelimit.New(ratelimit.Config{CostPerMinute: 100_000, MaxClients: 10})
	if err != nil {
		t.Fatal(err)
	}
	st := &blockingStore{release: make(chan struct{})}
	srv := httptest.NewServer(newHandler(st, httpapi.Options{RateLimit: limiter}))
	defer srv.Close()
	const requests = 50
	var refused atomic.Int64
	var wg sync.WaitGroup
	for i := range requests {
		wg.Go(func() {
			// Each text differs (an alias), so that no answer comes from the response cache.
			body := fmt.Sprintf(`{"query":"{ c%d: countries(first: 100) { nodes { activities(first: 98) { nodes { id } } } } }"}`, i)
			resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			switch {
			case resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") != "" && strings.Contains(string(raw), "RATE_LIMITED"):
				refused.Add(1)
			case resp.StatusCode != http.StatusOK:
				t.Errorf("%d %s", resp.StatusCode, raw)
			}
		})
	}
	deadline := time.Now().Add(10 * time.Second)
	for st.waiting.Load()+refused.Load() < requests && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	admitted := st.waiting.Load()
	close(st.release)
	wg.Wait()
	if units := admitted*19_801 + requests; admitted < 4 || units > 100_000 || refused.Load() != requests-admitted {
		t.Errorf("%d admitted (%d units against 100,000), %d refused with 429", admitted, units, refused.Load())
	}
}
