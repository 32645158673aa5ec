// Package web holds the built workbench (GraphiQL and the explorer, see package.json and build.mjs) and serves it.
// The files in dist/ are committed, so the Go binary builds without Node; `make check-web` rebuilds them and fails
// when the committed copy is stale.
package web

import (
	"embed"
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

// ServePage writes one of the pages. Pages are small and name hashed assets, so they are revalidated each time.
func ServePage(page Page) http.Handler {
	body, err := dist.ReadFile("dist/" + string(page))
	if err != nil {
		panic("web: " + string(page) + " is missing from dist/; run make web") // a build defect, caught by the tests
	}
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(body)
	})
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
