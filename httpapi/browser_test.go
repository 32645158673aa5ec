package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// startBrowser starts Debian's Chromium, headless, with a window of the given size; it is stopped when the test ends.
func startBrowser(t *testing.T, width, height int) context.Context {
	t.Helper()
	chromium := findChromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox, // CI runs as root
		chromedp.WindowSize(width, height),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("lang", "en-GB"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Run(browserCtx); err != nil {
		t.Fatalf("start %s: %v", chromium, err)
	}
	return browserCtx
}

// The workbench in a real Chromium against the real handler and store: each view opened by its URL shows facts
// from the documents, no request leaves the machine and the console stays clean. UPDATE_SCREENSHOTS=1 saves the
// README's screenshots in docs/screenshots/; a failing page is saved under testdata/failures/ (path logged).
func TestWorkbenchInBrowser(t *testing.T) {
	browserCtx := startBrowser(t, 1280, 800)
	srv := newServer(t, neo4jtest.Seeded(t))

	// What the treaty views must show, read from the charts the loader read, never typed here.
	budapest, budapestHead := neo4jtest.Chart(t, "ets185-chart-2026-04-25.tsv")
	ets189, ets189Head := neo4jtest.Chart(t, "ets189-partial-2025-06-04.tsv")
	const in2015 = "2015-01-01"
	partiesNow, parties2015 := chartParties(budapest, ""), chartParties(budapest, in2015)
	ghana := chartRow(t, budapest, "GH")
	partialNote := strings.SplitN(chartNote(ets189Head, ets189), " (", 2)[0] // "NO: 35 of about 47 States"
	firstRatified := earliest(ets189, "ratification_or_accession")

	pages := []struct {
		name, path string
		see        []string // texts a person reads on the page
		hide       []string // texts the main view must not show once the page shows the others
		check      chromedp.Action
		readme     bool // a screenshot of the README's tour
		downloads  []download
	}{
		{name: "graphiql", path: "/", check: runGraphiQL(), readme: true},
		{name: "graph", path: "/explorer?id=country:gh&view=graph", see: []string{"Ghana", "GLACY+"},
			check: drawingAtLeast("canvas", 300, 200), readme: true},
		// A hub opens on its groups (browser_graph_test.go checks them); the README's tour shows it.
		{name: "graph-glacy-plus", path: "/explorer?id=project:glacy-plus", see: []string{"GLACY+", "Group activities by"},
			check: drawingAtLeast("canvas", 300, 200), readme: true},
		{name: "timeline", path: "/explorer?id=country:gh&view=timeline",
			see: []string{"Semaine de la cybersécurité", "23–27 Oct 2017"}, readme: true},
		{name: "table", path: "/explorer?id=country:gh&view=table",
			see: []string{"Semaine de la cybersécurité", "23–27 Oct 2017", "Accra, Ghana", "Collaborators"}, readme: true},
		{name: "map", path: "/explorer?id=country:gh&view=map", see: []string{"Ghana: activities by country"},
			check: countryShapesAtLeast(150), readme: true},
		{name: "map-convention", path: "/explorer?id=convention:budapest&view=map",
			see: []string{"countries by accession status", "Morocco"}, check: countryShapesAtLeast(150)},
		{name: "map-click", path: "/explorer?id=convention:budapest&view=map", see: []string{"Morocco"},
			check: chromedp.Tasks{
				countryShapesAtLeast(150),
				chromedp.Evaluate(`(() => { `+deepQuery+` deepAll('path.data[aria-label^="Morocco"]')[0].dispatchEvent(new MouseEvent("click", {bubbles: true})); })()`, nil),
				waitFor("Morocco opened", `location.search === "?id=country%3Ama&view=map"`),
				waitForText("Morocco: activities by country"),
			}},
		{name: "path", path: "/explorer?id=country:to&path=organization:europol",
			see: []string{"Tonga", "EUROPOL", "hop(s)", "Evidence"}, readme: true},
		// The path finder keeps to the explorer's From and To (issue 26): in July 2018 Tonga meets EUROPOL through the
		// summer school of León (annex, line 661), not through June's PILON workshop in Tonga (line 634).
		{name: "path-dates", path: "/explorer?id=country:to&path=organization:europol&from=2018-07&to=2018-07",
			see:  []string{"Only through the activities of this period: Jul 2018", "Université d'été sur la cybersécurité"},
			hide: []string{"2e atelier annuel sur la cybercriminalité PILON"}},
		{name: "downloads-table", path: "/explorer?id=country:gh&view=table", see: []string{"Activities 7 of 7"},
			downloads: []download{{button: "Download CSV", file: "country-gh-activities.csv",
				want: []string{"date,title,type,place,projects,orgs,sources\r\n", "2017-10-23,Semaine de la cybersécurité", "SG/Inf(2018)32, annex, line 459"}, lines: 1 + 7}}},
		{name: "downloads-graph", path: "/explorer?id=country:gh", see: []string{"Ghana"}, check: drawingAtLeast("canvas", 300, 200),
			downloads: []download{
				{button: "Download SVG", file: "country-gh-graph.svg", want: []string{"<svg", "Ghana"}},
				{button: "Download PNG", file: "country-gh-graph.png", want: []string{"\x89PNG"}},
			}},
		{name: "dates", path: "/explorer?id=country:gh&view=table&from=2018-01",
			see: []string{"Activities 3 of 3", "18–20 Apr 2018"}, hide: []string{"Semaine de la cybersécurité"}},
		{name: "keyboard", path: "/explorer", see: []string{"Search an entity"}, check: searchThenTabsThenBack()},
		// Enter opens what was typed, not a suggestion left over from an earlier text; a search that finds nothing
		// says so (issue 26).
		{name: "search-resolves-what-was-typed", path: "/explorer", see: []string{"Search an entity"}, check: chromedp.Tasks{
			chromedp.KeyEvent("/"),
			chromedp.KeyEvent("eur"),
			waitFor("the suggestions of eur", `(() => { `+deepQuery+` return deepAll('[role="option"]').length > 0; })()`),
			chromedp.KeyEvent("opol"),
			chromedp.KeyEvent(kb.Enter),
			waitFor("EUROPOL opened", `location.search === "?id=organization%3Aeuropol"`),
			chromedp.KeyEvent("zqxjvw"), // the search box keeps the focus, emptied
			waitFor("the search box keeps the focus", `(() => { `+deepQuery+` return deepAll('input[role="combobox"]')[0].value === "zqxjvw"; })()`),
			waitForText("Nothing matches “zqxjvw”."),
		}},
		{name: "french", path: "/explorer?id=project:glacy-plus&view=table&lang=fr",
			see: []string{"Activités", "Tableau", "13 350 000 EUR"}},
		{name: "french-names", path: "/explorer?id=convention:budapest&view=map&lang=fr",
			see: []string{"Convention de Budapest sur la cybercriminalité : pays selon leur adhésion", "Maroc",
				"complet au " + longDate(budapestHead["status_as_of"], "fr"), fmt.Sprintf("Parties : %d", len(partiesNow))}},
		// A convention's map is its whole chart today: every Party of the chart listed and in a Party's colour.
		{name: "map-budapest", path: "/explorer?id=convention:budapest&view=map", readme: true,
			see:   []string{"complete as of " + longDate(budapestHead["status_as_of"], "en"), fmt.Sprintf("Parties: %d", len(partiesNow))},
			check: chromedp.Tasks{countryShapesAtLeast(150), partiesOnMap(partiesNow)}},
		// Moving the date to 2015 shows the Parties of that day, keeps the day in the URL, and a reload shows it again.
		{name: "map-budapest-2015", path: "/explorer?id=convention:budapest&view=map", readme: true,
			see: []string{fmt.Sprintf("Parties: %d", len(partiesNow))},
			check: chromedp.Tasks{
				countryShapesAtLeast(150),
				chromedp.Evaluate(`(() => { `+deepQuery+` const input = deepAll('input[type="date"]')[0];
				  input.value = "`+in2015+`"; input.dispatchEvent(new Event("change", {bubbles: true})); })()`, nil),
				waitFor("the day in the URL", `location.search === "?id=convention%3Abudapest&view=map&asOf=`+in2015+`"`),
				waitForText(fmt.Sprintf("As of %s: Parties: %d", longDate(in2015, "en"), len(parties2015))),
				partiesOnMap(parties2015),
				chromedp.Reload(),
				waitForText(fmt.Sprintf("As of %s: Parties: %d", longDate(in2015, "en"), len(parties2015))),
				partiesOnMap(parties2015),
			}},
		// Dates are checked in one place: a month that does not exist in the URL is dropped, and a date typed in a form
		// the API does not take is refused with a message, the URL and the views unchanged (issue 26).
		{name: "dates-refused", path: "/explorer?id=country:gh&view=timeline&from=2018-13", see: []string{"Ghana"},
			check: chromedp.Tasks{
				waitFor("the impossible month dropped", `(() => { `+deepQuery+` return deepAll('input[aria-label="From"]')[0].value === ""; })()`),
				chromedp.Evaluate(`(() => { `+deepQuery+` const input = deepAll('input[aria-label="From"]')[0];
				  input.value = "June 2018"; input.dispatchEvent(new Event("change", {bubbles: true})); })()`, nil),
				waitForText("Write a year, a month or a day"),
				waitFor("the URL unchanged", `location.search === "?id=country:gh&view=timeline&from=2018-13"`),
				chromedp.Evaluate(`(() => { `+deepQuery+` const input = deepAll('input[aria-label="From"]')[0];
				  input.value = "2018-06"; input.dispatchEvent(new Event("change", {bubbles: true})); })()`, nil),
				waitFor("the date applied", `location.search.includes("from=2018-06")`),
				waitFor("the message gone", `(() => { `+deepQuery+` return !deepAll('[role="alert"]').some((a) => a.textContent.includes("Write a year")); })()`),
			}},
		// Play steps through the history from the opening for signature, the URL following; Pause stops it.
		{name: "map-play", path: "/explorer?id=convention:budapest&view=map", see: []string{fmt.Sprintf("Parties: %d", len(partiesNow))},
			check: chromedp.Tasks{
				chromedp.Evaluate(`(() => { `+deepQuery+` deepAll("button").find((b) => b.textContent.includes("Play the history")).click(); })()`, nil),
				waitFor("the history played past its first year", `/asOf=200[2-9]-/.test(location.search)`),
				chromedp.Evaluate(`(() => { `+deepQuery+` deepAll("button").find((b) => b.textContent.includes("Pause")).click(); })()`, nil),
				waitFor("paused", `(() => { `+deepQuery+` return deepAll('button[aria-pressed="false"]').some((b) => b.textContent.includes("Play the history")); })()`),
			}},
		// A partial chart says so on the map and in the table, with its own note and status date.
		{name: "map-ets189", path: "/explorer?id=convention:ets-189&view=map", readme: true,
			see:   []string{"Partial chart", partialNote, "Status as of " + longDate(ets189Head["status_as_of"], "en")},
			check: countryShapesAtLeast(150)},
		// A convention's table is its chart, one row per State, sortable; its CSV has the same columns.
		{name: "table-ets189", path: "/explorer?id=convention:ets-189&view=table", readme: true,
			see: []string{"Partial chart", partialNote, fmt.Sprintf("%d of %d", len(ets189), len(ets189))},
			check: chromedp.Tasks{
				chromedp.Evaluate(`(() => { `+deepQuery+` deepAll("th button").find((b) => b.textContent.startsWith("Ratification or accession")).click(); })()`, nil),
				waitFor("the earliest ratification first once sorted by it", fmt.Sprintf(`(() => { %s
				  const row = deepAll("cc-table")[0].shadowRoot.querySelector("tbody tr");
				  return !!row && row.textContent.includes(%q);
				})()`, deepQuery, shortDate(firstRatified, "en"))),
			},
			downloads: []download{{button: "Download CSV", file: "convention-ets-189-chart.csv",
				want:  []string{"name,standing,signature,ratification,entryIntoForce,otherSteps,sources,conflicts\r\n", firstRatified},
				lines: 1 + len(ets189)}}},
		// The journeys: one row per State that ratified or acceded, a dot at its accession; a project filter.
		{name: "journeys", path: "/explorer?id=convention:budapest&view=journeys", readme: true,
			see: []string{fmt.Sprintf("%d States ratified or acceded", len(partiesNow)), "from the first activity to ratification or accession"},
			check: chromedp.Tasks{
				waitFor("a dot per accession", fmt.Sprintf(`(() => { %s return deepAll("svg.chart circle.accession").length === %d; })()`, deepQuery, len(partiesNow))),
				chromedp.Evaluate(`(() => { `+deepQuery+` const select = deepAll("cc-journeys")[0].shadowRoot.querySelector("select");
				  select.value = "project:glacy-plus"; select.dispatchEvent(new Event("change", {bubbles: true})); })()`, nil),
				waitFor("the project in the URL", `location.search === "?id=convention%3Abudapest&view=journeys&project=project%3Aglacy-plus"`),
				waitForText(fmt.Sprintf("%d States ratified or acceded", len(partiesNow))),
				chromedp.Evaluate(`(() => { `+deepQuery+` deepAll('cc-journeys')[0].shadowRoot.querySelector('input[type="checkbox"]').click(); })()`, nil),
				waitFor("only the States with an activity before, each with its first activity", `(() => { `+deepQuery+`
				  const first = deepAll("svg.chart circle.first").length, done = deepAll("svg.chart circle.accession").length;
				  return first > 0 && first === done && done < `+fmt.Sprint(len(partiesNow))+`;
				})()`),
			}},
		// A country's card gives its standing under every treaty; its timeline has the steps among the activities.
		{name: "country-treaties", path: "/explorer?id=country:gh&view=timeline",
			see: []string{"Treaties", "Budapest Convention", longDate(ghana["ratification_or_accession"], "en"),
				"Ghana: acceded (Budapest Convention)", "Semaine de la cybersécurité"}},
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			tab, cancel := chromedp.NewContext(browserCtx)
			defer cancel()
			watch := watchPage(tab)
			ctx, cancelTimeout := context.WithTimeout(tab, 60*time.Second) // a generous bound for a stuck page
			defer cancelTimeout()

			actions := []chromedp.Action{
				page.BringToFront(), // a background tab draws no frames: no canvas, no screenshot
				network.Enable(), runtime.Enable(), log.Enable(),
				chromedp.Navigate(srv.URL + pg.path),
			}
			for _, text := range pg.see {
				actions = append(actions, waitForText(text))
			}
			if pg.check != nil {
				actions = append(actions, pg.check)
			}
			for _, text := range pg.hide {
				actions = append(actions, notShowing(text))
			}
			if len(pg.downloads) > 0 {
				dir := t.TempDir()
				actions = append(actions, browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(dir))
				for _, d := range pg.downloads {
					actions = append(actions, d.check(dir))
				}
			}
			if err := chromedp.Run(ctx, actions...); err != nil {
				t.Errorf("%s: %v", pg.path, err)
			}
			for _, problem := range watch.problems() {
				t.Errorf("%s: %s", pg.path, problem)
			}
			if watch.requests() == 0 {
				t.Errorf("%s: no request seen; the watch is broken", pg.path)
			}
			if t.Failed() {
				saveScreenshot(t, tab, filepath.Join("testdata", "failures", pg.name+".png"), 1)
			} else if pg.readme && os.Getenv("UPDATE_SCREENSHOTS") != "" {
				saveScreenshot(t, tab, filepath.Join("..", "docs", "screenshots", pg.name+".png"), 0.6)
			}
		})
	}
}

// chartParties lists, sorted, the ISO codes of a chart's rows that ratified or acceded, on or before day when given.
func chartParties(rows []map[string]string, day string) []string {
	var out []string
	for _, r := range rows {
		date := r["ratification_or_accession"]
		if (r["status"] == "ratified" || r["status"] == "acceded") && (day == "" || date != "" && date <= day) {
			out = append(out, r["iso2"])
		}
	}
	slices.Sort(out)
	return out
}

// earliest is the earliest date of a column of a chart (empty cells left out).
func earliest(rows []map[string]string, column string) string {
	var dates []string
	for _, r := range rows {
		if r[column] != "" {
			dates = append(dates, r[column])
		}
	}
	return slices.Min(dates)
}

// chartRow is the row of a State of a chart, by ISO code.
func chartRow(t *testing.T, rows []map[string]string, iso2 string) map[string]string {
	t.Helper()
	for _, r := range rows {
		if r["iso2"] == iso2 {
			return r
		}
	}
	t.Fatalf("no row %s in the chart", iso2)
	return nil
}

// chartNote is what a chart says of its completeness, its %d the number of its rows (as the loader fills it).
func chartNote(header map[string]string, rows []map[string]string) string {
	return strings.ReplaceAll(header["complete"], "%d", fmt.Sprint(len(rows)))
}

// longDate writes an ISO day (or the day a header's value starts with) as the views do: "1 January 2015",
// "1 janvier 2015".
func longDate(value, lang string) string {
	day, err := time.Parse("2006-01-02", value[:min(len(value), 10)])
	if err != nil {
		panic(fmt.Sprintf("not a day: %q", value))
	}
	text := day.Format("2 January 2006")
	if lang == "fr" {
		months := []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
		text = fmt.Sprintf("%d %s %d", day.Day(), months[day.Month()-1], day.Year())
	}
	return text
}

// partiesOnMap checks a convention's map: exactly the States want (ISO codes) are listed as Parties and drawn in
// the colour the legend gives a Party (some States are several shapes: Australia and its islands).
func partiesOnMap(want []string) chromedp.Action {
	list, _ := json.Marshal(want)
	return waitForNoProblem(fmt.Sprintf("the %d Parties listed and coloured", len(want)), fmt.Sprintf(`(() => { %s
	  const want = %s.join(" ");
	  const listed = deepAll("ul.parties > li").map((li) => li.dataset.iso2).sort().join(" ");
	  if (listed !== want) return "listed as Parties: " + listed;
	  const fills = new Set(["ratified", "acceded", "party"].flatMap((s) => deepAll(".legend .swatch.s-" + s)).map((el) => getComputedStyle(el).backgroundColor));
	  const coloured = [...new Set(deepAll("path.data").filter((p) => fills.has(getComputedStyle(p).fill)).map((p) => p.dataset.iso2))].sort().join(" ");
	  if (coloured !== want) return "in a Party's colour: " + coloured;
	  return "";
	})()`, deepQuery, list))
}

// waitForNoProblem polls a JavaScript expression giving "" once a condition holds, or what is still wrong.
func waitForNoProblem(what, problem string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var got string
		for {
			if err := chromedp.Evaluate(problem, &got).Do(ctx); err != nil {
				return err
			}
			if got == "" {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("never true: %s: %.600s", what, got)
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
}

// findChromium finds the browser: $CHROMIUM, else Debian's chromium. Under make test a missing browser fails.
func findChromium(t *testing.T) string {
	t.Helper()
	for _, candidate := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser"} {
		if candidate == "" {
			continue
		}
		if path, err := exec.LookPath(candidate); err == nil {
			return path
		}
	}
	if os.Getenv("CYBERCOOP_REQUIRE_NEO4J") != "" {
		t.Fatal("no Chromium found (apt-get install chromium, or set CHROMIUM): the browser tests cannot run")
	}
	t.Skip("no Chromium found; install Debian's chromium or set CHROMIUM to run the browser tests")
	return ""
}

// pageWatch records what a page asks of the network and what it complains about on the console.
type pageWatch struct {
	mu       sync.Mutex
	seen     int
	troubles []string
}

func watchPage(ctx context.Context) *pageWatch {
	w := &pageWatch{}
	chromedp.ListenTarget(ctx, func(ev any) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			w.seen++
			if !isLocal(ev.Request.URL) {
				w.troubles = append(w.troubles, "request leaves the machine: "+ev.Request.URL)
			}
		case *runtime.EventExceptionThrown:
			w.troubles = append(w.troubles, "exception: "+ev.ExceptionDetails.Error())
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError || ev.Type == runtime.APITypeAssert {
				w.troubles = append(w.troubles, "console error: "+consoleText(ev.Args))
			}
		case *log.EventEntryAdded: // CSP violations, failed loads
			if ev.Entry.Level == log.LevelError {
				w.troubles = append(w.troubles, "browser error: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		}
	})
	return w
}

func (w *pageWatch) problems() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.troubles...)
}

func (w *pageWatch) requests() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.seen
}

// isLocal accepts loopback hosts and the browser's own data: and blob: URLs.
func isLocal(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "data", "blob":
		return true
	case "http", "https", "ws", "wss":
		if u.Hostname() == "localhost" {
			return true
		}
		ip := net.ParseIP(u.Hostname())
		return ip != nil && ip.IsLoopback()
	}
	return false
}

func consoleText(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		if a.Value != nil {
			parts = append(parts, string(a.Value))
		} else {
			parts = append(parts, a.Description)
		}
	}
	return strings.Join(parts, " ")
}

// pageText is the text a person sees, including what the views render in their shadow roots.
var pageText = textOf("document.body")

// mainViewText is the text of the explorer's main view (the entity panel beside it left out).
var mainViewText = textOf(`document.querySelector("cc-explorer").shadowRoot.querySelector("main")`)

func textOf(root string) string {
	return `(() => {
  const parts = [];
  const walk = (node) => {
    if (node.shadowRoot) walk(node.shadowRoot);
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) parts.push(child.textContent);
      else if (child.nodeType === Node.ELEMENT_NODE && !["SCRIPT", "STYLE"].includes(child.tagName)) walk(child);
    }
  };
  walk(` + root + `);
  return parts.join(" ").replace(/\s+/g, " ");
})()`
}

// waitForText waits until the page shows text (the views load asynchronously).
func waitForText(text string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var got string
		for {
			if err := chromedp.Evaluate(pageText, &got).Do(ctx); err != nil {
				return err
			}
			if strings.Contains(got, text) {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("the page never showed %q; it shows: %.600s", text, got)
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
}

// download is a file a button of the page saves, and what the file holds.
type download struct {
	button, file string
	want         []string
	lines        int // CRLF-ended lines of a CSV file, its header included; 0 for other files
}

// check presses the first button labelled d.button and waits for the file with the wanted contents.
func (d download) check(dir string) chromedp.Action {
	button := fmt.Sprintf(`deepAll("button").find((b) => b.textContent.trim() === %q)`, d.button)
	return chromedp.Tasks{
		waitFor("a button "+d.button, fmt.Sprintf(`(() => { %s return !!%s; })()`, deepQuery, button)),
		chromedp.Evaluate(fmt.Sprintf(`(() => { %s %s.click(); })()`, deepQuery, button), nil),
		chromedp.ActionFunc(func(ctx context.Context) error {
			path := filepath.Join(dir, d.file)
			for {
				got, err := os.ReadFile(path)
				if err == nil && len(got) > 0 {
					for _, want := range d.want {
						if !strings.Contains(string(got), want) {
							return fmt.Errorf("%s does not hold %q: %.300q", d.file, want, got)
						}
					}
					if n := strings.Count(string(got), "\r\n"); d.lines > 0 && n != d.lines {
						return fmt.Errorf("%s has %d lines, want %d", d.file, n, d.lines)
					}
					return nil
				}
				select {
				case <-ctx.Done():
					return fmt.Errorf("%q never saved %s", d.button, d.file)
				case <-time.After(100 * time.Millisecond):
				}
			}
		}),
	}
}

// notShowing checks that the main view does not show text.
func notShowing(text string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var got string
		if err := chromedp.Evaluate(mainViewText, &got).Do(ctx); err != nil {
			return err
		}
		if strings.Contains(got, text) {
			return fmt.Errorf("the page shows %q, which it should have left out", text)
		}
		return nil
	})
}

// searchThenTabsThenBack walks the explorer with the keyboard only: "/" to the search box, type, Enter on the first
// suggestion, arrow to the next view, which takes the place of the graph in the history: the browser's Back button
// returns to the page before Ghana was opened.
func searchThenTabsThenBack() chromedp.Action {
	return chromedp.Tasks{
		chromedp.KeyEvent("/"),
		chromedp.KeyEvent("Ghana"),
		waitFor("a suggestion naming Ghana", `(() => { `+deepQuery+` return deepAll('[role="option"]').some((o) => o.textContent.includes("Ghana")); })()`),
		chromedp.KeyEvent(kb.Enter),
		waitFor("the URL names Ghana", `location.search === "?id=country%3Agh"`),
		waitForText("Key facts"),
		waitFor("a graph drawn", `(() => { `+deepQuery+` return deepAll("canvas").length > 0; })()`),
		chromedp.Evaluate(`(() => { `+deepQuery+` deepAll('[role="tab"][aria-selected="true"]')[0].focus(); })()`, nil),
		chromedp.KeyEvent(kb.ArrowRight),
		waitFor("the URL names the timeline", `location.search === "?id=country%3Agh&view=timeline"`),
		waitForText("23–27 Oct 2017"),
		chromedp.Evaluate(`history.back()`, nil),
		waitFor("Back returns to the page before the tabs", `location.search === ""`),
		waitForText("Search an entity"),
	}
}

// waitFor polls a JavaScript condition (an expression giving true once met) until it holds.
func waitFor(what, condition string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for {
			var ok bool
			if err := chromedp.Evaluate(condition, &ok).Do(ctx); err != nil {
				return err
			}
			if ok {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("never true: %s", what)
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
}

// deepQuery finds elements through the views' shadow roots.
const deepQuery = `const deepAll = (selector) => {
  const found = [];
  const walk = (root) => {
    found.push(...root.querySelectorAll(selector));
    for (const el of root.querySelectorAll("*")) if (el.shadowRoot) walk(el.shadowRoot);
  };
  walk(document);
  return found;
};`

// drawingAtLeast checks that a canvas or svg of at least w x h pixels is drawn.
func drawingAtLeast(selector string, w, h int) chromedp.Action {
	return waitFor(fmt.Sprintf("a %s of at least %dx%d", selector, w, h), fmt.Sprintf(`(() => { %s
	  return deepAll(%q).some((el) => { const r = el.getBoundingClientRect(); return r.width >= %d && r.height >= %d; });
	})()`, deepQuery, selector, w, h))
}

// countryShapesAtLeast checks that the map draws the world's countries (and shades some of them).
func countryShapesAtLeast(n int) chromedp.Action {
	return waitFor(fmt.Sprintf("at least %d country shapes, some shaded", n), fmt.Sprintf(`(() => { %s
	  return deepAll("svg path.country").length >= %d && deepAll("svg path.country.data").length > 0;
	})()`, deepQuery, n))
}

// runGraphiQL presses GraphiQL's run button (choosing the first example operation when the menu opens) and waits
// for a result with "data".
func runGraphiQL() chromedp.Action {
	return chromedp.Tasks{
		chromedp.WaitVisible(".graphiql-container", chromedp.ByQuery),
		waitFor("the docs and history plugins", `!!document.querySelector('[aria-label="Show Documentation Explorer"]') && !!document.querySelector('[aria-label="Show History"]')`),
		chromedp.Click(`[aria-label="Show Documentation Explorer"]`, chromedp.ByQuery),
		waitFor("the schema docs", `(document.querySelector(".graphiql-doc-explorer")?.textContent ?? "").includes("Root Types")`),
		waitFor("the data version in the logo", `/data [0-9a-f]{8,}/.test(document.querySelector(".graphiql-logo")?.textContent)`),
		waitFor("the example queries in the editor", `document.querySelector(".graphiql-query-editor")?.textContent.includes("PartnersOfGhana")`),
		// Once GraphiQL has parsed the examples, the run button opens a menu of their operations; pressed earlier,
		// it would send the whole document without an operation name.
		chromedp.WaitVisible(`.graphiql-execute-button[aria-haspopup="menu"]`, chromedp.ByQuery),
		chromedp.Click(".graphiql-execute-button", chromedp.ByQuery),
		waitFor(`a result with "data"`, `(() => {
		  const firstOperation = document.querySelector('[role="menuitem"]');
		  if (firstOperation) firstOperation.click();
		  return document.querySelector(".result-window")?.textContent.includes('"data"') ?? false;
		})()`),
	}
}

// saveScreenshot saves what the tab shows, scaled (the README's copies are kept small).
func saveScreenshot(t *testing.T, tab context.Context, path string, scale float64) {
	ctx, cancel := context.WithTimeout(tab, 15*time.Second)
	defer cancel()
	var png []byte
	var size struct{ W, H float64 }
	err := chromedp.Run(ctx,
		chromedp.Evaluate(`({W: innerWidth, H: innerHeight})`, &size),
		chromedp.ActionFunc(func(ctx context.Context) (err error) {
			png, err = page.CaptureScreenshot().WithFormat(page.CaptureScreenshotFormatPng).
				WithClip(&page.Viewport{Width: size.W, Height: size.H, Scale: scale}).Do(ctx)
			return err
		}))
	if err != nil {
		t.Logf("no screenshot: %v", err)
		return
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Logf("no screenshot: %v", err)
		return
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Logf("no screenshot: %v", err)
		return
	}
	abs, _ := filepath.Abs(path)
	t.Logf("screenshot: %s", abs)
}
