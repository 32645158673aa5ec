package httpapi_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// The workbench's pages hold no inline script, name only the service's own hashed assets, and are sent with the
// Content-Security-Policy that forbids anything else; the assets may be cached for a year.
func TestWorkbenchPages(t *testing.T) {
	srv := newServer(t, neo4jtest.Open(t))
	const policy = "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; " +
		"font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
		"form-action 'self'; frame-ancestors 'none'"
	assetRef := regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`)
	scriptTag := regexp.MustCompile(`<script[^>]*>`)

	for _, path := range []string{"/", "/explorer", "/explorer?id=country:gh&view=map"} {
		t.Run("OK "+path, func(t *testing.T) {
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			page := string(raw)
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				t.Fatalf("GET %s = %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			want := policy
			if path == "/" { // GraphiQL's dialogs add style elements
				want = strings.Replace(policy, "style-src 'self';", "style-src 'self' 'unsafe-inline';", 1)
			}
			if got := resp.Header.Get("Content-Security-Policy"); got != want {
				t.Errorf("CSP = %q, want %q", got, want)
			}
			for _, tag := range scriptTag.FindAllString(page, -1) {
				if !strings.Contains(tag, `src="/assets/`) {
					t.Errorf("script that is not a served asset: %s", tag)
				}
			}
			refs := assetRef.FindAllStringSubmatch(page, -1)
			if len(refs) == 0 {
				t.Fatalf("the page names no asset: %s", page)
			}
			for _, ref := range refs {
				asset, err := http.Get(srv.URL + ref[1])
				if err != nil {
					t.Fatal(err)
				}
				asset.Body.Close()
				if asset.StatusCode != http.StatusOK || !strings.Contains(asset.Header.Get("Cache-Control"), "immutable") {
					t.Errorf("GET %s = %d, Cache-Control %q", ref[1], asset.StatusCode, asset.Header.Get("Cache-Control"))
				}
			}
		})
	}

	t.Run("ErrNotFound unknown asset, uncached", func(t *testing.T) {
		for _, path := range []string{"/assets/", "/assets/nothing-ABCDEF12.js", "/assets/../explorer.html"} {
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusNotFound || resp.Header.Get("Cache-Control") != "" {
				t.Errorf("GET %s = %d, Cache-Control %q; want an uncached 404", path, resp.StatusCode, resp.Header.Get("Cache-Control"))
			}
		}
	})
}
