package main

import (
	"strings"
	"testing"
)

func TestRateLimitFlags(t *testing.T) {
	for _, tc := range []struct {
		name, mode, listen, proxies string
		wantOn                      bool
		wantErr                     string
	}{
		{name: "OK auto is off on IPv4 loopback", mode: "auto", listen: "127.0.0.1:8080"},
		{name: "OK auto is off on IPv6 loopback", mode: "auto", listen: "[::1]:8080"},
		{name: "OK auto is off on localhost", mode: "auto", listen: "localhost:8080"},
		{name: "OK auto is on on loopback behind a local proxy", mode: "auto", listen: "127.0.0.1:8080", proxies: "127.0.0.1", wantOn: true},
		{name: "OK auto is on for every interface", mode: "auto", listen: ":8080", wantOn: true},
		{name: "OK auto is on for 0.0.0.0", mode: "auto", listen: "0.0.0.0:8080", wantOn: true},
		{name: "OK auto is on for a public address", mode: "auto", listen: "192.0.2.10:80", wantOn: true},
		{name: "OK auto is on for a host name", mode: "auto", listen: "api.example:80", wantOn: true},
		{name: "OK on even on loopback", mode: "on", listen: "127.0.0.1:8080", wantOn: true},
		{name: "OK off everywhere", mode: "off", listen: ":8080"},
		{name: "OK trusted proxies", mode: "on", listen: ":8080", proxies: "10.0.0.0/8, ::1", wantOn: true},
		{name: "ErrMode", mode: "sometimes", listen: ":8080", wantErr: "RATE_LIMIT"},
		{name: "ErrProxies", mode: "auto", listen: ":8080", proxies: "proxy.example", wantErr: "TRUSTED_PROXIES"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := rateLimitFlags{mode: tc.mode, costPerMinute: 600, clients: 10, trustedProxies: tc.proxies}
			l, err := f.limiter(tc.listen)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one naming %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (l != nil) != tc.wantOn {
				t.Errorf("limit on = %v, want %v", l != nil, tc.wantOn)
			}
		})
	}
	t.Run("ErrBudget", func(t *testing.T) {
		f := rateLimitFlags{mode: "on", costPerMinute: 0, clients: 10}
		if _, err := f.limiter(":8080"); err == nil || !strings.Contains(err.Error(), "RATE_LIMIT_COST_PER_MINUTE") {
			t.Errorf("err = %v", err)
		}
	})
}
