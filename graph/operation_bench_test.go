package graph_test

import (
	"context"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop/admission"
	"github.com/cybercoop/cybercoop/graph"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
)

// BenchmarkPinnedOperation times a small uncached operation, pinned to the store's version without a round trip,
// beside the round trip an operation no longer makes: one read of the data version.
func BenchmarkPinnedOperation(b *testing.B) {
	neo4jtest.Seeded(b)
	cfg := neo4jtest.Config(b)
	cfg.SwitchGrace = store.DefaultSwitchGrace // as served: the version read last is trusted for 5 s
	st, err := store.Open(cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close(context.Background())
	c := newClient(b, st, graph.Options{Timeout: time.Minute, Admission: admission.Options{Introspection: true}})
	b.Run("operation", func(b *testing.B) {
		for b.Loop() {
			var resp struct{ Project struct{ Name string } }
			if err := c.Post(`{ project(id: "glacy-plus") { name } }`, &resp); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("version_read", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.DataVersion(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
