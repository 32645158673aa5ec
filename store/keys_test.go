package store_test

import (
	"errors"
	"maps"
	"testing"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
)

// TestLoadKeys checks the keys a load's check is given: the ids and relationship ends of the current slot, and the
// last id of each label that the load which wrote it kept.
func TestLoadKeys(t *testing.T) {
	st := neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)
	var seen store.Keys
	_, err := st.Load(ctx, seeds.Dataset, "checked", store.LoadOptions{Check: func(current store.Keys) error {
		seen = current
		return errRefused
	}})
	if !errors.Is(err, errRefused) {
		t.Fatalf("Load() = %v, want the check's refusal", err)
	}
	want := store.KeysOf(seeds.Dataset)
	if !maps.Equal(seen.LastIDs, want.LastIDs) || seen.LastIDs["Activity"] != "cproc-2018-710" {
		t.Errorf("last ids %v, want %v", seen.LastIDs, want.LastIDs)
	}
	for label, ids := range want.Nodes {
		if got := seen.Nodes[label]; !sameItems(got, ids) {
			t.Errorf("%s: %d ids read, the seeds have %d (or others)", label, len(got), len(ids))
		}
	}
	if len(seen.Nodes) != len(want.Nodes) || len(seen.Relationships) != len(want.Relationships) {
		t.Errorf("%d labels and %d relationship kinds read, the seeds have %d and %d", len(seen.Nodes),
			len(seen.Relationships), len(want.Nodes), len(want.Relationships))
	}
	for kind, ends := range want.Relationships {
		if got := seen.Relationships[kind]; !sameItems(got, ends) {
			t.Errorf("%v: %d relationships read, the seeds have %d (or others)", kind, len(got), len(ends))
		}
	}
}

var errRefused = errors.New("refused by the check")

// sameItems reports whether a and b hold the same items as many times each, in any order.
func sameItems[T comparable](a, b []T) bool {
	count := map[T]int{}
	for _, x := range a {
		count[x]++
	}
	for _, x := range b {
		count[x]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return len(a) == len(b)
}
