package store_test

import (
	"context"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
)

// renamedSeeds is the real seeds with GLACY+ renamed: what a corrected seed file would load.
func renamedSeeds(t *testing.T) cybercoop.Dataset {
	t.Helper()
	data := neo4jtest.Seeds(t).Dataset
	data.Nodes = append([]cybercoop.Node(nil), data.Nodes...)
	for i, n := range data.Nodes {
		if n.Label == "Project" && n.ID == "glacy-plus" {
			data.Nodes[i].Props = maps.Clone(n.Props)
			data.Nodes[i].Props["name"] = "GLACY+ renamed"
		}
	}
	return data
}

// glacyPlusName reads GLACY+'s name, and its collaborators through the projection, with ctx.
func glacyPlusName(t *testing.T, ctx context.Context, st *store.Store) string {
	t.Helper()
	e, err := st.Entity(ctx, glacyPlus)
	if err != nil {
		t.Fatal(err)
	}
	collaborators, err := st.Collaborators(ctx, store.CollaboratorQuery{Of: glacyPlus, ViaActivity: true, ViaProject: true,
		Page: store.Page{Limit: 5}})
	if err != nil || collaborators.Total == 0 {
		t.Fatalf("GLACY+'s collaborators: %+v, %v; want some", collaborators, err)
	}
	return e.(cybercoop.Project).Name
}

func TestPinnedReader(t *testing.T) {
	st := neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)
	t.Cleanup(func() { mustLoad(t, st, seeds.Dataset, seeds.Version) })
	other := neo4jtest.Open(t)
	if _, version, err := other.Pin(ctx); err != nil || version != seeds.Version {
		t.Fatalf("Pin() of another store = %q, %v; want %q", version, err, seeds.Version)
	}
	pinned, version, err := st.Pin(ctx)
	if err != nil || version != seeds.Version {
		t.Fatalf("Pin() = %q, %v; want %q", version, err, seeds.Version)
	}

	// A load in small batches; the pinned reader and an unpinned one read while it writes. It keeps the slot it
	// switches away from, as every load does during the grace, for the pinned reader to read after the switch.
	var readsDuring int
	_, err = st.Load(ctx, renamedSeeds(t), "renamed", store.LoadOptions{BatchSize: 50, KeepPrevious: true, Progress: func(written, total int) {
		if written < total/2 || readsDuring > 0 {
			return
		}
		readsDuring++
		if name := glacyPlusName(t, pinned, st); name != "GLACY+" {
			t.Errorf("pinned reader during the load: GLACY+ is named %q", name)
		}
		if name := glacyPlusName(t, ctx, st); name != "GLACY+" {
			t.Errorf("unpinned reader during the load: GLACY+ is named %q", name)
		}
	}})
	if err != nil || readsDuring != 1 {
		t.Fatalf("load: %v after %d reads during it", err, readsDuring)
	}

	t.Run("OK the pinned reader keeps the old version after the switch", func(t *testing.T) {
		if name := glacyPlusName(t, pinned, st); name != "GLACY+" {
			t.Errorf("GLACY+ is named %q", name)
		}
		if v, err := st.DataVersion(pinned); err != nil || v != seeds.Version {
			t.Errorf("DataVersion(pinned) = %q, %v; want %q", v, err, seeds.Version)
		}
		counts, err := st.Counts(pinned)
		if want := seeds.Dataset.Counts(); err != nil || !maps.Equal(counts.Nodes, want.Nodes) {
			t.Errorf("Counts(pinned) = %v, %v; want %v", counts.Nodes, err, want.Nodes)
		}
	})

	t.Run("OK a new pin reads the new version at once", func(t *testing.T) {
		fresh, version, err := st.Pin(ctx)
		if err != nil || version != "renamed" {
			t.Fatalf("Pin() after the load = %q, %v; want renamed", version, err)
		}
		if name := glacyPlusName(t, fresh, st); name != "GLACY+ renamed" {
			t.Errorf("GLACY+ is named %q", name)
		}
		if name := glacyPlusName(t, ctx, st); name != "GLACY+ renamed" {
			t.Errorf("unpinned: GLACY+ is named %q", name)
		}
	})

	t.Run("OK another store sees the switch within a third of its grace", func(t *testing.T) {
		time.Sleep(neo4jtest.SwitchGrace / 3)
		if _, version, err := other.Pin(ctx); err != nil || version != "renamed" {
			t.Errorf("Pin() of another store = %q, %v; want renamed", version, err)
		}
	})
}

func TestInterruptedLoad(t *testing.T) {
	st := neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)
	t.Cleanup(func() { mustLoad(t, st, seeds.Dataset, seeds.Version) })
	loadCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	written := 0
	_, err := st.Load(loadCtx, renamedSeeds(t), "renamed", store.LoadOptions{BatchSize: 20, Progress: func(n, _ int) {
		if written = n; n >= 100 {
			cancel()
		}
	}})
	if err == nil || written < 100 || written >= len(seeds.Dataset.Nodes) {
		t.Fatalf("Load cancelled after %d rows: %v; want an error, nodes half written", written, err)
	}

	t.Run("OK the old version answers", func(t *testing.T) {
		if v, err := st.DataVersion(ctx); err != nil || v != seeds.Version {
			t.Errorf("DataVersion() = %q, %v; want %q", v, err, seeds.Version)
		}
		if name := glacyPlusName(t, ctx, st); name != "GLACY+" {
			t.Errorf("GLACY+ is named %q", name)
		}
		counts, err := st.Counts(ctx)
		if want := seeds.Dataset.Counts(); err != nil || !maps.Equal(counts.Nodes, want.Nodes) ||
			!maps.Equal(counts.Relationships, want.Relationships) {
			t.Errorf("Counts() = %v, %v; want the seeds' %v", counts, err, want)
		}
	})

	t.Run("OK the next load clears the half-written slot and switches", func(t *testing.T) {
		report, err := st.Load(ctx, renamedSeeds(t), "renamed", store.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if report.NodesDeleted < 100 || report.NodesCreated != len(seeds.Dataset.Nodes) || report.Slot != 0 {
			t.Errorf("report %+v: want the interrupted load's nodes deleted, every node written, slot 0", report)
		}
		if name := glacyPlusName(t, ctx, st); name != "GLACY+ renamed" {
			t.Errorf("GLACY+ is named %q", name)
		}
	})
}

func TestSwitchGrace(t *testing.T) {
	neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)
	cfg := neo4jtest.Config(t)
	cfg.SwitchGrace = 3 * time.Second
	st := mustOpen(t, cfg)
	t.Cleanup(func() { mustLoad(t, st, seeds.Dataset, seeds.Version) })

	// Each load leaves the slot it switched away from, as a loader stopped during the grace does: the next one
	// waits out what is left of the grace before clearing it.
	keep := store.LoadOptions{KeepPrevious: true}
	first, err := st.Load(ctx, renamedSeeds(t), "renamed", keep)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK a load right after a switch waits for the grace before clearing", func(t *testing.T) {
		switched := time.Now()
		report, err := st.Load(ctx, seeds.Dataset, seeds.Version, keep)
		if err != nil {
			t.Fatal(err)
		}
		if report.GraceWait < 2*time.Second || report.GraceWait > cfg.SwitchGrace || time.Since(switched) < report.GraceWait {
			t.Errorf("waited %v of a %v grace, %v after the switch", report.GraceWait, cfg.SwitchGrace, time.Since(switched))
		}
		if report.Slot == first.Slot {
			t.Errorf("both loads went to slot %d", report.Slot)
		}
	})
	t.Run("OK a load where no load ever switched does not wait", func(t *testing.T) {
		if err := st.ForgetSwitch(ctx); err != nil {
			t.Fatal(err)
		}
		report, err := st.Load(ctx, renamedSeeds(t), "renamed", keep)
		if err != nil || report.GraceWait != 0 {
			t.Errorf("load: %v, waited %v; want no wait", err, report.GraceWait)
		}
	})
	t.Run("OK a load after the grace does not wait", func(t *testing.T) {
		time.Sleep(cfg.SwitchGrace)
		report, err := st.Load(ctx, seeds.Dataset, seeds.Version, store.LoadOptions{Replace: true, KeepPrevious: true})
		if err != nil || report.GraceWait != 0 {
			t.Errorf("load: %v, waited %v; want no wait", err, report.GraceWait)
		}
	})
}

// TestOneCopyAtRest loads the renamed seeds over the seeds, and then the seeds again: once each load has returned
// (its grace passed), Neo4j holds the current slot's nodes and no other graph node, counted by label straight from
// the database, and one collaborations projection.
func TestOneCopyAtRest(t *testing.T) {
	st := neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)
	t.Cleanup(func() { mustLoad(t, st, seeds.Dataset, seeds.Version) })
	for _, load := range []struct {
		version string
		data    cybercoop.Dataset
	}{{"renamed", renamedSeeds(t)}, {seeds.Version, seeds.Dataset}} {
		t.Run("OK "+load.version, func(t *testing.T) {
			report, err := st.Load(ctx, load.data, load.version, store.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !report.PreviousCleared || report.PreviousNodesDeleted < len(seeds.Dataset.Nodes) || report.GraceWait < neo4jtest.SwitchGrace {
				t.Errorf("report %+v: want the previous slot's nodes deleted after the grace", report)
			}
			nodes, tokens := graphAtRest(t)
			current, err := st.Counts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, label := range []string{"Source", "Convention", "Project", "Organization", "Country", "Activity", "Theme", "Goal"} {
				here, other := label+store.LabelSuffix(report.Slot), label+store.LabelSuffix(1-report.Slot)
				if nodes[here] != current.Nodes[label] || nodes[here] == 0 || nodes[other] != 0 {
					t.Errorf("%s: %d nodes in slot %d (%s), %d in the other (%s); want the current %d and none",
						label, nodes[here], report.Slot, here, nodes[other], other, current.Nodes[label])
				}
			}
			if tokens != 1 {
				t.Errorf("%d collaborations projections at rest, want 1", tokens)
			}
		})
	}
}

// graphAtRest counts the database's nodes by label, whatever their slot, and the collaborations projections (the
// distinct tokens of Party nodes), through a driver of its own rather than the store, which sees one slot.
func graphAtRest(t *testing.T) (nodes map[string]int, projections int) {
	t.Helper()
	cfg := neo4jtest.Config(t)
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	run := func(query string) []*neo4j.Record {
		res, err := neo4j.ExecuteQuery(ctx, driver, query, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(cfg.Database))
		if err != nil {
			t.Fatal(err)
		}
		return res.Records
	}
	nodes = map[string]int{}
	for _, rec := range run(`MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS nodes`) {
		label, _ := rec.Get("label")
		n, _ := rec.Get("nodes")
		nodes[label.(string)] = int(n.(int64))
	}
	tokens, _ := run(`MATCH (p:Party) RETURN count(DISTINCT p.token) AS tokens`)[0].Get("tokens")
	return nodes, int(tokens.(int64))
}

func TestOneLoadAtATime(t *testing.T) {
	st := neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)
	t.Cleanup(func() { mustLoad(t, st, seeds.Dataset, seeds.Version) })
	started, finish := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		once := sync.Once{}
		_, err := st.Load(ctx, renamedSeeds(t), "renamed", store.LoadOptions{Progress: func(int, int) {
			once.Do(func() { close(started); <-finish })
		}})
		if err != nil {
			t.Errorf("the first load: %v", err)
		}
	}()
	<-started
	_, err := st.Load(ctx, seeds.Dataset, "meanwhile", store.LoadOptions{Replace: true})
	close(finish)
	wg.Wait()
	if err == nil || !strings.Contains(err.Error(), "another load is running") {
		t.Errorf("a load during another: %v, want it refused", err)
	}
	if v, _ := st.DataVersion(ctx); v != "renamed" {
		t.Errorf("version %q after both, want the first load's", v)
	}
}

func TestPinWhileDown(t *testing.T) {
	neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)
	st := mustOpen(t, neo4jtest.Config(t))
	if _, version, err := st.Pin(ctx); err != nil || version != seeds.Version {
		t.Fatalf("Pin() = %q, %v; want %q", version, err, seeds.Version)
	}
	if err := st.Close(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(neo4jtest.SwitchGrace / 3) // the version read is no longer trusted: Pin reads it, and fails
	pinned, version, err := st.Pin(ctx)
	if err == nil || version != seeds.Version || pinned != ctx {
		t.Errorf("Pin() while the version cannot be read = %q, %v; want an error, the version read last, no pin", version, err)
	}
}
