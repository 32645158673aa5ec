package store_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
)

// The tests of one loader at a time: two loads at once, a load that stalls past its lease while another takes it
// over, a cleanup that loses the lease, and staged data that goes missing before the switch. Each checks the graph
// the server serves through a store of its own, as the API reads it.

// prefixedSeeds is the real seeds with every id prefixed "p-": a dataset that shares no id with the seeds, so that
// any of its nodes in the served graph is a write that should not have happened.
func prefixedSeeds(t *testing.T) cybercoop.Dataset {
	t.Helper()
	data := neo4jtest.Seeds(t).Dataset
	out := cybercoop.Dataset{Nodes: slices.Clone(data.Nodes), Relationships: slices.Clone(data.Relationships)}
	for i := range out.Nodes {
		out.Nodes[i].ID = "p-" + out.Nodes[i].ID
	}
	for i := range out.Relationships {
		out.Relationships[i].FromID, out.Relationships[i].ToID = "p-"+out.Relationships[i].FromID, "p-"+out.Relationships[i].ToID
	}
	return out
}

var prefixedGlacyPlus = cybercoop.Ref{Kind: cybercoop.KindProject, ID: "p-glacy-plus"}

// mustServe checks that reader serves exactly data as version: its counts, its collaborations projection and route
// map whole, collaborators and routes read from them as from the graph itself, and none of other's nodes.
func mustServe(t *testing.T, reader *store.Store, data cybercoop.Dataset, version string, glacy, other cybercoop.Ref) {
	t.Helper()
	if v, err := reader.DataVersion(ctx); err != nil || v != version {
		t.Fatalf("the server serves version %q (%v), want %q", v, err, version)
	}
	counts, err := reader.Counts(ctx)
	if want := data.Counts(); err != nil || !maps.Equal(counts.Nodes, want.Nodes) || !maps.Equal(counts.Relationships, want.Relationships) {
		t.Errorf("the served graph holds %v (%v), the dataset %v", counts, err, want)
	}
	if err := reader.CheckDerived(ctx, data); err != nil {
		t.Errorf("the served projection and route map: %v", err)
	}
	q := store.CollaboratorQuery{Evidence: true, Of: glacy, ViaActivity: true, ViaProject: true, Page: store.Page{Limit: 1000}}
	projected, err := reader.Collaborators(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	direct, err := reader.DirectCollaborators(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if projected.Total == 0 || projected.Total != direct.Total {
		t.Errorf("%s's collaborators: %d from the projection, %d from the graph", glacy, projected.Total, direct.Total)
	}
	for i := range min(len(projected.Items), len(direct.Items)) {
		if got, want := describe(projected.Items[i]), describe(direct.Items[i]); got != want {
			t.Errorf("%s's collaborator %d: projection %s, graph %s", glacy, i, got, want)
		}
	}
	interpol := cybercoop.Ref{Kind: cybercoop.KindOrganization, ID: strings.TrimSuffix(glacy.ID, "glacy-plus") + "interpol"}
	onMap, err := reader.Paths(ctx, glacy, interpol, 2, store.MaxRoutes, store.Period{}, store.Selection{})
	if err != nil {
		t.Fatal(err)
	}
	inGraph, err := reader.GraphPaths(ctx, glacy, interpol, 2, store.MaxRoutes)
	if err != nil {
		t.Fatal(err)
	}
	// Routes of equal evidence come in either order, and a route through two parallel relationships (GLACY+ is
	// implemented by INTERPOL and has it as a partner) may show either: compare the entities each route goes through.
	entities := func(routes []store.Path) []string {
		out := make([]string, len(routes))
		for i, r := range routes {
			out[i] = entitiesOf(r)
		}
		return slices.Sorted(slices.Values(out))
	}
	if mapped, walked := entities(onMap), entities(inGraph); len(onMap) == 0 || !slices.Equal(mapped, walked) {
		t.Errorf("routes from %s to %s: on the map %v, in the graph %v", glacy, interpol, mapped, walked)
	}
	if _, err := reader.Entity(ctx, other); cybercoop.ErrorCode(err) != cybercoop.ENOTFOUND {
		t.Errorf("%s in the served graph: %v; want not found", other, err)
	}
}

// pauseAt returns a pause hook that stops the load, the first time it is about to run statement, until resume is
// closed, and a channel closed when it has stopped.
func pauseAt(statement string, resume <-chan struct{}) (func(string), <-chan struct{}) {
	paused := make(chan struct{})
	var once sync.Once
	return func(s string) {
		if s == statement {
			once.Do(func() { close(paused); <-resume })
		}
	}, paused
}

// await fails the test when ch is not closed within d.
func await(t *testing.T, ch <-chan struct{}, d time.Duration, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(d):
		t.Fatalf("%s did not happen within %v", what, d)
	}
}

// loadOnceFree loads with st, again while another load holds the lease, for up to d, and returns the last result and
// how many attempts were refused.
func loadOnceFree(st *store.Store, data cybercoop.Dataset, version string, opts store.LoadOptions, d time.Duration) (int, error) {
	deadline := time.Now().Add(d)
	for refused := 0; ; refused++ {
		_, err := st.Load(ctx, data, version, opts)
		if err == nil || !strings.Contains(err.Error(), "another load is running") || time.Now().After(deadline) {
			return refused, err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestTwoLoaders runs two loads of different datasets at once, through two stores: exactly one wins, the other
// fails saying so, and the server serves exactly the winner's dataset, with its projection and route map.
func TestTwoLoaders(t *testing.T) {
	neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)
	first, second, reader := neo4jtest.Open(t), neo4jtest.Open(t), neo4jtest.Open(t)
	t.Cleanup(func() { mustLoad(t, first, seeds.Dataset, seeds.Version) })
	datasets := []cybercoop.Dataset{renamedSeeds(t), prefixedSeeds(t)}
	versions := []string{"renamed", "prefixed"}
	errs := make([]error, 2)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, st := range []*store.Store{first, second} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = st.Load(ctx, datasets[i], versions[i], store.LoadOptions{BatchSize: 200})
		}()
	}
	close(start)
	wg.Wait()
	winner := slices.IndexFunc(errs, func(err error) bool { return err == nil })
	if winner < 0 || errs[1-winner] == nil || !strings.Contains(errs[1-winner].Error(), "another load is running") {
		t.Fatalf("two loads at once: %v; want one to succeed and the other to fail, saying another load is running", errs)
	}
	t.Logf("%s won; the other load: %v", versions[winner], errs[1-winner])
	glacy, other := glacyPlus, prefixedGlacyPlus
	if winner == 1 {
		glacy, other = prefixedGlacyPlus, glacyPlus
	}
	mustServe(t, reader, datasets[winner], versions[winner], glacy, other)
	if stray, err := reader.StrayParties(ctx); err != nil || stray != 0 {
		t.Errorf("%d parties (%v) of no version left after both loads, want none", stray, err)
	}
}

// TestPausedLoader stops a load with a short lease before a batch, past its lease, while a second load takes the
// lease over and switches: when the first resumes, its late batch writes nothing, it stops saying why, and the
// server serves the second's dataset.
func TestPausedLoader(t *testing.T) {
	neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)
	first, second, reader := neo4jtest.Open(t), neo4jtest.Open(t), neo4jtest.Open(t)
	t.Cleanup(func() { mustLoad(t, second, seeds.Dataset, seeds.Version) })
	const lease = 2 * time.Second
	resume := make(chan struct{})
	pause, paused := pauseAt("write_nodes", resume)
	var firstErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, firstErr = first.Load(ctx, prefixedSeeds(t), "prefixed", first.WithLease(store.LoadOptions{BatchSize: 100}, lease, pause))
	}()
	await(t, paused, time.Minute, "the first load's pause")

	refused, err := loadOnceFree(second, renamedSeeds(t), "renamed", store.LoadOptions{}, 4*lease)
	if err != nil || refused == 0 {
		t.Fatalf("the second load: %v after %d refusals; want refusals while the first's lease holds, then a load", err, refused)
	}
	close(resume)
	await(t, done, time.Minute, "the first load's end")
	if firstErr == nil || !strings.Contains(firstErr.Error(), "another load took it over") {
		t.Errorf("the first load after its pause: %v; want it stopped, saying another load took its lease over", firstErr)
	}
	mustServe(t, reader, renamedSeeds(t), "renamed", glacyPlus, prefixedGlacyPlus)
	if name := glacyPlusName(t, ctx, reader); name != "GLACY+ renamed" {
		t.Errorf("GLACY+ is named %q", name)
	}
	if stray, err := reader.StrayParties(ctx); err != nil || stray != 0 {
		t.Errorf("%d parties (%v) of no version left, want none", stray, err)
	}
}

// TestLostLeaseLeavesOthersAlone stops a first load past its lease while a second, which took the lease over, is
// stopped in turn after staging its projection: the first resumes, fails and cleans up without touching the
// second's slot or projection, and the second then switches to its dataset, whole.
func TestLostLeaseLeavesOthersAlone(t *testing.T) {
	neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)
	first, second, reader := neo4jtest.Open(t), neo4jtest.Open(t), neo4jtest.Open(t)
	t.Cleanup(func() { mustLoad(t, second, seeds.Dataset, seeds.Version) })
	const lease = 2 * time.Second
	resumeFirst, resumeSecond := make(chan struct{}), make(chan struct{})
	pauseFirst, firstPaused := pauseAt("write_nodes", resumeFirst)
	pauseSecond, secondPaused := pauseAt("write_nodes", resumeSecond)
	var firstErr, secondErr error
	firstDone, secondDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(firstDone)
		_, firstErr = first.Load(ctx, prefixedSeeds(t), "prefixed", first.WithLease(store.LoadOptions{BatchSize: 100}, lease, pauseFirst))
	}()
	await(t, firstPaused, time.Minute, "the first load's pause")
	go func() {
		defer close(secondDone)
		_, secondErr = loadOnceFree(second, renamedSeeds(t), "renamed",
			second.WithLease(store.LoadOptions{BatchSize: 100}, time.Minute, pauseSecond), 4*lease)
	}()
	await(t, secondPaused, time.Minute, "the second load's pause, its projection staged")
	close(resumeFirst)
	await(t, firstDone, time.Minute, "the first load's end")
	close(resumeSecond)
	await(t, secondDone, time.Minute, "the second load's end")
	if firstErr == nil || !strings.Contains(firstErr.Error(), "another load took it over") {
		t.Errorf("the first load: %v; want it stopped, saying another load took its lease over", firstErr)
	}
	if secondErr != nil {
		t.Fatalf("the second load: %v", secondErr)
	}
	mustServe(t, reader, renamedSeeds(t), "renamed", glacyPlus, prefixedGlacyPlus)
}

// TestCleanupAfterSwitch holds up a load's cleanup after its switch (on a party that failed loads left) while its
// lease lapses: another load takes the lease over and stages its projection, which the first's cleanup, when it
// goes on, must not delete. The second switches to its dataset, whole, and its own cleanup deletes what is left.
func TestCleanupAfterSwitch(t *testing.T) {
	neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)
	first, second, reader := neo4jtest.Open(t), neo4jtest.Open(t), neo4jtest.Open(t)
	t.Cleanup(func() { mustLoad(t, second, seeds.Dataset, seeds.Version) })
	if err := reader.AddStrayParties(ctx, 2000); err != nil {
		t.Fatal(err)
	}
	release, err := reader.HoldStrayParty(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	var firstErr error
	firstDone := make(chan struct{})
	go func() {
		defer close(firstDone)
		_, firstErr = first.Load(ctx, prefixedSeeds(t), "prefixed", store.LoadOptions{})
	}()
	deadline := time.Now().Add(time.Minute)
	for v, _ := reader.DataVersion(ctx); v != "prefixed"; v, _ = reader.DataVersion(ctx) {
		if time.Now().After(deadline) {
			t.Fatal("the first load did not switch within a minute")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The first has switched, and its cleanup waits for the party held. Its lease lapses meanwhile.
	go func() { _ = reader.ExpireLease(ctx) }()
	resume := make(chan struct{})
	pause, paused := pauseAt("write_nodes", resume)
	var secondErr error
	secondDone := make(chan struct{})
	go func() {
		defer close(secondDone)
		_, secondErr = loadOnceFree(second, renamedSeeds(t), "renamed",
			second.WithLease(store.LoadOptions{BatchSize: 100}, time.Minute, pause), time.Minute)
	}()
	select {
	case <-paused: // the second load took the lease over while the first's cleanup waited, and staged its projection
	case <-time.After(3 * time.Second): // the first's cleanup holds the lease until it goes on
	}
	release()
	await(t, paused, time.Minute, "the second load's pause, its projection staged")
	await(t, firstDone, time.Minute, "the first load's end")
	close(resume)
	await(t, secondDone, time.Minute, "the second load's end")
	if firstErr != nil {
		t.Errorf("the first load, which switched: %v", firstErr)
	}
	if secondErr != nil {
		t.Fatalf("the second load: %v", secondErr)
	}
	mustServe(t, reader, renamedSeeds(t), "renamed", glacyPlus, prefixedGlacyPlus)
	if stray, err := reader.StrayParties(ctx); err != nil || stray != 0 {
		t.Errorf("%d parties (%v) of no version left, want none", stray, err)
	}
}

// TestShortStagedCount deletes some of a load's staged parties before it maps the routes, as anything else might:
// the load counts what is staged, does not switch, and the server keeps serving the data it served.
func TestShortStagedCount(t *testing.T) {
	st := neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)
	reader := neo4jtest.Open(t)
	t.Cleanup(func() { mustLoad(t, st, seeds.Dataset, seeds.Version) })
	deleted := 0
	var deleteErr error
	opts := st.WithLease(store.LoadOptions{}, time.Minute, func(statement string) {
		if statement == "stage_routes" && deleted == 0 {
			deleted, deleteErr = reader.DeleteStagedParties(context.WithoutCancel(ctx), 3)
		}
	})
	_, err := st.Load(ctx, renamedSeeds(t), "renamed", opts)
	if deleteErr != nil || deleted != 3 {
		t.Fatalf("deleted %d staged parties (%v), want 3", deleted, deleteErr)
	}
	if err == nil || !strings.Contains(err.Error(), "not switched") {
		t.Errorf("a load whose staged parties went missing: %v; want it not switched", err)
	}
	mustServe(t, reader, seeds.Dataset, seeds.Version, glacyPlus, prefixedGlacyPlus)
	if stray, err := reader.StrayParties(ctx); err != nil || stray != 0 {
		t.Errorf("%d parties (%v) of no version left, want none", stray, err)
	}
}
