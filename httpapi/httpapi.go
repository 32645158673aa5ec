// Package httpapi serves the GraphQL API over HTTP: the /graphql endpoint, the GraphiQL playground, health and
// readiness probes, CORS for partner sites, a request body limit and structured request logs.
package httpapi

import (
	"bytes"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/rs/cors"

	"github.com/cybercoop/cybercoop/internal/breaker"
	"github.com/cybercoop/cybercoop/internal/metrics"
)

// Database is what the HTTP layer asks of the store: the result of its last readiness probe (store.Health).
type Database interface {
	Health() breaker.Status
}

// Options configure the HTTP layer.
type Options struct {
	AllowedOrigins []string // origins allowed by CORS; "*" allows any origin (without credentials).
	MaxBodyBytes   int64    // larger request bodies are refused with 413.
	CacheEntries   int      // responses kept by the response cache; 0 turns it off.
	Versions       Versions // the loaded data version, which keys the response cache; nil turns the cache off.
	Logger         *slog.Logger
}

//go:embed examples.graphql
var examples string

//go:embed explorer.html
var explorer string

// NewHandler routes the service's endpoints. graphql is the GraphQL handler (see graph.NewServer).
func NewHandler(graphql http.Handler, db Database, opts Options) http.Handler {
	mux := http.NewServeMux()
	if opts.CacheEntries > 0 && opts.Versions != nil {
		graphql = newResponseCache(opts.Versions, opts.CacheEntries).middleware(graphql)
	}
	mux.Handle("/graphql", limitBody(opts.MaxBodyBytes, graphql))
	playgroundPage := playground.Handler("Cybercoop GraphQL", "/graphql", playground.WithGraphiqlPersistStateInURL(true))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery == "" { // open the playground with the example queries loaded
			http.Redirect(w, r, "/?query="+url.QueryEscape(examples), http.StatusFound)
			return
		}
		playgroundPage(w, r)
	})
	mux.HandleFunc("GET /explorer", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, explorer)
	})
	mux.HandleFunc("GET /examples.graphql", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/graphql; charset=utf-8")
		_, _ = io.WriteString(w, examples)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", readyz(db))
	mux.Handle("GET /metrics", metrics.Handler())
	return logRequests(opts.Logger, countRequests(corsFor(opts.AllowedOrigins).Handler(mux)))
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
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body larger than %d bytes", max))
			return
		case err != nil:
			writeError(w, http.StatusBadRequest, "could not read the request body")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// writeError answers in the shape of a GraphQL error so clients handle it like any other.
func writeError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]any{"errors": []map[string]any{{
		"message": message, "extensions": map[string]string{"code": "BAD_USER_INPUT"},
	}}})
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
