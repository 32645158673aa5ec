package store

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cybercoop/cybercoop"
)

// The route map answers paths without walking the activities of the hubs on the way, which grow with every
// inventory: it is the graph with its activities folded away, a little larger than the graph's entities and as
// large whatever the number of activities. It is derived at load time, under the data version's projection token
// (collaborations.go), beside the collaborations projection:
//
//	(:Party {key, eid})              every entity but activities; eid is the graph node's element id
//	(x)-[:LINK {evidence, rel}]-(y)  the best-sourced relationship joining two entities (rel: its element id)
//	(x)-[:MEETS {rels}]->(m)<-[:MEETS {rels}]-(y)
//	                                 (m:Party {kind: 'Meeting', activities, evidence}): the activities x and y
//	                                 both take part in, the best-sourced MaxRoutes of them; rels are the element
//	                                 ids of their relationships to x (and to y), in the same order
//
// A meeting stands for the two hops of x -> activity -> y, so that a route's length on the map is its length in
// the graph: the shortest routes on the map are the shortest in the graph. The graph's routes through a meeting
// are its activities; a route's evidence is its hops' cited sources, as distinctRoutes counts them.

// MaxRoutes is the most routes Paths returns for one question, and the most activities a meeting keeps.
const MaxRoutes = 20

// meetingKind is the kind of the parties that stand for meetings: no entity has it.
const meetingKind = "Meeting"

// routeMap holds the rows to write, computed from a dataset.
type routeMap struct {
	waypoints, links, meetings []map[string]any
}

// mapRoutes computes the route map of data.
func mapRoutes(data cybercoop.Dataset) routeMap {
	var out routeMap
	for _, n := range data.Nodes {
		if n.Label != string(cybercoop.KindActivity) {
			out.waypoints = append(out.waypoints, map[string]any{"key": keyOf(n.Label, n.ID), "kind": n.Label,
				"id": n.ID, "name": sortName(n)})
		}
	}
	// attached[a][x] is the best-sourced relationship from activity a to entity x; entities' own relationships
	// go to the links.
	attached := map[partyKey]map[partyKey]cybercoop.Relationship{}
	var between []cybercoop.Relationship
	for _, r := range data.Relationships {
		switch from, to := keyOf(r.FromLabel, r.FromID), keyOf(r.ToLabel, r.ToID); {
		case r.FromLabel == string(cybercoop.KindActivity):
			if attached[from] == nil {
				attached[from] = map[partyKey]cybercoop.Relationship{}
			}
			if b, ok := attached[from][to]; !ok || len(r.Sources) > len(b.Sources) {
				attached[from][to] = r
			}
		case r.ToLabel != string(cybercoop.KindActivity):
			between = append(between, r)
		}
	}
	out.links = mapLinks(between)
	out.meetings = mapMeetings(attached)
	return out
}

// mapLinks keeps, of the relationships between two entities, the best-sourced one of each pair (its type and
// direction: the load finds the relationship itself, any of equals, as they cite as much).
func mapLinks(between []cybercoop.Relationship) []map[string]any {
	best := map[[2]partyKey]cybercoop.Relationship{}
	var pairs [][2]partyKey
	for _, r := range between {
		from, to := keyOf(r.FromLabel, r.FromID), keyOf(r.ToLabel, r.ToID)
		pair := [2]partyKey{min(from, to), max(from, to)}
		b, ok := best[pair]
		if !ok {
			pairs = append(pairs, pair)
		}
		if !ok || len(r.Sources) > len(b.Sources) {
			best[pair] = r
		}
	}
	links := make([]map[string]any, len(pairs))
	for i, pair := range pairs {
		r := best[pair]
		links[i] = map[string]any{"from": keyOf(r.FromLabel, r.FromID), "to": keyOf(r.ToLabel, r.ToID), "type": r.Type}
	}
	return links
}

// mapMeetings makes a meeting of every two entities attached to the same activities: the best-sourced MaxRoutes
// of those activities (the evidence of the two hops through one), of equals the first by id.
func mapMeetings(attached map[partyKey]map[partyKey]cybercoop.Relationship) []map[string]any {
	type option struct {
		activity     string
		xType, yType string
		evidence     int
	}
	options := map[[2]partyKey][]option{}
	for activity, targets := range attached {
		_, id, _ := strings.Cut(activity, ":")
		for x, rx := range targets {
			for y, ry := range targets {
				if x < y {
					pair := [2]partyKey{x, y}
					options[pair] = append(options[pair], option{id, rx.Type, ry.Type, len(rx.Sources) + len(ry.Sources)})
				}
			}
		}
	}
	meetings := make([]map[string]any, 0, len(options))
	for pair, opts := range options {
		slices.SortFunc(opts, func(a, b option) int {
			return cmp.Or(cmp.Compare(b.evidence, a.evidence), cmp.Compare(a.activity, b.activity))
		})
		var activities, xTypes, yTypes []string
		var evidence []int
		for _, o := range opts[:min(len(opts), MaxRoutes)] {
			activities, xTypes, yTypes, evidence = append(activities, o.activity), append(xTypes, o.xType),
				append(yTypes, o.yType), append(evidence, o.evidence)
		}
		meetings = append(meetings, map[string]any{"x": pair[0], "y": pair[1], "activities": activities,
			"xTypes": xTypes, "yTypes": yTypes, "evidence": evidence})
	}
	return meetings
}

// entityByKind finds the graph node n of row.kind and row.id through its label's index, one branch per kind.
func entityByKind() string {
	var branches []string
	for _, k := range cybercoop.Kinds {
		branches = append(branches, fmt.Sprintf("  WITH row WHERE row.kind = '%s' MATCH (n:%s {id: row.id}) RETURN n", k, k))
	}
	return "CALL (row) {\n" + strings.Join(branches, "\n  UNION ALL\n") + "\n}"
}

// bestSourced is the relationship of a list that cites the most sources (of equals, the first).
func bestSourced(list string) string {
	return "reduce(m = null, r IN " + list + " | CASE WHEN m IS NULL OR size(coalesce(r.sources, [])) > size(coalesce(m.sources, [])) THEN r ELSE m END)"
}

// stageRoutes writes data's route map under token, in transactions of at most size rows, once the graph of the
// slot ctx is pinned to is written: the map names the graph's nodes and relationships by their element ids. Hubs
// are never expanded: links name their relationship type, and a meeting's relationships are found from its
// activities. Each transaction must write all its rows: a waypoint whose entity, a link whose relationship or a
// meeting whose activities the graph lacks is not written, and the load fails.
func (s *Store) stageRoutes(ctx context.Context, routes routeMap, token string, size int, l *lease) error {
	type step struct {
		query, kind string
		rows        []map[string]any
	}
	steps := []step{{`UNWIND $rows AS row
MERGE (p:Party {key: $token + '|' + row.key})
ON CREATE SET p.token = $token, p.kind = row.kind, p.id = row.id, p.name = row.name
WITH p, row
` + entityByKind() + `
SET p.eid = elementId(n)
RETURN count(p) AS written`, "", routes.waypoints}}
	linksOfType := map[string][]map[string]any{}
	for _, link := range routes.links {
		linksOfType[link["type"].(string)] = append(linksOfType[link["type"].(string)], link)
	}
	// Load has checked every relationship type (relationshipType) before it wrote them.
	for _, typ := range slices.Sorted(maps.Keys(linksOfType)) {
		steps = append(steps, step{`UNWIND $rows AS row
MATCH (x:Party {key: $token + '|' + row.from}), (y:Party {key: $token + '|' + row.to})
// Element ids bound before the MATCH that seeks them: as properties of x and y, Neo4j scans every node instead.
WITH x, y, x.eid AS aId, y.eid AS bId
MATCH (a) WHERE elementId(a) = aId
MATCH (b) WHERE elementId(b) = bId
WITH x, y, ` + bestSourced("COLLECT { MATCH (a)-[r:"+typ+"]->(b) RETURN r }") + ` AS r
WHERE r IS NOT NULL
CREATE (x)-[link:LINK {evidence: size(coalesce(r.sources, [])), rel: elementId(r)}]->(y)
RETURN count(link) AS written`, "LINK", linksOfType[typ]})
	}
	steps = append(steps, step{`UNWIND $rows AS row
MATCH (x:Party {key: $token + '|' + row.x}), (y:Party {key: $token + '|' + row.y})
CALL (row, x, y) {
  UNWIND range(0, size(row.activities) - 1) AS i
  MATCH (act:Activity {id: row.activities[i]})
  WITH i, row, x, y, act, COLLECT { MATCH (act)-[r]->() RETURN r } AS rels
  WITH i, act, ` + bestSourced("[r IN rels WHERE elementId(endNode(r)) = x.eid AND type(r) = row.xTypes[i]]") + ` AS rx,
       ` + bestSourced("[r IN rels WHERE elementId(endNode(r)) = y.eid AND type(r) = row.yTypes[i]]") + ` AS ry
  ORDER BY i
  RETURN collect(elementId(act)) AS activities, collect(elementId(rx)) AS xRels, collect(elementId(ry)) AS yRels
}
// collect leaves out what was not found: a meeting is written whole or not at all.
WITH row, x, y, activities, xRels, yRels
WHERE size(activities) = size(row.activities) AND size(xRels) = size(row.activities) AND size(yRels) = size(row.activities)
CREATE (x)-[:MEETS {rels: xRels}]->(m:Party {key: $token + '|meeting|' + row.x + '|' + row.y, token: $token,
  kind: '` + meetingKind + `', activities: activities, evidence: row.evidence})<-[:MEETS {rels: yRels}]-(y)
RETURN count(m) AS written`, "MEETS", routes.meetings})
	for _, step := range steps {
		for batch := range batches(step.rows, size) {
			written, _, err := l.write(ctx, "stage_routes", step.query, map[string]any{"rows": batch, "token": token})
			if err != nil {
				return fmt.Errorf("map routes: %w", err)
			}
			if written != len(batch) {
				return fmt.Errorf("map routes: %d of %d rows written (%s)", written, len(batch),
					cmp.Or(step.kind, "waypoints"))
			}
		}
	}
	return nil
}

// mapPathsQuery returns the statement that finds routes on the route map: the shortest for length 0, else simple
// ones of that length. An entity end is its party; an activity end, which the map does not hold, is each entity the
// activity is attached to, reached by the best-sourced relationship between them (its hop), so that the route's
// length is the map path's and one hop per activity end. Of the paths from every start to every end, the shortest
// routes are those of the least length. Kinds and lengths are validated: labels and bounds take no parameters.
func mapPathsQuery(from, to cybercoop.Kind, maxHops int, sel Selection) func(length int) string {
	ends := mapEnd("s", "from", from) + mapEnd("t", "to", to)
	activityEnds := 0
	for _, k := range []cybercoop.Kind{from, to} {
		if k == cybercoop.KindActivity {
			activityEnds++
		}
	}
	tail := routesOnMap(sel, maxHops)
	return func(length int) string {
		if length > 0 {
			return ends + fmt.Sprintf(`WITH * WHERE s <> t
MATCH p = (s)-[:LINK|MEETS*%d]-(t)
WHERE %s
WITH nodes(p) AS ns, relationships(p) AS rs, sAct, sHop, tAct, tHop LIMIT $scan`, length-activityEnds, simplePath) + tail
		}
		if activityEnds == 0 {
			return ends + fmt.Sprintf(`MATCH p = allShortestPaths((s)-[:LINK|MEETS*..%d]-(t))
WITH nodes(p) AS ns, relationships(p) AS rs, sAct, sHop, tAct, tHop LIMIT $scan`, maxHops) + tail
		}
		// An activity end's entity may be the other end, or another activity end's: a route with no map hop, as
		// long as maxHops allows its hops to the activities.
		sameParty := "s = t"
		if activityEnds > maxHops {
			sameParty = "false"
		}
		search := "CALL (s, t) {\n  WITH s, t WHERE " + sameParty + " RETURN [s] AS ns, [] AS rs"
		if bound := maxHops - activityEnds; bound > 0 {
			search += fmt.Sprintf(`
  UNION ALL
  WITH s, t WHERE s <> t
  MATCH p = allShortestPaths((s)-[:LINK|MEETS*..%d]-(t))
  WITH p LIMIT $scan
  RETURN nodes(p) AS ns, relationships(p) AS rs`, bound)
		}
		return ends + search + `
}
WITH collect({ns: ns, rs: rs, sAct: sAct, sHop: sHop, tAct: tAct, tHop: tHop}) AS found
WITH found, reduce(m = ` + fmt.Sprint(MaxHops) + `, f IN found | CASE WHEN size(f.rs) < m THEN size(f.rs) ELSE m END) AS least
UNWIND [f IN found WHERE size(f.rs) = least] AS f
WITH f.ns AS ns, f.rs AS rs, f.sAct AS sAct, f.sHop AS sHop, f.tAct AS tAct, f.tHop AS tHop LIMIT $scan` + tail
	}
}

// mapEnd finds one end of a route on the map, as party, with the activity and hop that lead to it (null for an
// entity end): party p, activity pAct, hop pHop for the end given by $param.
func mapEnd(p, param string, kind cybercoop.Kind) string {
	if kind != cybercoop.KindActivity {
		return fmt.Sprintf("MATCH (%[1]s:Party {key: $%[2]s})\nWITH *, null AS %[1]sAct, null AS %[1]sHop\n", p, param)
	}
	var kindOf strings.Builder
	kindOf.WriteString("CASE")
	for _, k := range cybercoop.Kinds {
		fmt.Fprintf(&kindOf, " WHEN x:%s THEN '%s'", k, k)
	}
	kindOf.WriteString(" END")
	return fmt.Sprintf(`CALL () {
  MATCH (act:Activity {id: $%[2]s})-[r]->(x)
  WITH act, x, collect(r) AS rels
  WITH act, x, %[4]s AS hop
  MATCH (party:Party {key: $projection + '|' + %[3]s + ':' + x.id})
  RETURN party AS %[1]s, act AS %[1]sAct, hop AS %[1]sHop
}
`, p, param, kindOf.String(), bestSourced("rels"))
}

// routesOnMap turns the map paths found (ns, rs: their parties and relationships, between the hops of activity
// ends) into the graph's routes they stand for, as distinctRoutes does for paths in the graph: each meeting on a
// path is one of its activities, the best-sourced routes first, and each route is read back from the graph by
// element ids, its entities and relationships as sel says. The routes through a path's meetings are its choices of
// one activity per meeting; of those, only the ones that up to limit others of the same path do not beat on every
// meeting can be among the best limit routes, so only those are counted. A route passes through an activity once
// (an activity end included). A path of maxHops hops has at most maxHops/2 meetings.
func routesOnMap(sel Selection, maxHops int) string {
	meetings := maxHops / 2
	var choose strings.Builder
	var choices, product []string
	for k := range meetings {
		fmt.Fprintf(&choose, "UNWIND CASE WHEN size(ms) > %[1]d THEN range(0, size(ns[ms[%[1]d]].activities) - 1) ELSE [0] END AS c%[1]d\n", k)
		choices, product = append(choices, fmt.Sprintf("c%d", k)), append(product, fmt.Sprintf("(c%d + 1)", k))
	}
	if meetings == 0 {
		product = []string{"1"}
	}
	props := "properties(rels[i])"
	if sel.BareRelationships {
		props = "null"
	}
	// meetingBefore(i) is the index in ms of the meeting at or before position i of ns.
	const meetingBefore = "size([m IN ms WHERE m < %s])"
	return `
WITH ns, rs, sAct, sHop, tAct, tHop, [i IN range(0, size(ns) - 1) WHERE ns[i].kind = '` + meetingKind + `'] AS ms,
     reduce(e = 0, r IN rs | e + coalesce(r.evidence, 0)) + size(coalesce(sHop.sources, [])) + size(coalesce(tHop.sources, [])) AS linked,
     [a IN [sAct, tAct] WHERE a IS NOT NULL | elementId(a)] AS endActivities
` + choose.String() + `WITH ns, rs, sAct, sHop, tAct, tHop, ms, linked, endActivities, [` + strings.Join(choices, ", ") + `][..size(ms)] AS choice
WHERE ` + strings.Join(product, " * ") + ` <= $limit
WITH ns, rs, sAct, sHop, tAct, tHop, ms, choice, endActivities, [k IN range(0, size(ms) - 1) | ns[ms[k]].activities[choice[k]]] AS activities,
     linked + reduce(e = 0, k IN range(0, size(ms) - 1) | e + ns[ms[k]].evidence[choice[k]]) AS evidence
WHERE all(k IN range(0, size(activities) - 1) WHERE NOT activities[k] IN activities[k + 1..] + endActivities)
WITH ns, rs, sAct, sHop, tAct, tHop, ms, choice, evidence, [n IN ns | n.key] AS route
ORDER BY evidence DESC, route, choice
LIMIT $limit
WITH evidence, route, choice,
     [a IN [sAct] WHERE a IS NOT NULL | elementId(a)] +
     [i IN range(0, size(ns) - 1) | CASE WHEN i IN ms THEN ns[i].activities[choice[` + fmt.Sprintf(meetingBefore, "i") + `]] ELSE ns[i].eid END] +
     [a IN [tAct] WHERE a IS NOT NULL | elementId(a)] AS nodeIds,
     [h IN [sHop] WHERE h IS NOT NULL | elementId(h)] +
     [j IN range(0, size(rs) - 1) | CASE WHEN type(rs[j]) = 'LINK' THEN rs[j].rel
       WHEN j IN ms THEN rs[j].rels[choice[` + fmt.Sprintf(meetingBefore, "j") + `]]
       ELSE rs[j].rels[choice[` + fmt.Sprintf(meetingBefore, "j + 1") + `]] END] +
     [h IN [tHop] WHERE h IS NOT NULL | elementId(h)] AS relIds
CALL (nodeIds) {
  UNWIND range(0, size(nodeIds) - 1) AS i
  MATCH (n) WHERE elementId(n) = nodeIds[i]
  WITH i, n ORDER BY i
  RETURN collect(n) AS nodes
}
CALL (relIds) {
  UNWIND range(0, size(relIds) - 1) AS j
  MATCH ()-[r]->() WHERE elementId(r) = relIds[j]
  WITH j, r ORDER BY j
  RETURN collect(r) AS rels
}
RETURN [n IN nodes | ` + withLabelsAnd("n", sel.Properties, "") + `] AS nodes,
       [i IN range(0, size(rels) - 1) | {type: type(rels[i]), out: startNode(rels[i]) = nodes[i], props: ` + props + `}] AS hops
ORDER BY evidence DESC, route, choice`
}
