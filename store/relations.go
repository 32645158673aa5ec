package store

import (
	"context"
	"fmt"

	"github.com/cybercoop/cybercoop"
)

// RelationQuery selects the relations of entities: of some types (all when empty), in one direction ("OUT", "IN"
// or "BOTH"), one page per entity.
type RelationQuery struct {
	Types     []string
	Direction string
	Page      Page
	Count     bool
}

// relationTypes are the relationship types of the graph; a query naming another is refused.
var relationTypes = map[string]bool{"PART_OF": true, "HELD_IN": true, "INVOLVED": true, "FOR": true,
	"FUNDED_BY": true, "IMPLEMENTED_BY": true, "PARTNER": true, "TARGETS": true, "SUPPORTS": true, "ADDRESSES": true,
	"FOLLOWS": true, "ACCESSION": true, "MEMBER_OF": true, "PROTOCOL_OF": true, "GOAL_OF": true, "BASED_IN": true,
	"TRAINED_IN": true}

// relationsQuery reads, for every entity of one label, a page of its relations with the node at the other end.
// The pattern's arrows are fixed text chosen by direction; labels come from kindLabel.
const relationsQuery = `
UNWIND $ids AS id
MATCH (n:%s {id: id})
CALL (n) {
  MATCH %s
  WHERE ($types IS NULL OR type(r) IN $types) AND any(l IN labels(m) WHERE l IN $kinds)
  WITH r, m ORDER BY type(r), coalesce(m.startDay, ''), coalesce(m.name, m.title, m.text, m.id)
  RETURN collect({type: type(r), out: startNode(r) = n, props: properties(r), node: %s}) AS rows
}
RETURN id, size(rows) AS total, rows[$skip..$skip + $limit] AS page`

// Relations returns, for each ref, one page of its relations (and their number when asked): one query per kind.
func (s *Store) Relations(ctx context.Context, refs []cybercoop.Ref, q RelationQuery) (map[cybercoop.Ref]List[cybercoop.Relation], error) {
	var types any
	if len(q.Types) > 0 {
		for _, t := range q.Types {
			if !relationTypes[t] {
				return nil, cybercoop.Errorf(cybercoop.EINVALID, "unknown relation type %q", t)
			}
		}
		types = q.Types
	}
	pattern := map[string]string{"OUT": "(n)-[r]->(m)", "IN": "(n)<-[r]-(m)", "BOTH": "(n)-[r]-(m)", "": "(n)-[r]-(m)"}[q.Direction]
	if pattern == "" {
		return nil, cybercoop.Errorf(cybercoop.EINVALID, "direction %q: want OUT, IN or BOTH", q.Direction)
	}
	kinds := make(labelsParam, len(cybercoop.Kinds))
	for i, k := range cybercoop.Kinds {
		kinds[i] = string(k)
	}
	out := map[cybercoop.Ref]List[cybercoop.Relation]{}
	for label, ids := range idsByLabel(refs) {
		query := fmt.Sprintf(relationsQuery, label, pattern, withLabels("m"))
		res, err := s.read(ctx, "relations", query, map[string]any{"ids": ids, "types": types, "kinds": kinds,
			"skip": q.Page.Offset, "limit": q.Page.Limit})
		if err != nil {
			return nil, wrap(err, "read relations of %s", label)
		}
		for ref, list := range pagesByParent(res, label, decodeRelation) {
			out[ref] = list
		}
	}
	return out, nil
}

func decodeRelation(v any) cybercoop.Relation {
	m := v.(map[string]any)
	p, _ := m["props"].(map[string]any)
	direction := "IN"
	if out, _ := m["out"].(bool); out {
		direction = "OUT"
	}
	r := cybercoop.Relation{Type: m["type"].(string), Direction: direction, Node: decodeNode(m["node"]),
		Props: p, Sources: props(p).sources()}
	delete(r.Props, "sources")
	return r
}

// idsByLabel groups refs by their (checked) label.
func idsByLabel(refs []cybercoop.Ref) map[string][]string {
	out := map[string][]string{}
	for _, r := range refs {
		if label, err := kindLabel(r.Kind); err == nil {
			out[label] = append(out[label], r.ID)
		}
	}
	return out
}
