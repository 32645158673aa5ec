package store

import (
	"context"
	"fmt"

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

// pathRows turns a path variable p into nodes and hops, each hop saying whether it points forward.
const pathRows = `
RETURN [n IN nodes(p) | n {.*, labels: labels(n)}] AS nodes,
       [i IN range(0, length(p) - 1) | {type: type(relationships(p)[i]),
         out: startNode(relationships(p)[i]) = nodes(p)[i], props: properties(relationships(p)[i])}] AS hops`

// Paths returns up to limit paths between two entities, the shortest first, then longer ones up to maxHops.
// Paths do not pass through the same node twice. Unknown entities are ENOTFOUND errors.
func (s *Store) Paths(ctx context.Context, from, to cybercoop.Ref, maxHops, limit int) ([]Path, error) {
	if maxHops < 1 || maxHops > MaxHops {
		return nil, cybercoop.Errorf(cybercoop.EINVALID, "maxHops %d: want 1 to %d", maxHops, MaxHops)
	}
	if _, err := s.requireEntities(ctx, from, to); err != nil {
		return nil, err
	}
	params := map[string]any{"from": from.ID, "to": to.ID, "limit": limit}
	// The hop bound is a validated integer: Cypher takes no parameter there.
	shortest := fmt.Sprintf(`
MATCH (a:%s {id: $from}), (b:%s {id: $to})
MATCH p = allShortestPaths((a)-[*..%d]-(b))
WITH p LIMIT $limit %s`, from.Kind, to.Kind, maxHops, pathRows)
	paths, err := s.paths(ctx, shortest, params)
	if err != nil || len(paths) == 0 || len(paths) >= limit {
		return paths, err
	}
	// Alternatives: simple paths one or more hops longer than the shortest, up to maxHops.
	for length := len(paths[0]) + 1; length <= maxHops && len(paths) < limit; length++ {
		params["limit"] = limit - len(paths)
		longer := fmt.Sprintf(`
MATCH (a:%s {id: $from}), (b:%s {id: $to})
MATCH p = (a)-[*%d]-(b)
WHERE all(i IN range(0, size(nodes(p)) - 2) WHERE all(j IN range(i + 1, size(nodes(p)) - 1) WHERE nodes(p)[i] <> nodes(p)[j]))
WITH p LIMIT $limit %s`, from.Kind, to.Kind, length, pathRows)
		more, err := s.paths(ctx, longer, params)
		if err != nil {
			return paths, err
		}
		paths = append(paths, more...)
	}
	return paths, nil
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

// Neighborhood returns the entities within depth hops of ref (itself first), at most limit of them, and every
// relationship among them.
func (s *Store) Neighborhood(ctx context.Context, ref cybercoop.Ref, depth, limit int) (Subgraph, error) {
	if depth < 1 || depth > 3 {
		return Subgraph{}, cybercoop.Errorf(cybercoop.EINVALID, "depth %d: want 1 to 3", depth)
	}
	if _, err := s.Entity(ctx, ref); err != nil {
		return Subgraph{}, err
	}
	query := fmt.Sprintf(`
MATCH (c:%s {id: $id})
CALL (c) {
  MATCH (c)-[*1..%d]-(m) WHERE m <> c
  WITH DISTINCT m LIMIT $fetch
  RETURN collect(m) AS around
}
WITH [c] + around AS ns
UNWIND ns AS n
OPTIONAL MATCH (n)-[r]->(o) WHERE o IN ns
RETURN [k IN ns[0..$limit] | k {.*, labels: labels(k)}] AS kept, size(ns) > $limit AS truncated,
       collect(CASE WHEN r IS NULL THEN null ELSE {from: n {.id, labels: labels(n)}, to: o {.id, labels: labels(o)},
         type: type(r), props: properties(r)} END) AS edges`, ref.Kind, depth)
	res, err := s.read(ctx, "neighborhood", query, map[string]any{"id": ref.ID, "fetch": limit, "limit": limit})
	if err != nil {
		return Subgraph{}, wrap(err, "neighborhood of %s", ref)
	}
	if len(res.Records) == 0 {
		return Subgraph{}, nil
	}
	rec := res.Records[0]
	kept, _ := rec.Get("kept")
	truncated, _ := rec.Get("truncated")
	edges, _ := rec.Get("edges")
	out := Subgraph{Truncated: truncated.(bool)}
	inside := map[cybercoop.Ref]bool{}
	for _, v := range kept.([]any) {
		e := decodeNode(v)
		out.Nodes = append(out.Nodes, e)
		inside[e.Ref()] = true
	}
	for _, v := range edges.([]any) {
		m := v.(map[string]any)
		from, to := refOf(m["from"]), refOf(m["to"])
		if !inside[from] || !inside[to] {
			continue
		}
		p, _ := m["props"].(map[string]any)
		out.Edges = append(out.Edges, Edge{From: from, To: to, Type: m["type"].(string), Sources: props(p).sources()})
	}
	return out, nil
}

func refOf(v any) cybercoop.Ref {
	m := v.(map[string]any)
	labels, _ := m["labels"].([]any)
	id, _ := m["id"].(string)
	return cybercoop.Ref{Kind: cybercoop.Kind(entityLabel(labels)), ID: id}
}
