package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"sync/atomic"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/cybercoop/cybercoop/internal/metrics"
)

// Versions tells the version of the loaded data, without waiting (dataversion.Refresher.Current).
type Versions interface {
	Current() string
}

// responseCache answers a GraphQL request it has answered before with the same body, as long as the loaded data
// has not changed. Keys hold the data version, and the cache is emptied when the version changes, so a new load
// is visible as soon as versions reports it. Only successful responses without errors are kept. It never waits
// for the database: the version is refreshed in the background.
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

// currentVersion returns the data version, emptying the cache when it changed. Without a known version (none read
// yet, or nothing loaded) the cache stays out of the way.
func (c *responseCache) currentVersion() (string, bool) {
	v := c.versions.Current()
	if v == "" {
		return "", false
	}
	if seen := c.seen.Load(); *seen != v && c.seen.CompareAndSwap(seen, &v) {
		c.entries.Purge()
	}
	return v, true
}

func (c *responseCache) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		version, ok := c.currentVersion()
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
