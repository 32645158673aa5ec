package store_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
)

// TestRouteMap checks that the routes found on the route map are, on the real seeds, the routes found in the graph
// itself: as many, of the same lengths and evidence in the same order, the same routes wherever evidence does not
// tie at the cut, each a real path of distinct entities whose hops are the graph's relationships with their sources.
// Ends are hubs, small entities and activities, of every kind that has relationships, near and far apart.
func TestRouteMap(t *testing.T) {
	st := neo4jtest.Seeded(t)
	if token, err := st.RouteMap(ctx); err != nil || token == "" {
		t.Fatalf("Paths reads no route map (%q, %v): it would be compared with itself", token, err)
	}
	country := func(id string) cybercoop.Ref { return cybercoop.Ref{Kind: cybercoop.KindCountry, ID: id} }
	org := func(id string) cybercoop.Ref { return cybercoop.Ref{Kind: cybercoop.KindOrganization, ID: id} }
	activity := func(id string) cybercoop.Ref { return cybercoop.Ref{Kind: cybercoop.KindActivity, ID: id} }
	pairs := []struct {
		from, to cybercoop.Ref
		maxHops  int
	}{
		{country("to"), org("europol"), 4},
		{country("to"), org("europol"), 6},
		{org("interpol"), country("gh"), 2},
		{org("interpol"), org("europol"), 4},
		{country("gh"), country("ph"), 4},
		{country("mu"), glacyPlus, 3},
		{cybersouth, country("ma"), 4},
		{country("lk"), cybercoop.Ref{Kind: cybercoop.KindConvention, ID: "budapest"}, 4},
		{org("coe"), country("to"), 3},
		{glacyPlus, cybersouth, 4},
		{cybercoop.Ref{Kind: cybercoop.KindTheme, ID: "second-protocol"}, country("gh"), 4},
		{cybercoop.Ref{Kind: cybercoop.KindGoal, ID: "glacy-specific-objective"}, org("europol"), 5},
		// Activity ends, which the map reaches through the entities they are attached to.
		{activity("cproc-2018-661"), org("coe"), 4},
		{org("interpol"), activity("cproc-2018-634"), 4},
		{activity("cproc-2018-634"), country("to"), 1},
		{activity("cproc-2018-634"), country("gh"), 6},
		{activity("cproc-2018-634"), activity("cproc-2018-661"), 4},
		{activity("cproc-2018-634"), activity("cproc-2018-674"), 2},
		{activity("cproc-2018-661"), glacyPlus, 3},
	}
	t.Run("OK no route between two activities within one hop", func(t *testing.T) {
		// They share Tonga, two hops apart.
		paths, err := st.Paths(ctx, activity("cproc-2018-634"), activity("cproc-2018-674"), 1, store.MaxRoutes, store.Period{}, store.Selection{})
		if err != nil || len(paths) != 0 {
			t.Errorf("routes %v, error %v; want none", describeAll(paths), err)
		}
	})
	for _, pair := range pairs {
		t.Run(fmt.Sprintf("OK %s to %s within %d hops", pair.from, pair.to, pair.maxHops), func(t *testing.T) {
			onMap, err := st.Paths(ctx, pair.from, pair.to, pair.maxHops, store.MaxRoutes, store.Period{}, store.Selection{})
			if err != nil {
				t.Fatal(err)
			}
			inGraph, err := st.GraphPaths(ctx, pair.from, pair.to, pair.maxHops, store.MaxRoutes)
			if err != nil {
				t.Fatal(err)
			}
			if len(inGraph) == 0 {
				t.Fatal("no route in the graph: the comparison proves nothing")
			}
			if len(onMap) != len(inGraph) {
				t.Fatalf("%d routes on the map, %d in the graph:\nmap   %v\ngraph %v", len(onMap), len(inGraph), describeAll(onMap), describeAll(inGraph))
			}
			seen := map[string]bool{}
			for i := range onMap {
				got, want := onMap[i], inGraph[i]
				if len(got) != len(want) || evidenceOf(got) != evidenceOf(want) {
					t.Errorf("route %d: map %d hops, %d sources (%s); graph %d hops, %d sources (%s)", i, len(got),
						evidenceOf(got), describeRoute(got), len(want), evidenceOf(want), describeRoute(want))
				}
				if seen[entitiesOf(got)] {
					t.Errorf("route %s is listed twice", describeRoute(got))
				}
				seen[entitiesOf(got)] = true
				checkWalk(t, got, pair.from, pair.to)
			}
			// Where the last evidence listed ties with routes left out, either may be shown: compare the rest.
			last := onMap[len(onMap)-1]
			for _, want := range inGraph {
				if len(want) == len(last) && evidenceOf(want) == evidenceOf(last) {
					continue
				}
				if !seen[entitiesOf(want)] {
					t.Errorf("graph route %s is not on the map", describeRoute(want))
				}
			}
		})
	}
}

// checkWalk fails unless p runs from one end to the other, hop after hop, through distinct entities, each hop
// citing its sources.
func checkWalk(t *testing.T, p store.Path, from, to cybercoop.Ref) {
	t.Helper()
	at, visited := from, map[cybercoop.Ref]bool{from: true}
	for _, h := range p {
		if h.From.Ref() != at {
			t.Errorf("%s: hop %s does not start at %s", describeRoute(p), h.Type, at)
		}
		if visited[h.To.Ref()] {
			t.Errorf("%s passes %s twice", describeRoute(p), h.To.Ref())
		}
		if len(h.Sources) == 0 {
			t.Errorf("%s: hop %s -> %s cites nothing", describeRoute(p), h.From.Ref(), h.To.Ref())
		}
		at, visited[h.To.Ref()] = h.To.Ref(), true
	}
	if at != to {
		t.Errorf("%s ends at %s, want %s", describeRoute(p), at, to)
	}
}

func evidenceOf(p store.Path) int {
	n := 0
	for _, h := range p {
		n += len(h.Sources)
	}
	return n
}

// entitiesOf names a route: its entities in order (of parallel relationships that cite as much, either is its hop).
func entitiesOf(p store.Path) string {
	var b strings.Builder
	for _, h := range p {
		b.WriteString(h.From.Ref().String() + " ")
	}
	return b.String() + p[len(p)-1].To.Ref().String()
}

func describeRoute(p store.Path) string {
	var b strings.Builder
	for i, h := range p {
		if i == 0 {
			b.WriteString(h.From.Ref().String())
		}
		fmt.Fprintf(&b, " -%s %s-> %s", h.Type, h.Direction, h.To.Ref())
	}
	return b.String()
}

func describeAll(paths []store.Path) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = fmt.Sprintf("%s (%d)", describeRoute(p), evidenceOf(p))
	}
	return out
}
