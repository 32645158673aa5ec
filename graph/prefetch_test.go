package graph_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/graph"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
)

// loadersOnly reads the entities but fetches no list with them, so that every nested field goes through the
// loaders, as it did before prefetching.
type loadersOnly struct{ graph.Store }

func (s loadersOnly) EntitiesWith(ctx context.Context, refs []cybercoop.Ref, fetches []store.Fetch) (map[cybercoop.Ref]cybercoop.Entity, []store.Fetched, error) {
	entities, err := s.Entities(ctx, refs)
	return entities, emptyFetched(fetches), err
}

func emptyFetched(fetches []store.Fetch) []store.Fetched {
	out := make([]store.Fetched, len(fetches))
	for i, f := range fetches {
		out[i].Children = emptyFetched(f.Children)
	}
	return out
}

// Prefetching changes how many statements an answer takes, never the answer: each query gives the same JSON with
// and without it.
func TestPrefetchAnswersAsTheLoaders(t *testing.T) {
	st := neo4jtest.Seeded(t)
	prefetching := newClient(t, st, graph.Options{})
	plain := newClient(t, loadersOnly{st}, graph.Options{})
	for name, query := range map[string]string{
		"three list levels": `{ project(id: "glacy-plus") { id activities(first: 20) { totalCount
			nodes { id title countries { id name activities(first: 5, orderBy: DATE_DESC) { totalCount nodes { id start } } } } } } }`,
		"relation fields and a connection": `{ project(id: "glacy-plus") { name funders { role node { id label } }
			partners { node { id } } implementers { role } lineage { type direction node { id } } themes { name }
			conventions { name } goals { text } countries(first: 5, after: "bzox") { totalCount pageInfo { hasNextPage }
			edges { cursor node { name projects(first: 3) { nodes { name } } } } } } }`,
		"fragments, aliases and variables through node": `query($first: Int) { node(id: "country:gh") { id
			... on Country { accessions { status convention { name } }
			recent: activities(first: $first, orderBy: DATE_DESC) { nodes { ...where } }
			oldest: activities(first: 2) { nodes { ...where } } } } }
			fragment where on Activity { title placePrecision countries { iso2 } organizations { label } beneficiaries { name } }`,
		"relations with types and direction": `{ organization(id: "interpol") { relations(types: [INVOLVED, PARTNER], direction: IN, first: 5) {
			totalCount nodes { type direction node { id } } }
			partOf { name } parts { name } basedIn { name } projects(first: 2) { totalCount nodes { name } } } }`,
		"a convention's protocols and parties": `{ convention(id: "budapest") { protocols { name protocolOf { name } }
			projects { name } parties(asOf: "2018-06-30") { country { name } } } }`,
		"a list at the root": `{ projects(first: 30) { nodes { name activities(first: 2) { totalCount nodes { title countries { name } } } } } }`,
		"a filtered list beneath, left to the loaders": `{ country(id: "ph") { activities(filter: {types: ["training"]}, first: 3) {
			totalCount nodes { title countries { name } } } } }`,
		"an unknown id": `{ project(id: "no-such-project") { name activities { totalCount } } }`,
		"one list, two selections": `{ country(id: "gh") { a: activities(first: 3) { nodes { title } }
			b: activities(first: 3) { nodes { start datePrecision label sources { locator } } } } }`,
	} {
		t.Run("OK "+name, func(t *testing.T) {
			vars := map[string]any{"first": 3}
			got, want := rawAnswer(t, prefetching, query, vars), rawAnswer(t, plain, query, vars)
			if name != "an unknown id" && !strings.HasSuffix(got, `"errors":null}`) {
				t.Errorf("errors in %s", got)
			}
			if got != want {
				t.Errorf("prefetched:\n%s\nthrough the loaders:\n%s", got, want)
			}
		})
	}
}

// rawAnswer returns the data and errors of a response as JSON, without the extensions.
func rawAnswer(t *testing.T, c *client.Client, query string, vars map[string]any) string {
	t.Helper()
	var options []client.Option
	for k, v := range vars {
		options = append(options, client.Var(k, v))
	}
	resp, err := c.RawPost(query, options...)
	if err != nil {
		t.Fatal(err)
	}
	answer, err := json.Marshal(map[string]any{"data": resp.Data, "errors": resp.Errors})
	if err != nil {
		t.Fatal(err)
	}
	return string(answer)
}
