package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// shortDate writes an ISO day as the tables do: "1 Jan 2015", "1 janv. 2015".
func shortDate(value, lang string) string {
	day, err := time.Parse("2006-01-02", value)
	if err != nil {
		panic(fmt.Sprintf("not a day: %q", value))
	}
	months := map[string][]string{
		"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		"fr": {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
	}[lang]
	return fmt.Sprintf("%d %s %d", day.Day(), months[day.Month()-1], day.Year())
}

// englishTypes are the activity types of the seeds whose French name differs ("participation" is both).
var englishTypes = []string{"training", "meeting", "workshop", "conference", "advisory mission", "assessment visit", "exercise",
	"study visit", "desk study", "support", "other"}

// The review of issue 26 in a real Chromium, one subtest per finding: French throughout, a convention's table of
// facts, the tabs, the map's focus ring and legend, the exports, and the embeds' words when something is missing or
// failing. Each fails on the workbench the review saw.
func TestWorkbenchReviewInBrowser(t *testing.T) {
	browserCtx := startBrowser(t, 1280, 800)
	srv := newServer(t, neo4jtest.Seeded(t))
	types, _ := json.Marshal(englishTypes)

	t.Run("French table: types in French, dates compact on one line", func(t *testing.T) {
		openPage(t, browserCtx, srv.URL+"/explorer?id=project:glacy-plus&view=table&lang=fr", nil,
			waitForText("Activités"), viewsLoaded(),
			waitForNoProblem("every type in French, every date on one line", fmt.Sprintf(`(() => { %s
			  const table = deepAll("cc-table").find((t) => t.mode === "activities").shadowRoot.querySelector("table");
			  const column = [...table.querySelectorAll("th")].findIndex((th) => th.textContent.trim().startsWith("Type"));
			  const rows = [...table.querySelectorAll("tbody tr")];
			  if (rows.length < 50 || column < 0) return rows.length + " rows, type column " + column;
			  const english = new Set(%s);
			  const types = rows.map((r) => r.children[column].textContent.trim());
			  const left = types.filter((type) => !type || english.has(type));
			  if (left.length) return "types not in French: " + [...new Set(left)].join(", ");
			  const wrapped = deepAll("td time").filter((t) => t.getClientRects().length !== 1 || t.getBoundingClientRect().height > 24);
			  if (wrapped.length) return wrapped.length + " dates over more than one line: " + wrapped[0].textContent;
			  return types.includes("formation") && types.includes("atelier") ? "" : "no formation, no atelier: " + types.slice(0, 5);
			})()`, deepQuery, types)),
			waitForText("23–27 oct. 2017"),
		)
	})

	t.Run("French words: timeline ticks, events, statuses, relations, labels", func(t *testing.T) {
		openPage(t, browserCtx, srv.URL+"/explorer?id=country:gh&view=timeline&lang=fr", nil, viewsLoaded(),
			waitForText("Semaine de la cybersécurité"), waitForText("23–27 oct. 2017"),
			waitForNoProblem("French on the timeline, the card and the labels", `(() => { `+deepQuery+`
			  const ticks = deepAll("cc-timeline")[0].shadowRoot.querySelectorAll(".tick text");
			  const english = [...ticks].map((t) => t.textContent).filter((t) => /[A-Z][a-z]{2}|January|February|March|April|May|June|July|August|September|October|November|December/.test(t));
			  if (!ticks.length || english.length) return "ticks in English: " + english.join(", ");
			  const label = deepAll("cc-timeline")[0].shadowRoot.querySelector("svg").getAttribute("aria-label");
			  if (!/^Chronologie : \d+ événements$/.test(label)) return "timeline named " + label;
			  const summaries = deepAll("cc-card")[0].shadowRoot.querySelectorAll("summary");
			  const relations = [...summaries].map((s) => s.textContent);
			  if (!relations.length || relations.some((s) => /_|held in|part of|funded by|targets|trained in|member of|involved|\bfor\b/.test(s))) return "relations: " + relations.join(", ");
			  const labels = deepAll("[aria-label]").map((e) => e.getAttribute("aria-label"));
			  for (const want of ["Vues", "Langue"]) if (!labels.includes(want)) return "no aria-label " + want + ": " + labels.join(", ");
			  if (labels.some((l) => ["Views", "Language"].includes(l))) return "English labels left";
			  return "";
			})()`))
		openPage(t, browserCtx, srv.URL+"/explorer?id=convention:budapest&view=map&lang=fr", nil, viewsLoaded(),
			waitForNoProblem("the legend and the statuses in French", `(() => { `+deepQuery+`
			  const legend = deepAll(".legend")[0]?.textContent ?? "";
			  if (!legend.includes("Ratification") || !legend.includes("Aucune étape")) return "legend: " + legend;
			  return /Ratified|Acceded|Signed|No step/.test(legend) ? "English in the legend: " + legend : "";
			})()`))
	})

	t.Run("a convention's table gives its facts", func(t *testing.T) {
		openPage(t, browserCtx, srv.URL+"/explorer?id=convention:budapest&view=table", nil, viewsLoaded(),
			waitForText("Treaty chart"), waitForText("Relations"),
			waitForNoProblem("the chart and the relations, with their sources", `(() => { `+deepQuery+`
			  const text = deepAll("cc-table").map((t) => t.shadowRoot.textContent).join(" ");
			  if (/\b0 of 0\b|Could not load/.test(text)) return "an empty or failed table: " + text.slice(0, 200);
			  const rows = deepAll("cc-table").find((t) => t.mode === "relations").shadowRoot.querySelectorAll("tbody tr");
			  const glacy = [...rows].find((r) => r.children[1].textContent.trim() === "GLACY+");
			  if (!glacy) return rows.length + " relations, none with GLACY+";
			  return /supports/.test(glacy.textContent) && /line 143/.test(glacy.textContent) ? "" : "GLACY+'s row: " + glacy.textContent;
			})()`))
	})

	t.Run("tabs: arrows replace the history entry, Home and End, a tab panel", func(t *testing.T) {
		openPage(t, browserCtx, srv.URL+"/explorer?id=country:gh", nil, viewsLoaded(),
			chromedp.Evaluate(`window.entries = history.length; (() => { `+deepQuery+` deepAll('[role="tab"][aria-selected="true"]')[0].focus(); })()`, nil),
			chromedp.KeyEvent(kb.ArrowRight),
			waitFor("the timeline", `location.search === "?id=country%3Agh&view=timeline"`),
			chromedp.KeyEvent(kb.End),
			waitFor("the last tab, the table", `location.search === "?id=country%3Agh&view=table"`),
			chromedp.KeyEvent(kb.Home),
			waitFor("the first tab, the graph", `location.search === "?id=country%3Agh"`),
			waitForNoProblem("no history entry added, the tab focused and its panel named", `(() => { `+deepQuery+`
			  if (history.length !== window.entries) return "history grew from " + window.entries + " to " + history.length;
			  const tab = deepAll('[role="tab"][aria-selected="true"]')[0];
			  if (tab.getRootNode().activeElement !== tab) return "the selected tab lost the focus";
			  const panel = deepAll('[role="tabpanel"]')[0];
			  if (!panel || tab.getAttribute("aria-controls") !== panel.id || panel.getAttribute("aria-labelledby") !== tab.id) return "tab and panel not tied";
			  return "";
			})()`))
	})

	t.Run("map: small countries get a focus ring, the legend stands out from land, each status hatched or named", func(t *testing.T) {
		for _, theme := range []string{"light", "dark"} {
			openPage(t, browserCtx, srv.URL+"/embed/map?id=convention:budapest&theme="+theme, nil, viewsLoaded(),
				chromedp.Evaluate(`(() => { `+deepQuery+` deepAll('path.data[data-iso2="TO"]')[0].focus(); })()`, nil),
				waitForNoProblem("Tonga ringed when focused", `(() => { `+deepQuery+`
				  const ring = deepAll("circle.focus-ring")[0];
				  return ring && Number(ring.getAttribute("r")) >= 8 ? "" : "no focus ring around Tonga";
				})()`),
				waitForNoProblem("legend swatches 3:1 against unshaded land", `(() => { `+deepQuery+`
				  const rgb = (el) => getComputedStyle(el).backgroundColor.match(/\d+/g).slice(0, 3).map(Number);
				  const lum = ([r, g, b]) => [r, g, b].map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
				    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
				  const ratio = (a, b) => { const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };
				  const land = rgb(deepAll(".legend .swatch.none")[0]);
				  const swatches = deepAll(".legend .swatch:not(.none)");
				  if (swatches.length < 4) return swatches.length + " swatches";
				  const weak = swatches.filter((s) => ratio(rgb(s), land) < 3).map((s) => s.className + " " + ratio(rgb(s), land).toFixed(2));
				  if (weak.length) return "below 3:1 against land: " + weak.join(", ");
				  const plain = swatches.filter((s) => /s-(signed|invited|requested|interest)/.test(s.className) && getComputedStyle(s).backgroundImage === "none");
				  return plain.length ? "not hatched: " + plain.map((s) => s.className) : "";
				})()`))
		}
	})

	t.Run("the server's exports linked from the explorer, with a byte order mark", func(t *testing.T) {
		openPage(t, browserCtx, srv.URL+"/explorer?id=country:gh&from=2018", nil, viewsLoaded(),
			waitForNoProblem("links to the CSV and GraphML exports that answer", `(() => { `+deepQuery+`
			  const links = deepAll("a[href^='/export/']").map((a) => a.getAttribute("href"));
			  const want = ["/export/activities.csv?country=country%3Agh&from=2018", "/export/collaborators.csv?of=country%3Agh&from=2018",
			    "/export/neighborhood.graphml?id=country%3Agh"];
			  return want.every((w) => links.includes(w)) ? "" : "links: " + links.join(", ");
			})()`),
			chromedp.ActionFunc(func(ctx context.Context) error {
				var head []int
				if err := chromedp.Evaluate(`fetch("/export/activities.csv?country=country%3Agh").then((r) => r.arrayBuffer()).then((b) => [...new Uint8Array(b).slice(0, 5)])`,
					&head, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }).Do(ctx); err != nil {
					return err
				}
				if !slices.Equal(head, []int{0xef, 0xbb, 0xbf, 'i', 'd'}) {
					return fmt.Errorf("the activities' CSV starts with %v, want the byte order mark and its header", head)
				}
				return nil
			}))
	})

	t.Run("the browser's CSV starts with a byte order mark", func(t *testing.T) {
		dir := t.TempDir()
		openPage(t, browserCtx, srv.URL+"/explorer?id=country:gh&view=table", nil, viewsLoaded(),
			browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(dir),
			download{button: "Download CSV", file: "country-gh-activities.csv", want: []string{"\uFEFFdate,title,type"}}.check(dir))
	})

	t.Run("an embed without an id says what is missing", func(t *testing.T) {
		openPage(t, browserCtx, srv.URL+"/embed/card", nil, waitForText("No entity to show: name one with id= in the address"))
		openPage(t, browserCtx, srv.URL+"/embed/card?lang=fr", nil, waitForText("Aucune entité à montrer"))
	})

	// A partner page whose text styles would leak into the element, and two elements whose service fails: one
	// unreachable, one behind a proxy answering an HTML error page (then, once retried, the real service).
	var proxied atomic.Int32
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*") // the page reads the answer, error or redirect
		if proxied.Add(1) == 1 {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = w.Write([]byte("<html><body>Bad gateway</body></html>"))
			return
		}
		http.Redirect(w, r, srv.URL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	}))
	t.Cleanup(failing.Close)
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	partner := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title>
<style>body { text-transform: uppercase; letter-spacing: 4px; font-style: italic; }</style></head><body>
<cybercoop-view id="card" view="card" entity="organization:interpol" api="%[1]s/graphql"></cybercoop-view>
<cybercoop-view id="gone" view="card" entity="organization:interpol" api="%[2]s/graphql"></cybercoop-view>
<cybercoop-view id="proxy" view="card" entity="organization:interpol" api="%[3]s/graphql"></cybercoop-view>
<script type="module" src="%[1]s/embed.js"></script></body></html>`, srv.URL, gone.URL, failing.URL)
	}))
	t.Cleanup(partner.Close)

	t.Run("the host page's text styles stop at the element; failures in plain words, with a retry", func(t *testing.T) {
		tab, cancel := chromedp.NewContext(browserCtx)
		defer cancel()
		// No watchPage: the unreachable service and the proxy's 502 are meant to fail, and Chromium logs both.
		err := chromedp.Run(tab,
			chromedp.Navigate(partner.URL),
			waitForText("Key facts"),
			waitForNoProblem("no uppercase, spacing or italics inherited", `(() => { `+deepQuery+`
			  const card = document.getElementById("card").shadowRoot.querySelector("cc-card").shadowRoot.querySelector("h2");
			  const style = getComputedStyle(card);
			  return style.textTransform === "none" && style.letterSpacing === "normal" && style.fontStyle === "normal" ? ""
			    : [style.textTransform, style.letterSpacing, style.fontStyle].join(" ");
			})()`),
			waitForText("The service could not be reached. Check the connection, then try again."),
			waitForText("The service answered with an error (HTTP 502)."),
			waitForNoProblem("no raw error, a retry button", `(() => { `+deepQuery+`
			  const text = document.body.innerText + deepAll(".status").map((s) => s.textContent).join(" ");
			  if (/Failed to fetch|Unexpected token|NetworkError|SyntaxError/.test(text)) return "a raw error: " + text;
			  return deepAll(".status.error button").filter((b) => b.textContent.trim() === "Try again").length === 2 ? "" : "no Try again buttons";
			})()`),
			chromedp.Evaluate(`(() => { `+deepQuery+` document.getElementById("proxy").shadowRoot.querySelector("cc-card").shadowRoot.querySelector(".status.error button").click(); })()`, nil),
			waitFor("the retried card shows INTERPOL's facts", `(() => {
			  const card = document.getElementById("proxy").shadowRoot.querySelector("cc-card").shadowRoot;
			  return card.textContent.includes("Key facts") && !card.querySelector(".status.error");
			})()`),
		)
		if err != nil {
			t.Error(err)
		}
		if n := proxied.Load(); n < 2 {
			t.Errorf("the proxy was asked %d times, want a retry", n)
		}
	})
}
