package store

import (
	"fmt"
	"slices"
	"testing"

	"github.com/cybercoop/cybercoop"
)

// TestMapRoutes checks the route map computed from a small dataset: one link per pair of entities, the
// best-sourced of their relationships, and one meeting per pair of entities that share activities, keeping the
// best-sourced MaxRoutes of them (of equals, the first by id), each with the types of its two relationships.
func TestMapRoutes(t *testing.T) {
	cited := func(n int) []cybercoop.SourceRef {
		refs := make([]cybercoop.SourceRef, n)
		for i := range refs {
			refs[i] = cybercoop.SourceRef{SourceID: "report", Locator: fmt.Sprint("line ", i)}
		}
		return refs
	}
	data := cybercoop.Dataset{Nodes: []cybercoop.Node{
		{Label: "Country", ID: "gh", Props: map[string]any{"name": "Ghana"}},
		{Label: "Organization", ID: "interpol", Props: map[string]any{"name": "INTERPOL"}},
		{Label: "Country", ID: "ph", Props: map[string]any{"name": "Philippines"}},
	}}
	rel := func(typ, fromLabel, fromID, toLabel, toID string, sources int) cybercoop.Relationship {
		return cybercoop.Relationship{Type: typ, FromLabel: fromLabel, FromID: fromID, ToLabel: toLabel, ToID: toID, Sources: cited(sources)}
	}
	data.Relationships = []cybercoop.Relationship{
		rel("PARTNER", "Organization", "interpol", "Country", "gh", 1),
		rel("TRAINED_IN", "Organization", "interpol", "Country", "gh", 2),
		rel("PARTNER", "Organization", "interpol", "Country", "gh", 2), // as well sourced: the first stays
	}
	// 25 activities held in Ghana with INTERPOL: activity i cites i%3 sources for INTERPOL's part.
	for i := range 25 {
		id := fmt.Sprintf("a%02d", i)
		data.Nodes = append(data.Nodes, cybercoop.Node{Label: "Activity", ID: id})
		data.Relationships = append(data.Relationships, rel("HELD_IN", "Activity", id, "Country", "gh", 1),
			rel("INVOLVED", "Activity", id, "Organization", "interpol", i%3))
	}
	// One more in the Philippines, Ghana a beneficiary named twice (the better-sourced relationship counts).
	data.Nodes = append(data.Nodes, cybercoop.Node{Label: "Activity", ID: "b"})
	data.Relationships = append(data.Relationships, rel("HELD_IN", "Activity", "b", "Country", "ph", 1),
		rel("FOR", "Activity", "b", "Country", "gh", 1), rel("HELD_IN", "Activity", "b", "Country", "gh", 3))

	routes := mapRoutes(data)
	if len(routes.waypoints) != 3 {
		t.Errorf("waypoints %v, want Ghana, INTERPOL and the Philippines, no activity", routes.waypoints)
	}
	wantLink := map[string]any{"from": "Organization:interpol", "to": "Country:gh", "type": "TRAINED_IN"}
	if len(routes.links) != 1 || fmt.Sprint(routes.links[0]) != fmt.Sprint(wantLink) {
		t.Errorf("links %v, want only %v", routes.links, wantLink)
	}
	meetings := map[string]map[string]any{}
	for _, m := range routes.meetings {
		meetings[m["x"].(string)+" "+m["y"].(string)] = m
	}
	if len(meetings) != 2 {
		t.Fatalf("meetings %v, want Ghana with INTERPOL and Ghana with the Philippines", routes.meetings)
	}
	withInterpol := meetings["Country:gh Organization:interpol"]
	var want []string
	for _, cites := range []int{2, 1, 0} { // evidence 3, then 2, then 1
		for i := range 25 {
			if i%3 == cites {
				want = append(want, fmt.Sprintf("a%02d", i))
			}
		}
	}
	want = want[:MaxRoutes]
	if got := withInterpol["activities"].([]string); !slices.Equal(got, want) {
		t.Errorf("Ghana meets INTERPOL in %v, want %v", got, want)
	}
	if ev := withInterpol["evidence"].([]int); ev[0] != 3 || ev[MaxRoutes-1] != 1 {
		t.Errorf("evidence %v, want 3 first and 1 last", ev)
	}
	if x, y := withInterpol["xTypes"].([]string)[0], withInterpol["yTypes"].([]string)[0]; x != "HELD_IN" || y != "INVOLVED" {
		t.Errorf("types %s and %s, want HELD_IN (Ghana) and INVOLVED (INTERPOL)", x, y)
	}
	withPhilippines := meetings["Country:gh Country:ph"]
	if fmt.Sprint(withPhilippines["activities"], withPhilippines["xTypes"], withPhilippines["evidence"]) != "[b] [HELD_IN] [4]" {
		t.Errorf("Ghana meets the Philippines: %v", withPhilippines)
	}
}
