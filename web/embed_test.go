package web

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAssets(t *testing.T) {
	files, err := fs.Glob(dist, "dist/assets/explorer-*.js")
	if err != nil || len(files) != 1 {
		t.Fatalf("dist/assets holds %v (%v), want one explorer bundle", files, err)
	}
	explorer := "/assets/" + strings.TrimPrefix(files[0], "dist/assets/")

	tests := []struct {
		name, path string
		status     int
		cached     bool
	}{
		{"OK hashed bundle, cached for a year", explorer, http.StatusOK, true},
		{"ErrNotFound unknown file", "/assets/explorer-00000000.js", http.StatusNotFound, false},
		{"ErrNotFound no listing", "/assets/", http.StatusNotFound, false},
		{"ErrNotFound page outside assets", "/assets/../explorer.html", http.StatusNotFound, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serveAsset(tt.path)
			if rec.Code != tt.status || (rec.Header().Get("Cache-Control") != "") != tt.cached {
				t.Errorf("GET %s = %d, Cache-Control %q", tt.path, rec.Code, rec.Header().Get("Cache-Control"))
			}
		})
	}
}

func TestServePage(t *testing.T) {
	for _, page := range []Page{GraphiQL, Explorer} {
		rec := httptest.NewRecorder()
		ServePage(page, func(*http.Request) PageData { return PageData{} }).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, `<script type="module" src="/assets/`) ||
			rec.Header().Get("Cache-Control") != "no-cache" || strings.Contains(body, "oembed") {
			t.Errorf("%s: %d %q %.200s", page, rec.Code, rec.Header().Get("Cache-Control"), body)
		}
	}

	t.Run("OK the explorer's oEmbed discovery link, escaped", func(t *testing.T) {
		rec := httptest.NewRecorder()
		data := PageData{OEmbed: `http://x.test/oembed?format=json&url=http%3A%2F%2Fx.test%2Fexplorer%3Fid%3D%22%3E`}
		ServePage(Explorer, func(*http.Request) PageData { return data }).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		want := `<link rel="alternate" type="application/json+oembed" href="http://x.test/oembed?format=json&amp;url=http%3A%2F%2Fx.test%2Fexplorer%3Fid%3D%22%3E" title="Cybercoop">`
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("no discovery link %s in %.600s", want, rec.Body.String())
		}
	})
}

func TestServeFile(t *testing.T) {
	handler := ServeFile(EmbedScript, "text/javascript; charset=utf-8", "public, max-age=60")
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/embed.js", nil))
	etag := rec.Header().Get("ETag")
	if rec.Code != http.StatusOK || etag == "" || rec.Header().Get("Cache-Control") != "public, max-age=60" ||
		!strings.Contains(rec.Body.String(), `import "./assets/element-`) {
		t.Fatalf("GET /embed.js = %d, ETag %q, Cache-Control %q: %.200s", rec.Code, etag, rec.Header().Get("Cache-Control"), rec.Body.String())
	}
	for _, ifNoneMatch := range []string{etag, "W/" + etag, `"other", ` + etag, "*"} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/embed.js", nil)
		req.Header.Set("If-None-Match", ifNoneMatch)
		handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("ETag") != etag {
			t.Errorf("If-None-Match %s: %d, %d bytes", ifNoneMatch, rec.Code, rec.Body.Len())
		}
	}
	rec = httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/embed.js", nil)
	req.Header.Set("If-None-Match", `"stale"`)
	handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("a stale ETag: %d, want 200", rec.Code)
	}
}

// FuzzAssets: whatever the path, the handler answers 200 only with a file of dist/assets, and caches nothing else.
func FuzzAssets(f *testing.F) {
	for _, seed := range []string{"/assets/", "/assets/x.js", "/assets/../graphiql.html", "/assets/%2e%2e/explorer.html",
		"/assets//etc/passwd", "/assets/chunk-", "/assets/\x00"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, path string) {
		if !strings.HasPrefix(path, "/assets/") || strings.ContainsAny(path, " ?#%\x7f") || strings.ContainsFunc(path, func(r rune) bool { return r < 0x20 }) {
			t.Skip() // not a path a request line can carry as is
		}
		rec := serveAsset(path)
		cached := rec.Header().Get("Cache-Control") != ""
		if rec.Code == http.StatusOK {
			if _, err := fs.Stat(dist, "dist/assets/"+strings.TrimPrefix(path, "/assets/")); err != nil || !cached {
				t.Errorf("GET %q = 200 (cached %v) for no file of dist/assets", path, cached)
			}
		} else if cached {
			t.Errorf("GET %q = %d with Cache-Control", path, rec.Code)
		}
	})
}

func serveAsset(path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, "http://example.test/", nil)
	req.URL.Path = path
	rec := httptest.NewRecorder()
	Assets("/assets/").ServeHTTP(rec, req)
	return rec
}
