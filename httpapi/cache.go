package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// Versioner tells the version of the loaded data (store.DataVersion).
type Versioner interface {
	DataVersion(ctx context.Context) (string, error)
}

// responseCache answers a GraphQL request it has answered before with the same body, as long as the loaded data
// has not changed. Keys hold the data version, and the cache is emptied when the version changes, so a new load
// is visible within versionTTL. Only successful responses without errors are kept.
type responseCache struct {
	versions Versioner
	entries  *lru.Cache[string, cachedResponse]
	ttl      time.Duration // how long a read version is trusted

	mu      sync.Mutex
	version string
	checked time.Time
}

type cachedResponse struct {
	contentType string
	vary        []string // what the handler said the response depends on, for shared caches downstream
	body        []byte
}

// versionTTL is how long a read data version is trusted; maxCachedBody bounds what one entry may hold.
const (
	versionTTL    = 5 * time.Second
	maxCachedBody = 1 << 20
)

func newResponseCache(versions Versioner, size int) *responseCache {
	entries, err := lru.New[string, cachedResponse](size)
	if err != nil {
		panic(err) // only for a non-positive size, which the caller never passes
	}
	return &responseCache{versions: versions, entries: entries, ttl: versionTTL}
}

// currentVersion returns the data version, reading it at most once per versionTTL and emptying the cache when it
// changed. An error leaves the cache out of the way for this request.
func (c *responseCache) currentVersion(ctx context.Context) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.checked) < c.ttl && c.version != "" {
		return c.version, true
	}
	v, err := c.versions.DataVersion(ctx)
	if err != nil || v == "" {
		return "", false
	}
	if v != c.version {
		c.entries.Purge()
		c.version = v
	}
	c.checked = time.Now()
	return v, true
}

func (c *responseCache) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		version, ok := c.currentVersion(r.Context())
		if !ok {
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
			for _, v := range hit.vary {
				w.Header().Add("Vary", v)
			}
			w.Header().Set("X-Cache", "HIT")
			_, _ = w.Write(hit.body)
			return
		}
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
