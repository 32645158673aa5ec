package httpapi

import (
	"net/http"
	"strings"
)

// contentSecurityPolicy allows the service's pages to load scripts, styles, fonts and data only from the service
// itself (no inline script, no inline style sheet, no CDN), and, through frame-ancestors, says which sites may frame
// them. Style attributes stay allowed (style-src-attr): a view's template may still set one. No page starts a
// worker, so workers fall under default-src.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors "

// playgroundPolicy is the GraphiQL page's: its dialogs add <style> elements at run time (react-remove-scroll), which
// no hash can name ahead, so that page alone keeps inline style sheets; the explorer and the embeds do without.
var playgroundPolicy = strings.Replace(contentSecurityPolicy, "style-src 'self';", "style-src 'self' 'unsafe-inline';", 1) + "'none'"

// AllowInlineStyles gives the pages of next the playground's policy, with framing refused.
func AllowInlineStyles(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", playgroundPolicy)
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets on every response: no MIME sniffing (a JSON answer holding HTML is never run as a page),
// the Content-Security-Policy with framing refused, and no Referer sent from the service's pages to other sites.
// A route meant to be framed wraps its handler in AllowFraming.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", contentSecurityPolicy+"'none'")
		h.Set("X-Frame-Options", "DENY") // for browsers that predate frame-ancestors
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

// AllowFraming lets the pages of next be framed by ancestors, a CSP source list such as "*" or
// "https://partner.example https://other.example" (embed routes).
func AllowFraming(ancestors string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", contentSecurityPolicy+ancestors)
		w.Header().Del("X-Frame-Options")
		next.ServeHTTP(w, r)
	})
}
