package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"testing"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// BenchmarkExamples sends example queries over loopback HTTP to the full stack, with the response cache off (the
// baseline: every request reaches Neo4j) and on, so the two can be compared side by side.
func BenchmarkExamples(b *testing.B) {
	st := neo4jtest.Seeded(b)
	doc, err := os.ReadFile("examples.graphql")
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []struct {
		name  string
		bytes int
	}{{"uncached", 0}, {"cached", 1 << 20}} {
		srv := newServerWithCache(b, st, mode.bytes)
		for _, op := range []string{"GlacyPlus", "PartnersOfGhana", "TongaToEuropol", "Search"} {
			body, _ := json.Marshal(map[string]string{"query": string(doc), "operationName": op})
			b.Run(op+"/"+mode.name, func(b *testing.B) {
				for b.Loop() {
					resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
					if err != nil {
						b.Fatal(err)
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						b.Fatalf("status %d", resp.StatusCode)
					}
				}
			})
		}
	}
}
