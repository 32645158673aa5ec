package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
)

func TestLoad(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)

	t.Run("OK the seeds are loaded with their version", func(t *testing.T) {
		version, err := st.DataVersion(ctx)
		if err != nil || version != seeds.Version {
			t.Fatalf("DataVersion() = %q, %v; want %q", version, err, seeds.Version)
		}
		projects, err := st.Projects(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(projects) != 29 {
			t.Errorf("got %d projects, want 29: 8 of 2013-2018, 4 planned in 2018, GLACY-e and 16 in the 2026/27 pipeline", len(projects))
		}
	})

	t.Run("OK a second load changes nothing and says so", func(t *testing.T) {
		report, err := st.Load(ctx, seeds.Dataset, seeds.Version)
		if err != nil {
			t.Fatal(err)
		}
		if !report.Unchanged || report.NodesCreated+report.PropertiesSet+report.RelationshipsCreated != 0 {
			t.Errorf("second load: %+v, want Unchanged and no writes", report)
		}
	})

	t.Run("OK a changed dataset replaces the old one and removes what it dropped", func(t *testing.T) {
		changed := withoutNode(seeds.Dataset, "Project", "cybersouth")
		report, err := st.Load(ctx, changed, "test-without-cybersouth")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { mustLoad(t, st, seeds.Dataset, seeds.Version) })
		if report.NodesDeleted != 1 || report.NodesCreated != 0 {
			t.Errorf("report %+v: want exactly 1 node deleted and none created", report)
		}
		if _, err := st.Project(ctx, "cybersouth"); cybercoop.ErrorCode(err) != cybercoop.ENOTFOUND {
			t.Errorf("Project(cybersouth) after removal: err = %v, want not found", err)
		}
		mustLoad(t, st, seeds.Dataset, seeds.Version)
		if _, err := st.Project(ctx, "cybersouth"); err != nil {
			t.Errorf("Project(cybersouth) after reload: %v", err)
		}
	})

	t.Run("ErrAtomic a failing load leaves the database as it was", func(t *testing.T) {
		broken := withoutNode(seeds.Dataset, "Project", "glacy")
		broken.Relationships = append(broken.Relationships, cybercoop.Relationship{
			Type: "PROTOCOL_OF", FromLabel: "Convention", FromID: "ets-189", ToLabel: "Convention", ToID: "missing",
		})
		_, err := st.Load(ctx, broken, "test-broken")
		if err == nil || !strings.Contains(err.Error(), "found both ends") {
			t.Fatalf("Load(broken) error = %v, want a dangling relationship error", err)
		}
		version, err := st.DataVersion(ctx)
		if err != nil || version != seeds.Version {
			t.Errorf("version after failed load = %q, %v; want %q", version, err, seeds.Version)
		}
		if _, err := st.Project(ctx, "glacy"); err != nil {
			t.Errorf("GLACY was deleted by a load that failed: %v", err)
		}
	})

	t.Run("ErrInvalid unknown labels are refused before writing", func(t *testing.T) {
		bad := cybercoop.Dataset{Nodes: []cybercoop.Node{{Label: "Person) DETACH DELETE (x", ID: "x"}}}
		_, err := st.Load(ctx, bad, "test-label")
		if cybercoop.ErrorCode(err) != cybercoop.EINVALID {
			t.Errorf("Load(unknown label) error = %v, want invalid", err)
		}
	})
}

func TestReads(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Seeded(t)

	t.Run("OK GLACY+ as the 2018 report's table states it", func(t *testing.T) {
		p, err := st.Project(ctx, "glacy-plus")
		if err != nil {
			t.Fatal(err)
		}
		if deref(p.Code) != "3148" || p.BudgetEUR == nil || *p.BudgetEUR != 13_350_000 ||
			deref(p.Start) != "2016-03" || deref(p.End) != "2021-02" {
			t.Errorf("GLACY+ = code %s, budget %v, %s..%s; want 3148, 13350000, 2016-03..2021-02",
				deref(p.Code), p.BudgetEUR, deref(p.Start), deref(p.End))
		}
		if len(p.Sources) == 0 || p.Sources[0].SourceID != "cproc-report-2018" || !strings.Contains(p.Sources[0].Locator, "154") && !strings.Contains(p.Sources[0].Locator, "158") {
			t.Errorf("GLACY+ sources = %+v, want the 2018 report's table row first", p.Sources)
		}
	})

	t.Run("OK the Additional Protocol points to the Budapest Convention", func(t *testing.T) {
		c, err := st.Convention(ctx, "ets-189")
		if err != nil {
			t.Fatal(err)
		}
		if c.ProtocolOf != "budapest" || deref(c.TreatyNumber) != "ETS 189" || deref(c.OpenedForSignature) != "2003" {
			t.Errorf("ETS 189 = %+v", c)
		}
	})

	t.Run("OK facts no source states are absent, not empty", func(t *testing.T) {
		c, err := st.Convention(ctx, "un-cybercrime")
		if err != nil {
			t.Fatal(err)
		}
		if c.TreatyNumber != nil || deref(c.ShortName) != "Hanoi Convention" {
			t.Errorf("UN convention: treaty number %v (want nil), short name %q", c.TreatyNumber, deref(c.ShortName))
		}
	})

	t.Run("OK sources by id", func(t *testing.T) {
		sources, err := st.Sources(ctx, []string{"cproc-report-2018", "unknown"})
		if err != nil {
			t.Fatal(err)
		}
		if len(sources) != 1 || deref(sources[0].Reference) != "SG/Inf(2018)32" {
			t.Errorf("Sources = %+v, want the 2018 report alone", sources)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := st.Convention(ctx, "no-such-treaty")
		if cybercoop.ErrorCode(err) != cybercoop.ENOTFOUND || !strings.Contains(cybercoop.ErrorMessage(err), "no-such-treaty") {
			t.Errorf("err = %v, want not found naming the id", err)
		}
	})
}

func TestUnavailable(t *testing.T) {
	ctx := context.Background()
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
	if _, err := st.Load(context.Background(), data, version); err != nil {
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
