package neo4jtest_test

import (
	"context"
	"testing"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// TestConnection is what `make test` runs first, alone: one login with the configured credentials, so a wrong
// password fails once, saying which variable to set, before every package of the test run tries it again.
func TestConnection(t *testing.T) {
	st := neo4jtest.Open(t)
	if err := st.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
}
