package soak

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func TestTimeline(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	var tl timeline
	tl.begin("A", at(0))
	load := tl.begin("B", at(100))
	tl.end(load, true, at(110))
	failed := tl.begin("C", at(200))
	tl.end(failed, false, at(205))

	for _, tc := range []struct {
		name     string
		from, to int
		want     []string
	}{
		{"OK before the load", 10, 20, []string{"A"}},
		{"OK during the load both", 105, 106, []string{"A", "B"}},
		{"OK after the switch only B", 120, 130, []string{"B"}},
		{"OK a failed load's version only while it ran", 201, 202, []string{"B", "C"}},
		{"OK after a failed load", 300, 301, []string{"B"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tl.allowed(at(tc.from), at(tc.to)); !slices.Equal(got, tc.want) {
				t.Errorf("allowed(%d, %d) = %v, want %v", tc.from, tc.to, got, tc.want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	t0 := time.Now()
	requests := []request{
		{class: classAdhoc, name: "versioned", method: http.MethodPost, target: "/graphql"},
		{class: classEmbed, name: "cached", method: http.MethodGet, target: "/graphql?documentId=x", viaCache: true},
		{class: classHostile, name: "hostile", method: http.MethodPost, target: "/graphql", refusal: "COMPLEXITY_LIMIT/tokens"},
	}
	body := func(data map[string]any) []byte {
		b, _ := json.Marshal(map[string]any{"data": data})
		return b
	}
	digest := func(r request, b []byte) string { return read(r, 200, b, "").digest }
	a0, b0 := body(map[string]any{"dataVersion": "A", "n": 7}), body(map[string]any{"dataVersion": "B", "n": 6})
	a1, b1 := body(map[string]any{"n": 7}), body(map[string]any{"n": 6})
	c := &checker{requests: requests, unstable: map[int]bool{}, versions: &timeline{}, readLag: 2 * time.Second, cacheLag: 32 * time.Second,
		golden: map[string]map[int][]string{
			"A": {0: {digest(requests[0], a0)}, 1: {digest(requests[1], a1)}},
			"B": {0: {digest(requests[0], b0)}, 1: {digest(requests[1], b1)}},
		}}
	c.versions.begin("A", t0.Add(-time.Hour))
	c.versions.end(c.versions.begin("B", t0), true, t0.Add(time.Second))
	w := c.openWindow(faultNeo4jPause, t0.Add(100*time.Second), 10*time.Second)
	c.closeWindow(w, t0.Add(105*time.Second))

	result := func(i int, after time.Duration, code uint16, b []byte) *vegeta.Result {
		return &vegeta.Result{URL: "http://x" + requests[i].target + "#" + string(rune('0'+i)), Timestamp: t0.Add(after),
			Latency: 10 * time.Millisecond, Code: code, Body: b}
	}
	unavailable := []byte(`{"errors":[{"message":"down","extensions":{"code":"UNAVAILABLE"}}],"data":null}`)
	for _, tc := range []struct {
		name string
		res  *vegeta.Result
		want string // kind of violation, "" for none
	}{
		{"OK the new version", result(0, 10*time.Second, 200, b0), ""},
		{"ErrStale the old version read long after the switch", result(0, 10*time.Second, 200, a0), violationStale},
		{"ErrWrong not the answer of the version it reports", result(0, 10*time.Second, 200, body(map[string]any{"dataVersion": "B", "n": 7})), violationWrong},
		{"OK the old version through the cache within max-age + stale", result(1, 20*time.Second, 200, a1), ""},
		{"ErrStale the old version through the cache past it", result(1, 40*time.Second, 200, a1), violationStale},
		{"ErrMixed the answer of no version", result(1, 10*time.Second, 200, body(map[string]any{"n": 5})), violationMixed},
		{"OK UNAVAILABLE inside a fault window", result(1, 102*time.Second, 200, unavailable), ""},
		{"OK UNAVAILABLE within the recovery bound", result(1, 114*time.Second, 200, unavailable), ""},
		{"ErrError UNAVAILABLE past the recovery bound", result(1, 116*time.Second, 200, unavailable), violationError},
		{"ErrError a dropped connection outside the windows", result(1, 50*time.Second, 0, nil), violationError},
		{"OK the hostile request refused", result(2, 50*time.Second, 200, []byte(`{"errors":[{"extensions":{"code":"COMPLEXITY_LIMIT","limit":"tokens"}}]}`)), ""},
		{"ErrRefusal the hostile request answered", result(2, 50*time.Second, 200, b1), violationRefusal},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if v := c.check(tc.res); v.kind != tc.want {
				t.Errorf("check: kind %q (%s), want %q", v.kind, v.violation, tc.want)
			}
		})
	}
}

func TestSchedule(t *testing.T) {
	t.Run("OK ten minutes: a reload every 2 minutes and the x100 one", func(t *testing.T) {
		events, skipped := schedule(10 * time.Minute)
		var reloads []time.Duration
		kinds := map[string]bool{}
		for _, e := range events {
			kinds[e.kind] = true
			if e.kind == faultReload {
				reloads = append(reloads, e.at)
			}
		}
		for i := 1; i < len(reloads); i++ {
			if gap := reloads[i] - reloads[i-1]; gap > 2*time.Minute {
				t.Errorf("reloads %v: %s apart", reloads, gap)
			}
		}
		if len(kinds) != 5 || len(skipped) != 0 {
			t.Errorf("fault kinds %v, skipped %v: want all five kinds", kinds, skipped)
		}
	})
	t.Run("OK 90 seconds: every kind but the x100 reload, said so", func(t *testing.T) {
		events, skipped := schedule(90 * time.Second)
		kinds := map[string]bool{}
		for _, e := range events {
			kinds[e.kind] = true
			if e.at > 75*time.Second {
				t.Errorf("%s at %s: too late for its recovery to be seen", e.kind, e.at)
			}
		}
		if len(kinds) != 4 || kinds[faultReload100x] || len(skipped) != 1 {
			t.Errorf("fault kinds %v, skipped %v", kinds, skipped)
		}
	})
}

func TestReadOrderless(t *testing.T) {
	graphql := request{method: http.MethodPost, target: "/graphql"}
	csv := request{method: http.MethodGet, target: "/export/activities.csv"}
	digest := func(r request, body string) string { return read(r, 200, []byte(body), "").digest }
	t.Run("OK the same facts in another order", func(t *testing.T) {
		a := `{"data":{"x":{"nodes":[{"id":"a","p":["1","2"]},{"id":"b","p":[]}]}}}`
		b := `{"data":{"x":{"nodes":[{"p":[],"id":"b"},{"id":"a","p":["2","1"]}]}},"extensions":{"cost":3}}`
		if digest(graphql, a) != digest(graphql, b) {
			t.Error("two orders of the same lists differ")
		}
		if digest(csv, "h\nr1\nr2\n") != digest(csv, "h\nr2\nr1\n") {
			t.Error("two orders of the same rows differ")
		}
	})
	t.Run("ErrOtherFacts another item", func(t *testing.T) {
		if digest(graphql, `{"data":{"x":["a","b"]}}`) == digest(graphql, `{"data":{"x":["a","c"]}}`) {
			t.Error("different lists read alike")
		}
		if digest(csv, "h\nr1\n") == digest(csv, "h\nr1\nr2\n") {
			t.Error("a missing row went unnoticed")
		}
	})
}
