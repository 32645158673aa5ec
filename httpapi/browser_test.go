package httpapi_test

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
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
		{name: "timeline", path: "/explorer?id=country:gh&view=timeline",
			see: []string{"Semaine de la cybersécurité", "23 October 2017"}, readme: true},
		{name: "table", path: "/explorer?id=country:gh&view=table",
			see: []string{"Semaine de la cybersécurité", "23 October 2017", "Accra, Ghana", "Collaborators"}, readme: true},
		{name: "map", path: "/explorer?id=country:gh&view=map", see: []string{"Ghana: activities by country"},
			check: countryShapesAtLeast(150), readme: true},
		{name: "map-convention", path: "/explorer?id=convention:budapest&view=map",
			see: []string{"countries by accession status", "Morocco"}, check: countryShapesAtLeast(150), readme: true},
		{name: "map-click", path: "/explorer?id=convention:budapest&view=map", see: []string{"Morocco"},
			check: chromedp.Tasks{
				countryShapesAtLeast(150),
				chromedp.Evaluate(`(() => { `+deepQuery+` deepAll('path.data[aria-label^="Morocco"]')[0].dispatchEvent(new MouseEvent("click", {bubbles: true})); })()`, nil),
				waitFor("Morocco opened", `location.search === "?id=country%3Ama&view=map"`),
				waitForText("Morocco: activities by country"),
			}},
		{name: "path", path: "/explorer?id=country:to&path=organization:europol",
			see: []string{"Tonga", "EUROPOL", "hop(s)", "Evidence"}, readme: true},
		{name: "downloads-table", path: "/explorer?id=country:gh&view=table", see: []string{"Activities 7 of 7"},
			downloads: []download{{button: "Download CSV", file: "country-gh-activities.csv",
				want: []string{"date,title,type,place,projects,orgs,sources\r\n", "2017-10-23,Semaine de la cybersécurité", "SG/Inf(2018)32, annex, line 459"}, lines: 1 + 7}}},
		{name: "downloads-graph", path: "/explorer?id=country:gh", see: []string{"Ghana"}, check: drawingAtLeast("canvas", 300, 200),
			downloads: []download{
				{button: "Download SVG", file: "country-gh-graph.svg", want: []string{"<svg", "Ghana"}},
				{button: "Download PNG", file: "country-gh-graph.png", want: []string{"\x89PNG"}},
			}},
		{name: "dates", path: "/explorer?id=country:gh&view=table&from=2018-01",
			see: []string{"Activities 3 of 3", "18 April 2018"}, hide: []string{"Semaine de la cybersécurité"}},
		{name: "keyboard", path: "/explorer", see: []string{"Search an entity"}, check: searchThenTabsThenBack()},
		{name: "french", path: "/explorer?id=project:glacy-plus&view=table&lang=fr",
			see: []string{"Activités", "Tableau", "13 350 000 EUR"}},
		{name: "french-names", path: "/explorer?id=convention:budapest&view=map&lang=fr",
			see: []string{"Convention de Budapest sur la cybercriminalité : pays selon leur adhésion", "Maroc"}},
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
// suggestion, arrow to the next view; then the browser's Back button returns to the previous view.
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
		waitForText("23 October 2017"),
		chromedp.Evaluate(`history.back()`, nil),
		waitFor("Back returns to the graph", `location.search === "?id=country%3Agh"`),
		drawingAtLeast("canvas", 300, 200),
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
