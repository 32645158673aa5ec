package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"sync/atomic"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/cybercoop/cybercoop/internal/metrics"
)

// Versions pins a request to the data version current now (store.Store.Pin), without waiting but when the store
// has not read the version for a while. When it cannot read it, it returns the error with the version read last.
type Versions interface {
	Pin(ctx context.Context) (context.Context, string, error)
}

// responseCache answers a GraphQL request it has answered before with the same body, as long as the loaded data
// has not changed. Keys hold the data version, and the cache is emptied when the version changes, so a new load
// is visible as soon as the store knows it. Only successful responses without errors are kept. The request is
// pinned to the version of its key, so the response holds that version's data.
type responseCache struct {
	versions Versions
	entries  *lru.Cache[string, cachedResponse]
	seen     atomic.Pointer[string] // the version the entries belong to
}

type cachedResponse struct {
	contentType string
	vary        []string // what the handler said the response depends on, for shared caches downstream
	body        []byte
}

// maxCachedBody bounds what one entry may hold.
const maxCachedBody = 1 << 20

func newResponseCache(versions Versions, size int) *responseCache {
	entries, err := lru.New[string, cachedResponse](size)
	if err != nil {
		panic(err) // only for a non-positive size, which the caller never passes
	}
	c := &responseCache{versions: versions, entries: entries}
	c.seen.Store(new(string))
	return c
}

// pin pins the request to the current data version and returns it, emptying the cache when it changed. While the
// version cannot be read (Neo4j down), the version read last still finds the answers held for it; what is not held
// runs unpinned and fails. Without any version (nothing loaded) the cache stays out of the way.
func (c *responseCache) pin(r *http.Request) (*http.Request, string, bool) {
	ctx, v, _ := c.versions.Pin(r.Context())
	if v == "" {
		return r, "", false
	}
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
		r, version, ok := c.pin(r)
		if !ok {
			metrics.CacheLookup("bypass")
			next.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body) // already read into memory by limitBody
		r.Body = io.NopCloser(bytes.NewReader(body))
		// The headers that decide whether and how the request is answered (graphqlhttp) are part of the key.
		sum := sha256.Sum256([]byte(version + "\x00" + r.Method + "\x00" + r.Header.Get("Accept") + "\x00" +
			r.Header.Get("Content-Type") + "\x00" + r.URL.RawQuery + "\x00" + string(body)))
		key := hex.EncodeToString(sum[:])
		if hit, ok := c.entries.Get(key); ok {
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
			c.entries.Add(key, cachedResponse{contentType: w.Header().Get("Content-Type"), vary: w.Header().Values("Vary"), body: rec.body.Bytes()})
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
