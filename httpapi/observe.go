package httpapi

import (
	"net/http"
	"time"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/internal/metrics"
)

// readyz answers from the last readiness probe (run in the background by store.Watch), so it never waits on a
// database that is down or hung, and its reason is the probe's own.
func readyz(db Database) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		health := db.Health()
		switch {
		case health.Checked.IsZero():
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{
				"status": "starting", "reason": "the database has not been probed yet",
			})
		case health.Open:
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{
				"status": "unavailable", "reason": cybercoop.ErrorMessage(health.Reason),
				"since": health.Since.UTC().Format(time.RFC3339), "checked": health.Checked.UTC().Format(time.RFC3339Nano),
			})
		default:
			writeJSON(w, http.StatusOK, map[string]string{
				"status": "ready", "checked": health.Checked.UTC().Format(time.RFC3339Nano),
			})
		}
	}
}

// countRequests records every request's route pattern (never the raw path, which clients choose), status and
// duration.
func countRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		route := r.Pattern // set by the mux on this request
		if route == "" {
			route = "none" // CORS preflights, unknown paths
		}
		metrics.HTTPRequest(route, rec.status, time.Since(started))
	})
}
