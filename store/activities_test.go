package store_test

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode"

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
					// The entity alone reads its own list; with a date that keeps every activity, the statement
					// that starts from the entity, sorts and counts.
					everyDate := filter
					everyDate.From = "1900-01-01"
					for _, f := range []store.ActivityFilter{filter, everyDate} {
						for _, count := range []bool{true, false} {
							filtered, err := st.Activities(ctx, nil, store.ActivityQuery{Filter: f, Page: page, Count: count, Order: order})
							if err != nil {
								t.Fatal(err)
							}
							want, got := own[parent], filtered[cybercoop.Ref{}]
							if !count {
								want.Total = -1
							}
							if got.Total != want.Total || !slices.Equal(ids(got), ids(want)) {
								t.Errorf("%s page %+v, from %q, count %v: filtered %d %v, own list %d %v", order, page, f.From, count,
									got.Total, ids(got), want.Total, ids(want))
							}
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

// TestActivitiesAfterID pages through every activity of the real seeds by the id of the last one read, in each
// order and with a filter, and checks each page against the page at the same offset: keyset and offset pages agree,
// and together hold the 218 activities of the annex once each.
func TestActivitiesAfterID(t *testing.T) {
	st := neo4jtest.Seeded(t)
	list := func(q store.ActivityQuery) store.List[cybercoop.Activity] {
		t.Helper()
		lists, err := st.Activities(ctx, nil, q)
		if err != nil {
			t.Fatal(err)
		}
		return lists[cybercoop.Ref{}]
	}
	for _, order := range []string{"DATE_ASC", "DATE_DESC", "TITLE_ASC"} {
		for _, c := range []struct {
			name   string
			filter store.ActivityFilter
			size   int
		}{
			{"everything", store.ActivityFilter{}, 50},
			{"workshops and trainings from 2018", store.ActivityFilter{Types: []string{"workshop", "training"}, From: "2018-01-01"}, 7},
		} {
			name, filter := c.name, c.filter
			t.Run("OK "+order+", "+name, func(t *testing.T) {
				var seen []string
				page := store.Page{Limit: c.size}
				for {
					keyed := list(store.ActivityQuery{Filter: filter, Order: order, Page: page})
					byOffset := list(store.ActivityQuery{Filter: filter, Order: order, Page: store.Page{Offset: page.Offset, Limit: page.Limit}})
					if !slices.EqualFunc(keyed.Items, byOffset.Items, func(a, b cybercoop.Activity) bool { return a.ID == b.ID }) {
						t.Fatalf("page at %d after %q: keyed and offset pages differ", page.Offset, page.AfterID)
					}
					for _, a := range keyed.Items {
						seen = append(seen, a.ID)
					}
					if len(keyed.Items) < page.Limit {
						break
					}
					page = store.Page{Offset: page.Offset + len(keyed.Items), Limit: page.Limit, AfterID: keyed.Items[len(keyed.Items)-1].ID}
				}
				total := list(store.ActivityQuery{Filter: filter, Count: true, Page: store.Page{Limit: 1}}).Total
				distinct := slices.Compact(slices.Sorted(slices.Values(seen)))
				if len(seen) != total || len(distinct) != total || name == "everything" && total != 218 || total <= 2*c.size {
					t.Errorf("read %d activities (%d distinct) page by page; the list has %d", len(seen), len(distinct), total)
				}
			})
		}
	}
	t.Run("OK the page follows the activity named, not the offset", func(t *testing.T) {
		first := list(store.ActivityQuery{Page: store.Page{Limit: 60}})
		after := list(store.ActivityQuery{Page: store.Page{Offset: 0, Limit: 10, AfterID: first.Items[49].ID}})
		if !slices.EqualFunc(after.Items, first.Items[50:60], func(a, b cybercoop.Activity) bool { return a.ID == b.ID }) {
			t.Errorf("after the 50th activity: %d items, not the 51st to the 60th", len(after.Items))
		}
	})
	t.Run("OK a cursor naming an activity that is gone pages by its offset", func(t *testing.T) {
		gone := list(store.ActivityQuery{Page: store.Page{Offset: 40, Limit: 5, AfterID: "no-such-activity"}})
		want := list(store.ActivityQuery{Page: store.Page{Offset: 40, Limit: 5}})
		if len(gone.Items) != 5 || !slices.EqualFunc(gone.Items, want.Items, func(a, b cybercoop.Activity) bool { return a.ID == b.ID }) {
			t.Errorf("after a gone activity: %d items, not those at offset 40", len(gone.Items))
		}
	})
}

// TestActivitiesByWords checks a list filtered by title words alone, which starts from the full-text index: each
// page holds activities whose titles have the word, and over the pages every activity of the seeds with a word of
// its title starting so, once.
func TestActivitiesByWords(t *testing.T) {
	st := neo4jtest.Seeded(t)
	const word = "cybercriminalit" // "cybercriminalité", the index folding accents
	want := 0
	for _, n := range neo4jtest.Seeds(t).Dataset.Nodes {
		title, _ := n.Props["title"].(string)
		if n.Label == string(cybercoop.KindActivity) && hasWordStarting(title, word) {
			want++
		}
	}
	seen := map[string]bool{}
	total := -1
	for offset := 0; offset == 0 || offset < total; offset += 10 {
		lists, err := st.Activities(ctx, nil, store.ActivityQuery{Filter: store.ActivityFilter{Text: "cybercriminalité"},
			Order: "TITLE_ASC", Count: true, Page: store.Page{Offset: offset, Limit: 10}})
		if err != nil {
			t.Fatal(err)
		}
		page := lists[cybercoop.Ref{}]
		total = page.Total
		for _, a := range page.Items {
			if !hasWordStarting(a.Title, word) || seen[a.ID] {
				t.Errorf("%s %q: no match, or seen before", a.ID, a.Title)
			}
			seen[a.ID] = true
		}
	}
	if want < 11 || len(seen) != total || total != want {
		t.Errorf("%d activities by their words, %d read page by page; the seeds have %d, over one page", total, len(seen), want)
	}
}

// hasWordStarting reports whether a word of text, in lower case, starts with prefix.
func hasWordStarting(text, prefix string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if strings.HasPrefix(w, prefix) {
			return true
		}
	}
	return false
}

// TestActivityStatsAnchored checks statistics that start from the filter's project, organisation or words against
// the seeds: GLACY+'s activities by the country they were held in, INTERPOL's by type.
func TestActivityStatsAnchored(t *testing.T) {
	st := neo4jtest.Seeded(t)
	data := neo4jtest.Seeds(t).Dataset
	targets := func(relType, toLabel string) map[string][]string { // activity id -> ids it points to
		out := map[string][]string{}
		for _, r := range data.Relationships {
			if r.Type == relType && r.FromLabel == string(cybercoop.KindActivity) && r.ToLabel == toLabel {
				out[r.FromID] = append(out[r.FromID], r.ToID)
			}
		}
		return out
	}
	partOf, heldIn, involved := targets("PART_OF", "Project"), targets("HELD_IN", "Country"), targets("INVOLVED", "Organization")
	activityType := map[string]string{}
	for _, n := range data.Nodes {
		if n.Label == string(cybercoop.KindActivity) {
			activityType[n.ID], _ = n.Props["type"].(string)
		}
	}
	cases := []struct {
		name    string
		groupBy string
		filter  store.ActivityFilter
		want    map[string]int
	}{
		{"OK GLACY+ by country", "COUNTRY", store.ActivityFilter{Projects: []string{"glacy-plus"}}, map[string]int{}},
		{"OK INTERPOL by type", "TYPE", store.ActivityFilter{Organizations: []string{"interpol"}}, map[string]int{}},
	}
	for id := range activityType {
		if slices.Contains(partOf[id], "glacy-plus") {
			for _, c := range heldIn[id] {
				cases[0].want[c]++
			}
		}
		if slices.Contains(involved[id], "interpol") {
			cases[1].want[activityType[id]]++
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			buckets, err := st.ActivityStats(ctx, c.groupBy, c.filter)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, b := range buckets {
				got[b.Key] = b.Count
			}
			if len(c.want) < 3 || !maps.Equal(got, c.want) {
				t.Errorf("got %v\nwant %v", got, c.want)
			}
		})
	}
}

// TestActivitiesByTheme checks a list filtered by a theme, which starts from the theme, against the same list
// filtered by the projects that address it (the proceeds of crime: iPROCEEDS, with 60 activities in the annex, and
// GLACY FOA): the same activities in the same order, and the same total.
func TestActivitiesByTheme(t *testing.T) {
	st := neo4jtest.Seeded(t)
	read := func(f store.ActivityFilter) store.List[cybercoop.Activity] {
		t.Helper()
		lists, err := st.Activities(ctx, nil, store.ActivityQuery{Filter: f, Count: true, Page: store.Page{Limit: 100}})
		if err != nil {
			t.Fatal(err)
		}
		return lists[cybercoop.Ref{}]
	}
	byTheme := read(store.ActivityFilter{Themes: []string{"proceeds-of-crime"}})
	byProjects := read(store.ActivityFilter{Projects: []string{"iproceeds", "glacy-foa"}})
	same := slices.EqualFunc(byTheme.Items, byProjects.Items, func(a, b cybercoop.Activity) bool { return a.ID == b.ID })
	if byTheme.Total != 60 || byProjects.Total != 60 || !same {
		t.Errorf("by theme %d activities, by its projects %d, the same: %v; want 60 alike", byTheme.Total, byProjects.Total, same)
	}
}
