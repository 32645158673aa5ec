package main

import (
	"flag"
	"fmt"
	"net"
	"net/netip"

	"github.com/cybercoop/cybercoop/cmd/internal/dbflags"
	"github.com/cybercoop/cybercoop/httpapi/ratelimit"
)

// rateLimitFlags are the settings of the per-client rate limit.
type rateLimitFlags struct {
	mode           string // auto, on or off
	costPerMinute  int
	clients        int
	trustedProxies string
}

func registerRateLimitFlags(fs *flag.FlagSet) *rateLimitFlags {
	var f rateLimitFlags
	fs.StringVar(&f.mode, "rate-limit", dbflags.Env("RATE_LIMIT", "auto"),
		"per-client cost budget: auto (on unless listening on loopback only without trusted proxies), on or off (env RATE_LIMIT)")
	fs.IntVar(&f.costPerMinute, "rate-limit-cost", envInt("RATE_LIMIT_COST_PER_MINUTE", 100000),
		"GraphQL cost one client may spend per minute, also its largest burst (env RATE_LIMIT_COST_PER_MINUTE)")
	fs.IntVar(&f.clients, "rate-limit-clients", envInt("RATE_LIMIT_CLIENTS", 50000),
		"client addresses remembered by the rate limit; the least recently seen are forgotten (env RATE_LIMIT_CLIENTS)")
	fs.StringVar(&f.trustedProxies, "trusted-proxies", dbflags.Env("TRUSTED_PROXIES", ""),
		"comma-separated CIDRs of reverse proxies whose X-Forwarded-For names the client (env TRUSTED_PROXIES)")
	return &f
}

// limiter returns the rate limiter for a service listening on listenAddr, or nil when the limit is off: by
// default it is on unless the service listens on loopback only, where a local load test should measure the
// service rather than the limit. Trusted proxies turn it on there too: a proxy on the same machine brings the
// internet to a loopback address.
func (f *rateLimitFlags) limiter(listenAddr string) (*ratelimit.Limiter, error) {
	proxies, err := ratelimit.ParsePrefixes(f.trustedProxies)
	if err != nil {
		return nil, fmt.Errorf("TRUSTED_PROXIES: %w", err)
	}
	switch f.mode {
	case "off":
		return nil, nil
	case "auto":
		if listensOnLoopback(listenAddr) && len(proxies) == 0 {
			return nil, nil
		}
	case "on":
	default:
		return nil, fmt.Errorf("RATE_LIMIT must be auto, on or off, got %q", f.mode)
	}
	l, err := ratelimit.New(ratelimit.Config{CostPerMinute: f.costPerMinute, MaxClients: f.clients, TrustedProxies: proxies})
	if err != nil {
		return nil, fmt.Errorf("RATE_LIMIT_COST_PER_MINUTE or RATE_LIMIT_CLIENTS: %w", err)
	}
	return l, nil
}

// listensOnLoopback tells whether addr (host:port) accepts connections from this machine only. An empty host,
// 0.0.0.0, :: or a name other than localhost are taken as reachable from elsewhere.
func listensOnLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
