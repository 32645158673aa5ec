package graph_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/cybercoop/cybercoop/graph"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// TestNullReadsAsDefault runs each field that takes a size with the size null, absent and written as the schema's
// default, on the real seeds: all three must give the same answer, since the cost walk counts a null as the
// default. Before, a null relations page held 20 relations where the default holds 50.
func TestNullReadsAsDefault(t *testing.T) {
	c := newClient(t, neo4jtest.Seeded(t), graph.Options{})
	for _, tc := range []struct{ name, field, value string }{
		{"relations", `project(id: "project:glacy-plus") { relations(first: $n) { nodes { type node { id } } } }`, "50"},
		{"countries", `countries(first: $n) { nodes { id } }`, "20"},
		{"activities", `activities(first: $n) { nodes { id } }`, "20"},
		{"a project's activities", `project(id: "project:glacy-plus") { activities(first: $n) { nodes { id } } }`, "20"},
		{"a country's projects", `country(id: "country:gh") { projects(first: $n) { nodes { id } } }`, "20"},
		{"search", `search(text: "cyber", first: $n) { node { id } }`, "20"},
		{"paths", `paths(from: "country:gh", to: "organization:europol", first: $n) { length }`, "5"},
		{"neighborhood", `neighborhood(id: "project:glacy-plus", limit: $n) { nodes { id } }`, "100"},
		{"timeline", `timeline(of: "country:gh", first: $n) { date }`, "100"},
		{"collaborators", `collaborators(of: "country:gh", first: $n) { nodes { node { id } } }`, "20"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			answer := func(query string, options ...client.Option) string {
				t.Helper()
				resp, err := c.RawPost(query, options...)
				if err != nil || len(resp.Errors) > 0 {
					t.Fatalf("%s: %v %s", query, err, resp.Errors)
				}
				b, _ := json.Marshal(resp.Data)
				return string(b)
			}
			withVariable := "query($n: Int) { " + tc.field + " }"
			written := answer("{ " + strings.ReplaceAll(tc.field, "$n", tc.value) + " }")
			for name, got := range map[string]string{
				"null variable":   answer(withVariable, client.Var("n", nil)),
				"absent variable": answer(withVariable),
				"literal null":    answer("{ " + strings.ReplaceAll(tc.field, "$n", "null") + " }"),
			} {
				if got != written {
					t.Errorf("%s: %.200s\nwant, as with %s written: %.200s", name, got, tc.value, written)
				}
			}
		})
	}
}
