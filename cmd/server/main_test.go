package main

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop/admission"
)

func TestServe(t *testing.T) {
	t.Run("ErrPortInUse a one-line error naming the address", func(t *testing.T) {
		taken, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer taken.Close()
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		err = serve(logger, taken.Addr().String(), http.NotFoundHandler(), time.Second)
		if err == nil || !strings.Contains(err.Error(), taken.Addr().String()) || strings.Contains(err.Error(), "\n") {
			t.Errorf("serve on a taken port: %v, want one line naming the address", err)
		}
	})
}

// TestConfigValidate checks the settings and defaults of docs/operations.md, "Configuration".
func TestConfigValidate(t *testing.T) {
	ok := config{listenAddr: ":8080", allowedOrigins: "*", limits: admission.DefaultLimits, requestTimeout: time.Second,
		maxBodyBytes: 4096, logFormat: "text", probeInterval: time.Second, probeTimeout: time.Second,
		cacheMaxAge: time.Minute, embedOrigins: "https://partner.example http://127.0.0.1:8088"}
	if err := ok.validate(); err != nil {
		t.Fatalf("valid config refused: %v", err)
	}
	for name, tc := range map[string]struct {
		mutate func(*config)
		want   string
	}{
		"ErrComplexity": {func(c *config) { c.limits.MaxCost = 0 }, "MAX_QUERY_COMPLEXITY"},
		"ErrTokens":     {func(c *config) { c.limits.MaxTokens = 10 }, "MAX_QUERY_TOKENS"},
		"ErrFields":     {func(c *config) { c.limits.MaxFields = 1 }, "MAX_QUERY_FIELDS"},
		"ErrAliases":    {func(c *config) { c.limits.MaxAliases = -1 }, "MAX_QUERY_ALIASES"},
		"ErrRootFields": {func(c *config) { c.limits.MaxRootFields = 0 }, "MAX_ROOT_FIELDS"},
		"ErrErrors":     {func(c *config) { c.limits.MaxErrors = 0 }, "MAX_RESPONSE_ERRORS"},
		"ErrCacheBytes": {func(c *config) { c.apqCache = -1 }, "APQ_CACHE_BYTES"},
		"ErrTimeout":    {func(c *config) { c.requestTimeout = 0 }, "REQUEST_TIMEOUT"},
		"ErrDepth":      {func(c *config) { c.limits.MaxDepth = 1 }, "MAX_QUERY_DEPTH"},
		"ErrBody":       {func(c *config) { c.maxBodyBytes = 10 }, "MAX_BODY_BYTES"},
		"ErrLogFormat":  {func(c *config) { c.logFormat = "xml" }, "LOG_FORMAT"},
		"ErrOrigins":    {func(c *config) { c.allowedOrigins = " , " }, "CORS_ALLOWED_ORIGINS"},
		"ErrProbe":      {func(c *config) { c.probeTimeout = 0 }, "NEO4J_PROBE_TIMEOUT"},
		"ErrMaxAge":     {func(c *config) { c.cacheMaxAge = 0 }, "HTTP_CACHE_MAX_AGE"},
		"ErrEmbedEmpty": {func(c *config) { c.embedOrigins = "" }, "EMBED_ALLOWED_ORIGINS"},
		"ErrEmbedCSP":   {func(c *config) { c.embedOrigins = "https://a.example; script-src *" }, "EMBED_ALLOWED_ORIGINS"},
		"ErrEmbedPath":  {func(c *config) { c.embedOrigins = "https://a.example/page" }, "EMBED_ALLOWED_ORIGINS"},
	} {
		t.Run(name, func(t *testing.T) {
			c := ok
			tc.mutate(&c)
			if err := c.validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("validate() = %v, want an error naming %s", err, tc.want)
			}
		})
	}
}

// TestPublicURL checks PUBLIC_URL as docs/operations.md, "Configuration", describes it.
func TestPublicURL(t *testing.T) {
	for _, tc := range []struct{ configured, listen, want string }{
		{"", "127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"", ":8080", "http://localhost:8080"},
		{"", "0.0.0.0:9000", "http://localhost:9000"},
		{"", "[::]:9000", "http://localhost:9000"},
		{"https://cybercoop.example/", "0.0.0.0:8080", "https://cybercoop.example"},
		{"http://10.0.0.5:8080", ":8080", "http://10.0.0.5:8080"},
	} {
		if got, err := publicURLOf(tc.configured, tc.listen); err != nil || got != tc.want {
			t.Errorf("publicURLOf(%q, %q) = %q, %v; want %q", tc.configured, tc.listen, got, err, tc.want)
		}
	}
	for _, bad := range []string{"cybercoop.example", "ftp://cybercoop.example", "https://cybercoop.example/path", "https://x.example/?a=1", "https://u:p@x.example"} {
		if _, err := publicURLOf(bad, ":8080"); err == nil || !strings.Contains(err.Error(), "PUBLIC_URL") {
			t.Errorf("publicURLOf(%q) = %v, want a PUBLIC_URL error", bad, err)
		}
	}
}
