package store_test

import (
	"errors"
	"testing"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
)

// TestPathsWithinPeriod checks, on the real seeds, that a period keeps off a route every activity outside it: Tonga
// meets EUROPOL through the 2018 inventory's activities of June (cproc-2018-634), July (661), August (674) and
// September (699), and only July's remains in July.
func TestPathsWithinPeriod(t *testing.T) {
	st := neo4jtest.Seeded(t)
	tonga := cybercoop.Ref{Kind: cybercoop.KindCountry, ID: "to"}
	europol := cybercoop.Ref{Kind: cybercoop.KindOrganization, ID: "europol"}
	activitiesOn := func(t *testing.T, during store.Period) map[string]cybercoop.Activity {
		t.Helper()
		paths, err := st.Paths(ctx, tonga, europol, 4, store.MaxRoutes, during, store.Selection{})
		if err != nil {
			t.Fatal(err)
		}
		if len(paths) == 0 {
			t.Fatal("no route from Tonga to EUROPOL")
		}
		found := map[string]cybercoop.Activity{}
		for _, p := range paths {
			for _, h := range p {
				if a, ok := h.To.(cybercoop.Activity); ok {
					found[a.ID] = a
				}
			}
		}
		return found
	}

	t.Run("OK without a period, routes pass activities of June to September 2018", func(t *testing.T) {
		found := activitiesOn(t, store.Period{})
		for _, id := range []string{"cproc-2018-634", "cproc-2018-661"} {
			if _, ok := found[id]; !ok {
				t.Errorf("no route passes %s: the period test below would prove nothing (%v)", id, keys(found))
			}
		}
	})
	t.Run("OK in July 2018, only July's activities", func(t *testing.T) {
		july := store.Period{From: "2018-07-01", To: "2018-07-31"}
		found := activitiesOn(t, july)
		if _, ok := found["cproc-2018-661"]; !ok {
			t.Errorf("no route passes cproc-2018-661 (17-28 July 2018): %v", keys(found))
		}
		for id, a := range found {
			start, err1 := cybercoop.ParsePartialDate(a.Start)
			end, err2 := cybercoop.ParsePartialDate(a.End)
			if err := errors.Join(err1, err2); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			if end.LastDay().Format("2006-01-02") < july.From || start.FirstDay().Format("2006-01-02") > july.To {
				t.Errorf("a route passes %s (%s to %s), outside July 2018", id, a.Start, a.End)
			}
		}
	})
	t.Run("OK before any activity, routes pass entities only", func(t *testing.T) {
		if found := activitiesOn(t, store.Period{To: "2000-12-31"}); len(found) > 0 {
			t.Errorf("routes pass activities held after 2000: %v", keys(found))
		}
	})
	t.Run("ERR a period that ends before it starts", func(t *testing.T) {
		_, err := st.Paths(ctx, tonga, europol, 4, 5, store.Period{From: "2018-08-01", To: "2018-07-31"}, store.Selection{})
		if cybercoop.ErrorCode(err) != cybercoop.EINVALID {
			t.Errorf("error %v; want EINVALID", err)
		}
	})
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
