package httpapi_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop/httpapi"
	"github.com/cybercoop/cybercoop/httpapi/ratelimit"
)

const wantCSP = "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; " +
	"font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
	"form-action 'self'; frame-ancestors 'none'"

// TestSecurityHeaders checks the headers docs/operations.md lists under "Security headers".
func TestSecurityHeaders(t *testing.T) {
	handler := newHandler(emptyStore{}, httpapi.Options{})
	for _, tc := range []struct {
		name, method, target, contentType, body string
	}{
		{name: "playground", method: "GET", target: "/?query=%7B__typename%7D"},
		{name: "playground redirect", method: "GET", target: "/"},
		{name: "explorer", method: "GET", target: "/explorer"},
		{name: "explorer script", method: "GET", target: "/explorer.js"},
		{name: "examples", method: "GET", target: "/examples.graphql"},
		{name: "probe", method: "GET", target: "/healthz"},
		{name: "GraphQL answer", method: "POST", target: "/graphql", contentType: "application/json", body: `{"query":"{ __typename }"}`},
		{name: "GraphQL refusal", method: "POST", target: "/graphql", contentType: "text/plain", body: `{}`},
		{name: "unknown path", method: "GET", target: "/nowhere"},
		{name: "CORS preflight", method: "OPTIONS", target: "/graphql"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			if tc.method == "OPTIONS" {
				req.Header.Set("Origin", "https://partner.example")
				req.Header.Set("Access-Control-Request-Method", "POST")
			}
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, req)
			h := rec.Header()
			want := wantCSP
			if strings.HasPrefix(tc.name, "playground") { // GraphiQL's dialogs add style elements
				want = strings.Replace(wantCSP, "style-src 'self';", "style-src 'self' 'unsafe-inline';", 1)
			}
			if got := h.Get("Content-Security-Policy"); got != want {
				t.Errorf("CSP = %q, want %q", got, want)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Frame-Options") != "DENY" {
				t.Errorf("headers %v", h)
			}
		})
	}

	t.Run("OK a route can allow framing", func(t *testing.T) {
		framed := httpapi.AllowFraming("https://partner.example", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			_, _ = io.WriteString(w, "embed")
		}))
		// As an embed route sits inside the handler: the outer middleware has already set the strict headers.
		rec := httptest.NewRecorder()
		rec.Header().Set("X-Frame-Options", "DENY")
		framed.ServeHTTP(rec, httptest.NewRequest("GET", "/embed/card", nil))
		csp := rec.Header().Get("Content-Security-Policy")
		if !strings.HasSuffix(csp, "frame-ancestors https://partner.example") || !strings.HasPrefix(csp, "default-src 'self'; script-src 'self';") ||
			rec.Header().Get("X-Frame-Options") != "" {
			t.Errorf("CSP %q, X-Frame-Options %q", csp, rec.Header().Get("X-Frame-Options"))
		}
	})
}

// TestRateLimit drives the limit through the whole handler: the budget is spent by GraphQL requests only, each
// paying a unit at the door and the cost of its operation (1 here), as docs/operations.md, "Rate limit", says.
func TestRateLimit(t *testing.T) {
	limiter, err := ratelimit.New(ratelimit.Config{CostPerMinute: 6, MaxClients: 10})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newHandler(emptyStore{}, httpapi.Options{RateLimit: limiter}))
	t.Cleanup(srv.Close)
	post := func() (*http.Response, string) {
		resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(`{"query":"{ __typename }"}`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp, string(raw)
	}
	for i := range 3 {
		if resp, raw := post(); resp.StatusCode != http.StatusOK {
			t.Fatalf("request %d within the budget: %d %s", i+1, resp.StatusCode, raw)
		}
	}
	resp, raw := post()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "10" ||
		!strings.Contains(raw, `"code":"RATE_LIMITED"`) || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("past the budget: %d Retry-After %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), raw)
	}
	if probe, err := http.Get(srv.URL + "/healthz"); err != nil || probe.StatusCode != http.StatusOK {
		t.Errorf("probes are not limited: %v %v", probe.StatusCode, err)
	}
}
