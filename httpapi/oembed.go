package httpapi

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cybercoop/cybercoop/web"
)

// oEmbed (https://oembed.com): a CMS given the URL of an embed or explorer page of this service asks
// /oembed?url=...&format=json and receives the iframe to put in its page.

// oembedResponse is a "rich" oEmbed response.
type oembedResponse struct {
	Type         string `json:"type"`
	Version      string `json:"version"`
	Title        string `json:"title"`
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	HTML         string `json:"html"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
}

var iframeHTML = template.Must(template.New("iframe").Parse(
	`<iframe src="{{.Src}}" width="{{.Width}}" height="{{.Height}}" title="{{.Title}}" loading="lazy" style="border:0;max-width:100%"></iframe>`))

// embedParams are the parameters an embed page reads.
var embedParams = []string{"id", "lang", "theme", "first", "from", "to", "asOf", "project", "path"}

// oembed answers the oEmbed description of an embed or explorer URL of the service at base, its public URL. A URL
// of another site, or of a page that is not a view, is 404 as the specification asks; any format but json is 501.
func oembed(base string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		describeEmbed(w, r, base)
	}
}

func describeEmbed(w http.ResponseWriter, r *http.Request, base string) {
	q := r.URL.Query()
	if format := q.Get("format"); format != "" && format != "json" {
		http.Error(w, "only format=json is offered", http.StatusNotImplemented)
		return
	}
	view, params, ok := embedOf(base, q.Get("url"))
	if !ok {
		http.Error(w, "not an embed or explorer URL of this service", http.StatusNotFound)
		return
	}
	width, height := embedWidth, embedViews[view]
	if max, err := strconv.Atoi(q.Get("maxwidth")); err == nil && max > 0 && max < width {
		width = max
	}
	if max, err := strconv.Atoi(q.Get("maxheight")); err == nil && max > 0 && max < height {
		height = max
	}
	src := base + "/embed/" + view + "?" + params.Encode()
	title := fmt.Sprintf("Cybercoop: %s (%s)", params.Get("id"), view)
	var frame bytes.Buffer
	if err := iframeHTML.Execute(&frame, map[string]any{"Src": src, "Width": width, "Height": height, "Title": title}); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError) // only a template defect, caught by the tests
		return
	}
	writeJSON(w, http.StatusOK, oembedResponse{Type: "rich", Version: "1.0", Title: title, ProviderName: "Cybercoop",
		ProviderURL: base + "/", HTML: frame.String(), Width: width, Height: height})
}

// embedOf reads an embed URL (/embed/{view}?id=...) or an explorer URL (/explorer?id=...&view=...) of the service
// at base, giving the embed's view and parameters.
func embedOf(base, raw string) (view string, params url.Values, ok bool) {
	u, err := url.Parse(raw)
	if err != nil || !strings.EqualFold(u.Scheme+"://"+u.Host, base) {
		return "", nil, false
	}
	q := u.Query()
	switch {
	case strings.HasPrefix(u.Path, "/embed/"):
		view = strings.TrimPrefix(u.Path, "/embed/")
		if _, known := embedViews[view]; !known {
			return "", nil, false
		}
	case u.Path == "/explorer" && q.Get("path") != "":
		view = "path"
	case u.Path == "/explorer":
		view = q.Get("view")
		if view == "" {
			view = "graph"
		}
		if !isExplorerView(view) {
			return "", nil, false
		}
	default:
		return "", nil, false
	}
	if q.Get("id") == "" || view == "path" && q.Get("path") == "" {
		return "", nil, false
	}
	params = url.Values{}
	for _, name := range embedParams {
		if v := q.Get(name); v != "" {
			params.Set(name, v)
		}
	}
	return view, params, true
}

// explorerPageData gives the explorer page its oEmbed discovery link, describing the URL asked for at the service's
// public URL base.
func explorerPageData(base string) func(r *http.Request) web.PageData {
	return func(r *http.Request) web.PageData {
		return web.PageData{OEmbed: base + "/oembed?" + url.Values{"format": {"json"}, "url": {base + r.URL.RequestURI()}}.Encode()}
	}
}
