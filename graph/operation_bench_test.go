package graph_test

import (
	"context"
	"testing"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// BenchmarkVersionCheck compares a small uncached operation (which includes the data version check after its
// reads) with the check's own cost: one read of the data version.
func BenchmarkVersionCheck(b *testing.B) {
	st := neo4jtest.Seeded(b)
	known := &knownVersions{current: mustVersion(b, st)}
	c := newClient(b, st, withVersions(known))
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
