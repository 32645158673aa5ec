package store

import (
	"context"
	"fmt"

	"github.com/cybercoop/cybercoop"
)

// accessionEventsQuery reads every ACCESSION event to one convention, from a country or an organisation (the
// European Union signs as one), with all its properties.
const accessionEventsQuery = `
MATCH (party)-[r:ACCESSION]->(:Convention {id: $id})
WHERE party:Country OR party:Organization
RETURN CASE WHEN party:Country THEN 'Country' ELSE 'Organization' END AS label, party.id AS id,
  properties(r) AS props
ORDER BY label, id, props.status, coalesce(props.date, '')`

// AccessionEvents returns the ACCESSION events to the convention with this id in the current data (the pinned data
// for a context made by Pin), as the loader writes them: Props without sources, which are in Sources. A convention
// the graph does not hold has none. It fails when the database does not answer.
func (s *Store) AccessionEvents(ctx context.Context, conventionID string) ([]cybercoop.Relationship, error) {
	res, err := s.read(ctx, "accession_events", accessionEventsQuery, map[string]any{"id": conventionID})
	if err != nil {
		return nil, fmt.Errorf("read the accession events of convention %q: %w", conventionID, err)
	}
	out := make([]cybercoop.Relationship, 0, len(res.Records))
	for _, rec := range res.Records {
		m := rec.AsMap()
		p, _ := m["props"].(map[string]any)
		label, _ := m["label"].(string)
		id, _ := m["id"].(string)
		rel := cybercoop.Relationship{Type: "ACCESSION", FromLabel: label, FromID: id, ToLabel: "Convention",
			ToID: conventionID, Props: p, Sources: props(p).sources()}
		delete(rel.Props, "sources")
		out = append(out, rel)
	}
	return out, nil
}
