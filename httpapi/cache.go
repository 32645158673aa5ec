package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"slices"
	"sync/atomic"
	"time"

	"github.com/cybercoop/cybercoop/internal/bytecache"
	"github.com/cybercoop/cybercoop/internal/metrics"
	"github.com/cybercoop/cybercoop/internal/today"
)

// Versions pins a request to the data version current now (store.Store.Pin), without waiting but when the store
// has not read the version for a while. When it cannot read it, it returns the error with the version read last.
type Versions interface {
	Pin(ctx context.Context) (context.Context, string, error)
}

// responseCache answers a GraphQL request it has answered before with the same body, as long as the loaded data
// has not changed, nor the day (Convention.parties without asOf answers as of today). Keys hold the data version
// and the UTC day the request carries (see dated), and the cache is emptied when either changes, so a new load
// is visible as soon as the store knows it. Only successful responses without errors are kept, within a budget
// of bytes. The request is pinned to the version of its key, so the response holds that version's data.
type responseCache struct {
	versions Versions
	entries  *bytecache.Cache[cachedResponse]
	seen     atomic.Pointer[string] // the version and day the entries belong to
}

type cachedResponse struct {
	contentType string
	vary        []string // what the handler said the response depends on, for shared caches downstream
	body        []byte
}

// maxCachedBody bounds what one entry may hold.
const maxCachedBody = 1 << 20

// entryOverhead is what an entry costs beyond the bytes weighed: the list element, the map slot, the headers of
// its strings and slices.
const entryOverhead = 256

// weighResponse is the memory an entry holds, for the byte budget.
func weighResponse(key string, r cachedResponse) int {
	n := entryOverhead + len(key) + len(r.contentType) + len(r.body)
	for _, v := range r.vary {
		n += len(v) + 16 // and its string header
	}
	return n
}

func newResponseCache(versions Versions, maxBytes int) *responseCache {
	c := &responseCache{versions: versions, entries: bytecache.New(maxBytes, weighResponse)}
	c.seen.Store(new(string))
	return c
}

// pin pins the request to the current data version and returns it with what its key starts with, the version and
// the request's day, emptying the cache when either changed. While the version cannot be read (Neo4j down), the version read last still finds the answers
// held for it; what is not held runs unpinned and fails. Without any version (nothing loaded) the cache stays out
// of the way.
func (c *responseCache) pin(r *http.Request) (*http.Request, string, bool) {
	ctx, v, _ := c.versions.Pin(r.Context())
	if v == "" {
		return r, "", false
	}
	v += "\x00" + today.Day(ctx).Format(time.DateOnly) // answers as of today change with the day, as with the data
	if seen := c.seen.Load(); *seen != v && c.seen.CompareAndSwap(seen, &v) {
		c.entries.Purge()
	}
	return r.WithContext(ctx), v, true
}

func (c *responseCache) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		r, generation, ok := c.pin(r)
		if !ok {
			metrics.CacheLookup("bypass")
			next.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body) // already read into memory by limitBody
		r.Body = io.NopCloser(bytes.NewReader(body))
		// The headers that decide whether and how the request is answered (graphqlhttp) are part of the key.
		sum := sha256.Sum256([]byte(generation + "\x00" + r.Method + "\x00" + r.Header.Get("Accept") + "\x00" +
			r.Header.Get("Content-Type") + "\x00" + r.URL.RawQuery + "\x00" + string(body)))
		key := hex.EncodeToString(sum[:])
		if hit, ok := c.entries.Get(r.Context(), key); ok {
			w.Header().Set("Content-Type", hit.contentType)
			metrics.CacheLookup("hit")
			for _, v := range hit.vary {
				w.Header().Add("Vary", v)
			}
			w.Header().Set("X-Cache", "HIT")
			_, _ = w.Write(hit.body)
			return
		}
		metrics.CacheLookup("miss")
		w.Header().Set("X-Cache", "MISS")
		rec := &bodyRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if rec.status == http.StatusOK && rec.body.Len() <= maxCachedBody && !bytes.Contains(rec.body.Bytes(), []byte(`"errors"`)) {
			// Copies: the buffer's spare capacity and the header map would be held without being weighed.
			c.entries.Add(r.Context(), key, cachedResponse{contentType: w.Header().Get("Content-Type"),
				vary: slices.Clone(w.Header().Values("Vary")), body: bytes.Clone(rec.body.Bytes())})
		}
	})
}

// bodyRecorder copies what a handler writes, to keep it.
type bodyRecorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *bodyRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (r *bodyRecorder) Write(b []byte) (int, error) {
	if r.body.Len() <= maxCachedBody {
		r.body.Write(b)
	}
	return r.ResponseWriter.Write(b)
}
