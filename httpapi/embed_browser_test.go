package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// partnerPage is a partner's page on another origin: iframes of two embed pages (Ghana's timeline, the Budapest
// Convention's map as of a day), and three web components from /embed.js calling the API cross-origin (the map as of
// another day). Its inline script notes the page's globals before ours load; its own style must keep applying.
var partnerPage = template.Must(template.New("partner").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner</title>
<script>window.globalsBefore = Object.getOwnPropertyNames(window);</script>
<style>body { font-family: serif; }</style>
</head><body>
<h1>A partner's page</h1>
<iframe src="{{.Service}}/embed/timeline?id=country:gh" width="640" height="420" title="Ghana"></iframe>
<iframe src="{{.Service}}/embed/map?id=convention:budapest&amp;asOf={{.FrameDay}}" width="640" height="560" title="Budapest"></iframe>
<cybercoop-view view="table" entity="organization:interpol" api="{{.Service}}/graphql" first="50"></cybercoop-view>
<cybercoop-view view="map" entity="convention:budapest" as-of="{{.ElementDay}}" api="{{.Service}}/graphql"></cybercoop-view>
<cybercoop-view view="graph" entity="country:to" api="{{.Service}}/graphql"></cybercoop-view>
<script type="module" src="{{.Service}}/embed.js"></script>
</body></html>`))

// The embeds in a real Chromium: a partner page on another loopback origin shows Ghana's timeline and the Budapest
// Convention's Parties of a day in iframes, INTERPOL's activities and the Parties of another day in web components,
// leaks no global name or style into its page, sends nothing off the machine and logs no error; each embed page
// opened by its URL shows its facts.
func TestEmbedsInBrowser(t *testing.T) {
	browserCtx := startBrowser(t, 1280, 900)
	srv := newServer(t, neo4jtest.Seeded(t))
	// The Parties of a day, read from the chart the loader read.
	budapest, _ := neo4jtest.Chart(t, "ets185-chart-2026-04-25.tsv")
	ets189, ets189Head := neo4jtest.Chart(t, "ets189-partial-2025-06-04.tsv")
	const frameDay, elementDay = "2015-01-01", "2010-01-01"
	partiesAsOf := func(day string) string {
		return fmt.Sprintf("As of %s: Parties: %d", longDate(day, "en"), len(chartParties(budapest, day)))
	}
	partner := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = partnerPage.Execute(w, map[string]string{"Service": srv.URL, "FrameDay": frameDay, "ElementDay": elementDay})
	}))
	t.Cleanup(partner.Close)

	pages := []struct {
		name, url string
		checks    func(frames *frameContexts) []chromedp.Action
	}{
		{name: "partner", url: partner.URL, checks: func(frames *frameContexts) []chromedp.Action {
			return []chromedp.Action{
				waitForTextInFrame(frames, srv.URL, "Semaine de la cybersécurité"),
				waitForTextInFrame(frames, srv.URL, "23–27 Oct 2017"),
				waitForTextInFrame(frames, srv.URL, "Data: Cybercoop — sources"),
				waitForTextInFrame(frames, srv.URL, partiesAsOf(frameDay)), // asOf in an iframe on another origin
				waitForText(partiesAsOf(elementDay)),                       // as-of on the web component
				waitForText("Cours INTERPOL de formation des instructeurs, à Singapour"),
				waitForText("20–24 Nov 2017"),
				waitForText("Data: Cybercoop — sources"),
				drawingAtLeast("canvas", 300, 200), // Tonga's graph, Cytoscape on the partner's page
				waitFor("no global name but the element's, no style in the host page", `(() => {
				  const added = Object.getOwnPropertyNames(window).filter((n) => !globalsBefore.includes(n) && n !== "globalsBefore" && !/^\d+$/.test(n)); // window[0] is the partner's iframe
				  if (added.length) throw new Error("globals leaked: " + added.join(", "));
				  if (document.styleSheets.length !== 1) throw new Error(document.styleSheets.length + " style sheets in the host page, want the partner's own");
				  if (getComputedStyle(document.body).fontFamily !== "serif") throw new Error("the partner's font changed");
				  return !!customElements.get("cybercoop-view");
				})()`),
			}
		}},
		{name: "card", url: srv.URL + "/embed/card?id=organization:interpol", checks: see("INTERPOL", "Key facts", "Data: Cybercoop — sources")},
		{name: "graph", url: srv.URL + "/embed/graph?id=country:to", checks: func(*frameContexts) []chromedp.Action {
			return []chromedp.Action{waitForText("Tonga"), drawingAtLeast("canvas", 300, 200)}
		}},
		{name: "map", url: srv.URL + "/embed/map?id=convention:budapest", checks: func(*frameContexts) []chromedp.Action {
			return []chromedp.Action{waitForText("Budapest Convention"), countryShapesAtLeast(150), partiesOnMap(chartParties(budapest, ""))}
		}},
		{name: "map-as-of", url: srv.URL + "/embed/map?id=convention:budapest&asOf=" + frameDay, checks: func(*frameContexts) []chromedp.Action {
			return []chromedp.Action{waitForText(partiesAsOf(frameDay)), partiesOnMap(chartParties(budapest, frameDay)),
				waitFor("the link back to the explorer's map of that day", `(() => { `+deepQuery+`
				  return deepAll("a.source").some((a) => a.href === location.origin + "/explorer?id=convention%3Abudapest&view=map&asOf=`+frameDay+`");
				})()`)}
		}},
		{name: "map-partial", url: srv.URL + "/embed/map?id=convention:ets-189",
			checks: see("Partial chart", strings.SplitN(chartNote(ets189Head, ets189), " (", 2)[0], "Status as of "+longDate(ets189Head["status_as_of"], "en"))},
		{name: "table-chart", url: srv.URL + "/embed/table?id=convention:ets-189",
			checks: see("Partial chart", fmt.Sprintf("%d of %d", len(ets189), len(ets189)), "Ratification or accession")},
		{name: "journeys", url: srv.URL + "/embed/journeys?id=convention:budapest&project=project:glacy-plus",
			checks: see(fmt.Sprintf("%d States ratified or acceded", len(chartParties(budapest, ""))), "Data: Cybercoop — sources")},
		{name: "table-french-dark", url: srv.URL + "/embed/table?id=country:gh&lang=fr&theme=dark&first=3&from=2018-01",
			checks: func(f *frameContexts) []chromedp.Action {
				return append(see("Activités", "3 sur 3", "18–20 avr. 2018", "Données : Cybercoop — sources")(f),
					waitFor("the dark theme", `getComputedStyle(document.querySelector("cybercoop-view")).backgroundColor === "rgb(27, 31, 36)"`))
			}},
		{name: "explorer-embed-button", url: srv.URL + "/explorer?id=country:gh&view=timeline&lang=fr", checks: func(*frameContexts) []chromedp.Action {
			return []chromedp.Action{
				waitForText("Intégrer"),
				chromedp.Evaluate(`(() => { `+deepQuery+` deepAll("cc-share")[0].shadowRoot.querySelector("button").click(); })()`, nil),
				waitFor("the iframe and web component snippets of the timeline", `(() => { `+deepQuery+`
				  const values = deepAll("textarea").map((a) => a.value);
				  return values.some((v) => v.includes('<iframe src="' + location.origin + '/embed/timeline?id=country%3Agh&amp;lang=fr"')) &&
				    values.some((v) => v.includes('<cybercoop-view view="timeline" entity="country:gh" api="' + location.origin + '/graphql" lang="fr">'));
				})()`),
			}
		}},
		{name: "source-link", url: srv.URL + "/embed/timeline?id=country:gh&from=2017", checks: func(*frameContexts) []chromedp.Action {
			return []chromedp.Action{waitFor("the link back to the explorer's timeline", `(() => { `+deepQuery+`
			  return deepAll("a.source").some((a) => a.href === location.origin + "/explorer?id=country%3Agh&view=timeline&from=2017");
			})()`)}
		}},
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			tab, cancel := chromedp.NewContext(browserCtx)
			defer cancel()
			watch := watchPage(tab)
			frames := watchFrames(tab)
			ctx, cancelTimeout := context.WithTimeout(tab, 60*time.Second) // a generous bound for a stuck page
			defer cancelTimeout()
			actions := append([]chromedp.Action{page.BringToFront(), network.Enable(), runtime.Enable(), log.Enable(),
				chromedp.Navigate(pg.url)}, pg.checks(frames)...)
			if err := chromedp.Run(ctx, actions...); err != nil {
				t.Errorf("%s: %v", pg.url, err)
			}
			for _, problem := range watch.problems() {
				t.Errorf("%s: %s", pg.url, problem)
			}
			if watch.requests() == 0 {
				t.Errorf("%s: no request seen; the watch is broken", pg.url)
			}
			if t.Failed() {
				saveScreenshot(t, tab, filepath.Join("testdata", "failures", "embed-"+pg.name+".png"), 1)
			}
		})
	}
}

func see(texts ...string) func(*frameContexts) []chromedp.Action {
	return func(*frameContexts) []chromedp.Action {
		var actions []chromedp.Action
		for _, text := range texts {
			actions = append(actions, waitForText(text))
		}
		return actions
	}
}

// frameContexts records the JavaScript context of each frame's document by origin, to read an iframe of another
// origin than its page's (the page's own scripts may not). A page may frame several documents of one origin.
type frameContexts struct {
	mu       sync.Mutex
	byOrigin map[string][]runtime.ExecutionContextID
}

func watchFrames(ctx context.Context) *frameContexts {
	f := &frameContexts{byOrigin: map[string][]runtime.ExecutionContextID{}}
	chromedp.ListenTarget(ctx, func(ev any) {
		if ev, ok := ev.(*runtime.EventExecutionContextCreated); ok && strings.Contains(string(ev.Context.AuxData), `"isDefault":true`) {
			f.mu.Lock()
			f.byOrigin[ev.Context.Origin] = append(f.byOrigin[ev.Context.Origin], ev.Context.ID)
			f.mu.Unlock()
		}
	})
	return f
}

func (f *frameContexts) of(origin string) []runtime.ExecutionContextID {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.byOrigin[origin])
}

// waitForTextInFrame waits until a frame of origin shows text.
func waitForTextInFrame(frames *frameContexts, origin, text string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var got []string
		for {
			got = got[:0]
			for _, id := range frames.of(origin) {
				var shown string
				result, exception, err := runtime.Evaluate(pageText).WithContextID(id).WithReturnByValue(true).Do(ctx)
				if err == nil && exception == nil && json.Unmarshal(result.Value, &shown) == nil {
					if strings.Contains(shown, text) {
						return nil
					}
					got = append(got, shown)
				}
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("no frame of %s showed %q; they show: %.600q", origin, text, got)
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
}
