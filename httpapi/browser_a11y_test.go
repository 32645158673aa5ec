package httpapi_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// axeSource is axe-core's script, from web's npm devDependencies (make web installs them).
func axeSource(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "web", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core is not installed (make web installs web's npm devDependencies): %v", err)
	}
	return string(src)
}

// Accessibility in a real Chromium: axe-core finds no serious or critical violation on the explorer's views and on
// the embeds, in the light and the dark theme (the explorer follows prefers-color-scheme, an embed its theme
// parameter) and in English and French; every page's headings go down one level at a time from its first, and every
// table has a name.
func TestAccessibilityInBrowser(t *testing.T) {
	browserCtx := startBrowser(t, 1280, 800)
	srv := newServer(t, neo4jtest.Seeded(t))
	axe := axeSource(t)

	explorer := []string{
		"/explorer?id=country:gh",
		"/explorer?id=country:gh&view=timeline",
		"/explorer?id=convention:budapest&view=map",
		"/explorer?id=country:gh&view=table",
		"/explorer?id=convention:budapest&view=table",
		"/explorer?id=convention:budapest&view=journeys",
		"/explorer?id=country:to&path=organization:europol",
	}
	embeds := []string{
		"/embed/card?id=organization:interpol",
		"/embed/table?id=organization:interpol",
		"/embed/graph?id=country:to",
		"/embed/timeline?id=country:gh",
		"/embed/map?id=convention:budapest",
		"/embed/journeys?id=convention:budapest",
	}
	for _, theme := range []string{"light", "dark"} {
		for _, lang := range []string{"en", "fr"} {
			for _, path := range append(explorer, embeds...) {
				url := path
				if lang == "fr" {
					url += "&lang=fr"
				}
				isEmbed := strings.HasPrefix(path, "/embed/")
				if isEmbed && theme == "dark" {
					url += "&theme=dark"
				}
				t.Run(theme+" "+lang+" "+path, func(t *testing.T) {
					var setup []chromedp.Action
					if !isEmbed {
						setup = append(setup, emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: theme}}))
					}
					openPage(t, browserCtx, srv.URL+url, setup, viewsLoaded(), noAxeViolation(axe), headingsInOrder(!isEmbed), tablesNamed())
				})
			}
		}
	}
}

// openPage opens url in a new tab after setup, runs checks, and fails on any console error, CSP violation or
// request leaving the machine; a failing page is saved under testdata/failures/.
func openPage(t *testing.T, browserCtx context.Context, url string, setup []chromedp.Action, checks ...chromedp.Action) {
	t.Helper()
	tab, cancel := chromedp.NewContext(browserCtx)
	defer cancel()
	if err := chromedp.Run(tab); err != nil { // the tab lives as long as tab, not as the checks' deadline
		t.Fatal(err)
	}
	watch := watchPage(tab)
	ctx, cancelTimeout := context.WithTimeout(tab, 60*time.Second)
	defer cancelTimeout()
	actions := append([]chromedp.Action{page.BringToFront(), network.Enable(), runtime.Enable(), log.Enable()}, setup...)
	actions = append(actions, chromedp.Navigate(url))
	if err := chromedp.Run(ctx, append(actions, checks...)...); err != nil {
		t.Errorf("%s: %v", url, err)
	}
	for _, problem := range watch.problems() {
		t.Errorf("%s: %s", url, problem)
	}
	if t.Failed() {
		name := strings.NewReplacer("/", "_", " ", "_", "?", "_", "&", "_", ":", "_", "=", "_").Replace(t.Name())
		saveScreenshot(t, tab, filepath.Join("testdata", "failures", name+".png"), 1)
	}
}

// viewsLoaded waits until every view of the page has drawn what it loaded: none still says "Loading…", none
// failed, and a graph has its canvas.
func viewsLoaded() chromedp.Action {
	return waitForNoProblem("the views loaded", `(() => { `+deepQuery+`
	  const views = deepAll("cc-card, cc-table, cc-graph, cc-timeline, cc-map, cc-journeys, cc-path");
	  if (!views.length) return "no view yet";
	  const failed = deepAll(".status.error").map((e) => e.textContent.trim());
	  if (failed.length) throw new Error("a view failed: " + failed.join("; "));
	  const waiting = views.filter((v) => !v.shadowRoot || !v.shadowRoot.childElementCount || v.shadowRoot.querySelector('.status[role="status"]'));
	  if (waiting.length) return "still loading: " + waiting.map((v) => v.localName).join(", ");
	  if (deepAll("cc-graph").length && !deepAll("canvas").length) return "no graph drawn";
	  return "";
	})()`)
}

// noAxeViolation runs axe-core on the page (its source evaluated through the DevTools protocol, which the page's CSP
// does not govern) and fails on any serious or critical violation, naming the rule and the elements.
func noAxeViolation(source string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		if err := chromedp.Evaluate(source+";0", nil).Do(ctx); err != nil {
			return fmt.Errorf("inject axe-core: %w", err)
		}
		var found []string
		run := `axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations
		  .filter((v) => v.impact === "serious" || v.impact === "critical")
		  .map((v) => v.impact + " " + v.id + " (" + v.help + "): " + v.nodes.slice(0, 4).map((n) => JSON.stringify(n.target) + " " + n.failureSummary.replace(/\s+/g, " ")).join(" | ")))`
		if err := chromedp.Evaluate(run, &found, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }).Do(ctx); err != nil {
			return fmt.Errorf("run axe-core: %w", err)
		}
		if len(found) > 0 {
			return fmt.Errorf("axe-core: %d serious or critical violations:\n%s", len(found), strings.Join(found, "\n"))
		}
		return nil
	})
}

// headingsInOrder checks the headings of the page as a reader meets them (through the views' shadow roots): each
// at most one level below the one before, starting with an h1 on a page of its own (the explorer), or with any
// level down to h2 in an embed, which a partner's page may hold under its own headings.
func headingsInOrder(page bool) chromedp.Action {
	first := 2
	if page {
		first = 1
	}
	return waitForNoProblem("headings that go down one level at a time", fmt.Sprintf(`(() => {
	  const levels = [];
	  const walk = (node) => {
	    for (const child of (node.shadowRoot ?? node).children) {
	      if (/^H[1-6]$/.test(child.tagName) && child.checkVisibility()) levels.push(Number(child.tagName[1]));
	      walk(child);
	    }
	  };
	  walk(document.body);
	  let last = %d - 1;
	  for (const level of levels) {
	    if (level > last + 1) return "headings " + levels.join(" ") + ": h" + level + " after h" + last;
	    last = level;
	  }
	  return "";
	})()`, first))
}

// tablesNamed checks that every table has an accessible name: aria-label, or aria-labelledby naming an element with
// text in its own tree.
func tablesNamed() chromedp.Action {
	return waitForNoProblem("every table named", `(() => { `+deepQuery+`
	  const unnamed = deepAll("table").filter((table) => {
	    if (table.getAttribute("aria-label")?.trim()) return false;
	    const by = table.getAttribute("aria-labelledby");
	    return !(by && table.getRootNode().getElementById(by)?.textContent.trim());
	  });
	  return unnamed.length ? unnamed.length + " tables without a name" : "";
	})()`)
}
