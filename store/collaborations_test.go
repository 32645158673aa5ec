package store_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
)

// TestCollaborationsProjection checks that the projection written at load time gives, on the real seeds, exactly
// what the direct computation over the activities gives: the same collaborators, weights, dates, evidence in the
// same order and shared projects, through activities, projects or both, for hubs and for small entities.
func TestCollaborationsProjection(t *testing.T) {
	st := neo4jtest.Seeded(t)
	// Rewritten, so that the projection compared is the one this code computes, not one an earlier load left.
	seeds := neo4jtest.Seeds(t)
	if _, err := st.Load(ctx, seeds.Dataset, seeds.Version, store.LoadOptions{Replace: true}); err != nil {
		t.Fatal(err)
	}
	subjects := []cybercoop.Ref{
		{Kind: cybercoop.KindOrganization, ID: "interpol"},
		{Kind: cybercoop.KindOrganization, ID: "coe"},
		{Kind: cybercoop.KindCountry, ID: "gh"},
		{Kind: cybercoop.KindCountry, ID: "ph"},
		{Kind: cybercoop.KindCountry, ID: "ma"},
		glacyPlus,
		cybersouth,
	}
	vias := []struct {
		name                    string
		viaActivity, viaProject bool
	}{{"both", true, true}, {"activities", true, false}, {"projects", false, true}}
	for _, of := range subjects {
		for _, via := range vias {
			for _, kinds := range [][]cybercoop.Kind{nil, {cybercoop.KindCountry}} {
				t.Run(fmt.Sprintf("OK %s via %s kinds %v", of, via.name, kinds), func(t *testing.T) {
					q := store.CollaboratorQuery{Evidence: true, Of: of, ViaActivity: via.viaActivity, ViaProject: via.viaProject,
						Kinds: kinds, Page: store.Page{Limit: 1000}}
					projected, err := st.Collaborators(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					direct, err := st.DirectCollaborators(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if projected.Total != direct.Total || len(projected.Items) != len(direct.Items) {
						t.Fatalf("projection: %d collaborators (%d listed), direct: %d (%d listed)",
							projected.Total, len(projected.Items), direct.Total, len(direct.Items))
					}
					if via.viaActivity && kinds == nil && direct.Total == 0 {
						t.Fatalf("%s has no collaborator at all: the comparison proves nothing", of)
					}
					want := map[cybercoop.Ref]string{}
					for _, c := range direct.Items {
						want[c.Node.Ref()] = describe(c)
					}
					for i, c := range projected.Items {
						if got := describe(c); got != want[c.Node.Ref()] {
							t.Errorf("%s:\nprojection %s\ndirect     %s", c.Node.Ref(), got, want[c.Node.Ref()])
						}
						if c.Weight() != direct.Items[i].Weight() {
							t.Errorf("rank %d: projection weight %d, direct %d", i, c.Weight(), direct.Items[i].Weight())
						}
					}
				})
			}
		}
	}

	t.Run("OK the ranked list orders and pages as the projection sorted at query time", func(t *testing.T) {
		// Every kind named is the same question, answered by sorting x's pairs in the statement; none named reads the
		// list the load ranked.
		for _, of := range subjects {
			q := store.CollaboratorQuery{Evidence: true, Of: of, ViaActivity: true, ViaProject: true, Page: store.Page{Limit: 1000}}
			ranked, err := st.Collaborators(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			q.Kinds = []cybercoop.Kind{cybercoop.KindCountry, cybercoop.KindOrganization, cybercoop.KindProject}
			sorted, err := st.Collaborators(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if ranked.Total != sorted.Total || len(ranked.Items) != len(sorted.Items) || ranked.Total == 0 {
				t.Fatalf("%s: ranked %d (%d listed), sorted %d (%d listed)", of, ranked.Total, len(ranked.Items), sorted.Total, len(sorted.Items))
			}
			for i := range ranked.Items {
				if got, want := ranked.Items[i].Node.Ref().String()+" "+describe(ranked.Items[i]),
					sorted.Items[i].Node.Ref().String()+" "+describe(sorted.Items[i]); got != want {
					t.Errorf("%s, rank %d:\nranked %s\nsorted %s", of, i, got, want)
				}
			}
			q.Kinds, q.Page = nil, store.Page{Offset: 2, Limit: 3}
			page, err := st.Collaborators(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != ranked.Total || len(page.Items) != min(3, max(0, len(ranked.Items)-2)) {
				t.Fatalf("%s, page 2..5: total %d, %d listed", of, page.Total, len(page.Items))
			}
			for i, c := range page.Items {
				if c.Node.Ref() != ranked.Items[2+i].Node.Ref() {
					t.Errorf("%s, page 2..5, item %d: %s, want %s", of, i, c.Node.Ref(), ranked.Items[2+i].Node.Ref())
				}
			}
		}
		unknown, err := st.Collaborators(ctx, store.CollaboratorQuery{Of: cybercoop.Ref{Kind: cybercoop.KindCountry, ID: "zz"},
			ViaActivity: true, ViaProject: true, Page: store.Page{Limit: 10}})
		if cybercoop.ErrorCode(err) != cybercoop.ENOTFOUND {
			t.Errorf("an unknown country: %v, %v; want ENOTFOUND", unknown, err)
		}
	})

	t.Run("OK a window that holds every activity gives what the projection gives", func(t *testing.T) {
		for _, of := range subjects {
			q := store.CollaboratorQuery{Evidence: true, Of: of, ViaActivity: true, ViaProject: true, Page: store.Page{Limit: 1000}}
			projected, err := st.Collaborators(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			q.From, q.To = "1900-01-01", "2100-12-31"
			windowed, err := st.Collaborators(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			got := map[cybercoop.Ref]string{}
			for _, c := range windowed.Items {
				got[c.Node.Ref()] = describe(c)
			}
			if windowed.Total != projected.Total {
				t.Errorf("%s: %d collaborators in the widest window, %d from the projection", of, windowed.Total, projected.Total)
			}
			for _, c := range projected.Items {
				if want := describe(c); got[c.Node.Ref()] != want {
					t.Errorf("%s, %s:\nwindow     %s\nprojection %s", of, c.Node.Ref(), got[c.Node.Ref()], want)
				}
			}
		}
	})

	t.Run("OK a window of 2018 keeps INTERPOL's activities of 2018 only", func(t *testing.T) {
		q := store.CollaboratorQuery{Evidence: true, Of: subjects[0], ViaActivity: true, Page: store.Page{Limit: 1000}}
		all, err := st.Collaborators(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		q.From, q.To = "2018-01-01", "2018-12-31"
		in2018, err := st.Collaborators(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range in2018.Items {
			if c.FirstDate != nil && (*c.LastDate < q.From || *c.FirstDate > q.To) {
				t.Errorf("%s: shared activities %s..%s, outside 2018", c.Node.Ref(), *c.FirstDate, *c.LastDate)
			}
		}
		shared := func(list store.List[cybercoop.Collaborator]) (n int) {
			for _, c := range list.Items {
				n += c.SharedActivityCount
			}
			return n
		}
		if n2018, nAll := shared(in2018), shared(all); n2018 == 0 || n2018 >= nAll {
			t.Errorf("%d shared activities in 2018 of %d in all: want some, and fewer", n2018, nAll)
		}
	})

	t.Run("OK a page of the projection is that slice of the whole list", func(t *testing.T) {
		q := store.CollaboratorQuery{Evidence: true, Of: subjects[0], ViaActivity: true, ViaProject: true, Page: store.Page{Limit: 1000}}
		all, err := st.Collaborators(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		q.Page = store.Page{Offset: 3, Limit: 5}
		page, err := st.Collaborators(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != all.Total || len(page.Items) != 5 {
			t.Fatalf("page: total %d, %d items; want %d and 5", page.Total, len(page.Items), all.Total)
		}
		for i, c := range page.Items {
			if c.Node.Ref() != all.Items[3+i].Node.Ref() {
				t.Errorf("page item %d is %s, want %s", i, c.Node.Ref(), all.Items[3+i].Node.Ref())
			}
		}
	})
}

// describe is everything a collaborator says, shared projects in id order (the API does not order them).
func describe(c cybercoop.Collaborator) string {
	var projects []string
	for _, p := range c.Projects {
		projects = append(projects, p.ID)
	}
	slices.Sort(projects)
	day := func(d *string) string {
		if d == nil {
			return "-"
		}
		return *d
	}
	return fmt.Sprintf("activities %d %v from %s to %s, projects %d %v", c.SharedActivityCount, c.EvidenceIDs,
		day(c.FirstDate), day(c.LastDate), c.SharedProjectCount, projects)
}
