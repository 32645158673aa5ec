package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop/graph"
	"github.com/cybercoop/cybercoop/httpapi"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/web/documents"
)

// getWith sends a GET with the given headers and returns the response with its body read.
func getWith(t *testing.T, rawURL string, headers map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// documentID is the trusted-document id of a file of web/documents.
func documentID(t *testing.T, name string) string {
	t.Helper()
	text, err := os.ReadFile("../web/documents/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return documents.ID(string(text))
}

func byDocument(srv, id, variables string) string {
	return srv + "/graphql?" + url.Values{"documentId": {id}, "variables": {variables}}.Encode()
}

// TestHTTPCaching checks the HTTP caching docs/api.md ("HTTP caching") and docs/embedding.md ("Caching") describe.
func TestHTTPCaching(t *testing.T) {
	srv := newServer(t, neo4jtest.Seeded(t))
	ghana := srv.URL + "/graphql?query=" + url.QueryEscape(`{ country(id: "gh") { name } }`)

	resp, body := getWith(t, ghana, nil)
	etag := resp.Header.Get("ETag")
	t.Run("OK GET carries Cache-Control and an ETag", func(t *testing.T) {
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Ghana") {
			t.Fatalf("%d: %s", resp.StatusCode, body)
		}
		if got := resp.Header.Get("Cache-Control"); got != "public, max-age=60, stale-while-revalidate=600" {
			t.Errorf("Cache-Control = %q", got)
		}
		if !strings.HasPrefix(etag, `W/"`) {
			t.Errorf("ETag = %q", etag)
		}
		vary := strings.Join(resp.Header.Values("Vary"), ", ")
		if !strings.Contains(vary, "Accept") || !strings.Contains(vary, "Origin") {
			t.Errorf("Vary = %q, want Accept and Origin", vary)
		}
	})
	t.Run("OK If-None-Match gives 304 without a body", func(t *testing.T) {
		resp, body := getWith(t, ghana, map[string]string{"If-None-Match": etag})
		if resp.StatusCode != http.StatusNotModified || body != "" || resp.Header.Get("ETag") != etag ||
			!strings.Contains(resp.Header.Get("Cache-Control"), "max-age=60") {
			t.Errorf("%d %q %q: %q", resp.StatusCode, resp.Header.Get("ETag"), resp.Header.Get("Cache-Control"), body)
		}
	})
	t.Run("OK another request, another ETag", func(t *testing.T) {
		for _, other := range []struct {
			url     string
			headers map[string]string
		}{
			{srv.URL + "/graphql?query=" + url.QueryEscape(`{ country(id: "to") { name } }`), nil},
			{ghana, map[string]string{"Accept": "application/graphql-response+json"}},
		} {
			resp, _ := getWith(t, other.url, other.headers)
			if got := resp.Header.Get("ETag"); got == "" || got == etag {
				t.Errorf("%s %v: ETag %q, want one of its own", other.url, other.headers, got)
			}
			other.headers = map[string]string{"If-None-Match": etag, "Accept": other.headers["Accept"]}
			if resp, _ := getWith(t, other.url, other.headers); resp.StatusCode != http.StatusOK {
				t.Errorf("%s with Ghana's ETag: %d, want 200", other.url, resp.StatusCode)
			}
		}
	})
	t.Run("ErrNotFound an answer with errors is not stored", func(t *testing.T) {
		resp, body := getWith(t, srv.URL+"/graphql?query="+url.QueryEscape(`{ country(id: "zz") { name } }`), nil)
		if resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("ETag") != "" || !strings.Contains(body, "NOT_FOUND") {
			t.Errorf("%q %q: %s", resp.Header.Get("Cache-Control"), resp.Header.Get("ETag"), body)
		}
	})
	t.Run("OK POST stays uncached", func(t *testing.T) {
		resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(`{"query":"{ country(id: \"gh\") { name } }"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") != "" || strings.Contains(resp.Header.Get("Cache-Control"), "public") {
			t.Errorf("%d %q %q", resp.StatusCode, resp.Header.Get("ETag"), resp.Header.Get("Cache-Control"))
		}
	})
	t.Run("OK the max-age is configurable", func(t *testing.T) {
		short := newServerWithOptions(t, neo4jtest.Open(t), func(_ *graph.Options, h *httpapi.Options) {
			h.CacheMaxAge, h.CacheStale = 5e9, 30e9
		})
		resp, _ := getWith(t, short.URL+"/graphql?query="+url.QueryEscape(`{ country(id: "gh") { name } }`), nil)
		if got := resp.Header.Get("Cache-Control"); got != "public, max-age=5, stale-while-revalidate=30" {
			t.Errorf("Cache-Control = %q", got)
		}
		resp, _ = getWith(t, short.URL+"/embed.js", nil)
		if got := resp.Header.Get("Cache-Control"); got != "public, max-age=5, stale-while-revalidate=30" {
			t.Errorf("/embed.js Cache-Control = %q", got)
		}
	})
}

// TestEmbedRoutes checks the embed routes and parameters of docs/embedding.md ("As a frame", "Parameters").
func TestEmbedRoutes(t *testing.T) {
	srv := newServer(t, neo4jtest.Open(t))

	t.Run("OK embed pages may be framed by any site, and are cacheable", func(t *testing.T) {
		for _, view := range []string{"card", "table", "graph", "timeline", "map", "journeys"} {
			resp, body := getWith(t, srv.URL+"/embed/"+view+"?id=country:gh", nil)
			csp := resp.Header.Get("Content-Security-Policy")
			if resp.StatusCode != http.StatusOK || !strings.HasSuffix(csp, "frame-ancestors *") || resp.Header.Get("X-Frame-Options") != "" ||
				!strings.Contains(body, `<script type="module" src="/assets/embed-`) {
				t.Errorf("%s: %d, CSP %q, X-Frame-Options %q", view, resp.StatusCode, csp, resp.Header.Get("X-Frame-Options"))
			}
			etag := resp.Header.Get("ETag")
			if etag == "" || !strings.Contains(resp.Header.Get("Cache-Control"), "max-age=60") {
				t.Errorf("%s: ETag %q, Cache-Control %q", view, etag, resp.Header.Get("Cache-Control"))
			}
			if resp, _ := getWith(t, srv.URL+"/embed/"+view, map[string]string{"If-None-Match": etag}); resp.StatusCode != http.StatusNotModified {
				t.Errorf("%s with its ETag: %d, want 304", view, resp.StatusCode)
			}
		}
	})
	t.Run("OK only the origins configured may frame them", func(t *testing.T) {
		partner := newServerWithOptions(t, neo4jtest.Open(t), func(_ *graph.Options, h *httpapi.Options) {
			h.EmbedAncestors = "https://partner.example http://127.0.0.1:8088"
		})
		resp, _ := getWith(t, partner.URL+"/embed/timeline?id=country:gh", nil)
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "frame-ancestors https://partner.example http://127.0.0.1:8088") {
			t.Errorf("CSP %q", csp)
		}
	})
	t.Run("OK every other page refuses framing", func(t *testing.T) {
		for _, path := range []string{"/", "/explorer?id=country:gh", "/graphql?query={__typename}", "/oembed", "/embed.js"} {
			resp, _ := getWith(t, srv.URL+path, nil)
			if !strings.HasSuffix(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") || resp.Header.Get("X-Frame-Options") != "DENY" {
				t.Errorf("%s: CSP %q, X-Frame-Options %q", path, resp.Header.Get("Content-Security-Policy"), resp.Header.Get("X-Frame-Options"))
			}
		}
	})
	t.Run("ErrNotFound unknown view", func(t *testing.T) {
		for _, path := range []string{"/embed/nope", "/embed/", "/embed/card/x"} {
			if resp, _ := getWith(t, srv.URL+path, nil); resp.StatusCode != http.StatusNotFound || resp.Header.Get("ETag") != "" {
				t.Errorf("%s: %d, ETag %q", path, resp.StatusCode, resp.Header.Get("ETag"))
			}
		}
	})
	t.Run("OK /embed.js loads the web component, for any origin", func(t *testing.T) {
		resp, body := getWith(t, srv.URL+"/embed.js", map[string]string{"Origin": "http://partner.example"})
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") ||
			!strings.Contains(body, `import "./assets/element-`) || resp.Header.Get("Access-Control-Allow-Origin") != "*" ||
			resp.Header.Get("ETag") == "" {
			t.Errorf("%d %q %q: %s", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Access-Control-Allow-Origin"), body)
		}
	})
}

// TestOEmbed checks the oEmbed answers docs/embedding.md describes ("By oEmbed").
func TestOEmbed(t *testing.T) {
	srv := newServer(t, neo4jtest.Open(t))
	ask := func(params url.Values) (*http.Response, map[string]any) {
		resp, body := getWith(t, srv.URL+"/oembed?"+params.Encode(), nil)
		var out map[string]any
		if resp.StatusCode == http.StatusOK {
			if err := json.Unmarshal([]byte(body), &out); err != nil {
				t.Fatalf("not JSON: %s", body)
			}
		}
		return resp, out
	}

	for _, tc := range []struct{ name, url, src string }{
		{"OK embed URL", srv.URL + "/embed/timeline?id=country:gh&lang=fr", srv.URL + "/embed/timeline?id=country%3Agh&amp;lang=fr"},
		{"OK explorer URL, its view", srv.URL + "/explorer?id=convention:budapest&view=map", srv.URL + "/embed/map?id=convention%3Abudapest"},
		{"OK explorer URL, a path", srv.URL + "/explorer?id=country:to&path=organization:europol&lang=fr",
			srv.URL + "/embed/path?id=country%3Ato&amp;lang=fr&amp;path=organization%3Aeuropol"},
		{"OK embed URL, a path", srv.URL + "/embed/path?id=country:to&path=organization:europol",
			srv.URL + "/embed/path?id=country%3Ato&amp;path=organization%3Aeuropol"},
		{"OK explorer URL, the default view", srv.URL + "/explorer?id=country:to", srv.URL + "/embed/graph?id=country%3Ato"},
		{"OK explorer URL, the map's day", srv.URL + "/explorer?id=convention:budapest&view=map&asOf=2015-01-01", srv.URL + "/embed/map?asOf=2015-01-01&amp;id=convention%3Abudapest"},
		{"OK explorer URL, the journeys of a project", srv.URL + "/explorer?id=convention:budapest&view=journeys&project=project:glacy-plus",
			srv.URL + "/embed/journeys?id=convention%3Abudapest&amp;project=project%3Aglacy-plus"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, out := ask(url.Values{"format": {"json"}, "url": {tc.url}})
			if resp.StatusCode != http.StatusOK || out["type"] != "rich" || out["version"] != "1.0" || out["provider_name"] != "Cybercoop" ||
				out["provider_url"] != srv.URL+"/" || out["width"] != 640.0 || out["height"] == nil {
				t.Fatalf("%d %v", resp.StatusCode, out)
			}
			html, _ := out["html"].(string)
			if !strings.HasPrefix(html, `<iframe src="`+tc.src+`"`) {
				t.Errorf("html = %s, want an iframe of %s", html, tc.src)
			}
		})
	}
	t.Run("OK maxwidth and maxheight", func(t *testing.T) {
		_, out := ask(url.Values{"url": {srv.URL + "/embed/card?id=country:gh"}, "maxwidth": {"300"}, "maxheight": {"200"}})
		if out["width"] != 300.0 || out["height"] != 200.0 || !strings.Contains(out["html"].(string), `width="300" height="200"`) {
			t.Errorf("%v", out)
		}
	})
	for _, tc := range []struct{ name, url string }{
		{"ErrNotFound another site", "https://example.org/embed/card?id=country:gh"},
		{"ErrNotFound not a view", srv.URL + "/graphql?query={__typename}"},
		{"ErrNotFound unknown view", srv.URL + "/embed/nope?id=country:gh"},
		{"ErrNotFound a path without its other end", srv.URL + "/embed/path?id=country:gh"},
		{"ErrNotFound explorer view unknown", srv.URL + "/explorer?id=country:gh&view=card"},
		{"ErrNotFound no entity", srv.URL + "/embed/card"},
		{"ErrNotFound no url", ""},
		{"ErrNotFound not a URL", "%zz"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if resp, _ := ask(url.Values{"format": {"json"}, "url": {tc.url}}); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", tc.url, resp.StatusCode)
			}
		})
	}
	t.Run("ErrNotImplemented xml", func(t *testing.T) {
		if resp, _ := ask(url.Values{"format": {"xml"}, "url": {srv.URL + "/embed/card?id=country:gh"}}); resp.StatusCode != http.StatusNotImplemented {
			t.Errorf("%d, want 501", resp.StatusCode)
		}
	})
	t.Run("OK a forged Host or X-Forwarded-Proto changes nothing: the answer names the configured address", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodGet, srv.URL+"/oembed?"+url.Values{"url": {"https://evil.example/embed/card?id=country:gh"}}.Encode(), nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = "evil.example"
		req.Header.Set("X-Forwarded-Proto", "https")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("a URL of the forged host: %d, want 404", resp.StatusCode)
		}
		req.URL.RawQuery = url.Values{"url": {srv.URL + "/embed/card?id=country:gh"}}.Encode()
		resp, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || strings.Contains(string(body), "evil.example") || !strings.Contains(string(body), srv.URL+"/embed/card") {
			t.Errorf("%d %s, want the iframe of %s", resp.StatusCode, body, srv.URL)
		}
	})
	t.Run("OK the explorer names its oEmbed description", func(t *testing.T) {
		_, body := getWith(t, srv.URL+"/explorer?id=country:gh&view=timeline", nil)
		want := `<link rel="alternate" type="application/json+oembed" href="` + srv.URL + "/oembed?format=json&amp;url=" +
			url.QueryEscape(srv.URL+"/explorer?id=country:gh&view=timeline") + `" title="Cybercoop">`
		if !strings.Contains(body, want) {
			t.Errorf("no %s in %.800s", want, body)
		}
	})
}

// TestTrustedDocuments checks the trusted documents docs/api.md describes ("Trusted documents").
func TestTrustedDocuments(t *testing.T) {
	st := neo4jtest.Seeded(t)
	srv := newServer(t, st)
	timeline := documentID(t, "Timeline.graphql")

	t.Run("OK by id, as the embeds send it", func(t *testing.T) {
		resp, body := getWith(t, byDocument(srv.URL, timeline, `{"id":"country:gh"}`), nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Semaine de la cybers") || !strings.Contains(body, `"date":"2017-10-23"`) ||
			resp.Header.Get("ETag") == "" {
			t.Errorf("%d: %.300s", resp.StatusCode, body)
		}
	})
	t.Run("ErrDocumentNotFound unknown id", func(t *testing.T) {
		for _, id := range []string{"sha256:" + strings.Repeat("ab", 32), "nothing"} {
			resp, body := getWith(t, byDocument(srv.URL, id, `{"id":"country:gh"}`), nil)
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, `"code":"DOCUMENT_NOT_FOUND"`) || strings.Contains(body, `"data"`) ||
				resp.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: %d %q: %s", id, resp.StatusCode, resp.Header.Get("Cache-Control"), body)
			}
		}
	})
	t.Run("ErrBadRequest both a query and a documentId", func(t *testing.T) {
		resp, body := getWith(t, srv.URL+"/graphql?"+url.Values{"documentId": {timeline}, "query": {"{__typename}"}}.Encode(), nil)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `"code":"BAD_REQUEST"`) {
			t.Errorf("%d: %s", resp.StatusCode, body)
		}
	})
	t.Run("OK any document, when not locked down", func(t *testing.T) {
		if _, body := getWith(t, srv.URL+"/graphql?query="+url.QueryEscape(`{ country(id: "gh") { name } }`), nil); !strings.Contains(body, "Ghana") {
			t.Errorf("%s", body)
		}
	})

	locked := newServerWithOptions(t, st, func(g *graph.Options, _ *httpapi.Options) { g.Admission.TrustedDocumentsOnly = true })
	t.Run("OK registered documents only: by id", func(t *testing.T) {
		if _, body := getWith(t, byDocument(locked.URL, timeline, `{"id":"country:gh"}`), nil); !strings.Contains(body, "Semaine de la cybers") {
			t.Errorf("%.300s", body)
		}
	})
	t.Run("OK registered documents only: a registered text", func(t *testing.T) {
		text, _ := documents.Trusted.Lookup(timeline)
		status, resp, raw := postQueryVars(t, locked, text, map[string]any{"id": "country:gh"})
		if status != http.StatusOK || len(resp.Errors) > 0 || !strings.Contains(raw, "Semaine de la cybers") {
			t.Errorf("%d: %.300s", status, raw)
		}
	})
	t.Run("ErrTrustedDocumentsOnly any other document", func(t *testing.T) {
		for name, send := range map[string]func() string{
			"GET text": func() string {
				_, body := getWith(t, locked.URL+"/graphql?query="+url.QueryEscape(`{ country(id: "gh") { name } }`), nil)
				return body
			},
			"POST text": func() string { _, _, raw := postQuery(t, locked, `{ country(id: "gh") { name } }`); return raw },
			"APQ hash": func() string {
				_, body := getWith(t, locked.URL+"/graphql?extensions="+url.QueryEscape(`{"persistedQuery":{"version":1,"sha256Hash":"`+strings.Repeat("ab", 32)+`"}}`), nil)
				return body
			},
		} {
			if !strings.Contains(send(), `"code":"TRUSTED_DOCUMENTS_ONLY"`) {
				t.Errorf("%s: %s", name, send())
			}
		}
	})
}

// postQueryVars posts a query with variables.
func postQueryVars(t *testing.T, srv *httptest.Server, query string, variables map[string]any) (int, gqlResponse, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": variables})
	resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out gqlResponse
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out, string(raw)
}
