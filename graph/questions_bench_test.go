package graph_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop/graph"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
	"github.com/cybercoop/cybercoop/synth"
)

// BenchmarkQuestions runs each question of bench/questions (the side-by-side benchmark's) through the executable
// schema, uncached, one at a time: the service's own cost per operation, Neo4j included. It runs on the real seeds,
// or with REAL_COPIES=N on the real seeds with every activity copied N times (synth.Copies), loaded back afterwards.
func BenchmarkQuestions(b *testing.B) {
	st := neo4jtest.Seeded(b)
	if copies, _ := strconv.Atoi(os.Getenv("REAL_COPIES")); copies > 1 {
		seeds := neo4jtest.Seeds(b)
		b.Cleanup(func() { neo4jtest.Seeded(b) })
		data := synth.Copies(seeds.Dataset, copies)
		if _, err := st.Load(context.Background(), data, fmt.Sprintf("%s-x%d", seeds.Version, copies), store.LoadOptions{Replace: true}); err != nil {
			b.Fatal(err)
		}
	}
	c := newClient(b, st, graph.Options{})
	files, err := filepath.Glob("../bench/questions/*.graphql")
	if err != nil || len(files) == 0 {
		b.Fatalf("no questions in ../bench/questions: %v", err)
	}
	for _, file := range files {
		if strings.HasSuffix(file, ".peer.graphql") {
			continue
		}
		query, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(strings.TrimSuffix(filepath.Base(file), ".graphql"), func(b *testing.B) {
			for b.Loop() {
				if _, err := c.RawPost(string(query)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
