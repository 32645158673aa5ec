package store

import (
	"context"

	"github.com/cybercoop/cybercoop"
)

// RelationQuery selects the relations of entities: of some types (all when empty), in one direction ("OUT", "IN"
// or "BOTH"), one page per entity.
type RelationQuery struct {
	Types     []string
	Direction string
	Page      Page
}

// relationTypes are the relationship types of the graph; a query naming another is refused.
var relationTypes = map[string]bool{"PART_OF": true, "HELD_IN": true, "INVOLVED": true, "FOR": true,
	"FUNDED_BY": true, "IMPLEMENTED_BY": true, "PARTNER": true, "TARGETS": true, "SUPPORTS": true, "ADDRESSES": true,
	"FOLLOWS": true, "ACCESSION": true, "MEMBER_OF": true, "PROTOCOL_OF": true, "GOAL_OF": true, "BASED_IN": true,
	"TRAINED_IN": true}

// Relations returns, for each ref, one page of its relations and their number: what EntitiesWith fetches beneath
// them, one statement per kind.
func (s *Store) Relations(ctx context.Context, refs []cybercoop.Ref, q RelationQuery) (map[cybercoop.Ref]List[cybercoop.Relation], error) {
	_, fetched, err := s.EntitiesWith(ctx, refs, []Fetch{{Relations: &q}})
	if err != nil {
		return nil, err
	}
	return fetched[0].Relations, nil
}

// relation makes a Relation from its type, whether it leaves the entity it was read from, its relationship's
// properties (nil when not read) and the entity at its far end.
func relation(relType string, out bool, properties any, node cybercoop.Entity) cybercoop.Relation {
	p, _ := properties.(map[string]any)
	direction := "IN"
	if out {
		direction = "OUT"
	}
	r := cybercoop.Relation{Type: relType, Direction: direction, Node: node, Props: p, Sources: props(p).sources()}
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
