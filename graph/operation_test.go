package graph_test

import (
	"context"
	"maps"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/graph"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
)

// versionStore is a store whose data version is the next of versions at each read (the last one repeats).
type versionStore struct {
	graph.Store
	mu       sync.Mutex
	versions []string
	reads    int
}

func (s *versionStore) DataVersion(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.versions[min(s.reads, len(s.versions)-1)]
	s.reads++
	return v, nil
}

// knownVersions is the background refresher's view: the version it holds and the ones requests told it.
type knownVersions struct {
	current  string
	observed []string
}

func (k *knownVersions) Current() string        { return k.current }
func (k *knownVersions) Observe(version string) { k.observed = append(k.observed, version) }

func withVersions(versions graph.Versions) graph.Options {
	return graph.Options{Timeout: time.Minute, Introspection: true, Versions: versions}
}

func TestOneDataVersion(t *testing.T) {

	t.Run("OK unchanged data costs one version read", func(t *testing.T) {
		st := &versionStore{versions: []string{"v1"}}
		c := newClient(t, st, withVersions(&knownVersions{current: "v1"}))
		var resp struct{ DataVersion string }
		if err := c.Post(`{ dataVersion }`, &resp); err != nil {
			t.Fatal(err)
		}
		// One read by the dataVersion field, one by the check after it; the start version came from the refresher.
		if resp.DataVersion != "v1" || st.reads != 2 {
			t.Errorf("dataVersion %q after %d version reads, want v1 after 2", resp.DataVersion, st.reads)
		}
	})

	t.Run("OK introspection reads nothing", func(t *testing.T) {
		st := &versionStore{versions: []string{"v1"}}
		c := newClient(t, st, withVersions(&knownVersions{current: "v1"}))
		var resp map[string]any
		if err := c.Post(`{ __typename __schema { queryType { name } } }`, &resp); err != nil {
			t.Fatal(err)
		}
		if st.reads != 0 {
			t.Errorf("%d version reads for an introspection query, want 0", st.reads)
		}
	})

	t.Run("OK a load during the operation: it runs again on the new version", func(t *testing.T) {
		// The refresher knows v1; the field reads v2 (a load committed), the check reads v2: run again, from v2.
		st := &versionStore{versions: []string{"v2"}}
		known := &knownVersions{current: "v1"}
		c := newClient(t, st, withVersions(known))
		var resp struct{ DataVersion string }
		if err := c.Post(`{ dataVersion }`, &resp); err != nil {
			t.Fatal(err)
		}
		if resp.DataVersion != "v2" || st.reads != 4 || len(known.observed) != 2 || known.observed[0] != "v2" {
			t.Errorf("dataVersion %q after %d reads, observed %v; want v2 after 4 reads (two runs)", resp.DataVersion, st.reads, known.observed)
		}
	})

	t.Run("ErrUnavailable loads during both runs", func(t *testing.T) {
		st := &versionStore{versions: []string{"v2", "v3", "v4", "v5"}}
		c := newClient(t, st, withVersions(&knownVersions{current: "v1"}))
		wantCode(t, c, `{ dataVersion }`, "UNAVAILABLE", "try again")
	})

	t.Run("OK no refresher: the start version is read first", func(t *testing.T) {
		st := &versionStore{versions: []string{"v1"}}
		c := newClient(t, st, withVersions(nil))
		var resp struct{ DataVersion string }
		if err := c.Post(`{ dataVersion }`, &resp); err != nil {
			t.Fatal(err)
		}
		if resp.DataVersion != "v1" || st.reads != 3 {
			t.Errorf("dataVersion %q after %d reads, want v1 after 3", resp.DataVersion, st.reads)
		}
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
	// prefetched); the load commits before the second.
	var resp struct {
		Project struct {
			Name    string
			Funders []struct {
				Node struct {
					Label string
					Parts []struct{ ID string }
				}
			}
		}
	}
	err := c.Post(`{ project(id: "glacy-plus") { name funders { node { label ... on Organization { parts { id } } } } } }`, &resp)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Project.Name != "GLACY+ renamed" || len(resp.Project.Funders) == 0 {
		t.Errorf("project %+v: want the renamed GLACY+ with its funders, all from the new load", resp.Project)
	}
	if n := loading.relations.Load(); n != 2 {
		t.Errorf("relations read %d times, want 2 (the operation ran again after the load)", n)
	}
	if !strings.HasSuffix(mustVersion(t, st), "-renamed") {
		t.Error("the load did not commit")
	}
}

func mustVersion(t testing.TB, st *store.Store) string {
	t.Helper()
	v, err := st.DataVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}
