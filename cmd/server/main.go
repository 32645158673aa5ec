// Command server serves the Cybercoop GraphQL API over a Neo4j database loaded by cmd/loader.
//
// It starts even when Neo4j is down: /readyz then answers 503 with the reason and GraphQL requests get an
// UNAVAILABLE error, until the database is back.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cybercoop/cybercoop/admission"
	"github.com/cybercoop/cybercoop/cmd/internal/dbflags"
	"github.com/cybercoop/cybercoop/graph"
	"github.com/cybercoop/cybercoop/httpapi"
	"github.com/cybercoop/cybercoop/internal/dataversion"
	"github.com/cybercoop/cybercoop/internal/metrics"
	"github.com/cybercoop/cybercoop/internal/tracing"
	"github.com/cybercoop/cybercoop/store"
	"github.com/cybercoop/cybercoop/web/documents"
)

type config struct {
	listenAddr     string
	allowedOrigins string
	limits         admission.Limits
	queryCache     int
	apqCache       int
	requestTimeout time.Duration
	introspection  bool
	maxBodyBytes   int64
	cacheBytes     int
	logFormat      string
	probeInterval  time.Duration
	probeTimeout   time.Duration
	cacheMaxAge    time.Duration
	cacheStale     time.Duration
	embedOrigins   string
	trustedOnly    bool
	publicURL      string
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: server [flags]\n\nServes the Cybercoop GraphQL API. Every flag defaults to the environment variable it names.\n\nFlags:")
		fs.PrintDefaults()
	}
	db := dbflags.Register(fs)
	var cfg config
	fs.StringVar(&cfg.listenAddr, "listen", dbflags.Env("LISTEN_ADDR", "127.0.0.1:8080"), "address to serve HTTP on (env LISTEN_ADDR)")
	fs.StringVar(&cfg.allowedOrigins, "cors-origins", dbflags.Env("CORS_ALLOWED_ORIGINS", "*"),
		"comma-separated origins allowed to call the API from browsers, or * for any (env CORS_ALLOWED_ORIGINS)")
	registerLimits(fs, &cfg.limits)
	fs.IntVar(&cfg.queryCache, "query-cache-bytes", envInt("QUERY_CACHE_BYTES", admission.DefaultQueryCacheBytes),
		"memory of the parsed-query cache, estimated (env QUERY_CACHE_BYTES)")
	fs.IntVar(&cfg.apqCache, "apq-cache-bytes", envInt("APQ_CACHE_BYTES", admission.DefaultPersistedQueryCacheBytes),
		"memory of the automatic persisted queries (env APQ_CACHE_BYTES)")
	fs.DurationVar(&cfg.requestTimeout, "request-timeout", envDuration("REQUEST_TIMEOUT", 10*time.Second),
		"deadline of one GraphQL operation, database included (env REQUEST_TIMEOUT)")
	fs.BoolVar(&cfg.introspection, "introspection", dbflags.Env("INTROSPECTION", "true") == "true",
		"answer schema introspection queries (env INTROSPECTION=true|false)")
	fs.Int64Var(&cfg.maxBodyBytes, "max-body-bytes", int64(envInt("MAX_BODY_BYTES", 1<<20)),
		"largest accepted request body (env MAX_BODY_BYTES)")
	fs.IntVar(&cfg.cacheBytes, "response-cache-bytes", envInt("RESPONSE_CACHE_BYTES", 32<<20),
		"memory of the response cache in bytes, emptied when the data or the day changes; 0 turns it off (env RESPONSE_CACHE_BYTES)")
	fs.DurationVar(&cfg.probeInterval, "probe-interval", envDuration("NEO4J_PROBE_INTERVAL", store.DefaultProbeInterval),
		"time between readiness probes of Neo4j, which open and close the circuit breaker (env NEO4J_PROBE_INTERVAL)")
	fs.DurationVar(&cfg.probeTimeout, "probe-timeout", envDuration("NEO4J_PROBE_TIMEOUT", store.DefaultProbeTimeout),
		"deadline of one readiness probe; a slower Neo4j counts as down (env NEO4J_PROBE_TIMEOUT)")
	fs.DurationVar(&cfg.cacheMaxAge, "http-cache-max-age", envDuration("HTTP_CACHE_MAX_AGE", httpapi.DefaultCacheMaxAge),
		"how long browsers and CDNs may keep GET /graphql answers and the embeds without asking again (env HTTP_CACHE_MAX_AGE)")
	fs.DurationVar(&cfg.cacheStale, "http-cache-stale", envDuration("HTTP_CACHE_STALE", httpapi.DefaultCacheStale),
		"how long after that they may still show them while asking again: stale-while-revalidate (env HTTP_CACHE_STALE)")
	fs.StringVar(&cfg.embedOrigins, "embed-origins", dbflags.Env("EMBED_ALLOWED_ORIGINS", "*"),
		"space- or comma-separated origins allowed to frame /embed/ pages, or * for any (env EMBED_ALLOWED_ORIGINS)")
	fs.BoolVar(&cfg.trustedOnly, "trusted-documents-only", dbflags.Env("TRUSTED_DOCUMENTS_ONLY", "false") == "true",
		"run only the documents registered in the binary (the workbench's and the embeds'), by documentId (env TRUSTED_DOCUMENTS_ONLY=true|false)")
	fs.StringVar(&cfg.publicURL, "public-url", dbflags.Env("PUBLIC_URL", ""),
		"scheme and host partners reach the service at, for oEmbed answers (env PUBLIC_URL; default: http:// and the listen address)")
	fs.StringVar(&cfg.logFormat, "log-format", dbflags.Env("LOG_FORMAT", "text"), "text or json (env LOG_FORMAT)")
	rateLimit := registerRateLimitFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if err := dbflags.Validate(db); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	if grace := cmp.Or(db.SwitchGrace, store.DefaultSwitchGrace); cfg.requestTimeout > grace*2/3 {
		return fmt.Errorf("REQUEST_TIMEOUT (%s) must be at most two thirds of SWITCH_GRACE (%s): a request pinned to the "+
			"data a load switched away from must end before the next load clears it", cfg.requestTimeout, grace)
	}
	publicURL, err := publicURLOf(cfg.publicURL, cfg.listenAddr)
	if err != nil {
		return err
	}
	cfg.publicURL = publicURL
	limiter, err := rateLimit.limiter(cfg.listenAddr)
	if err != nil {
		return err
	}
	logger := newLogger(cfg.logFormat)
	gcPercent, memoryLimit := tuneGC()
	logger.Info("garbage collector", "gogc", gcPercent, "memory_limit_mib", memoryLimit>>20)
	logger.Info("rate limit", "on", limiter != nil, "cost_per_minute", rateLimit.costPerMinute, "trusted_proxies", rateLimit.trustedProxies)
	stopTracing, err := tracing.Start(context.Background())
	if err != nil {
		return err
	}
	defer stopTracing(context.Background())

	db.ProbeInterval, db.ProbeTimeout = cfg.probeInterval, cfg.probeTimeout
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	// The probes and the data-version refresh make no root spans of their own but a sampled few (tracing.Background).
	background, stopBackground := context.WithCancel(tracing.Background(context.Background()))
	defer stopBackground()
	if err := st.Ping(background); err != nil {
		logger.Warn("Neo4j is not ready; serving anyway, /readyz reports it", "uri", db.URI, "err", err)
	}
	go st.Watch(background, logger)
	// The store's data version, which requests pin, follows a new load within a second.
	versions := dataversion.New(st, time.Second, cfg.probeTimeout, func(err error) {
		metrics.VersionRefreshFailed()
		logger.Debug("data version refresh failed", "err", err)
	})
	go versions.Run(background)

	gql := graph.NewServer(st, graph.Options{Timeout: cfg.requestTimeout, Logger: logger, Admission: admission.Options{
		Limits: cfg.limits, Introspection: cfg.introspection, QueryCacheBytes: cfg.queryCache, PersistedQueryCacheBytes: cfg.apqCache,
		TrustedDocuments: documents.Trusted, TrustedDocumentsOnly: cfg.trustedOnly,
	}})
	handler := httpapi.NewHandler(gql, st, httpapi.Options{
		AllowedOrigins: splitList(cfg.allowedOrigins), MaxBodyBytes: cfg.maxBodyBytes, CacheBytes: cfg.cacheBytes,
		Versions: st, Logger: logger, RateLimit: limiter, ExportTimeout: cfg.requestTimeout, PublicURL: cfg.publicURL,
		CacheMaxAge: cfg.cacheMaxAge, CacheStale: cfg.cacheStale, EmbedAncestors: strings.Join(splitList(strings.ReplaceAll(cfg.embedOrigins, " ", ",")), " "),
	})
	return serve(logger, cfg.listenAddr, handler, cfg.requestTimeout)
}

// registerLimits adds a flag for each GraphQL limit, defaulting to its environment variable, else to
// admission.DefaultLimits.
func registerLimits(fs *flag.FlagSet, l *admission.Limits) {
	d := admission.DefaultLimits
	fs.IntVar(&l.MaxTokens, "max-tokens", envInt("MAX_QUERY_TOKENS", d.MaxTokens),
		"most lexical tokens in a GraphQL document (env MAX_QUERY_TOKENS)")
	fs.IntVar(&l.MaxFields, "max-fields", envInt("MAX_QUERY_FIELDS", d.MaxFields),
		"most field selections written in a document (env MAX_QUERY_FIELDS)")
	fs.IntVar(&l.MaxAliases, "max-aliases", envInt("MAX_QUERY_ALIASES", d.MaxAliases),
		"most aliased fields in a document (env MAX_QUERY_ALIASES)")
	fs.IntVar(&l.MaxRootFields, "max-root-fields", envInt("MAX_ROOT_FIELDS", d.MaxRootFields),
		"most fields at the top of an operation, fragments expanded (env MAX_ROOT_FIELDS)")
	fs.IntVar(&l.MaxDepth, "max-depth", envInt("MAX_QUERY_DEPTH", d.MaxDepth), "deepest accepted field nesting (env MAX_QUERY_DEPTH)")
	fs.IntVar(&l.MaxCost, "max-complexity", envInt("MAX_QUERY_COMPLEXITY", d.MaxCost),
		"highest accepted query cost, docs/api.md \"Limits and costs\" (env MAX_QUERY_COMPLEXITY)")
	fs.IntVar(&l.MaxErrors, "max-errors", envInt("MAX_RESPONSE_ERRORS", d.MaxErrors),
		"most errors listed in one response; one more error counts the rest (env MAX_RESPONSE_ERRORS)")
}

// serve listens (failing at once if the address is taken), then serves until SIGINT or SIGTERM and drains the
// requests in flight before returning.
func serve(logger *slog.Logger, addr string, handler http.Handler, requestTimeout time.Duration) error {
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (set LISTEN_ADDR to another address)", addr, err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      requestTimeout + 10*time.Second, // operations and exports end within requestTimeout
		IdleTimeout:       2 * time.Minute,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(listener) }()
	logger.Info("serving", "addr", "http://"+listener.Addr().String(), "graphql", "/graphql", "playground", "/")
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: draining requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), requestTimeout+5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func (c config) validate() error {
	switch {
	case c.limits.MaxTokens < 100:
		return fmt.Errorf("MAX_QUERY_TOKENS must be at least 100, got %d", c.limits.MaxTokens)
	case c.limits.MaxFields < 10:
		return fmt.Errorf("MAX_QUERY_FIELDS must be at least 10, got %d", c.limits.MaxFields)
	case c.limits.MaxAliases < 0:
		return fmt.Errorf("MAX_QUERY_ALIASES must be 0 or more, got %d", c.limits.MaxAliases)
	case c.limits.MaxRootFields < 1:
		return fmt.Errorf("MAX_ROOT_FIELDS must be at least 1, got %d", c.limits.MaxRootFields)
	case c.limits.MaxCost < 1:
		return fmt.Errorf("MAX_QUERY_COMPLEXITY must be at least 1, got %d", c.limits.MaxCost)
	case c.limits.MaxDepth < 2:
		return fmt.Errorf("MAX_QUERY_DEPTH must be at least 2, got %d", c.limits.MaxDepth)
	case c.limits.MaxErrors < 1:
		return fmt.Errorf("MAX_RESPONSE_ERRORS must be at least 1, got %d", c.limits.MaxErrors)
	case c.queryCache < 0 || c.apqCache < 0:
		return fmt.Errorf("QUERY_CACHE_BYTES and APQ_CACHE_BYTES must be 0 (the default size) or more, got %d and %d", c.queryCache, c.apqCache)
	case c.requestTimeout <= 0:
		return fmt.Errorf("REQUEST_TIMEOUT must be positive, got %s", c.requestTimeout)
	case c.maxBodyBytes < 1024:
		return fmt.Errorf("MAX_BODY_BYTES must be at least 1024, got %d", c.maxBodyBytes)
	case c.cacheBytes < 0:
		return fmt.Errorf("RESPONSE_CACHE_BYTES must be 0 (off) or more, got %d", c.cacheBytes)
	case c.probeInterval <= 0 || c.probeTimeout <= 0:
		return fmt.Errorf("NEO4J_PROBE_INTERVAL and NEO4J_PROBE_TIMEOUT must be positive, got %s and %s", c.probeInterval, c.probeTimeout)
	case c.cacheMaxAge < time.Second || c.cacheStale < 0:
		return fmt.Errorf("HTTP_CACHE_MAX_AGE must be at least 1s and HTTP_CACHE_STALE 0 or more, got %s and %s", c.cacheMaxAge, c.cacheStale)
	case !validAncestors(c.embedOrigins):
		return fmt.Errorf("EMBED_ALLOWED_ORIGINS must list origins such as https://partner.example (or *), got %q", c.embedOrigins)
	case c.logFormat != "text" && c.logFormat != "json":
		return fmt.Errorf("LOG_FORMAT must be text or json, got %q", c.logFormat)
	case len(splitList(c.allowedOrigins)) == 0:
		return errors.New("CORS_ALLOWED_ORIGINS is empty: list origins such as https://partner.example, or *")
	}
	return nil
}

// validAncestors accepts * or origins (scheme://host[:port]) for the frame-ancestors of the embeds: nothing that
// could end the CSP directive or add another.
func validAncestors(list string) bool {
	origins := splitList(strings.ReplaceAll(list, " ", ","))
	if len(origins) == 0 {
		return false
	}
	for _, origin := range origins {
		if origin == "*" {
			continue
		}
		u, err := url.Parse(origin)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "" || u.RawQuery != "" ||
			strings.ContainsAny(origin, ";,'\"") {
			return false
		}
	}
	return true
}

func newLogger(format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// envInt and envDuration give flag defaults from the environment; a malformed value is reported, not ignored.
func envInt(key string, fallback int) int {
	v := os.Getenv(key)
	if v == "" {
		return fallback
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		fmt.Fprintf(os.Stderr, "server: %s=%q is not a whole number\n", key, v)
		os.Exit(2)
	}
	return n
}

func envDuration(key string, fallback time.Duration) time.Duration {
	v := os.Getenv(key)
	if v == "" {
		return fallback
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		fmt.Fprintf(os.Stderr, "server: %s=%q is not a duration such as 10s\n", key, v)
		os.Exit(2)
	}
	return d
}

// publicURLOf is the address oEmbed answers name: PUBLIC_URL, else http:// and the listen address (a wildcard host
// read as localhost). It is never read from a request, whose Host a client chooses.
func publicURLOf(configured, listenAddr string) (string, error) {
	if configured == "" {
		host, port, err := net.SplitHostPort(listenAddr)
		if err != nil {
			return "", fmt.Errorf("LISTEN_ADDR %q: %w", listenAddr, err)
		}
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		return "http://" + net.JoinHostPort(host, port), nil
	}
	u, err := url.Parse(configured)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") ||
		u.RawQuery != "" || u.User != nil {
		return "", fmt.Errorf("PUBLIC_URL must be a scheme and host such as https://cybercoop.example, got %q", configured)
	}
	return strings.TrimSuffix(configured, "/"), nil
}
