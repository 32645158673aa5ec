// Package httpapi serves the GraphQL API over HTTP: the /graphql endpoint, the workbench (GraphiQL and the explorer,
// built in package web), health and readiness probes, CORS for partner sites, a request body limit and structured
// request logs.
package httpapi

import (
	"bytes"
	"cmp"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/rs/cors"

	"github.com/cybercoop/cybercoop/export"
	"github.com/cybercoop/cybercoop/graphqlhttp"
	"github.com/cybercoop/cybercoop/httpapi/ratelimit"
	"github.com/cybercoop/cybercoop/internal/breaker"
	"github.com/cybercoop/cybercoop/internal/metrics"
	"github.com/cybercoop/cybercoop/web"
)

// Database is what the HTTP layer asks of the store: the result of its last readiness probe (store.Health), and
// what the exports read.
type Database interface {
	Health() breaker.Status
	export.Store
}

// Options configure the HTTP layer.
type Options struct {
	AllowedOrigins []string // origins allowed by CORS; "*" allows any origin (without credentials).
	MaxBodyBytes   int64    // larger request bodies are refused with 413.
	CacheBytes     int      // memory of the response cache, in bytes (weighed by the entries' size); 0 turns it off.
	Versions       Versions // pins each request to the data version, which keys the response cache and the ETags; nil turns both off.
	Logger         *slog.Logger

	// Now is the clock whose UTC day keys the response cache and the ETags, and is "today" for the answers that
	// depend on it (Convention.parties without asOf); nil means time.Now.
	Now func() time.Time

	// RateLimit gives each client a cost budget on /graphql and the exports, refused with 429 beyond it; nil for no
	// limit.
	RateLimit *ratelimit.Limiter
	// ExportTimeout is the deadline of one export: the operation timeout, which the server's write timeout and the
	// switch grace cover (an export reads one data version throughout). 0 means DefaultExportTimeout.
	ExportTimeout time.Duration

	// CacheMaxAge and CacheStale are the freshness of cacheable answers (GET /graphql, the embeds): max-age and
	// stale-while-revalidate; 0 means DefaultCacheMaxAge and DefaultCacheStale.
	CacheMaxAge, CacheStale time.Duration
	// EmbedAncestors are the sites allowed to frame the embed pages, a CSP source list; "" means any ("*").
	EmbedAncestors string
	// PublicURL is the scheme and host partners reach the service at (https://cybercoop.example), from which oEmbed
	// answers and the explorer's oEmbed link are built; "" means DefaultPublicURL.
	PublicURL string
}

// DefaultPublicURL is the service's address when none is configured: the default listen address.
const DefaultPublicURL = "http://127.0.0.1:8080"

//go:embed examples.graphql
var examples string

// NewHandler routes the service's endpoints. graphql is the GraphQL handler (see graph.NewServer).
func NewHandler(graphql http.Handler, db Database, opts Options) http.Handler {
	mux := http.NewServeMux()
	// oEmbed answers name the service by its configured address, never by the request's Host or
	// X-Forwarded-Proto, which any client can forge into the iframe a partner's CMS pastes.
	publicURL := strings.TrimSuffix(cmp.Or(opts.PublicURL, DefaultPublicURL), "/")
	if opts.CacheBytes > 0 && opts.Versions != nil {
		graphql = newResponseCache(opts.Versions, opts.CacheBytes).middleware(graphql)
	}
	policy := cachePolicy(cmp.Or(opts.CacheMaxAge, DefaultCacheMaxAge), cmp.Or(opts.CacheStale, DefaultCacheStale))
	graphql = httpCaching(opts.Versions, policy, graphql)
	if opts.Now == nil {
		opts.Now = time.Now
	}
	graphql = dated(opts.Now, graphql)
	graphql = limitBody(opts.MaxBodyBytes, graphql)
	if opts.RateLimit != nil {
		graphql = opts.RateLimit.Middleware(graphql) // refuses before the body is read
	}
	mux.Handle("/graphql", graphql)
	mux.Handle("GET /{$}", AllowInlineStyles(web.ServePage(web.GraphiQL, func(*http.Request) web.PageData { return web.PageData{} })))
	mux.Handle("GET /explorer", web.ServePage(web.Explorer, explorerPageData(publicURL)))
	embedRoutes(mux, cmp.Or(opts.EmbedAncestors, "*"), policy)
	mux.HandleFunc("GET /oembed", oembed(publicURL))
	mux.Handle("GET /assets/", web.Assets("/assets/"))
	mux.HandleFunc("GET /examples.graphql", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/graphql; charset=utf-8")
		_, _ = io.WriteString(w, examples)
	})
	exportTimeout := cmp.Or(opts.ExportTimeout, DefaultExportTimeout)
	exports := func(contentType, filename string, write exportFunc) http.Handler {
		var h http.Handler = exportRoute(db, opts.Versions, exportTimeout, opts.Logger, contentType, filename, write)
		if opts.RateLimit != nil {
			h = opts.RateLimit.Middleware(h)
		}
		return h
	}
	mux.Handle("GET /export/activities.csv", exports("text/csv; charset=utf-8", "activities.csv", export.ActivitiesCSV))
	mux.Handle("GET /export/collaborators.csv", exports("text/csv; charset=utf-8", "collaborators.csv", export.CollaboratorsCSV))
	mux.Handle("GET /export/neighborhood.graphml", exports("application/graphml+xml; charset=utf-8", "neighborhood.graphml", export.NeighborhoodGraphML))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", readyz(db))
	mux.Handle("GET /metrics", metrics.Handler())
	return logRequests(opts.Logger, countRequests(securityHeaders(corsFor(opts.AllowedOrigins).Handler(mux))))
}

// corsFor lets partner sites call the API from browsers. Credentials are never allowed: the API is public and
// reads need no cookies, and a wildcard origin with credentials would let any site act as the user.
func corsFor(origins []string) *cors.Cors {
	return cors.New(cors.Options{
		AllowedOrigins:   origins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost},
		AllowedHeaders:   []string{"Content-Type", "Accept", "X-Request-Id"},
		ExposedHeaders:   []string{"X-Request-Id"},
		AllowCredentials: false,
		MaxAge:           600,
	})
}

// limitBody answers 413 to a request body over max bytes. It reads the body here because gqlgen reports a failed
// read as a 200 response with an error inside, which caches and clients would take for success.
func limitBody(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			writeError(w, http.StatusRequestEntityTooLarge, graphqlhttp.CodeBodyTooLarge, fmt.Sprintf("request body larger than %d bytes", max))
			return
		case err != nil:
			writeError(w, http.StatusBadRequest, graphqlhttp.CodeBadRequest, "could not read the request body")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// writeError answers in the shape of a GraphQL error so clients handle it like any other.
func writeError(w http.ResponseWriter, status int, code, message string) {
	graphqlhttp.WriteError(w, graphqlhttp.MediaJSON, status, code, message)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body) // the client is gone if this fails; nothing to do
}

// statusRecorder remembers the status code a handler wrote, for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// Unwrap lets http.ResponseController reach the underlying writer (flushing, deadlines).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests logs one line per request with its id, status and duration. The id comes from X-Request-Id when the
// caller (a proxy) sets a sane one, and is returned in the response so a user can quote it.
func logRequests(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started := time.Now()
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 {
			id = newRequestID()
		}
		w.Header().Set("X-Request-Id", id)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		logger.InfoContext(r.Context(), "request", "id", id, "method", r.Method, "path", r.URL.Path,
			"status", rec.status, "duration_ms", float64(time.Since(started).Microseconds())/1000)
	})
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}
