package graph_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop/graph"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// BenchmarkQuestions runs each question of bench/questions (the side-by-side benchmark's) through the executable
// schema on the real seeds, uncached, one at a time: the service's own cost per operation, Neo4j included.
func BenchmarkQuestions(b *testing.B) {
	st := neo4jtest.Seeded(b)
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
