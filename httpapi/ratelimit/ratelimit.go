// Package ratelimit gives each client address a budget of cost per minute, as a token bucket, and refuses a
// client's requests with 429 and Retry-After once it is spent.
//
// Every request takes one unit at the door, refused at once when the bucket holds less. The cost of its work (a
// GraphQL operation's, an export's) is then taken when that work is admitted and before it runs (internal/reqcost):
// the work is refused when the bucket does not hold its whole cost, so requests in flight count and a client cannot
// start more at once than its budget holds. Cost reserved for work that did not run is given back when the request
// ends. Buckets refill continuously at the budget's rate and hold at most one minute's budget. Memory is bounded:
// past MaxClients buckets the least recently seen client is forgotten (it had most likely refilled anyway).
package ratelimit

import (
	"fmt"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"

	"github.com/cybercoop/cybercoop/graphqlhttp"
	"github.com/cybercoop/cybercoop/internal/reqcost"
)

// Config sets the budget and how clients are told apart.
type Config struct {
	CostPerMinute int // cost a client may spend per minute; also the largest burst.
	MaxClients    int // buckets kept in memory; the least recently seen client is forgotten beyond it.
	// TrustedProxies are the networks of the reverse proxies in front of the service. Only when the direct peer is
	// in one of them is the client read from X-Forwarded-For; anyone else could write any address there.
	TrustedProxies []netip.Prefix
}

// Limiter holds one token bucket per client. It is safe for concurrent use.
type Limiter struct {
	perSecond float64
	burst     float64
	trusted   []netip.Prefix
	now       func() time.Time

	mu      sync.Mutex
	buckets *simplelru.LRU[netip.Addr, *bucket]
}

type bucket struct {
	tokens  float64
	updated time.Time
}

// New returns a limiter, or an error naming the setting that is out of range.
func New(cfg Config) (*Limiter, error) {
	switch {
	case cfg.CostPerMinute < 1:
		return nil, fmt.Errorf("the rate limit's cost per minute must be at least 1, got %d", cfg.CostPerMinute)
	case cfg.MaxClients < 1:
		return nil, fmt.Errorf("the rate limit's client count must be at least 1, got %d", cfg.MaxClients)
	}
	buckets, err := simplelru.NewLRU[netip.Addr, *bucket](cfg.MaxClients, nil)
	if err != nil {
		return nil, err
	}
	return &Limiter{
		perSecond: float64(cfg.CostPerMinute) / 60, burst: float64(cfg.CostPerMinute),
		trusted: cfg.TrustedProxies, now: time.Now, buckets: buckets,
	}, nil
}

// ParsePrefixes reads a comma-separated list of CIDRs (a bare address is a network of one).
func ParsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(list, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			addr, err := netip.ParseAddr(part)
			if err != nil {
				return nil, fmt.Errorf("%q is neither an address nor a CIDR such as 10.0.0.0/8", part)
			}
			out = append(out, netip.PrefixFrom(addr.Unmap(), addr.Unmap().BitLen()))
			continue
		}
		prefix, err := netip.ParsePrefix(part)
		if err != nil {
			return nil, fmt.Errorf("%q is not a CIDR such as 10.0.0.0/8", part)
		}
		out = append(out, prefix.Masked())
	}
	return out, nil
}

// Allow takes one unit from client's bucket. When the bucket holds less than one, it takes nothing and says how
// long until it does.
func (l *Limiter) Allow(client netip.Addr) (retryAfter time.Duration, ok bool) {
	return l.take(client, 1)
}

// take takes cost units from client's bucket when it holds them all; otherwise it takes nothing and says how long
// until it does, or a negative duration when it never will (cost is more than a full bucket).
func (l *Limiter) take(client netip.Addr, cost int) (wait time.Duration, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.refilled(client)
	if float64(cost) > l.burst {
		return -1, false
	}
	if b.tokens < float64(cost) {
		return time.Duration(math.Ceil((float64(cost)-b.tokens)/l.perSecond*1e9)) * time.Nanosecond, false
	}
	b.tokens -= float64(cost)
	return 0, true
}

// refund gives cost units back to client's bucket, up to a full one.
func (l *Limiter) refund(client netip.Addr, cost int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.refilled(client)
	b.tokens = math.Min(l.burst, b.tokens+float64(cost))
}

// clientBudget is one client's bucket as the budget its requests' work is charged to.
type clientBudget struct {
	l      *Limiter
	client netip.Addr
}

func (b clientBudget) Reserve(cost int) (time.Duration, bool) { return b.l.take(b.client, cost) }
func (b clientBudget) Refund(cost int)                        { b.l.refund(b.client, cost) }

// Clients is the number of buckets held.
func (l *Limiter) Clients() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buckets.Len()
}

// refilled returns client's bucket brought up to now, creating a full one for a new client. l.mu must be held.
func (l *Limiter) refilled(client netip.Addr) *bucket {
	now := l.now()
	b, found := l.buckets.Get(client)
	if !found {
		b = &bucket{tokens: l.burst, updated: now}
		l.buckets.Add(client, b)
		return b
	}
	if elapsed := now.Sub(b.updated).Seconds(); elapsed > 0 {
		b.tokens = math.Min(l.burst, b.tokens+elapsed*l.perSecond)
		b.updated = now
	}
	return b
}

// ClientAddr is the address whose budget r spends: the direct peer, or, when the peer is a trusted proxy, the
// nearest address in X-Forwarded-For that is not itself a trusted proxy. IPv6 clients are grouped by /64, the
// block one subscriber usually holds, so that changing addresses within it does not give a fresh budget.
func (l *Limiter) ClientAddr(r *http.Request) netip.Addr {
	peer := parseAddr(r.RemoteAddr)
	if l.isTrusted(peer) {
		// Each proxy appends the address it received the request from: read from the right, past our own proxies.
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			hop := parseAddr(strings.TrimSpace(hops[i]))
			if !hop.IsValid() {
				break // a malformed entry: what lies left of it cannot be trusted
			}
			peer = hop
			if !l.isTrusted(hop) {
				break
			}
		}
	}
	if peer.Is6() {
		block, _ := peer.Prefix(64)
		return block.Addr()
	}
	return peer
}

func (l *Limiter) isTrusted(addr netip.Addr) bool {
	for _, p := range l.trusted {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// parseAddr reads "ip", "ip:port" or "[ip]:port"; anything else is the zero Addr, one shared bucket for requests
// whose origin cannot be told.
func parseAddr(s string) netip.Addr {
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}
	}
	return addr.WithZone("").Unmap()
}

// Middleware refuses a request with 429 when its client's bucket is empty; otherwise it runs next with a meter
// (reqcost) in the context that charges the client's bucket as work is admitted, and gives back what was reserved
// and not spent when the request ends.
func (l *Limiter) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		client := l.ClientAddr(r)
		if retryAfter, ok := l.Allow(client); !ok {
			seconds := graphqlhttp.RetryAfterSeconds(retryAfter)
			w.Header().Set("Retry-After", strconv.Itoa(seconds))
			graphqlhttp.WriteError(w, graphqlhttp.MediaJSON, http.StatusTooManyRequests, graphqlhttp.CodeRateLimited,
				fmt.Sprintf("rate limit: this client has spent its budget of %d cost units per minute; retry in %d s",
					int(l.burst), seconds))
			return
		}
		ctx, meter := reqcost.NewContext(r.Context(), clientBudget{l, client})
		defer meter.Settle()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
