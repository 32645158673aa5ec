package store_test

import (
	"reflect"
	"testing"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
)

// EntitiesWith must read, in one statement three levels deep, what a statement of each level alone gives for the
// items of the level above (Relations and Connected are such statements; Activities of a parent too), including
// an empty list and an uncounted page. TestActivitiesAnchored checks the lists against independent queries.
func TestEntitiesWith(t *testing.T) {
	st := neo4jtest.Seeded(t)
	heldIn := store.RelationQuery{Types: []string{"HELD_IN"}, Direction: "OUT", Page: store.Page{Limit: 1000}}
	countryActivities := store.ActivityQuery{Order: "DATE_DESC", Page: store.Page{Offset: 1, Limit: 3}} // uncounted: a top-k sort
	projectActivities := store.ActivityQuery{Order: "DATE_ASC", Page: store.Page{Limit: 20}, Count: true}
	funders := store.RelationQuery{Types: []string{"FUNDED_BY"}, Direction: "OUT", Page: store.Page{Limit: 1000}}
	countries := store.ConnectedQuery{Label: "Country", Page: store.Page{Limit: 5}}
	fetches := []store.Fetch{
		{Activities: &projectActivities, ItemKind: cybercoop.KindActivity, Children: []store.Fetch{
			{Relations: &heldIn, ItemKind: cybercoop.KindCountry, Children: []store.Fetch{{Activities: &countryActivities}}},
		}},
		{Relations: &funders},
		{Connected: &countries},
	}
	unknown := cybercoop.Ref{Kind: cybercoop.KindProject, ID: "no-such-project"}
	// GLACY has no activity in the annex: an empty list must not lose its parent.
	glacy := cybercoop.Ref{Kind: cybercoop.KindProject, ID: "glacy"}
	entities, fetched, err := st.EntitiesWith(ctx, []cybercoop.Ref{glacyPlus, cybersouth, glacy, unknown}, fetches)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("OK the entities, and nothing for an unknown id", func(t *testing.T) {
		want, err := st.Entities(ctx, []cybercoop.Ref{glacyPlus, cybersouth, glacy, unknown})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(entities, want) {
			t.Errorf("EntitiesWith entities = %v, want %v", entities, want)
		}
		if _, ok := fetched[0].Activities[unknown]; ok {
			t.Error("an unknown parent has activities")
		}
	})

	t.Run("OK each level is what the per-level reads give", func(t *testing.T) {
		parents := []cybercoop.Ref{glacyPlus, cybersouth, glacy}
		activities, err := st.Activities(ctx, parents, projectActivities)
		if err != nil {
			t.Fatal(err)
		}
		mustEqual(t, "project activities", fetched[0].Activities, activities)
		if got := fetched[0].Activities[glacyPlus]; got.Total != 91 || len(got.Items) != 20 {
			t.Errorf("GLACY+ has %d activities in the fetch, %d on its page; want 91 and 20", got.Total, len(got.Items))
		}
		if got, ok := fetched[0].Activities[glacy]; !ok || got.Total != 0 {
			t.Errorf("GLACY's activities: %+v (fetched: %v), want none", got, ok)
		}
		var activityRefs []cybercoop.Ref
		for _, list := range activities {
			for _, a := range list.Items {
				activityRefs = append(activityRefs, a.Ref())
			}
		}
		places, err := st.Relations(ctx, activityRefs, heldIn)
		if err != nil {
			t.Fatal(err)
		}
		mustEqual(t, "where the activities were held", fetched[0].Children[0].Relations, places)
		var countryRefs []cybercoop.Ref
		for _, list := range places {
			for _, r := range list.Items {
				countryRefs = append(countryRefs, r.Node.Ref())
			}
		}
		if len(countryRefs) == 0 {
			t.Fatal("no country found at the second level")
		}
		theirActivities, err := st.Activities(ctx, countryRefs, countryActivities)
		if err != nil {
			t.Fatal(err)
		}
		mustEqual(t, "the countries' activities", fetched[0].Children[0].Children[0].Activities, theirActivities)
		funding, err := st.Relations(ctx, parents, funders)
		if err != nil {
			t.Fatal(err)
		}
		mustEqual(t, "funders", fetched[1].Relations, funding)
		connected, err := st.Connected(ctx, parents, "Country", countries.Page)
		if err != nil {
			t.Fatal(err)
		}
		mustEqual(t, "connected countries", fetched[2].Connected, connected)
	})

	t.Run("ErrInvalid a list the kind does not have", func(t *testing.T) {
		_, _, err := st.EntitiesWith(ctx, []cybercoop.Ref{budapest}, []store.Fetch{{Activities: &projectActivities}})
		if cybercoop.ErrorCode(err) != cybercoop.EINVALID {
			t.Errorf("activities of a convention: err = %v, want EINVALID", err)
		}
	})
}

func mustEqual[T any](t *testing.T, what string, got, want map[cybercoop.Ref]store.List[T]) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d parents fetched, %d read", what, len(got), len(want))
	}
	for ref, list := range want {
		if !reflect.DeepEqual(got[ref], list) {
			t.Errorf("%s of %s:\nfetched %+v\nread    %+v", what, ref, got[ref], list)
		}
	}
}
