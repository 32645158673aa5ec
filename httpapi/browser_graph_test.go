package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// The graph view at hubs, in a real Chromium (issue 26): GLACY+'s 91 activities are grouped by country, the groups'
// counts adding up to them and each group holding the activities held there; a click opens a group in place (what
// was drawn stays where it was) and a second folds it; no label is drawn over another at the default zoom, for GLACY+,
// INTERPOL, the Council of Europe and the Budapest Convention, in the explorer and the embed; nothing is said to be
// left undrawn; the console stays clean (Cytoscape's warnings included). The facts come from the seeds.
func TestGraphAtHubsInBrowser(t *testing.T) {
	browserCtx := startBrowser(t, 1280, 1000)
	srv := newServer(t, neo4jtest.Seeded(t))
	seeds := seedRelations(t)

	glacy := seeds.from("Activity", "PART_OF", "Project", "glacy-plus")
	interpolGoals := seeds.from("Goal", "GOAL_OF", "Organization", "interpol")
	budapest, _ := neo4jtest.Chart(t, "ets185-chart-2026-04-25.tsv")
	parties := chartParties(budapest, "")
	// GLACY+'s activities held in Ghana and nowhere else: the Ghana group's members.
	var inGhana []string
	for _, a := range glacy {
		if held := seeds.to(a, "HELD_IN"); len(held) == 1 && held[0] == "country:gh" {
			inGhana = append(inGhana, a)
		}
	}
	if len(glacy) < 50 || len(inGhana) < 2 || len(interpolGoals) <= 12 {
		t.Fatalf("the seeds changed: %d GLACY+ activities, %d in Ghana only, %d INTERPOL goals", len(glacy), len(inGhana), len(interpolGoals))
	}
	ghana := fmt.Sprintf("Ghana · %d activities", len(inGhana))

	pages := []struct {
		name, path string
		check      chromedp.Action
	}{
		{name: "glacy-plus", path: "/explorer?id=project:glacy-plus", check: chromedp.Tasks{
			groupsHold("ACTIVITY", len(glacy), ghana),
			readableLabels(),
			notOnPage("not drawn"),
			waitForText("Past 12 neighbours of one kind, they are grouped"),
			openAndFoldGroup(ghana, inGhana),
		}},
		{name: "glacy-plus-by-year", path: "/explorer?id=project:glacy-plus", check: chromedp.Tasks{
			groupsHold("ACTIVITY", len(glacy), ""),
			chromedp.Evaluate(`(() => { `+deepQuery+` const select = deepAll("cc-graph")[0].shadowRoot.querySelectorAll("select")[1];
			  select.value = "year"; select.dispatchEvent(new Event("change")); })()`, nil),
			groupsHold("ACTIVITY", len(glacy), "2018 · "),
			readableLabels(),
		}},
		{name: "interpol", path: "/explorer?id=organization:interpol", check: chromedp.Tasks{
			groupsHold("GOAL", len(interpolGoals), fmt.Sprintf("%d goals", len(interpolGoals))),
			readableLabels(), notOnPage("not drawn"),
		}},
		{name: "council-of-europe", path: "/explorer?id=organization:coe", check: chromedp.Tasks{
			waitForText("Council of Europe"), readableLabels(), notOnPage("not drawn"),
		}},
		// A convention's States are grouped by their standing: its Parties are those of its chart.
		{name: "budapest", path: "/explorer?id=convention:budapest", check: chromedp.Tasks{
			groupsHold("COUNTRY", 0, ""),
			partyGroupsHold(len(parties)),
			readableLabels(), notOnPage("not drawn"),
		}},
		{name: "embed", path: "/embed/graph?id=project:glacy-plus", check: chromedp.Tasks{
			groupsHold("ACTIVITY", len(glacy), ghana), readableLabels(), notOnPage("not drawn"),
		}},
		{name: "embed-french", path: "/embed/graph?id=project:glacy-plus&lang=fr", check: chromedp.Tasks{
			groupsHold("ACTIVITY", len(glacy), fmt.Sprintf("Ghana · %d activités", len(inGhana))), readableLabels(),
		}},
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			runGraphPage(t, browserCtx, srv.URL+pg.path, pg.name, pg.check)
		})
	}
}

// A reply the view has moved on from is dropped (issue 26): with INTERPOL's neighbourhood slow to come, expanding
// INTERPOL on Ghana's graph and then opening the Budapest Convention leaves the Convention's graph as it is, and
// leaving the graph for the table while the reply is on its way throws nothing.
func TestGraphLateRepliesInBrowser(t *testing.T) {
	srv := newServer(t, neo4jtest.Seeded(t))

	// A browser and a proxy each, so that the slow reply is not in the HTTP cache and is counted alone.
	t.Run("another entity opened", func(t *testing.T) {
		browserCtx := startBrowser(t, 1280, 1000)
		slow := newSlowProxy(t, srv.URL, "organization:interpol", 2*time.Second)
		runGraphPage(t, browserCtx, slow.URL+"/explorer?id=country:gh", "late-reply-other-entity", chromedp.Tasks{
			waitForNode("organization:interpol"),
			clickNode("organization:interpol", 1),
			slow.waitStarted(1),
			chromedp.Sleep(time.Second), // two clicks on two nodes are not a double click
			clickNode("convention:budapest", 2),
			waitFor("the Budapest Convention opened", `location.search === "?id=convention%3Abudapest"`),
			waitForText("Convention on Cybercrime"),
			groupsHold("COUNTRY", 0, ""),
			slow.waitFinished(1),
			chromedp.Sleep(500 * time.Millisecond), // the reply reached the page
			waitForNoProblem("only the Convention's neighbours", `(() => { `+deepQuery+`
			  const cy = deepAll("cc-graph")[0].cy;
			  return cy.nodes().filter((n) => ["ORGANIZATION", "GOAL", "ACTIVITY"].includes(n.data("kind"))).map((n) => n.id()).join(" ");
			})()`),
		})
	})
	t.Run("table opened", func(t *testing.T) {
		browserCtx := startBrowser(t, 1280, 1000)
		slow := newSlowProxy(t, srv.URL, "organization:interpol", 2*time.Second)
		runGraphPage(t, browserCtx, slow.URL+"/explorer?id=country:gh", "late-reply-table", chromedp.Tasks{
			waitForNode("organization:interpol"),
			clickNode("organization:interpol", 1),
			slow.waitStarted(1),
			chromedp.Evaluate(`(() => { `+deepQuery+` deepAll('[role="tab"]').find((tab) => tab.textContent.trim() === "Table").click(); })()`, nil),
			waitForText("Semaine de la cybersécurité"),
			slow.waitFinished(1),
			chromedp.Sleep(500 * time.Millisecond),
		})
	})
}

// runGraphPage opens a page in a new tab, runs check, and fails on what the page complains of: exceptions, console
// errors and warnings, requests leaving the machine.
func runGraphPage(t *testing.T, browserCtx context.Context, pageURL, name string, check chromedp.Action) {
	tab, cancel := chromedp.NewContext(browserCtx)
	defer cancel()
	watch := watchPage(tab)
	warnings := watchWarnings(tab)
	if err := chromedp.Run(tab); err != nil { // the tab lives until the test ends, not as long as the timeout below
		t.Fatal(err)
	}
	ctx, cancelTimeout := context.WithTimeout(tab, 60*time.Second)
	defer cancelTimeout()
	err := chromedp.Run(ctx, page.BringToFront(), network.Enable(), runtime.Enable(), log.Enable(),
		chromedp.Navigate(pageURL), drawingAtLeast("canvas", 300, 200), check)
	if err != nil {
		t.Errorf("%s: %v", pageURL, err)
	}
	for _, problem := range append(watch.problems(), warnings.list()...) {
		t.Errorf("%s: %s", pageURL, problem)
	}
	if t.Failed() {
		saveScreenshot(t, tab, filepath.Join("testdata", "failures", "graph-"+name+".png"), 1)
	}
}

// warningWatch records the console's warnings (pageWatch records its errors).
type warningWatch struct {
	mu       sync.Mutex
	warnings []string
}

func watchWarnings(ctx context.Context) *warningWatch {
	w := &warningWatch{}
	chromedp.ListenTarget(ctx, func(ev any) {
		if ev, ok := ev.(*runtime.EventConsoleAPICalled); ok && ev.Type == runtime.APITypeWarning {
			w.mu.Lock()
			w.warnings = append(w.warnings, "console warning: "+consoleText(ev.Args))
			w.mu.Unlock()
		}
	})
	return w
}

func (w *warningWatch) list() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.warnings)
}

// graphView is JavaScript naming the first graph view's Cytoscape instance `cy` and its container's place `box`.
const graphView = deepQuery + `
  const view = deepAll("cc-graph")[0];
  const cy = view?.cy;
  const box = view?.shadowRoot?.getElementById("cy")?.getBoundingClientRect();`

// groupsHold waits for the groups of a kind of entity and checks that their counts (the number their labels give)
// add up to total (unless 0), and that one group is labelled want (unless empty).
func groupsHold(kind string, total int, want string) chromedp.Action {
	return waitForNoProblem(fmt.Sprintf("groups of %s holding %d, one of them %q", kind, total, want), fmt.Sprintf(`(() => { %s
	  if (!cy || cy.nodes().empty()) return "no drawing yet";
	  const labels = cy.nodes(".group").filter((n) => n.data("kind") === %q).map((n) => n.data("label"));
	  if (!labels.length) return "no group of %s";
	  const sum = labels.reduce((s, l) => s + Number(/(\d+) \S+$/.exec(l)[1]), 0);
	  if (%d && sum !== %d) return "the groups hold " + sum + ": " + labels.join(", ");
	  if (%q && !labels.some((l) => l.startsWith(%q) || l === %q)) return "no group %s among " + labels.join(", ");
	  return "";
	})()`, graphView, kind, kind, total, total, want, want, want, want))
}

// partyGroupsHold checks that a convention's groups of Ratified and Acceded States hold its Parties.
func partyGroupsHold(parties int) chromedp.Action {
	return waitForNoProblem(fmt.Sprintf("%d Parties in the Ratified and Acceded groups", parties), fmt.Sprintf(`(() => { %s
	  const labels = cy.nodes(".group").map((n) => n.data("label"));
	  const sum = labels.filter((l) => /^(Ratified|Acceded) · /.test(l)).reduce((s, l) => s + Number(/(\d+) \S+$/.exec(l)[1]), 0);
	  return sum === %d ? "" : "the Parties' groups hold " + sum + ": " + labels.join(", ");
	})()`, graphView, parties))
}

// readableLabels checks the drawing at its default zoom: no label drawn over another (measured from the rendered
// labels' boxes), every group named, and most nodes named without a hover.
func readableLabels() chromedp.Action {
	return waitForNoProblem("labels that do not overlap", `(() => { `+graphView+`
	  const shown = cy.nodes(":visible").filter((n) => n.style("label") !== "");
	  const boxes = shown.map((n) => [n.id(), n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false })]);
	  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
	    const [[a, p], [b, q]] = [boxes[i], boxes[j]];
	    if (p.x1 < q.x2 && q.x1 < p.x2 && p.y1 < q.y2 && q.y1 < p.y2) return "the labels of " + a + " and " + b + " overlap";
	  }
	  const unnamed = cy.nodes(".group:visible").filter((n) => n.style("label") === "");
	  if (unnamed.nonempty()) return "groups without a label: " + unnamed.map((n) => n.data("label")).join(", ");
	  const visible = cy.nodes(":visible").length;
	  if (shown.length < visible * 0.6) return shown.length + " of " + visible + " nodes named";
	  const small = shown.filter((n) => Number.parseFloat(n.style("font-size")) * cy.zoom() < 8);
	  if (small.nonempty()) return "labels under 8 px at zoom " + cy.zoom().toFixed(2) + ": " + small.map((n) => n.id()).join(", ");
	  return "";
	})()`)
}

// notOnPage checks that the page does not show text, in any view.
func notOnPage(text string) chromedp.Action {
	return waitForNoProblem("no "+text, fmt.Sprintf(`(() => { const text = %s; return text.includes(%q) ? text : ""; })()`, pageText, text))
}

// waitForNode waits until an entity is drawn.
func waitForNode(id string) chromedp.Action {
	return waitFor(id+" drawn", fmt.Sprintf(`(() => { %s return !!cy && cy.getElementById(%q).nonempty(); })()`, graphView, id))
}

// clickNode clicks a node where it is drawn, as a person does, once or twice (a double click).
func clickNode(id string, times int) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var at struct{ X, Y float64 }
		err := chromedp.Evaluate(fmt.Sprintf(`(() => { %s
		  const area = view.shadowRoot.getElementById("cy").getBoundingClientRect();
		  const p = cy.getElementById(%q).renderedPosition();
		  return { X: area.left + p.x, Y: area.top + p.y };
		})()`, graphView, id), &at).Do(ctx)
		if err != nil {
			return fmt.Errorf("where is %s: %w", id, err)
		}
		for n := 1; n <= times; n++ {
			if err := chromedp.MouseClickXY(at.X, at.Y, chromedp.ClickCount(n)).Do(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

// openAndFoldGroup clicks a group: its members show (exactly want, entity ids) with every other node where it was;
// a second click folds them back.
func openAndFoldGroup(label string, want []string) chromedp.Action {
	sorted := slices.Clone(want)
	slices.Sort(sorted)
	members, _ := json.Marshal(sorted)
	var group string
	var before string
	return chromedp.Tasks{
		chromedp.Evaluate(fmt.Sprintf(`(() => { %s return cy.nodes(".group").filter((n) => n.data("label") === %q).id(); })()`, graphView, label), &group),
		chromedp.Evaluate(`(() => { `+graphView+` return JSON.stringify(cy.nodes().map((n) => [n.id(), n.position()])); })()`, &before),
		chromedp.ActionFunc(func(ctx context.Context) error { return clickNode(group, 1).Do(ctx) }),
		chromedp.ActionFunc(func(ctx context.Context) error {
			return waitForNoProblem("the group's members drawn, the rest in place", fmt.Sprintf(`(() => { %s
			  const before = new Map(JSON.parse(%q));
			  const added = cy.nodes().filter((n) => !before.has(n.id())).map((n) => n.id()).sort();
			  if (JSON.stringify(added) !== JSON.stringify(%s)) return "drawn besides: " + added.join(" ");
			  const moved = [...before].filter(([id, p]) => { const q = cy.getElementById(id).position(); return Math.hypot(p.x - q.x, p.y - q.y) > 0.5; });
			  return moved.length ? "moved: " + moved.map(([id]) => id).join(" ") : "";
			})()`, graphView, before, members)).Do(ctx)
		}),
		readableLabels(),
		chromedp.ActionFunc(func(ctx context.Context) error { return clickNode(group, 1).Do(ctx) }),
		chromedp.ActionFunc(func(ctx context.Context) error {
			return waitForNoProblem("the group folded", fmt.Sprintf(`(() => { %s
			  const before = JSON.parse(%q).map(([id]) => id).sort();
			  const now = cy.nodes().map((n) => n.id()).sort();
			  return JSON.stringify(now) === JSON.stringify(before) ? "" : "drawn: " + now.length + " nodes, before: " + before.length;
			})()`, graphView, before)).Do(ctx)
		}),
	}
}

// slowProxy serves a service through a delay: requests whose URL names an entity wait before going through.
type slowProxy struct {
	*httptest.Server
	started, finished atomic.Int32
}

func newSlowProxy(t *testing.T, service, entity string, delay time.Duration) *slowProxy {
	target, err := url.Parse(service)
	if err != nil {
		t.Fatal(err)
	}
	forward := httputil.NewSingleHostReverseProxy(target)
	p := &slowProxy{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.URL.Query().Get("variables"), `"`+entity+`"`) {
			forward.ServeHTTP(w, r)
			return
		}
		p.started.Add(1)
		defer p.finished.Add(1)
		time.Sleep(delay)
		forward.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *slowProxy) waitStarted(n int32) chromedp.Action  { return p.wait("asked", &p.started, n) }
func (p *slowProxy) waitFinished(n int32) chromedp.Action { return p.wait("answered", &p.finished, n) }

func (p *slowProxy) wait(what string, count *atomic.Int32, n int32) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for count.Load() < n {
			select {
			case <-ctx.Done():
				return fmt.Errorf("the slow entity was %s %d times, want %d", what, count.Load(), n)
			case <-time.After(50 * time.Millisecond):
			}
		}
		return nil
	})
}

// seedGraph is the seeds' relationships, to read the facts a drawing must show.
type seedGraph struct {
	rels []struct{ typ, fromLabel, from, toLabel, to string }
}

func seedRelations(t *testing.T) seedGraph {
	var g seedGraph
	for _, r := range neo4jtest.Seeds(t).Dataset.Relationships {
		g.rels = append(g.rels, struct{ typ, fromLabel, from, toLabel, to string }{r.Type, r.FromLabel, r.FromID, r.ToLabel, r.ToID})
	}
	return g
}

// from lists, as global ids, the entities of a label with a relationship of a type to one entity.
func (g seedGraph) from(label, typ, toLabel, to string) []string {
	var out []string
	for _, r := range g.rels {
		if r.typ == typ && r.fromLabel == label && r.toLabel == toLabel && r.to == to {
			out = append(out, strings.ToLower(label)+":"+r.from)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// to lists, as global ids, the entities one entity (a global id) has a relationship of a type to.
func (g seedGraph) to(from, typ string) []string {
	var out []string
	for _, r := range g.rels {
		if r.typ == typ && strings.ToLower(r.fromLabel)+":"+r.from == from {
			out = append(out, strings.ToLower(r.toLabel)+":"+r.to)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
