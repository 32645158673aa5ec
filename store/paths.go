package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/cybercoop/cybercoop"
)

// Hop is one step of a path: from an entity to the next over one relationship, with its direction and facts.
type Hop struct {
	From, To  cybercoop.Entity
	Type      string
	Direction string // OUT when the relationship points from From to To
	Props     map[string]any
	Sources   []cybercoop.SourceRef
}

// Path is a chain of hops between two entities.
type Path []Hop

// MaxHops bounds path and neighbourhood searches: beyond it the number of paths explodes.
const MaxHops = 6

// routeScan bounds how many paths of one length are read to find distinct routes among them: parallel
// relationships (a project both funded and implemented by one organisation) multiply the paths of one route.
const routeScan = 400

// distinctRoutes keeps, of the paths p found, one per route (sequence of entities): the one whose relationships
// cite the most sources, ranks the routes by that evidence, and returns each as its nodes (read as sel says) and
// hops (each saying whether it points forward, with the relationship's properties unless sel leaves them out).
func distinctRoutes(sel Selection) string {
	props := "properties(relationships(p)[i])"
	if sel.BareRelationships {
		props = "null"
	}
	return `
WITH p LIMIT $scan
WITH p, [n IN nodes(p) | elementId(n)] AS route,
     reduce(cited = 0, r IN relationships(p) | cited + size(coalesce(r.sources, []))) AS evidence
ORDER BY evidence DESC
WITH route, collect(p)[0] AS p, max(evidence) AS evidence
ORDER BY evidence DESC, route
LIMIT $limit
RETURN [n IN nodes(p) | ` + withLabelsAnd("n", sel.Properties, "") + `] AS nodes,
       [i IN range(0, length(p) - 1) | {type: type(relationships(p)[i]),
         out: startNode(relationships(p)[i]) = nodes(p)[i], props: ` + props + `}] AS hops`
}

// Period bounds the activities a route may pass through: those ending on or after From and starting on or before
// To (ISO days; empty is open).
type Period struct{ From, To string }

func (p Period) open() bool { return p.From == "" && p.To == "" }

// Paths returns up to limit distinct routes between two entities: the shortest first, then longer ones up to
// maxHops, and among routes of one length those with the most cited evidence first. A route is a sequence of
// entities; where parallel relationships join two of its entities, the best-sourced one is shown. Paths do not
// pass through the same entity twice. Unknown entities are ENOTFOUND errors; the same entity at both ends is an
// EINVALID one (Neo4j's shortest-path search refuses it). Entities and relationships are read as sel says.
// The routes are found on the route map (routes.go), whatever the hubs between the ends; in the graph itself only
// on a database whose derived data predates the map. With a period, only activities within it may be on a route; the
// map folds activities away with no dates, so such a search walks the graph.
func (s *Store) Paths(ctx context.Context, from, to cybercoop.Ref, maxHops, limit int, during Period, sel Selection) ([]Path, error) {
	p, err := s.pinOf(ctx)
	if err != nil {
		return nil, err
	}
	if !during.open() {
		return s.findPaths(withPin(ctx, p), from, to, maxHops, limit, during, sel, "")
	}
	return s.findPaths(withPin(ctx, p), from, to, maxHops, limit, during, sel, routeMapOf(p))
}

// routeMapOf is the token of the route map of the data version p, or "" when its derived data predates the map.
func routeMapOf(p pin) string {
	if strings.HasPrefix(p.projection, derivedFormat) {
		return p.projection
	}
	return ""
}

// findPaths finds the routes on the route map of the token routeMap, or in the graph when it is "".
func (s *Store) findPaths(ctx context.Context, from, to cybercoop.Ref, maxHops, limit int, during Period, sel Selection, routeMap string) ([]Path, error) {
	if maxHops < 1 || maxHops > MaxHops {
		return nil, cybercoop.Errorf(cybercoop.EINVALID, "maxHops %d: want 1 to %d", maxHops, MaxHops)
	}
	if from == to {
		return nil, cybercoop.Errorf(cybercoop.EINVALID, "from and to are both %s: a path joins two different entities", from)
	}
	if during.From != "" && during.To != "" && during.From > during.To {
		return nil, cybercoop.Errorf(cybercoop.EINVALID, "the period from %s to %s ends before it starts", during.From, during.To)
	}
	params := map[string]any{"from": from.ID, "to": to.ID, "limit": limit, "scan": routeScan,
		"since": nilIfEmpty(during.From), "until": nilIfEmpty(during.To)}
	query := graphPathsQuery(from.Kind, to.Kind, maxHops, !during.open(), sel)
	if routeMap != "" {
		params["projection"] = routeMap
		// An entity is found by its party's key, an activity by its id.
		if from.Kind != cybercoop.KindActivity {
			params["from"] = routeMap + "|" + keyOf(string(from.Kind), from.ID)
		}
		if to.Kind != cybercoop.KindActivity {
			params["to"] = routeMap + "|" + keyOf(string(to.Kind), to.ID)
		}
		query = mapPathsQuery(from.Kind, to.Kind, maxHops, sel)
	}
	paths, err := s.paths(ctx, query(0), params)
	if err == nil && len(paths) == 0 {
		// No path, or no such entity: only then is it worth a statement to tell which.
		_, err = s.requireEntities(ctx, from, to)
	}
	if err != nil || len(paths) == 0 || len(paths) >= limit {
		return paths, err
	}
	// Alternatives: simple paths one or more hops longer than the shortest, up to maxHops.
	for length := len(paths[0]) + 1; length <= maxHops && len(paths) < limit; length++ {
		params["limit"] = limit - len(paths)
		more, err := s.paths(ctx, query(length), params)
		if err != nil {
			return paths, err
		}
		paths = append(paths, more...)
	}
	return paths, nil
}

// simplePath keeps the paths p that pass through no node twice.
const simplePath = "all(i IN range(0, size(nodes(p)) - 2) WHERE all(j IN range(i + 1, size(nodes(p)) - 1) WHERE nodes(p)[i] <> nodes(p)[j]))"

// withinPeriod keeps the paths p whose activities all overlap $since..$until; Neo4j checks it while it searches.
const withinPeriod = "all(n IN nodes(p) WHERE NOT n:Activity OR (($since IS NULL OR n.endDay >= $since) AND ($until IS NULL OR n.startDay <= $until)))"

// graphPathsQuery returns the statement that finds routes in the graph itself: the shortest for length 0, else
// simple paths of that length, through activities of the period only when dated. Kinds and lengths are validated:
// labels and bounds take no parameters.
func graphPathsQuery(from, to cybercoop.Kind, maxHops int, dated bool, sel Selection) func(length int) string {
	return func(length int) string {
		search := fmt.Sprintf("MATCH p = allShortestPaths((a)-[*..%d]-(b))", maxHops)
		if dated {
			search += "\nWHERE " + withinPeriod
		}
		if length > 0 {
			search = fmt.Sprintf("MATCH p = (a)-[*%d]-(b)\nWHERE %s", length, simplePath)
			if dated {
				search += " AND " + withinPeriod
			}
		}
		return fmt.Sprintf("MATCH (a:%s {id: $from}), (b:%s {id: $to})\n%s%s", from, to, search, distinctRoutes(sel))
	}
}

func (s *Store) paths(ctx context.Context, query string, params map[string]any) ([]Path, error) {
	res, err := s.read(ctx, "paths", query, params)
	if err != nil {
		return nil, wrap(err, "find paths")
	}
	var out []Path
	for _, rec := range res.Records {
		nodesValue, _ := rec.Get("nodes")
		hopsValue, _ := rec.Get("hops")
		nodes := nodesValue.([]any)
		var path Path
		for i, h := range hopsValue.([]any) {
			m := h.(map[string]any)
			p, _ := m["props"].(map[string]any)
			hop := Hop{From: decodeNode(nodes[i]), To: decodeNode(nodes[i+1]), Type: m["type"].(string),
				Direction: "IN", Props: p, Sources: props(p).sources()}
			if out, _ := m["out"].(bool); out {
				hop.Direction = "OUT"
			}
			path = append(path, hop)
		}
		out = append(out, path)
	}
	return out, nil
}

// Edge is a relationship of a subgraph, between two entities given by ref.
type Edge struct {
	From, To cybercoop.Ref
	Type     string
	Sources  []cybercoop.SourceRef
}

// Subgraph is what Neighborhood returns: entities and the relationships among them.
type Subgraph struct {
	Nodes     []cybercoop.Entity
	Edges     []Edge
	Truncated bool
}

// Neighborhood returns the entities within depth hops of ref (itself first, then those one hop away, then two),
// at most limit of them, and every relationship among them, read as sel says.
func (s *Store) Neighborhood(ctx context.Context, ref cybercoop.Ref, depth, limit int, sel Selection) (Subgraph, error) {
	if depth < 1 || depth > 3 {
		return Subgraph{}, cybercoop.Errorf(cybercoop.EINVALID, "depth %d: want 1 to 3", depth)
	}
	if limit < 1 {
		return Subgraph{}, cybercoop.Errorf(cybercoop.EINVALID, "limit %d: want 1 or more", limit)
	}
	// The depth is a validated integer: the query repeats one breadth-first level per hop.
	query := neighborhoodQuery(ref.Kind, depth, sel)
	res, err := s.read(ctx, "neighborhood", query, map[string]any{"id": ref.ID, "limit": limit})
	if err != nil {
		return Subgraph{}, wrap(err, "neighborhood of %s", ref)
	}
	if len(res.Records) == 0 { // no such entity: Entity says so
		_, err := s.Entity(ctx, ref)
		return Subgraph{}, err
	}
	rec := res.Records[0]
	kept, _ := rec.Get("kept")
	truncated, _ := rec.Get("truncated")
	edges, _ := rec.Get("edges")
	out := Subgraph{Truncated: truncated.(bool)}
	for _, v := range kept.([]any) {
		out.Nodes = append(out.Nodes, decodeNode(v))
	}
	for _, v := range edges.([]any) {
		e := v.([]any) // [index of the start in kept, end id, end labels, type, sources?]
		labels, _ := e[2].([]any)
		edge := Edge{From: out.Nodes[e[0].(int64)].Ref(), To: cybercoop.Ref{Kind: cybercoop.Kind(entityLabel(labels)), ID: e[1].(string)},
			Type: e[3].(string)}
		if len(e) > 4 {
			list, _ := e[4].([]any)
			edge.Sources = decodeSources(list)
		}
		out.Edges = append(out.Edges, edge)
	}
	return out, nil
}

// neighborhoodQuery gathers the nodes breadth first, one neighborhoodLevel per hop, then the relationships among
// them. Each level expands only the distinct nodes the previous one kept, so the work grows with the relationships
// of at most limit nodes; a variable-length pattern would walk every path instead (3.3 s for CoE at depth 3). Each
// relationship comes as a short list that names its start by position in the nodes: a fifth less of Neo4j's CPU
// than a map per relationship with both ends in full. The kind and depth are validated: labels and repetitions take
// no parameters.
func neighborhoodQuery(kind cybercoop.Kind, depth int, sel Selection) string {
	sources := ", r.sources"
	if sel.BareRelationships {
		sources = ""
	}
	return `
MATCH (c:` + string(kind) + ` {id: $id})
WITH [c] AS ns, [c] AS frontier, false AS truncated
` + strings.Repeat(neighborhoodLevel, depth) + `
CALL (ns) {
  UNWIND range(0, size(ns) - 1) AS i
  WITH ns, i, ns[i] AS n
  MATCH (n)-[r]->(o) WHERE o IN ns
  RETURN collect([i, o.id, labels(o), type(r)` + sources + `]) AS edges
}
RETURN [k IN ns | ` + withLabelsAnd("k", sel.Properties, "") + `] AS kept, truncated, edges`
}

// neighborhoodLevel adds the nodes one hop from the frontier, as many as fit under $limit. It stops looking once
// it has one more than could fit (enough to know the drawing is truncated), so a hub's thousands of neighbours are
// not all walked.
const neighborhoodLevel = `
CALL (ns, frontier) {
  UNWIND frontier AS f
  MATCH (f)--(m)
  WITH DISTINCT m WHERE NOT m IN ns
  WITH m LIMIT $limit + 1
  RETURN collect(m) AS found
}
WITH ns, found[..$limit - size(ns)] AS next, truncated OR size(found) > $limit - size(ns) AS truncated
WITH ns + next AS ns, next AS frontier, truncated
`
