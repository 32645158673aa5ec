// Package web holds the built workbench (GraphiQL and the explorer, see package.json and build.mjs) and the embeds
// (the embed page and /embed.js), and serves them.
// The files in dist/ are committed, so the Go binary builds without Node; `make check-web` rebuilds them and fails
// when the committed copy is stale.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed dist
var dist embed.FS

// Page names a page of the workbench: its HTML file in dist/.
type Page string

// The workbench's pages.
const (
	GraphiQL Page = "graphiql.html"
	Explorer Page = "explorer.html"
)

// PageData is what a page may show of the request: the URL of its oEmbed description (the explorer's discovery
// link), empty for none.
type PageData struct {
	OEmbed string
}

// ServePage writes one of the pages, a template given the PageData that data makes of the request. Pages are
// small and name hashed assets, so they are revalidated each time.
func ServePage(page Page, data func(*http.Request) PageData) http.Handler {
	tmpl := template.Must(template.New(string(page)).Parse(string(mustRead(string(page)))))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body bytes.Buffer
		if err := tmpl.Execute(&body, data(r)); err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError) // only a template defect, caught by the tests
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(body.Bytes())
	})
}

// Files of dist/ served as they are, at a stable URL.
const (
	EmbedPage   = "embed.html" // every /embed/{view}: the script reads the view and its parameters from the URL
	EmbedScript = "embed.js"   // /embed.js: imports the hashed web component
)

// ServeFile writes a file of dist/ with cacheControl and a strong ETag of its content; a request whose
// If-None-Match holds that ETag gets 304 without a body.
func ServeFile(name, contentType, cacheControl string) http.Handler {
	body := mustRead(name)
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", cacheControl)
		w.Header().Set("ETag", etag)
		if MatchesETag(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(body)
	})
}

// MatchesETag says whether an If-None-Match header names etag ("*" names any), comparing weakly as RFC 9110 asks
// for If-None-Match: W/"x" matches "x".
func MatchesETag(ifNoneMatch, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, candidate := range strings.Split(ifNoneMatch, ",") {
		candidate = strings.TrimSpace(candidate)
		if candidate == "*" || strings.TrimPrefix(candidate, "W/") == want {
			return true
		}
	}
	return false
}

func mustRead(name string) []byte {
	body, err := dist.ReadFile("dist/" + name)
	if err != nil {
		panic("web: " + name + " is missing from dist/; run make web") // a build defect, caught by the tests
	}
	return body
}

// Assets serves dist/assets/ under the URL path prefix. Every file there carries a content hash in its name, so
// browsers and CDNs may keep it for a year without asking again.
func Assets(prefix string) http.Handler {
	sub, err := fs.Sub(dist, "dist/assets")
	if err != nil {
		panic("web: dist/assets is missing; run make web")
	}
	files := http.StripPrefix(prefix, http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, prefix)
		if info, err := fs.Stat(sub, name); err != nil || info.IsDir() { // no listings, no cached 404s
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		files.ServeHTTP(w, r)
	})
}
