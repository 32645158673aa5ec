package store

import (
	"context"
	"fmt"

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
// connected to, projects oldest first and countries by name, with their number.
func (s *Store) Connected(ctx context.Context, refs []cybercoop.Ref, label string, page Page) (map[cybercoop.Ref]List[cybercoop.Entity], error) {
	out := map[cybercoop.Ref]List[cybercoop.Entity]{}
	for parent, ids := range idsByLabel(refs) {
		patterns := connections[label][cybercoop.Kind(parent)]
		if len(patterns) == 0 {
			return nil, cybercoop.Errorf(cybercoop.EINVALID, "a %s has no %s connections", parent, label)
		}
		union := ""
		for i, p := range patterns {
			if i > 0 {
				union += " UNION "
			}
			union += fmt.Sprintf("MATCH %s RETURN m", p)
		}
		query := fmt.Sprintf(`
UNWIND $ids AS id
MATCH (n:%s {id: id})
CALL (n) {
  CALL (n) { %s }
  WITH DISTINCT m ORDER BY coalesce(m.startDay, ''), m.name
  RETURN collect(%s) AS rows
}
RETURN id, size(rows) AS total, rows[$skip..$skip + $limit] AS page`, parent, union, withLabels("m"))
		res, err := s.read(ctx, "connected", query, map[string]any{"ids": ids, "skip": page.Offset, "limit": page.Limit})
		if err != nil {
			return nil, wrap(err, "read %s connections of %s", label, parent)
		}
		for ref, list := range pagesByParent(res, parent, decodeNode) {
			out[ref] = list
		}
	}
	return out, nil
}
