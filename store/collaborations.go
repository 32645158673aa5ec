package store

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/cybercoop/cybercoop"
)

// The collaborations projection answers collaborators(of:) without a date window by an index lookup and a walk
// over the entity's own part of it, whatever the hub. It is computed from the dataset at load time and lives on
// nodes of its own label, apart from the knowledge graph, so that paths, neighbourhoods and relations never see it:
//
//	(:Party {key, token, kind, id, name, ranked})   one per entity in a collaboration; key is token|Kind:id;
//	                                        ranked, its collaborators' Kind:id, heaviest first (rankCollaborators)
//	(x)-[:SHARES_ACTIVITIES {count, evidence, first, last}]->(y)   x's activities that y takes part in, oldest first
//	(x)-[:IN_PROJECT]->(p)                  the projects x works in (a project's is itself)
//	(p)-[:HAS_MEMBER]->(y)                  who a shared project brings as collaborator (the project itself too)
//
// It is several times the size of the graph's own relationships. Load writes it in small transactions under a
// fresh token, which its switch makes the data version's projection, so readers switch to the new data and its
// projection in one step; a pin (slot.go) keeps the token of its version, and the projection of the slot switched
// away from is kept for its readers until the next load. Projections of other tokens are deleted after a load.
// The sets follow collaboratorsQuery exactly (TestCollaborationsProjection compares both on the real seeds).

// derivedFormat starts every projection token and names the format of all a load derives from the data (this
// projection, the route map of routes.go, the activity lists and search names of activitylists.go): a database
// loaded with another format (or before these existed) is written again by the next load, even when the data is
// unchanged.
const derivedFormat = "derived-7-"

// activityParticipation and projectMembership are the relationship types collaboratorsQuery follows from an
// activity, and from a project, to the collaborators they bring.
var (
	activityParticipation = []string{"HELD_IN", "FOR", "INVOLVED", "PART_OF"}
	projectMembership     = []string{"TARGETS", "FUNDED_BY", "IMPLEMENTED_BY", "PARTNER"}
)

type partyKey = string

func keyOf(label, id string) partyKey { return label + ":" + id }

// projection holds the rows to write, computed from a dataset.
type projection struct {
	parties, shared, inProject, members []map[string]any
}

// projectCollaborations computes the collaborations projection of data.
func projectCollaborations(data cybercoop.Dataset) projection {
	nodes := map[partyKey]cybercoop.Node{}
	for _, n := range data.Nodes {
		nodes[keyOf(n.Label, n.ID)] = n
	}
	// What each activity is attached to, and what each project is attached to or attached from.
	activityTargets := map[partyKey][]cybercoop.Relationship{}
	projectTargets := map[partyKey][]partyKey{}
	projectActivities := map[partyKey][]partyKey{}
	directProjects := map[partyKey][]partyKey{} // x -> projects attached to x by projectLinks
	for _, r := range data.Relationships {
		from, to := keyOf(r.FromLabel, r.FromID), keyOf(r.ToLabel, r.ToID)
		switch {
		case r.FromLabel == "Activity" && slices.Contains(activityParticipation, r.Type):
			activityTargets[from] = append(activityTargets[from], r)
			if r.Type == "PART_OF" && r.ToLabel == string(cybercoop.KindProject) {
				projectActivities[to] = append(projectActivities[to], from)
			}
		case r.FromLabel == string(cybercoop.KindProject):
			if slices.Contains(projectMembership, r.Type) && canCollaborate(r.ToLabel) {
				projectTargets[from] = append(projectTargets[from], to)
			}
			if slices.Contains(projectLinks[cybercoop.Kind(r.ToLabel)], r.Type) {
				directProjects[to] = append(directProjects[to], from)
			}
		}
	}

	// Shared activities: for every activity, each entity it is attached to by its kind's activity link shares it
	// with every other entity the activity reaches.
	shared := map[[2]partyKey][]partyKey{}
	projectsOf := map[partyKey]map[partyKey]bool{}
	addProject := func(x, p partyKey) {
		if projectsOf[x] == nil {
			projectsOf[x] = map[partyKey]bool{}
		}
		projectsOf[x][p] = true
	}
	for activity, targets := range activityTargets {
		for _, rx := range targets {
			if !slices.Contains(activityLinks[cybercoop.Kind(rx.ToLabel)], rx.Type) {
				continue
			}
			x := keyOf(rx.ToLabel, rx.ToID)
			for _, ry := range targets {
				if y := keyOf(ry.ToLabel, ry.ToID); y != x && canCollaborate(ry.ToLabel) {
					shared[[2]partyKey{x, y}] = append(shared[[2]partyKey{x, y}], activity)
				}
				if ry.Type == "PART_OF" && ry.ToLabel == string(cybercoop.KindProject) {
					addProject(x, keyOf(ry.ToLabel, ry.ToID))
				}
			}
		}
	}
	for x, projects := range directProjects {
		for _, p := range projects {
			addProject(x, p)
		}
	}

	var out projection
	parties := map[partyKey]bool{}
	party := func(k partyKey) {
		if parties[k] {
			return
		}
		parties[k] = true
		n := nodes[k]
		out.parties = append(out.parties, map[string]any{"key": k, "kind": n.Label, "id": n.ID, "name": sortName(n)})
	}
	for pair, activities := range shared {
		party(pair[0])
		party(pair[1])
		activities = uniqueSorted(activities, func(a, b partyKey) int {
			return cmp.Or(compareDays(nodes[a].Props["startDay"], nodes[b].Props["startDay"]), cmp.Compare(nodes[a].ID, nodes[b].ID))
		})
		evidence := make([]string, len(activities))
		var first, last any
		for i, a := range activities {
			evidence[i] = nodes[a].ID
			if day, ok := nodes[a].Props["startDay"].(string); ok && (first == nil || day < first.(string)) {
				first = day
			}
			if day, ok := nodes[a].Props["endDay"].(string); ok && (last == nil || day > last.(string)) {
				last = day
			}
		}
		out.shared = append(out.shared, map[string]any{"from": pair[0], "to": pair[1], "evidence": evidence,
			"first": first, "last": last})
	}
	for _, n := range data.Nodes {
		x := keyOf(n.Label, n.ID)
		if n.Label == string(cybercoop.KindProject) {
			projectsOf[x] = map[partyKey]bool{x: true}
		}
		for p := range projectsOf[x] {
			party(x)
			party(p)
			out.inProject = append(out.inProject, map[string]any{"from": x, "to": p})
		}
	}
	for _, n := range data.Nodes {
		p := keyOf(n.Label, n.ID)
		if n.Label != string(cybercoop.KindProject) || !parties[p] {
			continue
		}
		members := map[partyKey]bool{p: true}
		for _, y := range projectTargets[p] {
			members[y] = true
		}
		for _, a := range projectActivities[p] {
			for _, r := range activityTargets[a] {
				if r.Type != "PART_OF" && canCollaborate(r.ToLabel) {
					members[keyOf(r.ToLabel, r.ToID)] = true
				}
			}
		}
		for y := range members {
			party(y)
			out.members = append(out.members, map[string]any{"from": p, "to": y})
		}
	}
	rankCollaborators(out, nodes)
	return out
}

// rankCollaborators stores on each party its collaborators, heaviest first, as the projected collaborators query
// orders them (shared activities plus shared projects, descending, then name and id), so that the first page of
// collaborators with no filter is a slice of a list, whatever the number of collaborators.
func rankCollaborators(out projection, nodes map[partyKey]cybercoop.Node) {
	weight := map[partyKey]map[partyKey]int{}
	add := func(x, y partyKey, w int) {
		if weight[x] == nil {
			weight[x] = map[partyKey]int{}
		}
		weight[x][y] += w
	}
	for _, row := range out.shared {
		add(row["from"].(partyKey), row["to"].(partyKey), len(row["evidence"].([]string)))
	}
	members := map[partyKey][]partyKey{}
	for _, row := range out.members {
		members[row["from"].(partyKey)] = append(members[row["from"].(partyKey)], row["to"].(partyKey))
	}
	for _, row := range out.inProject {
		x, p := row["from"].(partyKey), row["to"].(partyKey)
		for _, y := range members[p] {
			if y != x {
				add(x, y, 1)
			}
		}
	}
	for _, party := range out.parties {
		x := party["key"].(partyKey)
		ranked := make([]partyKey, 0, len(weight[x]))
		for y := range weight[x] {
			ranked = append(ranked, y)
		}
		slices.SortFunc(ranked, func(a, b partyKey) int {
			return cmp.Or(cmp.Compare(weight[x][b], weight[x][a]), cmp.Compare(sortName(nodes[a]), sortName(nodes[b])),
				cmp.Compare(nodes[a].ID, nodes[b].ID))
		})
		party["ranked"] = ranked
	}
}

// canCollaborate says whether entities of a label can be collaborators: those collaborators are asked about. The
// loader (loader/spec.go) only attaches activities and projects to these, so nothing the direct query would find is
// left out.
func canCollaborate(label string) bool {
	_, ok := activityLinks[cybercoop.Kind(label)]
	return ok
}

// sortName is what collaboratorsQuery orders equal weights by: coalesce(name, title, id).
func sortName(n cybercoop.Node) string {
	for _, key := range []string{"name", "title"} {
		if s, ok := n.Props[key].(string); ok {
			return s
		}
	}
	return n.ID
}

// compareDays orders ISO days as Cypher's ORDER BY does: nulls last.
func compareDays(a, b any) int {
	as, aok := a.(string)
	bs, bok := b.(string)
	switch {
	case aok && bok:
		return cmp.Compare(as, bs)
	case aok:
		return -1
	case bok:
		return 1
	}
	return 0
}

func uniqueSorted(keys []partyKey, compare func(a, b partyKey) int) []partyKey {
	keys = slices.Clone(keys)
	slices.SortFunc(keys, func(a, b partyKey) int { return cmp.Or(compare(a, b), cmp.Compare(a, b)) })
	return slices.Compact(keys)
}

// stageCollaborations writes a collaborations projection under token, in transactions of at most size rows, each
// of which must write all its rows. Nothing reads it until a load sets the data version's projection to it.
func (s *Store) stageCollaborations(ctx context.Context, proj projection, token string, size int, l *lease) error {
	steps := []struct {
		query, kind string
		rows        []map[string]any
	}{
		{`UNWIND $rows AS row
CREATE (p:Party {key: $token + '|' + row.key, token: $token, kind: row.kind, id: row.id, name: row.name,
  ranked: row.ranked})
RETURN count(p) AS written`, "", proj.parties},
		{`UNWIND $rows AS row MATCH (x:Party {key: $token + '|' + row.from}) MATCH (y:Party {key: $token + '|' + row.to})
CREATE (x)-[r:SHARES_ACTIVITIES {count: size(row.evidence), evidence: row.evidence, first: row.first, last: row.last}]->(y)
RETURN count(r) AS written`, "SHARES_ACTIVITIES", proj.shared},
		{`UNWIND $rows AS row MATCH (x:Party {key: $token + '|' + row.from}) MATCH (p:Party {key: $token + '|' + row.to})
CREATE (x)-[r:IN_PROJECT]->(p)
RETURN count(r) AS written`, "IN_PROJECT", proj.inProject},
		{`UNWIND $rows AS row MATCH (p:Party {key: $token + '|' + row.from}) MATCH (y:Party {key: $token + '|' + row.to})
CREATE (p)-[r:HAS_MEMBER]->(y)
RETURN count(r) AS written`, "HAS_MEMBER", proj.members},
	}
	for _, step := range steps {
		for batch := range batches(step.rows, size) {
			written, _, err := l.write(ctx, "stage_collaborations", step.query, map[string]any{"rows": batch, "token": token})
			if err != nil {
				return fmt.Errorf("project collaborations: %w", err)
			}
			if written != len(batch) {
				return fmt.Errorf("project collaborations: %d of %d rows written (%s)", written, len(batch),
					cmp.Or(step.kind, "parties"))
			}
		}
	}
	return nil
}

// stagedCounts are what a load stages under its projection token: the parties, by key (the collaborations'
// parties and the route map's waypoints are the same nodes), the meetings, and the relationships per type.
type stagedCounts struct {
	parties  map[partyKey]bool
	meetings int
	rels     map[string]int
}

// stagedOf returns what a load stages for a collaborations projection and a route map.
func stagedOf(proj projection, routes routeMap) stagedCounts {
	c := stagedCounts{parties: map[partyKey]bool{}, meetings: len(routes.meetings), rels: map[string]int{
		"SHARES_ACTIVITIES": len(proj.shared), "IN_PROJECT": len(proj.inProject), "HAS_MEMBER": len(proj.members),
		"LINK": len(routes.links), "MEETS": 2 * len(routes.meetings)}}
	for _, rows := range [][]map[string]any{proj.parties, routes.waypoints} {
		for _, row := range rows {
			c.parties[row["key"].(partyKey)] = true
		}
	}
	return c
}

// checkStaged counts what the database holds under the projection token and compares it with what the load staged:
// a party or relationship missing (deleted by anything since it was written) would make a reader of the new version
// miss collaborators or routes, so the load does not switch to it.
func (s *Store) checkStaged(ctx context.Context, token string, want stagedCounts) error {
	const countStaged = `
MATCH (p:Party {token: $token})
RETURN count(p) AS parties, sum(COUNT { (p)-[:MEETS]->() }) AS meets,
  sum(COUNT { (p)-[:SHARES_ACTIVITIES]->() }) AS shares, sum(COUNT { (p)-[:IN_PROJECT]->() }) AS inProject,
  sum(COUNT { (p)-[:HAS_MEMBER]->() }) AS members, sum(COUNT { (p)-[:LINK]->() }) AS links`
	res, err := s.writeAs(ctx, "check_staged", countStaged, map[string]any{"token": token})
	if err != nil {
		return fmt.Errorf("count the staged collaborations and routes: %w", err)
	}
	m := res.Records[0].AsMap()
	got := map[string]int64{"parties": m["parties"].(int64), "MEETS": m["meets"].(int64),
		"SHARES_ACTIVITIES": m["shares"].(int64), "IN_PROJECT": m["inProject"].(int64),
		"HAS_MEMBER": m["members"].(int64), "LINK": m["links"].(int64)}
	expected := map[string]int64{"parties": int64(len(want.parties) + want.meetings)}
	for _, typ := range []string{"MEETS", "SHARES_ACTIVITIES", "IN_PROJECT", "HAS_MEMBER", "LINK"} {
		expected[typ] = int64(want.rels[typ])
	}
	if !maps.Equal(got, expected) {
		return fmt.Errorf("the collaborations and routes staged hold %v, the load wrote %v", got, expected)
	}
	return nil
}

// dropStaleCollaborations deletes, while the load holds the lease, every projection but the data version's and the
// previous one, which readers pinned to the slot switched away from still use, a few parties per transaction:
// those of earlier loads, and those staged by loads that failed. No other load stages one meanwhile: it would need
// the lease.
func (s *Store) dropStaleCollaborations(ctx context.Context, l *lease) error {
	const drop = `
OPTIONAL MATCH (v:DataVersion {id: 'current'})
MATCH (p:Party) WHERE NOT coalesce(p.token IN [v.projection, v.previousProjection], false)
WITH p LIMIT 200
DETACH DELETE p
RETURN count(*) AS written`
	for {
		deleted, _, err := l.write(ctx, "drop_collaborations", drop, nil)
		if err != nil {
			return fmt.Errorf("delete stale collaborations: %w", err)
		}
		if deleted == 0 {
			return nil
		}
	}
}

// dropOwnProjection deletes what a load that failed staged under its projection token, with or without the lease:
// the token is the load's own. A token the data version names (a switch whose answer was lost) is kept.
func (s *Store) dropOwnProjection(ctx context.Context, token string) error {
	const drop = `
OPTIONAL MATCH (v:DataVersion {id: 'current'})
WITH v WHERE NOT coalesce($token IN [v.projection, v.previousProjection], false)
MATCH (p:Party {token: $token})
WITH p LIMIT 200
DETACH DELETE p
RETURN count(*) AS deleted`
	for {
		res, err := s.writeAs(ctx, "drop_collaborations", drop, map[string]any{"token": token})
		if err != nil {
			return fmt.Errorf("delete this load's collaborations: %w", err)
		}
		if deleted, _ := res.Records[0].Get("deleted"); deleted == int64(0) {
			return nil
		}
	}
}
