package store

import (
	"context"
	"fmt"

	"github.com/cybercoop/cybercoop"
)

// CollaboratorQuery asks who worked with an entity: via shared activities, shared projects or both, keeping some
// kinds of collaborator, counting activities in a date window (ISO days, "" for open), one page.
type CollaboratorQuery struct {
	Of          cybercoop.Ref
	ViaActivity bool
	ViaProject  bool
	Kinds       []cybercoop.Kind
	From, To    string
	Page        Page
	// Evidence asks for the ids of the shared activities (EvidenceIDs); without it they are left out, and a hub's
	// thousands of shared activities are not read for a page of names and weights.
	Evidence bool
	// Read names the properties to read of the collaborators and their shared projects (Properties only).
	Read Selection
}

// activityLinks and projectLinks are the relationship types that attach each kind of entity to activities and,
// directly, to projects.
var (
	activityLinks = map[cybercoop.Kind][]string{
		cybercoop.KindCountry:      {"HELD_IN", "FOR"},
		cybercoop.KindOrganization: {"INVOLVED"},
		cybercoop.KindProject:      {"PART_OF"},
	}
	projectLinks = map[cybercoop.Kind][]string{
		cybercoop.KindCountry:      {"TARGETS", "FUNDED_BY", "PARTNER"},
		cybercoop.KindOrganization: {"FUNDED_BY", "IMPLEMENTED_BY", "PARTNER"},
	}
)

// collaboratorsQuery: A(x) are x's activities in the window; P(x) its projects, directly or through A(x) (a project's
// is itself). Candidates share an activity of A(x) or a project of P(x) (attached to it directly or through its
// activities, or being it). Who a project brings does not depend on the window: it is read from the projection's
// members of the project (HAS_MEMBER), not from the project's activities, which for a large project are hundreds
// of thousands of rows. The rows are UNION ALL, not UNION: the collects after it drop the repeats, and a UNION's
// distinct rows would hold a copy of A(x) each (at 1000x copies, INTERPOL's collaborators since 2018 ran out of
// transaction memory).
// Collaborators and shared projects are read with the properties that properties names for their kinds.
func collaboratorsQuery(kind cybercoop.Kind, properties map[cybercoop.Kind][]string) string {
	return `
MATCH (x:` + string(kind) + ` {id: $id})
OPTIONAL MATCH (a:Activity)-[ra]->(x)
  WHERE type(ra) IN $activityLinks AND ($from IS NULL OR a.endDay >= $from) AND ($to IS NULL OR a.startDay <= $to)
WITH x, collect(DISTINCT a) AS ax
WITH x, ax, CASE WHEN x:Project THEN [x] ELSE COLLECT {
    MATCH (p:Project)-[rp]->(x) WHERE type(rp) IN $projectLinks RETURN p
    UNION
    UNWIND ax AS a MATCH (a)-[:PART_OF]->(p:Project) RETURN p
  } END AS px
CALL (x, ax, px) {
  UNWIND CASE WHEN $viaActivity THEN ax ELSE [] END AS a
  MATCH (a)-[:HELD_IN|FOR|INVOLVED|PART_OF]->(y) WHERE y <> x
  RETURN y, a AS act, null AS proj
  UNION ALL
  UNWIND CASE WHEN $viaProject THEN px ELSE [] END AS p
  MATCH (:Party {key: $projection + '|Project:' + p.id})-[:HAS_MEMBER]->(m:Party)
  ` + entityOfParty("m", "y") + `
  WITH y, p WHERE y <> x
  RETURN y, null AS act, p AS proj
}
WITH y, collect(DISTINCT act) AS acts, collect(DISTINCT proj) AS projects
WHERE any(l IN labels(y) WHERE l IN $kinds)
WITH y, acts, projects ORDER BY size(acts) + size(projects) DESC, coalesce(y.name, y.title, y.id)
WITH collect({y: y, acts: acts, projects: projects}) AS rows
WITH size(rows) AS total, rows[$skip..$skip + $limit] AS page
// Evidence is the shared activities only: a shared project is shown as a shared project, never as activities the
// collaborator did not take part in, so dates and evidence always describe work they did together.
CALL (page) {
  UNWIND page AS row
  WITH row, row.y AS y, COLLECT { UNWIND row.acts AS a WITH a ORDER BY a.startDay, a.id RETURN a } AS evidence
  RETURN collect({node: ` + withLabelsAnd("y", properties, "") + `, sharedActivities: size(evidence),
    projects: [p IN row.projects | ` + withLabelsAnd("p", properties, "") + `], evidence: [a IN evidence | a.id],
    first: reduce(m = null, a IN evidence | CASE WHEN m IS NULL OR a.startDay < m THEN a.startDay ELSE m END),
    last: reduce(m = null, a IN evidence | CASE WHEN m IS NULL OR a.endDay > m THEN a.endDay ELSE m END)}) AS items
}
RETURN total, items AS page`
}

// projectedCollaboratorsQuery answers what collaboratorsQuery does, without a date window, from the collaborations
// projection (collaborations.go) of the pinned data version: x's shared-activity pairs and the members of x's
// projects, then the page's entities by their ids, read as properties says.
func projectedCollaboratorsQuery(properties map[cybercoop.Kind][]string) string {
	return `
MATCH (x:Party {key: $projection + '|' + $key})
CALL (x) {
  MATCH (x)-[s:SHARES_ACTIVITIES]->(y) WHERE $viaActivity AND ($anyKind OR y.kind IN $kinds)
  RETURN y, s.count AS shared, s AS pair, [] AS projects
  UNION ALL
  MATCH (x)-[:IN_PROJECT]->(p)-[:HAS_MEMBER]->(y) WHERE $viaProject AND y <> x AND ($anyKind OR y.kind IN $kinds)
  RETURN y, 0 AS shared, null AS pair, collect(p.id) AS projects
}
WITH y, sum(shared) AS shared, head(collect(pair)) AS pair, collect(projects) AS projects
WITH y, shared, pair, reduce(acc = [], p IN projects | acc + p) AS projects
ORDER BY shared + size(projects) DESC, y.name, y.id
WITH collect({kind: y.kind, id: y.id, shared: shared, pair: pair, projects: projects}) AS rows
WITH size(rows) AS total, rows[$skip..$skip + $limit] AS page
` + collaboratorsPage(properties)
}

// rankedCollaboratorsQuery answers projectedCollaboratorsQuery with every kind and both ways: the page is a slice
// of the list of x's collaborators the load ranked (rankCollaborators), so only the page's pairs and shared
// projects are read, however many collaborators x has.
func rankedCollaboratorsQuery(properties map[cybercoop.Kind][]string) string {
	return `
OPTIONAL MATCH (x:Party {key: $projection + '|' + $key})
WITH x, coalesce(x.ranked, []) AS ranked
WITH x, size(ranked) AS total, ranked[$skip..$skip + $limit] AS keys
CALL (x, keys) {
  UNWIND range(0, size(keys) - 1) AS i
  MATCH (y:Party {key: $projection + '|' + keys[i]})
  OPTIONAL MATCH (x)-[s:SHARES_ACTIVITIES]->(y)
  WITH i, y, s, COLLECT { MATCH (x)-[:IN_PROJECT]->(p)-[:HAS_MEMBER]->(y) RETURN p.id } AS projects
  ORDER BY i
  RETURN collect({kind: y.kind, id: y.id, shared: coalesce(s.count, 0), pair: s, projects: projects}) AS page
}
` + collaboratorsPage(properties)
}

// collaboratorsPage reads the entities of a page of projected collaborators (rows of kind, id, shared count, the
// SHARES_ACTIVITIES pair and the shared projects' ids) with the properties asked for, after total and page.
func collaboratorsPage(properties map[cybercoop.Kind][]string) string {
	return `CALL (page) {
  UNWIND range(0, size(page) - 1) AS i
  WITH i, page[i] AS row
  ` + entityOfParty("row", "n") + `
  WITH i, row, n ORDER BY i
  RETURN collect({node: ` + withLabelsAnd("n", properties, "") + `, sharedActivities: row.shared,
    projects: COLLECT { UNWIND row.projects AS id MATCH (p:Project {id: id}) RETURN ` + withLabelsAnd("p", properties, "") + ` },
    evidence: CASE WHEN $evidence THEN coalesce(row.pair.evidence, []) ELSE [] END,
    first: row.pair.first, last: row.pair.last}) AS items
}
RETURN total, items AS page`
}

// entityOfParty is a subquery that finds, as entity, the country, organisation or project that party (a map or
// node with kind and id, as the projection's parties and rows are) stands for: one unique-id lookup, under the
// label that its kind names.
func entityOfParty(party, entity string) string {
	return fmt.Sprintf(`CALL (%[1]s) {
    MATCH (%[2]s:Country {id: %[1]s.id}) WHERE %[1]s.kind = 'Country' RETURN %[2]s
    UNION ALL
    MATCH (%[2]s:Organization {id: %[1]s.id}) WHERE %[1]s.kind = 'Organization' RETURN %[2]s
    UNION ALL
    MATCH (%[2]s:Project {id: %[1]s.id}) WHERE %[1]s.kind = 'Project' RETURN %[2]s
  }`, party, entity)
}

// Collaborators returns one page of the entities that worked with q.Of, heaviest first, and their number. Without
// a date window it reads the collaborations projection; with one, the activities themselves. An unknown entity is
// an ENOTFOUND error.
func (s *Store) Collaborators(ctx context.Context, q CollaboratorQuery) (List[cybercoop.Collaborator], error) {
	return s.collaborators(ctx, q, q.From == "" && q.To == "")
}

func (s *Store) collaborators(ctx context.Context, q CollaboratorQuery, projected bool) (List[cybercoop.Collaborator], error) {
	if _, ok := activityLinks[q.Of.Kind]; !ok {
		return List[cybercoop.Collaborator]{}, cybercoop.Errorf(cybercoop.EINVALID,
			"collaborators are found for countries, organizations and projects, not for a %s", q.Of.Kind)
	}
	// One pin for every statement: the projection is the one of the slot read.
	p, err := s.pinOf(ctx)
	if err != nil {
		return List[cybercoop.Collaborator]{}, err
	}
	ctx = withPin(ctx, p)
	kinds := q.Kinds
	if len(kinds) == 0 {
		kinds = []cybercoop.Kind{cybercoop.KindCountry, cybercoop.KindOrganization, cybercoop.KindProject}
	}
	labels := make(labelsParam, len(kinds))
	for i, k := range kinds {
		labels[i] = string(k)
	}
	projectLinksOf := projectLinks[q.Of.Kind]
	if projectLinksOf == nil {
		projectLinksOf = []string{}
	}
	params := map[string]any{"id": q.Of.ID, "activityLinks": activityLinks[q.Of.Kind], "projectLinks": projectLinksOf,
		"from": nilIfEmpty(q.From), "to": nilIfEmpty(q.To), "viaActivity": q.ViaActivity, "viaProject": q.ViaProject,
		"kinds": labels, "skip": q.Page.Offset, "limit": q.Page.Limit, "evidence": q.Evidence, "projection": p.projection}
	query := collaboratorsQuery(q.Of.Kind, q.Read.Properties)
	if projected {
		query, params["key"] = projectedCollaboratorsQuery(q.Read.Properties), keyOf(string(q.Of.Kind), q.Of.ID)
		if len(q.Kinds) == 0 && q.ViaActivity && q.ViaProject {
			query = rankedCollaboratorsQuery(q.Read.Properties)
		}
		params["anyKind"] = len(q.Kinds) == 0 // every collaborator is of a kind asked for: no property read per row
		params["kinds"] = []string(labels)    // the projection's kinds are plain labels
	}
	res, err := s.read(ctx, "collaborators", query, params)
	if err != nil {
		return List[cybercoop.Collaborator]{}, wrap(err, "collaborators of %s", q.Of)
	}
	if total, _ := res.Records[0].Get("total"); total == int64(0) {
		// Nobody, or no such entity: only then is it worth a statement to tell which.
		if _, err := s.Entity(ctx, q.Of); err != nil {
			return List[cybercoop.Collaborator]{}, err
		}
	}
	total, _ := res.Records[0].Get("total")
	page, _ := res.Records[0].Get("page")
	out := List[cybercoop.Collaborator]{Total: int(total.(int64))}
	for _, item := range page.([]any) {
		m := props(item.(map[string]any))
		c := cybercoop.Collaborator{
			Of: q.Of, Node: decodeNode(m["node"]), SharedActivityCount: int(m["sharedActivities"].(int64)),
			FirstDate: m.optStr("first"), LastDate: m.optStr("last"),
		}
		if q.Evidence {
			c.EvidenceIDs = m.strs("evidence")
		}
		for _, p := range m["projects"].([]any) {
			c.Projects = append(c.Projects, decodeNode(p).(cybercoop.Project))
		}
		c.SharedProjectCount = len(c.Projects)
		out.Items = append(out.Items, c)
	}
	return out, nil
}
