package store_test

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
)

// withProjectName returns a copy of data with the project id renamed to name.
func withProjectName(data cybercoop.Dataset, id, name string) cybercoop.Dataset {
	data.Nodes = append([]cybercoop.Node(nil), data.Nodes...)
	for i, n := range data.Nodes {
		if n.Label == "Project" && n.ID == id {
			data.Nodes[i].Props = maps.Clone(n.Props)
			data.Nodes[i].Props["name"] = name
		}
	}
	return data
}

// The full-text index is eventually consistent: a search sent right after Load returns must still find what the
// load wrote (and not what it replaced), or the HTTP layer caches the miss for the whole version.
func TestSearchRightAfterLoad(t *testing.T) {
	st := neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)
	t.Cleanup(func() { mustLoad(t, st, seeds.Dataset, seeds.Version) })
	search := func(word string) []cybercoop.Ref {
		t.Helper()
		hits, err := st.Search(ctx, word, nil, 5, store.Selection{})
		if err != nil {
			t.Fatalf("search %q: %v", word, err)
		}
		refs := make([]cybercoop.Ref, len(hits))
		for i, h := range hits {
			refs[i] = h.Node.Ref()
		}
		return refs
	}
	// The full-text index of a seeds-sized load catches up within tens of milliseconds, while the load writes its
	// routes: the search below rarely sees the lag. So the test also reads the load's statements from its trace
	// spans: the switch must come after the wait for the indexes.
	spans := tracetest.NewSpanRecorder()
	provider := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	otel.SetTracerProvider(provider)
	t.Cleanup(func() { _ = provider.Shutdown(context.Background()) })
	mustLoad(t, st, seeds.Dataset, "search-a")
	var awaited, switched time.Time
	for _, span := range spans.Ended() {
		switch span.Name() {
		case "neo4j await_indexes":
			awaited = span.EndTime()
		case "neo4j switch_version":
			switched = span.StartTime()
		}
	}
	if awaited.IsZero() || switched.IsZero() || switched.Before(awaited) {
		t.Errorf("the indexes awaited until %v, the switch started at %v: want the switch after the wait", awaited, switched)
	}
	for round := range 3 {
		// A word found nowhere else, new in each round: no earlier load left it in either slot's index.
		word := fmt.Sprintf("zorbulon%c", 'a'+round)
		mustLoad(t, st, withProjectName(seeds.Dataset, glacyPlus.ID, "GLACY+ "+word), fmt.Sprintf("search-b%d", round))
		if refs := search(word); len(refs) != 1 || refs[0] != glacyPlus {
			t.Errorf("round %d: search %q right after the load that wrote it found %v, want GLACY+", round, word, refs)
		}
		mustLoad(t, st, seeds.Dataset, "search-a")
		if refs := search(word); len(refs) != 0 {
			t.Errorf("round %d: search %q right after the load that removed it found %v, want nothing", round, word, refs)
		}
	}
}

func TestLoadIndexWait(t *testing.T) {
	st := neo4jtest.Seeded(t)
	seeds := neo4jtest.Seeds(t)
	t.Cleanup(func() { mustLoad(t, st, seeds.Dataset, seeds.Version) })

	t.Run("ErrTimeout indexes that do not catch up in time stop the load before its switch", func(t *testing.T) {
		defer store.SetIndexWait(store.SetIndexWait(time.Nanosecond))
		_, err := st.Load(ctx, renamedSeeds(t), "renamed", store.LoadOptions{})
		if err == nil || !strings.Contains(err.Error(), "did not catch up") || !strings.Contains(err.Error(), "not switched") {
			t.Errorf("Load() = %v, want the indexes' timeout, not switched", err)
		}
		if v, err := st.DataVersion(ctx); err != nil || v != seeds.Version {
			t.Errorf("DataVersion() = %q, %v; want %q", v, err, seeds.Version)
		}
	})
}
