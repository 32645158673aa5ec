package store

import (
	"context"

	"github.com/cybercoop/cybercoop"
)

// connections are the ways an entity connects to projects or countries, directly or through activities. Each
// pattern binds the entity as n and the project or country as m.
var connections = map[string]map[cybercoop.Kind][]string{
	"Project": {
		cybercoop.KindCountry: {"(m:Project)-[:TARGETS|FUNDED_BY|PARTNER]->(n)",
			"(m:Project)<-[:PART_OF]-(:Activity)-[:HELD_IN|FOR]->(n)"},
		cybercoop.KindOrganization: {"(m:Project)-[:FUNDED_BY|IMPLEMENTED_BY|PARTNER]->(n)",
			"(m:Project)<-[:PART_OF]-(:Activity)-[:INVOLVED]->(n)"},
		cybercoop.KindTheme:      {"(m:Project)-[:ADDRESSES]->(n)"},
		cybercoop.KindConvention: {"(m:Project)-[:SUPPORTS]->(n)"},
	},
	"Country": {
		cybercoop.KindProject: {"(n)-[:TARGETS|FUNDED_BY|PARTNER]->(m:Country)",
			"(n)<-[:PART_OF]-(:Activity)-[:HELD_IN|FOR]->(m:Country)"},
	},
}

// Connected returns, for each ref, a page of the projects or countries (label "Project" or "Country") it is
// connected to, projects oldest first and countries by name, with their number: what EntitiesWith fetches beneath
// them, one statement per kind.
func (s *Store) Connected(ctx context.Context, refs []cybercoop.Ref, label string, page Page) (map[cybercoop.Ref]List[cybercoop.Entity], error) {
	_, fetched, err := s.EntitiesWith(ctx, refs, []Fetch{{Connected: &ConnectedQuery{Label: label, Page: page}}})
	if err != nil {
		return nil, err
	}
	return fetched[0].Connected, nil
}
