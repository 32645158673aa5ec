package graph_test

import (
	"context"
	"maps"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/admission"
	"github.com/cybercoop/cybercoop/graph"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
)

// pinStore is a store that pins by putting its version in the context, and counts its pins and version reads.
type pinStore struct {
	graph.Store
	version string
	err     error
	pins    atomic.Int64
	reads   atomic.Int64
}

type pinnedVersion struct{}

func (s *pinStore) Pin(ctx context.Context) (context.Context, string, error) {
	s.pins.Add(1)
	return context.WithValue(ctx, pinnedVersion{}, s.version), s.version, s.err
}

func (s *pinStore) DataVersion(ctx context.Context) (string, error) {
	if v, ok := ctx.Value(pinnedVersion{}).(string); ok {
		return v, nil
	}
	s.reads.Add(1)
	return "unpinned", nil
}

func TestOneDataVersion(t *testing.T) {
	opts := graph.Options{Timeout: time.Minute, Admission: admission.Options{Introspection: true}}

	t.Run("OK an operation pins once and reads no version", func(t *testing.T) {
		st := &pinStore{version: "v1"}
		c := newClient(t, st, opts)
		var resp struct{ A, B string }
		if err := c.Post(`{ a: dataVersion b: dataVersion }`, &resp); err != nil {
			t.Fatal(err)
		}
		if resp.A != "v1" || resp.B != "v1" || st.pins.Load() != 1 || st.reads.Load() != 0 {
			t.Errorf("dataVersion %q and %q after %d pins and %d version reads, want v1 after one pin and no read",
				resp.A, resp.B, st.pins.Load(), st.reads.Load())
		}
	})

	t.Run("OK introspection pins nothing", func(t *testing.T) {
		st := &pinStore{version: "v1"}
		c := newClient(t, st, opts)
		var resp map[string]any
		if err := c.Post(`{ __typename __schema { queryType { name } } }`, &resp); err != nil {
			t.Fatal(err)
		}
		if st.pins.Load() != 0 {
			t.Errorf("%d pins for an introspection query, want 0", st.pins.Load())
		}
	})

	t.Run("ErrUnavailable the version cannot be read", func(t *testing.T) {
		st := &pinStore{err: cybercoop.Errorf(cybercoop.EUNAVAILABLE, "the database is unavailable")}
		wantCode(t, newClient(t, st, opts), `{ dataVersion }`, "UNAVAILABLE", "unavailable")
	})
}

// loadingStore commits a load of other data the first time relations are read through the loaders, as a load by another
// process could between two store calls of one operation.
type loadingStore struct {
	*store.Store
	load      func()
	once      sync.Once
	relations atomic.Int64
}

func (s *loadingStore) Relations(ctx context.Context, refs []cybercoop.Ref, q store.RelationQuery) (map[cybercoop.Ref]store.List[cybercoop.Relation], error) {
	s.relations.Add(1)
	s.once.Do(s.load)
	return s.Store.Relations(ctx, refs, q)
}

// TestLoadDuringOperation: an operation reads the version it pinned even when a load switches to another between
// two of its reads, and the next operation reads the new one.
func TestLoadDuringOperation(t *testing.T) {
	st := neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)
	ctx := context.Background()
	t.Cleanup(func() {
		if _, err := st.Load(ctx, seeds.Dataset, seeds.Version, store.LoadOptions{}); err != nil {
			t.Errorf("restore the seeds: %v", err)
		}
	})
	// The same seeds, but GLACY+ renamed: what a corrected seed file would load.
	renamed := seeds.Dataset
	renamed.Nodes = append([]cybercoop.Node(nil), seeds.Dataset.Nodes...)
	for i, n := range renamed.Nodes {
		if n.Label == "Project" && n.ID == "glacy-plus" {
			renamed.Nodes[i].Props = maps.Clone(n.Props)
			renamed.Nodes[i].Props["name"] = "GLACY+ renamed"
		}
	}
	loading := &loadingStore{Store: st, load: func() {
		if _, err := st.Load(ctx, renamed, seeds.Version+"-renamed", store.LoadOptions{}); err != nil {
			t.Errorf("load during the operation: %v", err)
		}
	}}
	c := newClient(t, loading, graph.Options{Timeout: time.Minute})

	// The name and funders are read in one statement, the funders' parts in another (beneath an interface, so not
	// prefetched); the load commits between the two.
	const query = `{ dataVersion project(id: "glacy-plus") { name funders { node { label ... on Organization { parts { id } } } } } }`
	var resp struct {
		DataVersion string
		Project     struct {
			Name    string
			Funders []struct {
				Node struct {
					Label string
					Parts []struct{ ID string }
				}
			}
		}
	}
	if err := c.Post(query, &resp); err != nil {
		t.Fatal(err)
	}
	if resp.DataVersion != seeds.Version || resp.Project.Name != "GLACY+" || len(resp.Project.Funders) == 0 {
		t.Errorf("response %+v: want the seeds' version and GLACY+ with its funders, all from before the load", resp)
	}
	if n := loading.relations.Load(); n != 1 {
		t.Errorf("relations read %d times through the loaders, want once", n)
	}
	if err := c.Post(query, &resp); err != nil {
		t.Fatal(err)
	}
	if resp.DataVersion != seeds.Version+"-renamed" || resp.Project.Name != "GLACY+ renamed" || len(resp.Project.Funders) == 0 {
		t.Errorf("the next response %+v: want the renamed GLACY+ with its funders, from the new load", resp)
	}
}
