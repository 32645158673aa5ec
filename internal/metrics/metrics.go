// Package metrics holds the service's Prometheus metrics and the functions other packages call to record them.
// It knows nothing of HTTP routing, GraphQL or Neo4j: callers pass plain names and codes, and every label takes
// values from a small bounded set so that no client can grow the number of series.
package metrics

import (
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// registry holds only this service's metrics and the Go runtime and process collectors.
var registry = prometheus.NewRegistry()

// Latency buckets from 1 ms to 10 s (the default request timeout), in seconds.
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

var (
	httpRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cybercoop_http_requests_total",
		Help: "HTTP requests by route and status code.",
	}, []string{"route", "status"})
	httpDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "cybercoop_http_request_duration_seconds", Buckets: latencyBuckets,
		Help: "Time from reading a request's headers to writing its response, by route.",
	}, []string{"route"})
	operations = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cybercoop_graphql_operations_total",
		Help: "GraphQL operations by operation name and outcome: OK or the extensions.code of the first error.",
	}, []string{"operation", "code"})
	operationDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "cybercoop_graphql_operation_duration_seconds", Buckets: latencyBuckets,
		Help: "Time from reading a GraphQL request to its response, by operation name.",
	}, []string{"operation"})
	graphqlErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cybercoop_graphql_errors_total",
		Help: "GraphQL errors returned, by extensions.code and, for COMPLEXITY_LIMIT, extensions.limit.",
	}, []string{"code", "limit"})
	statementDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "cybercoop_neo4j_statement_duration_seconds", Buckets: latencyBuckets,
		Help: "Time of one Neo4j statement, by statement name and outcome (ok, or the error code).",
	}, []string{"statement", "outcome"})
	cacheLookups = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cybercoop_response_cache_lookups_total",
		Help: "Response cache lookups: hit, miss, or bypass (no data version known, the cache stays out of the way).",
	}, []string{"result"})
	breakerOpen = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "cybercoop_neo4j_breaker_open",
		Help: "1 while the circuit breaker in front of Neo4j is open (requests answered UNAVAILABLE at once), else 0.",
	})
	breakerTransitions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cybercoop_neo4j_breaker_transitions_total",
		Help: "Times the circuit breaker opened or closed.",
	}, []string{"to"})
	versionRefreshErrors = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "cybercoop_data_version_refresh_errors_total",
		Help: "Background reads of the data version that failed (the last known version stays in use).",
	})
)

func init() {
	registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		httpRequests, httpDuration, operations, operationDuration, graphqlErrors, statementDuration,
		cacheLookups, breakerOpen, breakerTransitions, versionRefreshErrors)
}

// Handler serves the metrics in the Prometheus text format.
func Handler() http.Handler {
	return promhttp.HandlerFor(registry, promhttp.HandlerOpts{})
}

// HTTPRequest records one HTTP request. route must be a fixed pattern (the router's), never the raw path.
func HTTPRequest(route string, status int, elapsed time.Duration) {
	httpRequests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	httpDuration.WithLabelValues(route).Observe(elapsed.Seconds())
}

// Operation records one GraphQL operation: its name as the client gave it (bounded by OperationLabel), and its
// outcome code ("OK" without errors).
func Operation(name, code string, elapsed time.Duration) {
	label := OperationLabel(name)
	operations.WithLabelValues(label, code).Inc()
	operationDuration.WithLabelValues(label).Observe(elapsed.Seconds())
}

// GraphQLError records one error returned to a client: its extensions.code, and its extensions.limit ("" for
// none). Values outside the known shapes are recorded as OTHER and other, so a bug cannot grow the series.
func GraphQLError(code, limit string) {
	if !errorCode.MatchString(code) {
		code = "OTHER"
	}
	if limit != "" && !limits[limit] {
		limit = "other"
	}
	graphqlErrors.WithLabelValues(code, limit).Inc()
}

var (
	errorCode = regexp.MustCompile(`^[A-Z][A-Z_]{0,39}$`)
	// limits are the values of extensions.limit that admission writes (docs/api.md, "Limits and costs").
	limits = map[string]bool{
		"tokens": true, "fields": true, "aliases": true, "rootFields": true, "depth": true, "cost": true, "errors": true,
	}
)

// Statement records the time of one Neo4j statement. name is one of the store's fixed statement names; outcome is
// "ok" or the error code.
func Statement(name, outcome string, elapsed time.Duration) {
	statementDuration.WithLabelValues(name, outcome).Observe(elapsed.Seconds())
}

// CacheLookup records a response cache lookup: "hit", "miss" or "bypass".
func CacheLookup(result string) { cacheLookups.WithLabelValues(result).Inc() }

// BreakerChanged records that the circuit breaker in front of Neo4j opened (open true) or closed.
func BreakerChanged(open bool) {
	if open {
		breakerOpen.Set(1)
		breakerTransitions.WithLabelValues("open").Inc()
		return
	}
	breakerOpen.Set(0)
	breakerTransitions.WithLabelValues("closed").Inc()
}

// VersionRefreshFailed records a failed background read of the data version.
func VersionRefreshFailed() { versionRefreshErrors.Inc() }

// Operation names are chosen by clients, so they are bounded: a name must look like a GraphQL name of at most 64
// characters, and only the first maxOperationNames distinct names get a series of their own.
const maxOperationNames = 100

var (
	operationName = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]{0,63}$`)
	knownNamesMu  sync.Mutex
	knownNames    = map[string]bool{}
)

// OperationLabel is the label value for a client's operation name: "anonymous" for none, "other" for a malformed
// name or one beyond the first maxOperationNames seen by this process.
func OperationLabel(name string) string {
	if name == "" {
		return "anonymous"
	}
	if !operationName.MatchString(name) {
		return "other"
	}
	knownNamesMu.Lock()
	defer knownNamesMu.Unlock()
	if knownNames[name] {
		return name
	}
	if len(knownNames) >= maxOperationNames {
		return "other"
	}
	knownNames[name] = true
	return name
}
