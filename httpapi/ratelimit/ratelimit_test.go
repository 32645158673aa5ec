package ratelimit

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop/internal/reqcost"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newTestLimiter(t testing.TB, cfg Config) (*Limiter, *fakeClock) {
	t.Helper()
	l, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	l.now = clock.now
	return l, clock
}

// TestLimiter: a token bucket of a minute's budget, refilled continuously (docs/operations.md, "Rate limit").
func TestLimiter(t *testing.T) {
	alice, bob := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	type step struct {
		advance   time.Duration
		client    netip.Addr
		allows    int           // Allow calls expected to succeed
		reserve   int           // then a reservation of this much, expected to succeed...
		refund    int           // ...and a refund of this much
		refused   int           // then a reservation of this much expected to fail (1: an Allow)...
		retryWant time.Duration // ...with this wait
	}
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"OK a new client has one minute's budget", []step{
			{client: alice, allows: 60, refused: 1, retryWant: time.Second},
		}},
		{"OK the bucket refills at the budget's rate", []step{
			{client: alice, allows: 60, refused: 1, retryWant: time.Second},
			{advance: 10 * time.Second, client: alice, allows: 10, refused: 1, retryWant: time.Second},
			{advance: 500 * time.Millisecond, client: alice, refused: 1, retryWant: 500 * time.Millisecond},
		}},
		{"OK work is admitted only when the bucket holds its whole cost", []step{
			{client: alice, allows: 1, reserve: 50, refused: 10, retryWant: time.Second}, // 9 left of 60
			{advance: time.Second, client: alice, reserve: 10, refused: 1, retryWant: time.Second},
		}},
		{"OK what did not run is given back, up to a full bucket", []step{
			{client: alice, reserve: 60, refund: 40, refused: 41, retryWant: time.Second},
			{client: alice, reserve: 40, refund: 1000, refused: 61, retryWant: -1},
			{client: alice, allows: 60},
		}},
		{"OK work that costs more than a full bucket never runs", []step{
			{client: alice, refused: 61, retryWant: -1},
			{client: alice, allows: 60},
		}},
		{"OK the bucket holds no more than one minute's budget", []step{
			{advance: time.Hour, client: alice, allows: 60, refused: 1, retryWant: time.Second},
		}},
		{"OK clients have separate buckets", []step{
			{client: alice, allows: 60, refused: 1, retryWant: time.Second},
			{client: bob, allows: 60, refused: 1, retryWant: time.Second},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, clock := newTestLimiter(t, Config{CostPerMinute: 60, MaxClients: 10})
			for i, s := range tc.steps {
				clock.advance(s.advance)
				for n := range s.allows {
					if _, ok := l.Allow(s.client); !ok {
						t.Fatalf("step %d: request %d refused, want %d admitted", i, n+1, s.allows)
					}
				}
				budget := clientBudget{l, s.client}
				if s.reserve > 0 {
					if wait, ok := budget.Reserve(s.reserve); !ok {
						t.Fatalf("step %d: Reserve(%d) refused, wait %v", i, s.reserve, wait)
					}
				}
				budget.Refund(s.refund)
				if s.refused == 0 {
					continue
				}
				retry, ok := budget.Reserve(s.refused)
				if ok || retry != s.retryWant {
					t.Fatalf("step %d: Reserve(%d) = %v, %v; want refused with wait %v", i, s.refused, retry, ok, s.retryWant)
				}
			}
		})
	}
}

func TestMemoryIsBounded(t *testing.T) {
	l, _ := newTestLimiter(t, Config{CostPerMinute: 60, MaxClients: 100})
	first := netip.MustParseAddr("10.0.0.0")
	for range 60 {
		l.Allow(first)
	}
	addr := first
	for range 10_000 {
		addr = addr.Next()
		l.Allow(addr)
	}
	if got := l.Clients(); got != 100 {
		t.Errorf("%d buckets after 10,001 clients, want at most 100", got)
	}
	// The first client was the least recently seen: it is forgotten and starts again with a full budget.
	if _, ok := l.Allow(first); !ok {
		t.Error("a forgotten client is still refused")
	}
}

// TestClientAddr: X-Forwarded-For is read only from trusted proxies, and IPv6 clients share a /64
// (docs/operations.md, "Rate limit").
func TestClientAddr(t *testing.T) {
	proxies, err := ParsePrefixes("10.0.0.0/8, 2001:db8:1::/48, 192.0.2.7")
	if err != nil {
		t.Fatal(err)
	}
	l, _ := newTestLimiter(t, Config{CostPerMinute: 60, MaxClients: 10, TrustedProxies: proxies})
	for _, tc := range []struct {
		name, remote string
		forwarded    []string
		want         string
	}{
		{"OK direct client", "198.51.100.5:4711", nil, "198.51.100.5"},
		{"OK direct client's forwarded header is ignored", "198.51.100.5:4711", []string{"203.0.113.9"}, "198.51.100.5"},
		{"OK client behind a trusted proxy", "10.1.2.3:80", []string{"203.0.113.9"}, "203.0.113.9"},
		{"OK a single trusted address", "192.0.2.7:80", []string{"203.0.113.9"}, "203.0.113.9"},
		{"OK spoofed entries left of the real client are ignored", "10.1.2.3:80", []string{"1.2.3.4, 203.0.113.9"}, "203.0.113.9"},
		{"OK through two trusted proxies", "10.1.2.3:80", []string{"203.0.113.9, 10.9.9.9"}, "203.0.113.9"},
		{"OK several header lines are one list", "10.1.2.3:80", []string{"1.2.3.4", "203.0.113.9"}, "203.0.113.9"},
		{"OK trusted proxy without the header", "10.1.2.3:80", nil, "10.1.2.3"},
		{"OK a garbage entry stops the walk", "10.1.2.3:80", []string{"203.0.113.9, not-an-ip"}, "10.1.2.3"},
		{"OK only proxies listed: the farthest", "10.1.2.3:80", []string{"10.5.5.5, 10.6.6.6"}, "10.5.5.5"},
		{"OK IPv6 grouped by /64", "[2001:db8:aa:bb:1:2:3:4]:443", nil, "2001:db8:aa:bb::"},
		{"OK IPv6 behind a trusted IPv6 proxy", "[2001:db8:1::1]:443", []string{"2001:db8:ff:ee::9"}, "2001:db8:ff:ee::"},
		{"OK IPv4-mapped IPv6 is IPv4", "[::ffff:198.51.100.5]:1", nil, "198.51.100.5"},
		{"OK address with a port in the header", "10.1.2.3:80", []string{"203.0.113.9:5555"}, "203.0.113.9"},
		{"OK unreadable peer", "@", nil, "invalid IP"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/graphql", nil)
			r.RemoteAddr = tc.remote
			for _, v := range tc.forwarded {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := l.ClientAddr(r).String(); got != tc.want {
				t.Errorf("ClientAddr = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestParsePrefixes(t *testing.T) {
	if got, err := ParsePrefixes(""); err != nil || len(got) != 0 {
		t.Errorf("empty list = %v, %v", got, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "10.0.0.0/8,,nope"} {
		if _, err := ParsePrefixes(bad); err == nil {
			t.Errorf("ParsePrefixes(%q) accepted", bad)
		}
	}
	for _, cfg := range []Config{{CostPerMinute: 0, MaxClients: 10}, {CostPerMinute: 60, MaxClients: 0}} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New accepted %+v", cfg)
		}
	}
}

// TestMiddleware: 429, RATE_LIMITED and Retry-After (docs/operations.md, "Rate limit").
func TestMiddleware(t *testing.T) {
	l, clock := newTestLimiter(t, Config{CostPerMinute: 60, MaxClients: 10})
	calls := 0
	handler := l.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		// What the GraphQL admission does for a query costing 25 that runs.
		if _, ok := reqcost.Reserve(r.Context(), 25); !ok {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		reqcost.Spend(r.Context(), 25)
		w.WriteHeader(http.StatusOK)
	}))
	send := func(remote string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/graphql", nil)
		r.RemoteAddr = remote
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, r)
		return rec
	}

	t.Run("OK charged one unit at the door and the work's cost", func(t *testing.T) {
		for i := range 2 { // 60 - 26 - 26 = 8 left
			if rec := send("192.0.2.1:1"); rec.Code != http.StatusOK {
				t.Fatalf("request %d: %d", i+1, rec.Code)
			}
		}
		if rec := send("192.0.2.1:1"); rec.Code != http.StatusTooManyRequests {
			t.Fatalf("third request: %d, want the work refused (7 left of 25)", rec.Code)
		}
	})
	t.Run("ErrRateLimited 429 with Retry-After and a code, without running the handler", func(t *testing.T) {
		for range 7 { // each takes a unit at the door, and its work is refused: the bucket is then empty
			send("192.0.2.1:2")
		}
		rec := send("192.0.2.1:2")
		if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" {
			t.Fatalf("%d Retry-After %q, want 429 and 1 (s until the bucket is back to 1)", rec.Code, rec.Header().Get("Retry-After"))
		}
		var body struct {
			Errors []struct {
				Message    string
				Extensions map[string]string
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || len(body.Errors) != 1 || body.Errors[0].Extensions["code"] != "RATE_LIMITED" {
			t.Errorf("body %s, want one RATE_LIMITED error", rec.Body)
		}
		if calls != 10 {
			t.Errorf("the handler ran %d times, want 10", calls)
		}
	})
	t.Run("OK another client is not affected", func(t *testing.T) {
		if rec := send("192.0.2.2:1"); rec.Code != http.StatusOK {
			t.Errorf("%d", rec.Code)
		}
	})
	t.Run("OK admitted again once refilled", func(t *testing.T) {
		clock.advance(26 * time.Second)
		if rec := send("192.0.2.1:3"); rec.Code != http.StatusOK {
			t.Errorf("%d", rec.Code)
		}
	})
}

// TestRequestsInFlightCount sends 50 requests at once from one address, each admitting work of cost 20,000 and
// holding it until all 50 have been admitted or refused: no more may run together than the budget of 100,000
// holds. Charged only when they ended, as before, all 50 were admitted (docs/operations.md, "Rate limit").
func TestRequestsInFlightCount(t *testing.T) {
	l, _ := newTestLimiter(t, Config{CostPerMinute: 100_000, MaxClients: 10})
	const requests, cost = 50, 20_000
	var admitted, decided atomic.Int64
	allDecided := make(chan struct{})
	handler := l.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, ok := reqcost.Reserve(r.Context(), cost)
		if decided.Add(1) == requests {
			close(allDecided)
		}
		if !ok {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		admitted.Add(1)
		<-allDecided // in flight until every request has been admitted or refused
		reqcost.Spend(r.Context(), cost)
	}))
	var wg sync.WaitGroup
	for range requests {
		wg.Go(func() {
			r := httptest.NewRequest("POST", "/graphql", nil)
			r.RemoteAddr = "192.0.2.1:1"
			handler.ServeHTTP(httptest.NewRecorder(), r)
		})
	}
	wg.Wait()
	if units := admitted.Load()*cost + requests; units > 100_000 || admitted.Load() < 4 {
		t.Errorf("%d of %d admitted: %d units against a budget of 100,000; want 4 or 5", admitted.Load(), requests, units)
	}
}

// BenchmarkMiddleware measures what the limiter adds to a request: one lock, one bucket update, one meter.
func BenchmarkMiddleware(b *testing.B) {
	noop := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	l, _ := newTestLimiter(b, Config{CostPerMinute: 1 << 40, MaxClients: 50_000})
	for _, bc := range []struct {
		name    string
		handler http.Handler
	}{{"without", noop}, {"with", l.Middleware(noop)}} {
		b.Run(bc.name, func(b *testing.B) {
			r := httptest.NewRequest("POST", "/graphql", nil)
			w := httptest.NewRecorder()
			b.ReportAllocs()
			for b.Loop() {
				bc.handler.ServeHTTP(w, r)
			}
		})
	}
}

// BenchmarkNewClient measures the memory one more remembered client takes (B/op), which bounds the limiter's
// memory at MaxClients times that.
func BenchmarkNewClient(b *testing.B) {
	l, _ := newTestLimiter(b, Config{CostPerMinute: 60, MaxClients: 1 << 30})
	addr := netip.MustParseAddr("10.0.0.0")
	b.ReportAllocs()
	for b.Loop() {
		addr = addr.Next()
		l.Allow(addr)
	}
}
