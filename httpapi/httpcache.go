package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/cybercoop/cybercoop/internal/today"
	"github.com/cybercoop/cybercoop/web"
)

// Default freshness of cacheable answers (GET /graphql, the embed pages, /embed.js).
const (
	DefaultCacheMaxAge = time.Minute
	DefaultCacheStale  = 10 * time.Minute
)

// cachePolicy is the Cache-Control of answers that browsers and shared caches (CDNs) may keep: fresh for maxAge,
// then served stale for up to stale more while they ask again in the background.
func cachePolicy(maxAge, stale time.Duration) string {
	return fmt.Sprintf("public, max-age=%d, stale-while-revalidate=%d", int(maxAge.Seconds()), int(stale.Seconds()))
}

// dated puts in each request's context the UTC day it is answered for, read once from now: the ETag, the response
// cache's key and the resolvers answering as of today (Convention.parties) then agree on it, even across midnight.
func dated(now func() time.Time, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(today.WithDay(r.Context(), now())))
	})
}

// httpCaching makes GET /graphql answers cacheable by browsers and CDNs. Each carries an ETag made of the data
// version, the request's day (see dated) and what the answer depends on (method, query string, Accept); a request
// whose If-None-Match lists the current ETag gets 304 before anything runs, and a new load of the data or a new
// day changes every ETag. The request is pinned to the version of its ETag. Answers holding errors get no-store (a
// timeout or an outage must not be kept); POST and unknown data versions are left as they are.
func httpCaching(versions Versions, policy string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		version := ""
		if versions != nil && r.Method == http.MethodGet {
			var ctx context.Context
			ctx, version, _ = versions.Pin(r.Context()) // while Neo4j is down, the version read last: 304 still
			r = r.WithContext(ctx)
		}
		if version == "" {
			next.ServeHTTP(w, r)
			return
		}
		etag := requestETag(version, today.Day(r.Context()), r)
		if listsETag(r.Header.Get("If-None-Match"), etag) {
			w.Header().Set("ETag", etag)
			w.Header().Set("Cache-Control", policy)
			w.Header().Add("Vary", "Accept") // as the transport says of the full answer
			w.WriteHeader(http.StatusNotModified)
			return
		}
		held := &heldResponse{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(held, r)
		if held.status == http.StatusOK && !bytes.Contains(held.body.Bytes(), []byte(`"errors"`)) {
			w.Header().Set("ETag", etag)
			w.Header().Set("Cache-Control", policy)
		} else {
			w.Header().Set("Cache-Control", "no-store")
		}
		w.WriteHeader(held.status)
		_, _ = w.Write(held.body.Bytes()) // the client is gone if this fails; nothing to do
	})
}

// requestETag is a weak ETag (the same answer, not necessarily the same bytes) of a GET request at a data version
// on a day.
func requestETag(version string, day time.Time, r *http.Request) string {
	sum := sha256.Sum256([]byte(version + "\x00" + day.Format(time.DateOnly) + "\x00" + r.Method + "\x00" +
		r.URL.RawQuery + "\x00" + r.Header.Get("Accept")))
	return `W/"` + hex.EncodeToString(sum[:16]) + `"`
}

// listsETag says whether an If-None-Match header lists etag, compared weakly. Unlike for the static files
// (web.MatchesETag), "*" does not count: whether a request has an answer, or only an error, is known by running it.
func listsETag(ifNoneMatch, etag string) bool {
	for _, candidate := range strings.Split(ifNoneMatch, ",") {
		if candidate = strings.TrimSpace(candidate); candidate != "*" && web.MatchesETag(candidate, etag) {
			return true
		}
	}
	return false
}

// heldResponse keeps a handler's status and body, so that headers can still be set once the body is known.
type heldResponse struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (h *heldResponse) WriteHeader(status int)      { h.status = status }
func (h *heldResponse) Write(b []byte) (int, error) { return h.body.Write(b) }
