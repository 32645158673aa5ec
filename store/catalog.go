package store

import (
	"context"

	"github.com/cybercoop/cybercoop"
)

// Queries on the catalogue of the graph: sources, conventions and projects.

const sourcesQuery = `MATCH (n:Source) WHERE $ids IS NULL OR n.id IN $ids RETURN n {.*} AS n ORDER BY n.id`

// Sources returns the source documents with the given ids (all of them when ids is nil), ordered by id.
// Unknown ids are left out.
func (s *Store) Sources(ctx context.Context, ids []string) ([]cybercoop.Source, error) {
	params := map[string]any{"ids": nil} // a nil slice would be sent as an empty list, not as null
	if ids != nil {
		params["ids"] = ids
	}
	found, err := collect(ctx, s, sourcesQuery, params, decodeSource)
	if err != nil {
		return nil, wrap(err, "list sources")
	}
	return found, nil
}

func decodeSource(p props) cybercoop.Source {
	return cybercoop.Source{
		ID: p.str("id"), Title: p.str("title"), Publisher: p.str("publisher"), Date: p.optStr("date"),
		Reference: p.optStr("reference"), File: p.str("file"), Language: p.str("language"),
	}
}

const conventionsQuery = `
MATCH (n:Convention) WHERE $id IS NULL OR n.id = $id
OPTIONAL MATCH (n)-[:PROTOCOL_OF]->(parent:Convention)
RETURN n {.*, protocolOf: parent.id} AS n ORDER BY n.name`

// Conventions returns every convention, ordered by name.
func (s *Store) Conventions(ctx context.Context) ([]cybercoop.Convention, error) {
	found, err := collect(ctx, s, conventionsQuery, map[string]any{"id": nil}, decodeConvention)
	if err != nil {
		return nil, wrap(err, "list conventions")
	}
	return found, nil
}

// Convention returns the convention with the given id, or an ENOTFOUND error.
func (s *Store) Convention(ctx context.Context, id string) (cybercoop.Convention, error) {
	found, err := collect(ctx, s, conventionsQuery, map[string]any{"id": id}, decodeConvention)
	if err != nil {
		return cybercoop.Convention{}, wrap(err, "find convention %q", id)
	}
	return one(found, "convention", id)
}

func decodeConvention(p props) cybercoop.Convention {
	return cybercoop.Convention{
		ID: p.str("id"), TreatyNumber: p.optStr("treatyNumber"), Name: p.str("name"), NameFr: p.optStr("nameFr"),
		ShortName: p.optStr("shortName"), OpenedForSignature: p.optStr("openedForSignature"), Body: p.optStr("body"),
		ProtocolOf: p.str("protocolOf"), Sources: p.sources(),
	}
}

const projectsQuery = `
MATCH (n:Project) WHERE $id IS NULL OR n.id = $id
RETURN n {.*} AS n ORDER BY n.start, n.name`

// Projects returns every project, oldest first.
func (s *Store) Projects(ctx context.Context) ([]cybercoop.Project, error) {
	found, err := collect(ctx, s, projectsQuery, map[string]any{"id": nil}, decodeProject)
	if err != nil {
		return nil, wrap(err, "list projects")
	}
	return found, nil
}

// Project returns the project with the given id, or an ENOTFOUND error.
func (s *Store) Project(ctx context.Context, id string) (cybercoop.Project, error) {
	found, err := collect(ctx, s, projectsQuery, map[string]any{"id": id}, decodeProject)
	if err != nil {
		return cybercoop.Project{}, wrap(err, "find project %q", id)
	}
	return one(found, "project", id)
}

func decodeProject(p props) cybercoop.Project {
	return cybercoop.Project{
		ID: p.str("id"), Code: p.optStr("code"), Name: p.str("name"), Aliases: p.strs("aliases"), Title: p.optStr("title"),
		Start: p.optStr("start"), End: p.optStr("end"), BudgetEUR: p.float("budgetEUR"), Status: p.str("status"),
		Area: p.optStr("area"), FundingType: p.optStr("fundingType"), Sources: p.sources(),
	}
}
