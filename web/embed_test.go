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
		ServePage(page).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, `<script type="module" src="/assets/`) ||
			rec.Header().Get("Cache-Control") != "no-cache" {
			t.Errorf("%s: %d %q %.200s", page, rec.Code, rec.Header().Get("Cache-Control"), body)
		}
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
