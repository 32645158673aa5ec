package store_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
)

func TestRefusedCredentials(t *testing.T) {
	neo4jtest.Open(t) // the right credentials first: this test makes one failed login, never several in a row
	cfg := neo4jtest.Config(t)
	cfg.Password += "-wrong"
	st, err := store.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	err = st.Ping(context.Background())
	if !store.RefusedCredentials(err) || cybercoop.ErrorCode(err) != cybercoop.EUNAVAILABLE {
		t.Errorf("Ping with a wrong password = %v, want refused credentials (EUNAVAILABLE)", err)
	}
	if store.RefusedCredentials(cybercoop.Errorf(cybercoop.EUNAVAILABLE, "the database is unavailable")) {
		t.Error("an unavailable database is taken for refused credentials")
	}
}

// TestURISchemes runs reads (routed to readers) and a write (routed to the leader) over both a direct bolt://
// connection and a neo4j:// routing one, whichever TEST_NEO4J_URI names: a single Community server answers routing
// requests itself, and neo4j:// is what cluster and Aura users run.
func TestURISchemes(t *testing.T) {
	neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)
	cfg := neo4jtest.Config(t)
	u, err := url.Parse(cfg.URI)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "bolt" && u.Scheme != "neo4j" {
		t.Skipf("TEST_NEO4J_URI uses %s://; this test runs over plain bolt:// and neo4j://", u.Scheme)
	}
	for _, scheme := range []string{"bolt", "neo4j"} {
		t.Run(scheme, func(t *testing.T) {
			u.Scheme = scheme
			cfg.URI = u.String()
			st, err := store.Open(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close(ctx)
			if version, err := st.DataVersion(ctx); err != nil || version != seeds.Version {
				t.Errorf("DataVersion over %s = %q, %v; want %q", cfg.URI, version, err, seeds.Version)
			}
			if counts, err := st.Counts(ctx); err != nil || counts.Nodes["Activity"] != 218 {
				t.Errorf("Counts over %s = %+v, %v; want the 218 activities", cfg.URI, counts, err)
			}
			if e, err := st.Entity(ctx, glacyPlus); err != nil || e.(cybercoop.Project).Name != "GLACY+" {
				t.Errorf("Entity(glacy-plus) over %s = %+v, %v", cfg.URI, e, err)
			}
			report, err := st.Load(ctx, seeds.Dataset, seeds.Version, store.LoadOptions{})
			if err != nil || !report.Unchanged {
				t.Errorf("Load over %s = %+v, %v; want unchanged", cfg.URI, report, err)
			}
		})
	}
}
