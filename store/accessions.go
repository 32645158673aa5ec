package store

import (
	"context"

	"github.com/cybercoop/cybercoop"
)

// accessionsQuery reads the ACCESSION steps of conventions, countries and organisations (the European Union signs
// as one) in one statement: each step's properties, its convention's id, and its party as an entity (the
// properties an answer shows, not the lists a node holds for queries), so that a convention's Parties and their
// names come in one round trip.
var accessionsQuery = `
UNWIND $refs AS ref
CALL (ref) {
  MATCH (party)-[r:ACCESSION]->(c:Convention {id: ref.id}) WHERE ref.kind = 'Convention'
  RETURN party, r, c
  UNION ALL
  MATCH (party:Country {id: ref.id})-[r:ACCESSION]->(c:Convention) WHERE ref.kind = 'Country'
  RETURN party, r, c
  UNION ALL
  MATCH (party:Organization {id: ref.id})-[r:ACCESSION]->(c:Convention) WHERE ref.kind = 'Organization'
  RETURN party, r, c
}
RETURN ref.kind AS kind, ref.id AS of, labels(party) AS labels, c.id AS convention, properties(r) AS props,
  CASE WHEN party:Country THEN ` + projectionOf("party", cybercoop.KindCountry, nil, "") + `
    ELSE ` + projectionOf("party", cybercoop.KindOrganization, nil, "") + ` END AS party`

// Steps are the accession steps of a convention, a country or an organisation, and the parties that took them.
type Steps struct {
	Steps   []cybercoop.Accession
	Parties map[cybercoop.Ref]cybercoop.Entity
}

// Accessions returns the accession steps of each convention, country or organisation asked for, oldest first
// (cybercoop.SortAccessions), sorted once for every reader. Refs of other kinds have none.
func (s *Store) Accessions(ctx context.Context, refs []cybercoop.Ref) (map[cybercoop.Ref]Steps, error) {
	rows := make([]map[string]any, len(refs))
	for i, r := range refs {
		rows[i] = map[string]any{"kind": string(r.Kind), "id": r.ID}
	}
	res, err := s.read(ctx, "accessions", accessionsQuery, map[string]any{"refs": rows})
	if err != nil {
		return nil, wrap(err, "accession steps")
	}
	out := make(map[cybercoop.Ref]Steps, len(refs))
	for _, rec := range res.Records {
		m := rec.AsMap()
		kind, _ := m["kind"].(string)
		of, _ := m["of"].(string)
		labels, _ := m["labels"].([]any)
		partyProps, _ := m["party"].(map[string]any)
		conventionID, _ := m["convention"].(string)
		stepProps, _ := m["props"].(map[string]any)
		party := decodeEntity(entityLabel(labels), props(partyProps))
		if party == nil {
			continue // a party of no kind the graph knows: the loader writes none
		}
		a := accessionOf(props(stepProps))
		a.Party, a.ConventionID = party.Ref(), conventionID
		ref := cybercoop.Ref{Kind: cybercoop.Kind(kind), ID: of}
		steps := out[ref]
		if steps.Parties == nil {
			steps.Parties = map[cybercoop.Ref]cybercoop.Entity{}
		}
		steps.Steps = append(steps.Steps, a)
		steps.Parties[a.Party] = party
		out[ref] = steps
	}
	for _, steps := range out {
		cybercoop.SortAccessions(steps.Steps)
	}
	return out, nil
}

// accessionOf reads the properties of an ACCESSION relationship as a step, its ends left for the caller.
func accessionOf(p props) cybercoop.Accession {
	return cybercoop.Accession{Status: p.str("status"), Date: p.optStr("date"), PeriodStart: p.optStr("periodStart"),
		PeriodEnd: p.optStr("periodEnd"), CertainBy: p.optStr("certainBy"), EntryIntoForce: p.optStr("entryIntoForce"),
		Conflict: p.optStr("conflict"), Note: p.optStr("note"), Sources: p.sources()}
}
