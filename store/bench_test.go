package store_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/synth"
)

// BenchmarkLoad loads a synthetic graph of SYNTH_SCALE times the real activities (default 455: 100,100 activities)
// into an emptied database, in one transaction, and reports nodes and relationships written per second. The real
// seeds are loaded back afterwards. Run it with `make bench`.
func BenchmarkLoad(b *testing.B) {
	scale := 455
	if s := os.Getenv("SYNTH_SCALE"); s != "" {
		var err error
		if scale, err = strconv.Atoi(s); err != nil {
			b.Fatalf("SYNTH_SCALE=%q: %v", s, err)
		}
	}
	ctx := context.Background()
	st := neo4jtest.Open(b)
	if err := st.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { neo4jtest.Seeded(b) })
	data := synth.Generate(scale, 1)
	b.ResetTimer()
	var elapsed time.Duration
	for i := range b.N {
		b.StopTimer()
		if err := st.Wipe(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		started := time.Now()
		report, err := st.Load(ctx, data, fmt.Sprintf("synthetic-%d-%d", scale, i))
		if err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(started)
		if report.NodesCreated != len(data.Nodes) || report.RelationshipsCreated != len(data.Relationships) {
			b.Fatalf("created %d nodes and %d relationships, want %d and %d", report.NodesCreated,
				report.RelationshipsCreated, len(data.Nodes), len(data.Relationships))
		}
	}
	seconds := elapsed.Seconds() / float64(b.N)
	b.ReportMetric(float64(len(data.Nodes))/seconds, "nodes/s")
	b.ReportMetric(float64(len(data.Relationships))/seconds, "rels/s")
	b.ReportMetric(float64(len(data.Relationships)), "rels")
}
