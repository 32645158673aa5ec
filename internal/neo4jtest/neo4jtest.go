// Package neo4jtest connects integration tests to the real Neo4j that `make test` starts, loaded with the real seeds.
//
// The tests share one database, so packages run one at a time (go test -p 1). Without TEST_NEO4J_URI a plain
// `go test ./...` skips them and says how to run them; `make test` sets CYBERCOOP_REQUIRE_NEO4J=1, and then a
// missing or unreachable Neo4j fails the run instead.
package neo4jtest

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop/loader"
	"github.com/cybercoop/cybercoop/store"
)

// Config returns the connection settings of the test database, skipping or failing the test when there is none.
// Each setting is TEST_NEO4J_<NAME>, else NEO4J_<NAME> (what `make run` and the README use), else the default of
// the local server that scripts/neo4j.sh starts.
func Config(t testing.TB) store.Config {
	t.Helper()
	uri := os.Getenv("TEST_NEO4J_URI")
	if uri == "" {
		if os.Getenv("CYBERCOOP_REQUIRE_NEO4J") != "" {
			t.Fatal("TEST_NEO4J_URI is not set but CYBERCOOP_REQUIRE_NEO4J is: run `make test`")
		}
		t.Skip("integration test: run `make test` (it starts Neo4j), or set TEST_NEO4J_URI to a Neo4j whose data may be replaced")
	}
	return store.Config{
		URI:         uri,
		User:        setting("USER", "neo4j"),
		Password:    setting("PASSWORD", "cybercoop-dev"),
		Database:    setting("DATABASE", "neo4j"),
		SwitchGrace: SwitchGrace,
	}
}

// SwitchGrace is the test stores' store.Config.SwitchGrace: short, so that the tests' many loads do not wait for
// each other, and long enough for any read of a test.
const SwitchGrace = 300 * time.Millisecond

// Open returns a store connected to the test database, closed when the test ends. It waits up to 30 seconds for
// Neo4j to answer, but fails at once when Neo4j refuses the credentials: retrying a wrong password would lock the
// account (Neo4j locks it for a while after a few failed logins in a row).
func Open(t testing.TB) *store.Store {
	t.Helper()
	cfg := Config(t)
	st, err := store.Open(cfg)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		err := st.Ping(ctx)
		if err == nil {
			return st
		}
		if store.RefusedCredentials(err) {
			t.Fatalf("Neo4j at %s refused user %q: set NEO4J_PASSWORD (or TEST_NEO4J_PASSWORD, and NEO4J_USER) to "+
				"that server's password; not retried, since Neo4j locks an account after a few failed logins (%v)",
				cfg.URI, cfg.User, err)
		}
		if ctx.Err() != nil {
			t.Fatalf("Neo4j at %s does not answer: %v", cfg.URI, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

var seeds struct {
	once sync.Once
	data loader.Seeds
	err  error
}

// Seeds returns the repository's real seed set, read once per test binary.
func Seeds(t testing.TB) loader.Seeds {
	t.Helper()
	seeds.once.Do(func() {
		seeds.data, seeds.err = loader.Read(os.DirFS(SeedsDir(t)))
	})
	if seeds.err != nil {
		t.Fatalf("read seeds: %v", seeds.err)
	}
	return seeds.data
}

// Seeded returns a store whose database holds exactly the real seeds, in slot 1, so that the tests read through
// the store's rewriting of labels (slot 0 is the labels as written); it loads them once or twice when they are not.
func Seeded(t testing.TB) *store.Store {
	t.Helper()
	st := Open(t)
	ctx := context.Background()
	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	s := Seeds(t)
	for replace := false; ; replace = true {
		report, err := st.Load(ctx, s.Dataset, s.Version, store.LoadOptions{Replace: replace})
		if err != nil {
			t.Fatalf("load seeds: %v", err)
		}
		if report.Slot == 1 {
			return st
		}
	}
}

// SeedsDir is the repository's seeds/ folder, found from the test's working directory.
func SeedsDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "seeds")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// setting is TEST_NEO4J_<name>, else NEO4J_<name>, else fallback.
func setting(name, fallback string) string {
	for _, key := range []string{"TEST_NEO4J_" + name, "NEO4J_" + name} {
		if v := os.Getenv(key); v != "" {
			return v
		}
	}
	return fallback
}
