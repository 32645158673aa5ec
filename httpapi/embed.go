package httpapi

import (
	"net/http"
	"slices"

	"github.com/cybercoop/cybercoop/web"
)

// embedViews are the views of /embed/{view}, with the height of their frame in the oEmbed answer.
var embedViews = map[string]int{"card": 480, "table": 480, "graph": 560, "timeline": 420, "map": 560, "journeys": 560, "path": 480}

// embedWidth is the width of an embed's frame; the views are responsive, so any width works.
const embedWidth = 640

// explorerViews are the views of the explorer page (?view=), which the embeds show under the same names (journeys
// for a convention only). An explorer URL with path= shows the path view, whatever its view.
var explorerViews = []string{"graph", "timeline", "map", "table", "journeys"}

// embedRoutes serves the embed pages (framable by ancestors, a CSP source list) and /embed.js, both cacheable
// under policy with an ETag.
func embedRoutes(mux *http.ServeMux, ancestors, policy string) {
	page := AllowFraming(ancestors, web.ServeFile(web.EmbedPage, "text/html; charset=utf-8", policy))
	mux.Handle("GET /embed/{view}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := embedViews[r.PathValue("view")]; !ok {
			http.NotFound(w, r)
			return
		}
		page.ServeHTTP(w, r)
	}))
	mux.Handle("GET /embed.js", web.ServeFile(web.EmbedScript, "text/javascript; charset=utf-8", policy))
}

// isExplorerView says whether view names a view of the explorer.
func isExplorerView(view string) bool {
	return slices.Contains(explorerViews, view)
}
