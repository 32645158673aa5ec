package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cybercoop/cybercoop"
)

// Counts returns how many nodes of each label and relationships of each type the current data holds (the pinned
// data for a context made by Pin).
func (s *Store) Counts(ctx context.Context) (cybercoop.Counts, error) {
	if _, ok := ctx.Value(pinKey{}).(pin); !ok {
		p, err := s.readVersion(ctx)
		if err != nil {
			return cybercoop.Counts{}, err
		}
		ctx = withPin(ctx, p)
	}
	return graphCounts(ctx, s.read)
}

// graphCounts counts the nodes per label and relationships per type of the context's slot, through run (s.read or
// s.write); a label or type the slot does not hold is left out.
func graphCounts(ctx context.Context, run func(context.Context, string, string, map[string]any) (*neo4j.EagerResult, error)) (cybercoop.Counts, error) {
	const countNodes = `
UNWIND $labels AS label
CALL (label) { MATCH (node:$(label)) RETURN count(node) AS n }
WITH label, n WHERE n > 0
RETURN label AS key, n`
	const countRelationships = `
MATCH (a)-[r]->() WHERE any(label IN labels(a) WHERE label IN $labels)
RETURN type(r) AS key, count(r) AS n`
	counts := cybercoop.Counts{Nodes: map[string]int{}, Relationships: map[string]int{}}
	params := map[string]any{"labels": labelsParam(graphLabels)}
	res, err := run(ctx, "count_nodes", countNodes, params)
	if err != nil {
		return counts, fmt.Errorf("count the graph: %w", err)
	}
	for _, rec := range res.Records {
		key, _ := rec.Get("key")
		n, _ := rec.Get("n")
		counts.Nodes[kindOfLabel(key.(string))] = int(n.(int64))
	}
	if res, err = run(ctx, "count_relationships", countRelationships, params); err != nil {
		return counts, fmt.Errorf("count the graph: %w", err)
	}
	for _, rec := range res.Records {
		key, _ := rec.Get("key")
		n, _ := rec.Get("n")
		counts.Relationships[key.(string)] = int(n.(int64))
	}
	return counts, nil
}

// Keys is what a graph holds by identity, rather than by count: the ids of its nodes per label and the ends of its
// relationships per kind, as a load's shrink check compares them with the dataset it is about to load
// (LoadOptions.Check). A relationship's ends are its start and end node ids; several relationships of a kind may
// join the same two nodes.
type Keys struct {
	Nodes         map[string][]string
	Relationships map[RelationshipKind][]Ends
	// LastIDs holds, per label, the id of the node the dataset listed last (the last record of a seed file), as the
	// load that wrote the graph kept it; a label is missing for graphs written before loads kept it.
	LastIDs map[string]string
}

// RelationshipKind is a relationship type with the labels of its start and end nodes: PART_OF from an Activity to
// a Project is another kind than PART_OF from an Organization to an Organization.
type RelationshipKind struct{ From, Type, To string }

// Ends are the ids of a relationship's start and end nodes.
type Ends struct{ From, To string }

// KeysOf returns the keys of a dataset, its last node of each label as LastIDs.
func KeysOf(data cybercoop.Dataset) Keys {
	keys := Keys{Nodes: map[string][]string{}, Relationships: map[RelationshipKind][]Ends{}, LastIDs: lastIDs(data)}
	for _, n := range data.Nodes {
		keys.Nodes[n.Label] = append(keys.Nodes[n.Label], n.ID)
	}
	for _, r := range data.Relationships {
		kind := RelationshipKind{r.FromLabel, r.Type, r.ToLabel}
		keys.Relationships[kind] = append(keys.Relationships[kind], Ends{r.FromID, r.ToID})
	}
	return keys
}

// Counts returns how many nodes of each label and relationships of each type the keys hold.
func (k Keys) Counts() cybercoop.Counts {
	c := cybercoop.Counts{Nodes: map[string]int{}, Relationships: map[string]int{}}
	for label, ids := range k.Nodes {
		c.Nodes[label] += len(ids)
	}
	for kind, ends := range k.Relationships {
		c.Relationships[kind.Type] += len(ends)
	}
	return c
}

// lastIDs returns the id of the last node of each label of data.
func lastIDs(data cybercoop.Dataset) map[string]string {
	last := map[string]string{}
	for _, n := range data.Nodes {
		last[n.Label] = n.ID
	}
	return last
}

// graphKeys reads the keys of the context's slot through run (s.read or s.write), and the last ids the data
// version keeps for it; a label or kind the slot does not hold is left out.
func graphKeys(ctx context.Context, run func(context.Context, string, string, map[string]any) (*neo4j.EagerResult, error)) (Keys, error) {
	const nodeIDs = `
UNWIND $labels AS label
CALL (label) { MATCH (node:$(label)) RETURN collect(node.id) AS ids }
WITH label, ids WHERE size(ids) > 0
RETURN label, ids`
	const relationshipEnds = `
UNWIND $labels AS label
CALL (label) {
  MATCH (a:$(label))-[r]->(b)
  RETURN type(r) AS type, [l IN labels(b) WHERE l IN $labels][0] AS to, collect([a.id, b.id]) AS ends
}
RETURN label AS from, type, to, ends`
	const lastIDsQuery = `MATCH (v:DataVersion {id: 'current'}) RETURN coalesce(v.lastIds, []) AS last`
	keys := Keys{Nodes: map[string][]string{}, Relationships: map[RelationshipKind][]Ends{}, LastIDs: map[string]string{}}
	params := map[string]any{"labels": labelsParam(graphLabels)}
	res, err := run(ctx, "node_ids", nodeIDs, params)
	if err != nil {
		return keys, fmt.Errorf("read the graph's ids: %w", err)
	}
	for _, rec := range res.Records {
		label, _ := rec.Get("label")
		ids, _ := rec.Get("ids")
		for _, id := range ids.([]any) {
			keys.Nodes[kindOfLabel(label.(string))] = append(keys.Nodes[kindOfLabel(label.(string))], id.(string))
		}
	}
	if res, err = run(ctx, "relationship_ends", relationshipEnds, params); err != nil {
		return keys, fmt.Errorf("read the graph's relationships: %w", err)
	}
	for _, rec := range res.Records {
		m := rec.AsMap()
		to, _ := m["to"].(string)
		kind := RelationshipKind{From: kindOfLabel(m["from"].(string)), Type: m["type"].(string), To: kindOfLabel(to)}
		for _, pair := range m["ends"].([]any) {
			ends := pair.([]any)
			from, _ := ends[0].(string)
			to, _ := ends[1].(string)
			keys.Relationships[kind] = append(keys.Relationships[kind], Ends{from, to})
		}
	}
	if res, err = run(ctx, "last_ids", lastIDsQuery, nil); err != nil {
		return keys, fmt.Errorf("read the graph's last ids: %w", err)
	}
	for _, rec := range res.Records {
		last, _ := rec.Get("last")
		for _, v := range last.([]any) {
			if label, id, ok := strings.Cut(v.(string), ":"); ok {
				keys.LastIDs[label] = id
			}
		}
	}
	return keys, nil
}
