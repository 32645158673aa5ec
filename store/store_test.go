package store_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sort"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
)

var (
	ctx        = context.Background()
	glacyPlus  = cybercoop.Ref{Kind: cybercoop.KindProject, ID: "glacy-plus"}
	cybersouth = cybercoop.Ref{Kind: cybercoop.KindProject, ID: "cybersouth"}
	budapest   = cybercoop.Ref{Kind: cybercoop.KindConvention, ID: "budapest"}
)

func TestLoad(t *testing.T) {
	st := neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)

	t.Run("OK the seeds are loaded with their version", func(t *testing.T) {
		version, err := st.DataVersion(ctx)
		if err != nil || version != seeds.Version {
			t.Fatalf("DataVersion() = %q, %v; want %q", version, err, seeds.Version)
		}
		projects, err := st.ListEntities(ctx, cybercoop.KindProject, store.EntityFilter{}, store.Page{Limit: 100}, true)
		if err != nil {
			t.Fatal(err)
		}
		if projects.Total != 29 {
			t.Errorf("got %d projects, want 29: 8 of 2013-2018, 4 planned in 2018, GLACY-e and 16 in the 2026/27 pipeline", projects.Total)
		}
	})

	t.Run("OK a second load changes nothing and says so", func(t *testing.T) {
		report, err := st.Load(ctx, seeds.Dataset, seeds.Version, store.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !report.Unchanged || report.NodesCreated+report.PropertiesSet+report.RelationshipsCreated != 0 {
			t.Errorf("second load: %+v, want Unchanged and no writes", report)
		}
	})

	t.Run("OK a changed dataset is written into the other slot, without what it dropped", func(t *testing.T) {
		changed := withoutNode(seeds.Dataset, "Project", "cybersouth")
		report, err := st.Load(ctx, changed, "test-without-cybersouth", store.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { mustLoad(t, st, seeds.Dataset, seeds.Version) })
		if report.Slot != 0 || report.NodesCreated != len(changed.Nodes) || report.RelationshipsCreated != len(changed.Relationships) {
			t.Errorf("report %+v: want slot 0 (the seeds were in 1) written with %d nodes and %d relationships",
				report, len(changed.Nodes), len(changed.Relationships))
		}
		if _, err := st.Entity(ctx, cybersouth); cybercoop.ErrorCode(err) != cybercoop.ENOTFOUND {
			t.Errorf("CyberSouth after removal: err = %v, want not found", err)
		}
		mustLoad(t, st, seeds.Dataset, seeds.Version)
		if _, err := st.Entity(ctx, cybersouth); err != nil {
			t.Errorf("CyberSouth after reload: %v", err)
		}
	})

	t.Run("ErrAtomic a failing load leaves the database as it was", func(t *testing.T) {
		broken := withoutNode(seeds.Dataset, "Project", "glacy")
		broken.Relationships = append(broken.Relationships, cybercoop.Relationship{
			Type: "PROTOCOL_OF", FromLabel: "Convention", FromID: "ets-189", ToLabel: "Convention", ToID: "missing",
		})
		_, err := st.Load(ctx, broken, "test-broken", store.LoadOptions{})
		if err == nil || !strings.Contains(err.Error(), "found both ends") {
			t.Fatalf("Load(broken) error = %v, want a dangling relationship error", err)
		}
		version, err := st.DataVersion(ctx)
		if err != nil || version != seeds.Version {
			t.Errorf("version after failed load = %q, %v; want %q", version, err, seeds.Version)
		}
		if _, err := st.Entity(ctx, cybercoop.Ref{Kind: cybercoop.KindProject, ID: "glacy"}); err != nil {
			t.Errorf("GLACY was deleted by a load that failed: %v", err)
		}
	})

	t.Run("ErrAtomic a replacing load that fails leaves the old graph, not an empty one", func(t *testing.T) {
		broken := withoutNode(seeds.Dataset, "Project", "glacy")
		broken.Relationships = append(broken.Relationships, cybercoop.Relationship{
			Type: "PROTOCOL_OF", FromLabel: "Convention", FromID: "ets-189", ToLabel: "Convention", ToID: "missing",
		})
		_, err := st.Load(ctx, broken, "test-broken", store.LoadOptions{Replace: true})
		if err == nil || !strings.Contains(err.Error(), "found both ends") {
			t.Fatalf("Load(broken, Replace) error = %v, want a dangling relationship error", err)
		}
		if version, err := st.DataVersion(ctx); err != nil || version != seeds.Version {
			t.Errorf("version after failed replacing load = %q, %v; want %q", version, err, seeds.Version)
		}
		activities, err := st.Activities(ctx, nil, store.ActivityQuery{Order: "DATE_ASC", Page: store.Page{Limit: 1}, Count: true})
		if err != nil || activities[cybercoop.Ref{}].Total != 218 {
			t.Errorf("activities after failed replacing load: %+v, %v; want the 218 of the annex", activities[cybercoop.Ref{}], err)
		}
	})

	t.Run("OK Replace rewrites every node even when the version is unchanged", func(t *testing.T) {
		report, err := st.Load(ctx, seeds.Dataset, seeds.Version, store.LoadOptions{Replace: true})
		if err != nil {
			t.Fatal(err)
		}
		n := len(seeds.Dataset.Nodes)
		if report.Unchanged || report.Slot != 0 || report.NodesCreated != n ||
			report.RelationshipsCreated != len(seeds.Dataset.Relationships) {
			t.Errorf("report %+v: want slot 0 (the seeds were in 1) written with %d nodes and %d relationships",
				report, n, len(seeds.Dataset.Relationships))
		}
	})

	t.Run("ErrCheck sees what the graph holds and its refusal writes nothing", func(t *testing.T) {
		var seen cybercoop.Counts
		refused := errors.New("refused by the check")
		changed := withoutNode(seeds.Dataset, "Project", "cybersouth")
		_, err := st.Load(ctx, changed, "test-checked", store.LoadOptions{Replace: true, Check: func(current store.Keys) error {
			seen = current.Counts()
			return refused
		}})
		if !errors.Is(err, refused) {
			t.Fatalf("Load(refused by Check) error = %v, want the check's error", err)
		}
		want := seeds.Dataset.Counts()
		if !maps.Equal(seen.Nodes, want.Nodes) || !maps.Equal(seen.Relationships, want.Relationships) {
			t.Errorf("Check saw %+v, want the loaded seeds' counts %+v", seen, want)
		}
		if version, _ := st.DataVersion(ctx); version != seeds.Version {
			t.Errorf("version after a refused load = %q, want %q", version, seeds.Version)
		}
		if _, err := st.Entity(ctx, cybersouth); err != nil {
			t.Errorf("CyberSouth after a refused load: %v", err)
		}
	})

	t.Run("ErrInvalid unknown labels are refused before writing", func(t *testing.T) {
		bad := cybercoop.Dataset{Nodes: []cybercoop.Node{{Label: "Person) DETACH DELETE (x", ID: "x"}}}
		_, err := st.Load(ctx, bad, "test-label", store.LoadOptions{})
		if cybercoop.ErrorCode(err) != cybercoop.EINVALID {
			t.Errorf("Load(unknown label) error = %v, want invalid", err)
		}
	})
}

// TestFacts checks facts of the source documents in the loaded graph, in each slot.
func TestFacts(t *testing.T) {
	st := neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)
	for _, slot := range []int{1, 0} {
		if slot == 0 {
			if report, err := st.Load(ctx, seeds.Dataset, seeds.Version, store.LoadOptions{Replace: true}); err != nil || report.Slot != 0 {
				t.Fatalf("load the seeds into the other slot: %+v, %v", report, err)
			}
		}
		t.Run(fmt.Sprintf("slot %d", slot), func(t *testing.T) { facts(t, st) })
	}
}

func facts(t *testing.T, st *store.Store) {

	t.Run("OK the annex inventory: activities per project", func(t *testing.T) {
		buckets, err := st.ActivityStats(ctx, "PROJECT", store.ActivityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, b := range buckets {
			got[b.Key] = b.Count
		}
		// Counted in the annex of SG/Inf(2018)32: an activity of several projects counts for each.
		want := map[string]int{"glacy-plus": 91, "iproceeds": 60, "cybersouth": 40, "eap-2018": 28, "octopus": 25,
			"eap-iii": 11, "eap-ii": 3}
		if len(got) != len(want) {
			t.Errorf("projects with activities: %v, want %v", got, want)
		}
		for id, n := range want {
			if got[id] != n {
				t.Errorf("%s: %d activities, want %d", id, got[id], n)
			}
		}
		all, err := st.Activities(ctx, nil, store.ActivityQuery{Order: "DATE_ASC", Page: store.Page{Limit: 1}, Count: true})
		if err != nil || all[cybercoop.Ref{}].Total != 218 {
			t.Errorf("all activities: %d, %v; want the annex's 218 entries", all[cybercoop.Ref{}].Total, err)
		}
	})

	t.Run("OK search, paths and neighbourhoods read what their selection names, and everything without one", func(t *testing.T) {
		ghana := cybercoop.Ref{Kind: cybercoop.KindCountry, ID: "gh"}
		names := store.Selection{Properties: map[cybercoop.Kind][]string{cybercoop.KindCountry: {"id", "name"}},
			BareRelationships: true}
		for _, c := range []struct {
			name string
			sel  store.Selection
			iso2 string
		}{{"whole", store.Selection{}, "GH"}, {"names only", names, ""}} {
			hits, err := st.Search(ctx, "Ghana", []cybercoop.Kind{cybercoop.KindCountry}, 1, c.sel)
			if err != nil || len(hits) != 1 {
				t.Fatalf("%s: search Ghana: %v, %v", c.name, hits, err)
			}
			if country := hits[0].Node.(cybercoop.Country); country.Name != "Ghana" || country.ISO2 != c.iso2 {
				t.Errorf("%s: hit %+v, want Ghana with ISO2 %q", c.name, country, c.iso2)
			}
			around, err := st.Neighborhood(ctx, ghana, 1, 50, c.sel)
			if err != nil || len(around.Edges) == 0 {
				t.Fatalf("%s: neighbourhood of Ghana: %+v, %v", c.name, around, err)
			}
			if country := around.Nodes[0].(cybercoop.Country); country.ISO2 != c.iso2 {
				t.Errorf("%s: centre %+v, want ISO2 %q", c.name, country, c.iso2)
			}
			if cited := len(around.Edges[0].Sources) > 0; cited == c.sel.BareRelationships {
				t.Errorf("%s: edge %+v: sources read %v", c.name, around.Edges[0], cited)
			}
			paths, err := st.Paths(ctx, ghana, cybercoop.Ref{Kind: cybercoop.KindOrganization, ID: "interpol"}, 3, 1, store.Period{}, c.sel)
			if err != nil || len(paths) != 1 {
				t.Fatalf("%s: paths from Ghana to INTERPOL: %v, %v", c.name, paths, err)
			}
			hop := paths[0][0]
			if country := hop.From.(cybercoop.Country); country.ISO2 != c.iso2 || (len(hop.Sources) > 0) == c.sel.BareRelationships {
				t.Errorf("%s: first hop from %+v with %d sources", c.name, country, len(hop.Sources))
			}
		}
	})

	t.Run("OK the Council of Europe's neighbourhood, breadth first: C-PROC, then farther entities", func(t *testing.T) {
		coe := cybercoop.Ref{Kind: cybercoop.KindOrganization, ID: "coe"}
		near, err := st.Neighborhood(ctx, coe, 1, 500, store.Selection{})
		if err != nil {
			t.Fatal(err)
		}
		nearIDs := map[cybercoop.Ref]bool{}
		for _, n := range near.Nodes {
			nearIDs[n.Ref()] = true
		}
		if near.Truncated || near.Nodes[0].Ref() != coe || !nearIDs[cybercoop.Ref{Kind: cybercoop.KindOrganization, ID: "c-proc"}] {
			t.Fatalf("CoE's direct neighbourhood: %d nodes, truncated %v, want CoE first and C-PROC, part of it", len(near.Nodes), near.Truncated)
		}
		for _, limit := range []int{500, len(near.Nodes) + 10} {
			far, err := st.Neighborhood(ctx, coe, 3, limit, store.Selection{})
			if err != nil {
				t.Fatal(err)
			}
			if len(far.Nodes) > limit || len(far.Nodes) <= len(near.Nodes) || far.Truncated != (limit < 500) {
				t.Errorf("limit %d: %d nodes, truncated %v", limit, len(far.Nodes), far.Truncated)
			}
			inside := map[cybercoop.Ref]bool{}
			for i, n := range far.Nodes {
				inside[n.Ref()] = true
				if i < len(near.Nodes) && !nearIDs[n.Ref()] {
					t.Errorf("limit %d: %s comes before a direct neighbour", limit, n.Ref())
				}
			}
			for _, e := range far.Edges {
				if !inside[e.From] || !inside[e.To] {
					t.Errorf("limit %d: edge %s-%s leaves the drawing", limit, e.From, e.To)
				}
			}
		}
	})

	t.Run("OK GLACY+ is implemented with INTERPOL and funded by the EU and the Council of Europe", func(t *testing.T) {
		rels, err := st.Relations(ctx, []cybercoop.Ref{glacyPlus}, store.RelationQuery{
			Types: []string{"IMPLEMENTED_BY", "FUNDED_BY"}, Direction: "OUT", Page: store.Page{Limit: 50}})
		if err != nil {
			t.Fatal(err)
		}
		have := map[string]bool{}
		for _, r := range rels[glacyPlus].Items {
			have[r.Type+" "+r.Node.Ref().String()] = true
			if len(r.Sources) == 0 {
				t.Errorf("%s %s has no source", r.Type, r.Node.Ref())
			}
		}
		for _, want := range []string{"IMPLEMENTED_BY organization:interpol", "FUNDED_BY organization:eu", "FUNDED_BY organization:coe"} {
			if !have[want] {
				t.Errorf("GLACY+ lacks %s (has %v)", want, have)
			}
		}
		e, err := st.Entity(ctx, glacyPlus)
		if err != nil {
			t.Fatal(err)
		}
		if p := e.(cybercoop.Project); p.BudgetEUR == nil || *p.BudgetEUR != 13_350_000 || p.BudgetNote == nil ||
			!strings.Contains(*p.BudgetNote, "EUR 10 million") || *p.End != "2021-02" {
			t.Errorf("GLACY+ budget %v, note %v, end %v: want 13.35M raised from 10M, until 2021-02", p.BudgetEUR, p.BudgetNote, p.End)
		}
	})

	t.Run("OK Morocco acceded on 29 June 2018 (the report: in June), Tunisia was invited in February 2018", func(t *testing.T) {
		rels, err := st.Relations(ctx, []cybercoop.Ref{budapest}, store.RelationQuery{Types: []string{"ACCESSION"}, Direction: "IN", Page: store.Page{Limit: 1000}})
		if err != nil {
			t.Fatal(err)
		}
		events := map[string]bool{}
		for _, r := range rels[budapest].Items {
			a := store.AccessionFrom(budapest, r)
			events[a.Party.ID+" "+a.Status+" "+deref(a.Date)] = true
		}
		// The report's "became a Party between October 2017 and September 2018" is the chart's accession of the
		// Philippines, and its Moroccan accession "in June 2018" the chart's of 29 June.
		for _, want := range []string{"ma acceded 2018-06-29", "tn invited 2018-02", "ph acceded 2018-03-28", "ng requested "} {
			if !events[want] {
				t.Errorf("no accession event %q among %v", want, events)
			}
		}
	})

	t.Run("OK the 16 projects of the 2026/27 pipeline with their budgets", func(t *testing.T) {
		list, err := st.ListEntities(ctx, cybercoop.KindProject, store.EntityFilter{ProjectStatus: "planned"}, store.Page{Limit: 100}, false)
		if err != nil {
			t.Fatal(err)
		}
		budgets := map[string]float64{}
		for _, e := range list.Items {
			if p := e.(cybercoop.Project); p.Code != nil {
				budgets[*p.Code] = *p.BudgetEUR
			}
		}
		want := map[string]float64{"4131": 4_000_000, "4139": 4_000_000, "4157": 4_000_000, "4145": 5_000_000,
			"4144": 5_550_000, "3529": 1_500_000, "4154": 4_440_000, "4140": 5_550_000, "3978": 5_550_000,
			"4146": 4_440_000, "4132": 7_770_000, "4148": 3_330_000, "4149": 5_550_000, "4150": 4_440_000,
			"4151": 5_550_000, "4153": 5_550_000}
		if len(budgets) != 16 {
			t.Errorf("%d planned projects with a PMM code, want 16: %v", len(budgets), budgets)
		}
		for code, b := range want {
			if budgets[code] != b {
				t.Errorf("PMM %s budget %.0f, want %.0f", code, budgets[code], b)
			}
		}
	})

	t.Run("OK the eight GLACY satellites follow GLACY-e", func(t *testing.T) {
		glacyE := cybercoop.Ref{Kind: cybercoop.KindProject, ID: "glacy-e"}
		rels, err := st.Relations(ctx, []cybercoop.Ref{glacyE}, store.RelationQuery{Types: []string{"FOLLOWS"}, Direction: "IN", Page: store.Page{Limit: 50}})
		if err != nil {
			t.Fatal(err)
		}
		var satellites []string
		for _, r := range rels[glacyE].Items {
			if r.Props["kind"] == "satellite" {
				satellites = append(satellites, r.Node.Ref().ID)
			}
		}
		sort.Strings(satellites)
		if strings.Join(satellites, " ") != "glacy-blue glacy-car glacy-carib glacy-children glacy-express glacy-foa glacy-lap glacy-traffic" {
			t.Errorf("satellites of GLACY-e: %v", satellites)
		}
	})

	t.Run("OK Kosovo carries the report's caveat", func(t *testing.T) {
		e, err := st.Entity(ctx, cybercoop.Ref{Kind: cybercoop.KindCountry, ID: "xk"})
		if err != nil {
			t.Fatal(err)
		}
		if c := e.(cybercoop.Country); c.Caveat == nil || !strings.Contains(*c.Caveat, "1244") || deref(c.Status) != "territory" {
			t.Errorf("Kosovo = %+v", c)
		}
	})

	t.Run("OK activities of a project, filtered and paged", func(t *testing.T) {
		lists, err := st.Activities(ctx, []cybercoop.Ref{glacyPlus}, store.ActivityQuery{
			Filter: store.ActivityFilter{Countries: []string{"to"}}, Page: store.Page{Limit: 2}, Count: true})
		if err != nil {
			t.Fatal(err)
		}
		got := lists[glacyPlus]
		if got.Total != 4 || len(got.Items) != 2 || got.Items[0].Start != "2018-06-12" {
			t.Errorf("GLACY+ activities in Tonga: total %d, first %+v; want 4, from 2018-06-12", got.Total, got.Items)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := st.Entity(ctx, cybercoop.Ref{Kind: cybercoop.KindConvention, ID: "no-such-treaty"})
		if cybercoop.ErrorCode(err) != cybercoop.ENOTFOUND || !strings.Contains(cybercoop.ErrorMessage(err), "no-such-treaty") {
			t.Errorf("err = %v, want not found naming the id", err)
		}
	})
}

func TestUnavailable(t *testing.T) {
	cfg := neo4jtest.Config(t)

	t.Run("ErrUnavailable wrong password, without the password in the message", func(t *testing.T) {
		cfg := cfg
		cfg.Password = "wrong-secret-password"
		st := mustOpen(t, cfg)
		err := st.Ping(ctx)
		if cybercoop.ErrorCode(err) != cybercoop.EUNAVAILABLE {
			t.Fatalf("Ping() = %v, want unavailable", err)
		}
		if msg := cybercoop.ErrorMessage(err); strings.Contains(msg, "wrong-secret-password") || !strings.Contains(msg, "credentials") {
			t.Errorf("caller-safe message %q should mention credentials and hide the password", msg)
		}
	})

	t.Run("ErrUnavailable nothing listening", func(t *testing.T) {
		cfg := cfg
		cfg.URI = "bolt://127.0.0.1:1"
		st := mustOpen(t, cfg)
		if err := st.Ping(ctx); cybercoop.ErrorCode(err) != cybercoop.EUNAVAILABLE {
			t.Errorf("Ping() = %v, want unavailable", err)
		}
	})
}

func mustOpen(t *testing.T, cfg store.Config) *store.Store {
	t.Helper()
	st, err := store.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	return st
}

func mustLoad(t *testing.T, st *store.Store, data cybercoop.Dataset, version string) {
	t.Helper()
	if _, err := st.Load(context.Background(), data, version, store.LoadOptions{}); err != nil {
		t.Fatalf("load %s: %v", version, err)
	}
}

// withoutNode returns a copy of data without one node and the relationships touching it.
func withoutNode(data cybercoop.Dataset, label, id string) cybercoop.Dataset {
	var out cybercoop.Dataset
	for _, n := range data.Nodes {
		if n.Label != label || n.ID != id {
			out.Nodes = append(out.Nodes, n)
		}
	}
	for _, r := range data.Relationships {
		if !(r.FromLabel == label && r.FromID == id) && !(r.ToLabel == label && r.ToID == id) {
			out.Relationships = append(out.Relationships, r)
		}
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
