package store_test

import (
	"slices"
	"testing"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
)

// TestActivitiesAnchored checks the lists filtered by a project, country or organisation, which start from that
// entity: the same activities and totals as the entity's own list, and the documents' facts.
func TestActivitiesAnchored(t *testing.T) {
	st := neo4jtest.Seeded(t)
	ids := func(list store.List[cybercoop.Activity]) []string {
		var out []string
		for _, a := range list.Items {
			out = append(out, a.ID)
		}
		return out
	}

	t.Run("OK GLACY+ in Tonga: 4 activities, the first on 2018-06-12", func(t *testing.T) {
		lists, err := st.Activities(ctx, nil, store.ActivityQuery{Page: store.Page{Limit: 2}, Count: true,
			Filter: store.ActivityFilter{Projects: []string{"glacy-plus"}, Countries: []string{"to"}}})
		if err != nil {
			t.Fatal(err)
		}
		got := lists[cybercoop.Ref{}]
		if got.Total != 4 || len(got.Items) != 2 || got.Items[0].Start != "2018-06-12" {
			t.Errorf("GLACY+ activities in Tonga: total %d, first %+v; want 4, from 2018-06-12", got.Total, got.Items)
		}
	})

	for _, parent := range []cybercoop.Ref{
		{Kind: cybercoop.KindCountry, ID: "gh"},
		{Kind: cybercoop.KindOrganization, ID: "interpol"},
		glacyPlus,
	} {
		t.Run("OK filtered by "+parent.String()+" as its own list, every page", func(t *testing.T) {
			filter := store.ActivityFilter{}
			switch parent.Kind {
			case cybercoop.KindCountry:
				filter.Countries = []string{parent.ID}
			case cybercoop.KindOrganization:
				filter.Organizations = []string{parent.ID}
			default:
				filter.Projects = []string{parent.ID}
			}
			// Pages within the first or last 100 come from the short lists at the ends, the others from the whole one.
			pages := []store.Page{{Limit: 5}, {Offset: 5, Limit: 5}, {Offset: 85, Limit: 20}, {Offset: 1000, Limit: 5}}
			for _, page := range pages {
				for _, order := range []string{"DATE_ASC", "DATE_DESC"} {
					own, err := st.Activities(ctx, []cybercoop.Ref{parent}, store.ActivityQuery{Page: page, Count: true, Order: order})
					if err != nil {
						t.Fatal(err)
					}
					for _, count := range []bool{true, false} {
						filtered, err := st.Activities(ctx, nil, store.ActivityQuery{Filter: filter, Page: page, Count: count, Order: order})
						if err != nil {
							t.Fatal(err)
						}
						want, got := own[parent], filtered[cybercoop.Ref{}]
						if !count {
							want.Total = -1
						}
						if got.Total != want.Total || !slices.Equal(ids(got), ids(want)) {
							t.Errorf("%s page %+v, count %v: filtered %d %v, own list %d %v", order, page, count, got.Total, ids(got), want.Total, ids(want))
						}
					}
					if page.Offset == 0 && own[parent].Total < 6 {
						t.Fatalf("%s has %d activities: too few to test a second page", parent, own[parent].Total)
					}
				}
			}
		})
	}
}
