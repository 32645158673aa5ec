package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/cybercoop/cybercoop"
)

// writeDataset writes data into the context's slot, which is empty: the nodes, then the relationships, each batch
// in a transaction of its own, which must write every row of it.
func (s *Store) writeDataset(ctx context.Context, data cybercoop.Dataset, size int, l *lease, progress func(int, int), report *LoadReport) error {
	rows, total := 0, len(data.Nodes)+len(data.Relationships)
	done := func(batch int) {
		if rows += batch; progress != nil {
			progress(rows, total)
		}
	}
	for label, nodes := range nodeRows(data.Nodes) {
		query := fmt.Sprintf("UNWIND $rows AS row CREATE (x:%s) SET x = row.props RETURN count(x) AS written", label)
		for batch := range batches(nodes, size) {
			written, res, err := l.write(ctx, "write_nodes", query, map[string]any{"rows": batch})
			if err != nil {
				return fmt.Errorf("write %s nodes: %w", label, err)
			}
			if written != len(batch) {
				return fmt.Errorf("write %s nodes: %d of %d written", label, written, len(batch))
			}
			count(res.Summary, report)
			done(len(batch))
		}
	}
	for key, rels := range relationshipRows(data.Relationships) {
		// A relationship whose end is missing would be silently skipped by MATCH; count what was written instead.
		query := fmt.Sprintf(`
UNWIND $rows AS row
MATCH (a:%s {id: row.from})
MATCH (b:%s {id: row.to})
CREATE (a)-[r:%s]->(b) SET r = row.props
RETURN count(r) AS written`, key.from, key.to, key.kind)
		for batch := range batches(rels, size) {
			written, res, err := l.write(ctx, "write_relationships", query, map[string]any{"rows": batch})
			if err != nil {
				return fmt.Errorf("write %s relationships: %w", key.kind, err)
			}
			if written != len(batch) {
				return fmt.Errorf("write %s relationships from %s to %s: %d of %d found both ends",
					key.kind, key.from, key.to, written, len(batch))
			}
			count(res.Summary, report)
			done(len(batch))
		}
	}
	return nil
}

// checkDataset refuses labels and relationship types the store does not know, before anything is written.
func checkDataset(data cybercoop.Dataset) error {
	known := map[string]bool{}
	for _, label := range graphLabels {
		known[label] = true
	}
	for _, n := range data.Nodes {
		if !known[n.Label] {
			return cybercoop.Errorf(cybercoop.EINVALID, "node %q has unknown label %q", n.ID, n.Label)
		}
	}
	for _, r := range data.Relationships {
		if !known[r.FromLabel] || !known[r.ToLabel] || !relationshipType.MatchString(r.Type) {
			return cybercoop.Errorf(cybercoop.EINVALID, "relationship %s from %s %q to %s %q is not a known kind",
				r.Type, r.FromLabel, r.FromID, r.ToLabel, r.ToID)
		}
	}
	return nil
}

// nodeRows groups nodes by label, each row carrying every property to set: the node's own, its id and its sources.
func nodeRows(nodes []cybercoop.Node) map[string][]map[string]any {
	rows := map[string][]map[string]any{}
	for _, n := range nodes {
		props := make(map[string]any, len(n.Props)+3)
		for k, v := range n.Props {
			props[k] = v
		}
		props["id"] = n.ID
		if len(n.Sources) > 0 {
			props["sources"] = encodeSources(n.Sources)
		}
		rows[n.Label] = append(rows[n.Label], map[string]any{"id": n.ID, "props": props})
	}
	return rows
}

type relationshipKind struct{ from, kind, to string }

// relationshipRows groups relationships by type and end labels, as each group is one statement.
func relationshipRows(rels []cybercoop.Relationship) map[relationshipKind][]map[string]any {
	rows := map[relationshipKind][]map[string]any{}
	for _, r := range rels {
		props := make(map[string]any, len(r.Props)+1)
		for k, v := range r.Props {
			props[k] = v
		}
		if len(r.Sources) > 0 {
			props["sources"] = encodeSources(r.Sources)
		}
		k := relationshipKind{r.FromLabel, r.Type, r.ToLabel}
		rows[k] = append(rows[k], map[string]any{"from": r.FromID, "to": r.ToID, "props": props})
	}
	return rows
}

// batches yields rows in slices of at most size.
func batches(rows []map[string]any, size int) func(func([]map[string]any) bool) {
	return func(yield func([]map[string]any) bool) {
		for start := 0; start < len(rows); start += size {
			if !yield(rows[start:min(start+size, len(rows))]) {
				return
			}
		}
	}
}

// sourceSeparator joins a source id and a locator in the stored `sources` list property: Neo4j properties cannot
// hold maps, and "doc#place" reads like a link to a place in a document.
const sourceSeparator = "#"

func encodeSources(refs []cybercoop.SourceRef) []string {
	out := make([]string, len(refs))
	for i, ref := range refs {
		out[i] = ref.SourceID + sourceSeparator + ref.Locator
	}
	return out
}

func decodeSources(values []any) []cybercoop.SourceRef {
	out := make([]cybercoop.SourceRef, 0, len(values))
	for _, v := range values {
		s, _ := v.(string)
		id, locator, _ := strings.Cut(s, sourceSeparator)
		out = append(out, cybercoop.SourceRef{SourceID: id, Locator: locator})
	}
	return out
}
